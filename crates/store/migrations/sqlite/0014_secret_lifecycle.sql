-- The life of a classified item after it is registered (DOMAIN §6): copies and extracts made on
-- an approval and entered in the copy register, holds that keep an item while a case or an
-- inspection needs it, and destruction by a council's decision (or the holder's urgent one,
-- reported to the head). Each staged record keeps its history as the other workflows do.
ALTER TABLE secret_items ADD COLUMN copies_made INTEGER NOT NULL DEFAULT 0;
ALTER TABLE secret_items ADD COLUMN destroyed_on TEXT;
ALTER TABLE secret_items ADD COLUMN destruction_id INTEGER;

ALTER TABLE secret_entries ADD COLUMN copy_id INTEGER;
ALTER TABLE secret_entries ADD COLUMN copy_form TEXT;
ALTER TABLE secret_entries ADD COLUMN copy_numbers TEXT NOT NULL DEFAULT '';
ALTER TABLE secret_entries ADD COLUMN approved_by TEXT NOT NULL DEFAULT '';

CREATE TABLE secret_copies (
    id              INTEGER PRIMARY KEY,
    item_id         INTEGER NOT NULL REFERENCES secret_items(id),
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    form            TEXT    NOT NULL,
    requested_count INTEGER NOT NULL,
    purpose         TEXT    NOT NULL,
    counterpart     TEXT    NOT NULL DEFAULT '',
    requested_by    TEXT    NOT NULL,
    requested_on    TEXT    NOT NULL,
    stage           TEXT    NOT NULL,
    approver_name   TEXT,
    approver_title  TEXT,
    approved_count  INTEGER,
    decided_by      TEXT,
    decided_on      TEXT,
    decision_note   TEXT    NOT NULL DEFAULT '',
    made_count      INTEGER NOT NULL DEFAULT 0,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX secret_copies_item ON secret_copies(item_id);
CREATE INDEX secret_copies_org ON secret_copies(org_id, stage);

CREATE TABLE secret_copy_events (
    id         INTEGER PRIMARY KEY,
    copy_id    INTEGER NOT NULL REFERENCES secret_copies(id),
    at         TEXT    NOT NULL,
    on_date    TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    step       TEXT    NOT NULL,
    from_stage TEXT,
    to_stage   TEXT,
    detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX secret_copy_events_copy ON secret_copy_events(copy_id);

-- The written request and approval of a copy, when they are on paper.
CREATE TABLE secret_copy_files (
    id        INTEGER PRIMARY KEY,
    copy_id   INTEGER NOT NULL REFERENCES secret_copies(id),
    owner     TEXT    NOT NULL,
    file_name TEXT    NOT NULL,
    mime      TEXT    NOT NULL,
    size      INTEGER NOT NULL,
    digest    TEXT    NOT NULL,
    content   BLOB    NOT NULL,
    at        TEXT    NOT NULL,
    added_by  TEXT    NOT NULL
);
CREATE INDEX secret_copy_files_copy ON secret_copy_files(copy_id);

-- A hold keeps an item from destruction: named by a case (lifted when the case closes) or placed
-- by hand for an inspection (lifted by hand).
CREATE TABLE secret_holds (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES secret_items(id),
    case_id     INTEGER REFERENCES cases(id),
    reason      TEXT    NOT NULL,
    placed_by   TEXT    NOT NULL,
    placed_on   TEXT    NOT NULL,
    released_by TEXT,
    released_on TEXT
);
CREATE INDEX secret_holds_item ON secret_holds(item_id);

CREATE TABLE secret_destructions (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    -- 1: the holder destroyed at once (urgent path) and owes the head a written report.
    urgent           INTEGER NOT NULL DEFAULT 0,
    stage            TEXT    NOT NULL,
    council_decision TEXT    NOT NULL DEFAULT '',
    council_members  TEXT    NOT NULL DEFAULT '',
    reason           TEXT    NOT NULL,
    proposed_by      TEXT    NOT NULL,
    proposed_on      TEXT    NOT NULL,
    minutes_on       TEXT,
    minutes          TEXT    NOT NULL DEFAULT '',
    decision_number  TEXT    NOT NULL DEFAULT '',
    decision_on      TEXT,
    decision_signer  TEXT    NOT NULL DEFAULT '',
    destroyed_on     TEXT,
    method           TEXT    NOT NULL DEFAULT '',
    record           TEXT    NOT NULL DEFAULT '',
    report_on        TEXT,
    report           TEXT    NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX secret_destructions_org ON secret_destructions(org_id, stage);

CREATE TABLE secret_destruction_items (
    destruction_id INTEGER NOT NULL REFERENCES secret_destructions(id),
    item_id        INTEGER NOT NULL REFERENCES secret_items(id),
    PRIMARY KEY (destruction_id, item_id)
);
CREATE INDEX secret_destruction_items_item ON secret_destruction_items(item_id);

CREATE TABLE secret_destruction_events (
    id             INTEGER PRIMARY KEY,
    destruction_id INTEGER NOT NULL REFERENCES secret_destructions(id),
    at             TEXT    NOT NULL,
    on_date        TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    step           TEXT    NOT NULL,
    from_stage     TEXT,
    to_stage       TEXT,
    detail         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX secret_destruction_events_d ON secret_destruction_events(destruction_id);

-- The papers the law requires kept with a destruction: the council's decision, the minutes,
-- the destruction decision and record, the urgent report.
CREATE TABLE secret_destruction_files (
    id             INTEGER PRIMARY KEY,
    destruction_id INTEGER NOT NULL REFERENCES secret_destructions(id),
    owner          TEXT    NOT NULL,
    file_name      TEXT    NOT NULL,
    mime           TEXT    NOT NULL,
    size           INTEGER NOT NULL,
    digest         TEXT    NOT NULL,
    content        BLOB    NOT NULL,
    at             TEXT    NOT NULL,
    added_by       TEXT    NOT NULL
);
CREATE INDEX secret_destruction_files_d ON secret_destruction_files(destruction_id);

-- Taking an item out of its keeping place: asked, allowed by the head (a level above the keeping
-- unit for a trip abroad, with the trip it goes on), taken, due back, returned.
CREATE TABLE secret_takeouts (
    id             INTEGER PRIMARY KEY,
    item_id        INTEGER NOT NULL REFERENCES secret_items(id),
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    purpose        TEXT    NOT NULL,
    destination    TEXT    NOT NULL,
    abroad         INTEGER NOT NULL DEFAULT 0,
    trip_id        INTEGER REFERENCES trips(id),
    due_back       TEXT    NOT NULL,
    requested_by   TEXT    NOT NULL,
    requested_on   TEXT    NOT NULL,
    stage          TEXT    NOT NULL,
    approver_name  TEXT,
    approver_title TEXT,
    decided_by     TEXT,
    decided_on     TEXT,
    decision_note  TEXT    NOT NULL DEFAULT '',
    taken_by       TEXT,
    taken_on       TEXT,
    returned_on    TEXT,
    returned_by    TEXT,
    return_note    TEXT    NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX secret_takeouts_item ON secret_takeouts(item_id);
CREATE INDEX secret_takeouts_org ON secret_takeouts(org_id, stage, due_back);

CREATE TABLE secret_takeout_events (
    id         INTEGER PRIMARY KEY,
    takeout_id INTEGER NOT NULL REFERENCES secret_takeouts(id),
    at         TEXT    NOT NULL,
    on_date    TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    step       TEXT    NOT NULL,
    from_stage TEXT,
    to_stage   TEXT,
    detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX secret_takeout_events_t ON secret_takeout_events(takeout_id);

-- The written permission and the hand-over receipt, when they are on paper.
CREATE TABLE secret_takeout_files (
    id         INTEGER PRIMARY KEY,
    takeout_id INTEGER NOT NULL REFERENCES secret_takeouts(id),
    owner      TEXT    NOT NULL,
    file_name  TEXT    NOT NULL,
    mime       TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    digest     TEXT    NOT NULL,
    content    BLOB    NOT NULL,
    at         TEXT    NOT NULL,
    added_by   TEXT    NOT NULL
);
CREATE INDEX secret_takeout_files_t ON secret_takeout_files(takeout_id);

-- The protection period and the level after registration: extended, re-graded (the bodies
-- concerned are told within 15 days), declassified early by decision. An item whose period
-- ends without extension is declassified on that day without a row being written.
ALTER TABLE secret_items ADD COLUMN declassified_on TEXT;
ALTER TABLE secret_items ADD COLUMN declassified_basis TEXT;
ALTER TABLE secret_items ADD COLUMN notify_due TEXT;
ALTER TABLE secret_items ADD COLUMN notified_on TEXT;
CREATE INDEX secret_items_period ON secret_items(period_end);

CREATE TABLE secret_item_events (
    id         INTEGER PRIMARY KEY,
    item_id    INTEGER NOT NULL REFERENCES secret_items(id),
    at         TEXT    NOT NULL,
    on_date    TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    step       TEXT    NOT NULL,
    from_stage TEXT,
    to_stage   TEXT,
    detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX secret_item_events_item ON secret_item_events(item_id);

-- The electronic document itself, and the papers of its changes.
CREATE TABLE secret_item_files (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES secret_items(id),
    owner     TEXT    NOT NULL,
    file_name TEXT    NOT NULL,
    mime      TEXT    NOT NULL,
    size      INTEGER NOT NULL,
    digest    TEXT    NOT NULL,
    content   BLOB    NOT NULL,
    at        TEXT    NOT NULL,
    added_by  TEXT    NOT NULL
);
CREATE INDEX secret_item_files_item ON secret_item_files(item_id);

-- A classified item lost or disclosed, or an envelope that arrived opened: reported at once,
-- seen by the head of the keeping unit and by the level above, counted in the yearly report.
CREATE TABLE secret_incidents (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES orgs(id),
    kind           TEXT    NOT NULL,
    occurred_on    TEXT    NOT NULL,
    circumstances  TEXT    NOT NULL,
    measures       TEXT    NOT NULL,
    reported_by    TEXT    NOT NULL,
    reported_at    TEXT    NOT NULL,
    head_seen_by   TEXT,
    head_seen_at   TEXT,
    above_seen_by  TEXT,
    above_seen_at  TEXT,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX secret_incidents_org ON secret_incidents(org_id, occurred_on);

CREATE TABLE secret_incident_items (
    incident_id INTEGER NOT NULL REFERENCES secret_incidents(id),
    item_id     INTEGER NOT NULL REFERENCES secret_items(id),
    PRIMARY KEY (incident_id, item_id)
);

-- The yearly statistics count lines by the day they were entered and items by the day they left.
CREATE INDEX secret_entries_day ON secret_entries(entered_on);
CREATE INDEX secret_items_destroyed ON secret_items(destroyed_on) WHERE destroyed_on IS NOT NULL;

-- An incoming envelope marked "Chỉ người có tên mới được bóc bì": registered by what its outside
-- shows and forwarded unopened to the person named.
ALTER TABLE secret_items ADD COLUMN named_to TEXT;

-- Lines entered per organisation, day, book and level, kept by the write that adds or cancels a
-- line, so the yearly statistics of the whole nation add up days instead of reading every line.
CREATE TABLE secret_line_counts (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    day    TEXT    NOT NULL,
    kind   TEXT    NOT NULL,
    level  TEXT    NOT NULL,
    lines  INTEGER NOT NULL,
    copies INTEGER NOT NULL,
    PRIMARY KEY (org_id, day, kind, level)
);

-- A book's first and last days, for its cover, kept by the write that adds a line (a page of a
-- book of 200 000 lines must not read them all to print its cover).
ALTER TABLE secret_books ADD COLUMN first_on TEXT;
ALTER TABLE secret_books ADD COLUMN last_on TEXT;
CREATE INDEX secret_items_declassified ON secret_items(declassified_on) WHERE declassified_on IS NOT NULL;
