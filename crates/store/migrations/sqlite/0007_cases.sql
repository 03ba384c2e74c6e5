-- Vetting cases (DOMAIN §5.1–5.2): one row per case with the stage it waits in, and beside it
-- the verification requests, the notes of each step, the conclusions, the attachments, the
-- event history the case clocks are computed from, and the notices to whoever must act.
CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT    NOT NULL,
    person_id           INTEGER NOT NULL REFERENCES persons(id),
    org_id              INTEGER NOT NULL REFERENCES orgs(id),
    purpose             TEXT    NOT NULL,
    stage               TEXT    NOT NULL,
    stage_since         TEXT    NOT NULL,
    stage_due           TEXT,
    has_issue           INTEGER NOT NULL DEFAULT 0,
    pack_version        TEXT    NOT NULL,
    evaluation          TEXT    NOT NULL,
    declaration_version INTEGER NOT NULL,
    explanation_asked   INTEGER NOT NULL DEFAULT 0,
    explanation_due     TEXT,
    opened_on           TEXT    NOT NULL,
    opened_at           TEXT    NOT NULL,
    opened_by           TEXT    NOT NULL,
    closed_on           TEXT,
    outcome             TEXT,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_org ON cases(org_id, stage);
CREATE INDEX cases_person ON cases(person_id);
CREATE INDEX cases_open_due ON cases(stage_due) WHERE stage NOT IN ('closed', 'withdrawn');

CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    at          TEXT    NOT NULL,
    on_date     TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    step        TEXT    NOT NULL,
    from_stage  TEXT,
    to_stage    TEXT,
    stage_days  INTEGER,
    detail      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events(case_id, id);

CREATE TABLE case_requests (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    person_ref     TEXT    NOT NULL,
    person_label   TEXT    NOT NULL,
    place          TEXT    NOT NULL,
    body           TEXT    NOT NULL,
    channel        TEXT    NOT NULL,
    points         TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    reason         TEXT    NOT NULL DEFAULT '',
    number         TEXT,
    sent_on        TEXT,
    carrier_mode   TEXT,
    carrier_name   TEXT,
    carrier_person INTEGER,
    due_on         TEXT,
    answered_on    TEXT,
    answer_ref     TEXT,
    answer_signer  TEXT,
    answers        TEXT    NOT NULL DEFAULT '[]',
    created_by     TEXT    NOT NULL
);
CREATE INDEX case_requests_case ON case_requests(case_id);
CREATE INDEX case_requests_due ON case_requests(due_on) WHERE status = 'sent';

CREATE TABLE case_notes (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    kind        TEXT    NOT NULL,
    at          TEXT    NOT NULL,
    on_date     TEXT    NOT NULL,
    author      TEXT    NOT NULL,
    author_name TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    number      TEXT,
    outcome     TEXT
);
CREATE INDEX case_notes_case ON case_notes(case_id, id);

CREATE TABLE conclusions (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    category        TEXT    NOT NULL,
    category_title  TEXT    NOT NULL,
    ceiling         TEXT,
    ceiling_title   TEXT,
    grounds         TEXT    NOT NULL,
    findings        TEXT    NOT NULL,
    issuer_org      INTEGER NOT NULL REFERENCES orgs(id),
    number          TEXT    NOT NULL,
    signer          TEXT    NOT NULL,
    signer_name     TEXT    NOT NULL,
    signer_position TEXT    NOT NULL,
    signer_level    INTEGER NOT NULL,
    signed_on       TEXT    NOT NULL,
    pack_version    TEXT    NOT NULL,
    valid_until     TEXT,
    reviews         INTEGER REFERENCES conclusions(id),
    review_outcome  TEXT,
    recorded_at     TEXT    NOT NULL
);
CREATE INDEX conclusions_case ON conclusions(case_id, id);
CREATE INDEX conclusions_person ON conclusions(person_id, id);

-- Number registers: one running number per issuing organisation, kind of document and year.
CREATE TABLE doc_counters (
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    kind   TEXT    NOT NULL,
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (org_id, kind, year)
);

CREATE TABLE attachments (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    owner     TEXT    NOT NULL,
    file_name TEXT    NOT NULL,
    mime      TEXT    NOT NULL,
    size      INTEGER NOT NULL,
    digest    TEXT    NOT NULL,
    content   BLOB    NOT NULL,
    at        TEXT    NOT NULL,
    added_by  TEXT    NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id, owner);

-- Notices to whoever must act: to a role at an organisation (those of that role whose scope
-- holds it), or to one person (the subject, through self-service).
CREATE TABLE notices (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    at        TEXT    NOT NULL,
    to_role   TEXT,
    to_org    INTEGER REFERENCES orgs(id),
    to_person INTEGER REFERENCES persons(id),
    text      TEXT    NOT NULL
);
CREATE INDEX notices_org ON notices(to_org, id);
CREATE INDEX notices_person ON notices(to_person, id);

CREATE TABLE notice_reads (
    notice_id  INTEGER NOT NULL REFERENCES notices(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    PRIMARY KEY (notice_id, account_id)
);
