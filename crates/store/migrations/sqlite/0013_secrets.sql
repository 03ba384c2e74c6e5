-- State-secret documents (DOMAIN §6): the classified items a body holds, and its four register
-- books per year (outgoing, incoming, hand-over, copies). A book's serials are gapless: the next
-- number is taken from the book's own row inside the write that adds the line, and a cancelled
-- line keeps its number with the reason. A closed book takes no more lines.
CREATE TABLE secret_summary_rules (
    -- From this day on, whether a Tuyệt mật item's summary may be written: 'with_consent' or
    -- 'never'. Kept here so that the store refuses the summary whoever asks it to write one.
    effective_from TEXT PRIMARY KEY,
    tuyet_mat      TEXT NOT NULL
);
INSERT INTO secret_summary_rules (effective_from, tuyet_mat) VALUES ('2020-04-15', 'with_consent'), ('2026-03-01', 'never');

CREATE TABLE secret_books (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    kind        TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    book_number INTEGER NOT NULL DEFAULT 1,
    last_serial INTEGER NOT NULL DEFAULT 0,
    opened_at   TEXT    NOT NULL,
    closed_on   TEXT,
    closed_by   TEXT,
    UNIQUE (org_id, kind, year, book_number)
);

CREATE TABLE secret_items (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    origin          TEXT    NOT NULL,
    number_symbol   TEXT    NOT NULL,
    doc_date        TEXT    NOT NULL,
    issuer          TEXT    NOT NULL,
    doc_type        TEXT    NOT NULL,
    summary         TEXT,
    summary_consent INTEGER NOT NULL DEFAULT 0,
    level           TEXT    NOT NULL,
    classifier      TEXT    NOT NULL,
    signer          TEXT    NOT NULL DEFAULT '',
    period_years    INTEGER NOT NULL,
    period_end      TEXT    NOT NULL,
    period_reason   TEXT,
    copies_issued   INTEGER NOT NULL,
    created_by      TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX secret_items_org ON secret_items(org_id, doc_date);

CREATE TABLE secret_entries (
    id               INTEGER PRIMARY KEY,
    book_id          INTEGER NOT NULL REFERENCES secret_books(id),
    serial           INTEGER NOT NULL,
    item_id          INTEGER REFERENCES secret_items(id),
    entered_on       TEXT    NOT NULL,
    arrival_number   TEXT    NOT NULL DEFAULT '',
    counterpart      TEXT    NOT NULL DEFAULT '',
    receipt          TEXT    NOT NULL DEFAULT '',
    unit             TEXT    NOT NULL DEFAULT '',
    copies           INTEGER,
    note             TEXT    NOT NULL DEFAULT '',
    cancelled_reason TEXT,
    cancelled_by     TEXT,
    cancelled_on     TEXT,
    created_by       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    UNIQUE (book_id, serial)
);
CREATE INDEX secret_entries_item ON secret_entries(item_id);
