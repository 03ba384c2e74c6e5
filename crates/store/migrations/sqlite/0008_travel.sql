-- Going abroad and foreign relations (DOMAIN §5.4): trips (private ones from the member's
-- request, official ones from a delegation's decision) with their history, papers and the
-- notices to the member; the custody register of official and diplomatic passports; and the
-- dated, versioned declarations of foreign relations.
CREATE TABLE delegations (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES orgs(id),
    decision_number TEXT    NOT NULL,
    decided_on      TEXT    NOT NULL,
    decided_by      TEXT    NOT NULL,
    leader_id       INTEGER NOT NULL REFERENCES persons(id),
    countries       TEXT    NOT NULL,
    depart_on       TEXT    NOT NULL,
    return_on       TEXT    NOT NULL,
    purpose         TEXT    NOT NULL,
    funding         TEXT    NOT NULL,
    arrangement     TEXT,
    reentry_on      TEXT,
    report_on       TEXT,
    report_text     TEXT,
    created_by      TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX delegations_org ON delegations(org_id, depart_on);

CREATE TABLE trips (
    id               INTEGER PRIMARY KEY,
    kind             TEXT    NOT NULL,
    person_id        INTEGER NOT NULL REFERENCES persons(id),
    org_id           INTEGER NOT NULL REFERENCES orgs(id),
    delegation_id    INTEGER REFERENCES delegations(id),
    countries        TEXT    NOT NULL,
    depart_on        TEXT    NOT NULL,
    return_on        TEXT    NOT NULL,
    purpose          TEXT    NOT NULL,
    funding          TEXT    NOT NULL,
    visits           TEXT    NOT NULL DEFAULT '',
    visits_relatives INTEGER NOT NULL DEFAULT 0,
    commitment       TEXT,
    stage            TEXT    NOT NULL,
    stage_since      TEXT    NOT NULL,
    cell_opinion     TEXT,
    cell_by          TEXT,
    cell_on          TEXT,
    decision_number  TEXT,
    decided_by       TEXT,
    decider_name     TEXT,
    decided_on       TEXT,
    refusal_reason   TEXT,
    unapproved       INTEGER NOT NULL DEFAULT 0,
    reentry_on       TEXT,
    report_due       TEXT,
    report_on        TEXT,
    report_text      TEXT,
    arrangement      TEXT,
    filed_on         TEXT    NOT NULL,
    created_by       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX trips_org ON trips(org_id, depart_on);
CREATE INDEX trips_person ON trips(person_id);
CREATE INDEX trips_delegation ON trips(delegation_id);
CREATE INDEX trips_report_due ON trips(report_due) WHERE stage = 'returned';

CREATE TABLE trip_events (
    id         INTEGER PRIMARY KEY,
    trip_id    INTEGER NOT NULL REFERENCES trips(id),
    at         TEXT    NOT NULL,
    on_date    TEXT    NOT NULL,
    actor      TEXT    NOT NULL,
    step       TEXT    NOT NULL,
    from_stage TEXT,
    to_stage   TEXT,
    detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX trip_events_trip ON trip_events(trip_id, id);

CREATE TABLE trip_files (
    id        INTEGER PRIMARY KEY,
    trip_id   INTEGER NOT NULL REFERENCES trips(id),
    owner     TEXT    NOT NULL,
    file_name TEXT    NOT NULL,
    mime      TEXT    NOT NULL,
    size      INTEGER NOT NULL,
    digest    TEXT    NOT NULL,
    content   BLOB    NOT NULL,
    at        TEXT    NOT NULL,
    added_by  TEXT    NOT NULL
);
CREATE INDEX trip_files_trip ON trip_files(trip_id);

-- What the member is told (approval, refusal, the report's due date), read on their inbox.
CREATE TABLE trip_notices (
    id        INTEGER PRIMARY KEY,
    trip_id   INTEGER NOT NULL REFERENCES trips(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    at        TEXT    NOT NULL,
    text      TEXT    NOT NULL,
    read_at   TEXT
);
CREATE INDEX trip_notices_person ON trip_notices(person_id, id);

CREATE TABLE passports (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES persons(id),
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    kind       TEXT    NOT NULL,
    number     TEXT    NOT NULL UNIQUE,
    issued_on  TEXT    NOT NULL,
    expires_on TEXT    NOT NULL,
    created_by TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX passports_org ON passports(org_id);
CREATE INDEX passports_person ON passports(person_id);

-- Each hand-out of a passport for a trip; `due_on` is set when the holder's re-entry is
-- recorded, `returned_on` when the managing agency takes it back.
CREATE TABLE passport_loans (
    id          INTEGER PRIMARY KEY,
    passport_id INTEGER NOT NULL REFERENCES passports(id),
    trip_id     INTEGER NOT NULL REFERENCES trips(id),
    handed_on   TEXT    NOT NULL,
    handed_by   TEXT    NOT NULL,
    due_on      TEXT,
    returned_on TEXT,
    received_by TEXT
);
CREATE INDEX passport_loans_passport ON passport_loans(passport_id, id);
CREATE INDEX passport_loans_trip ON passport_loans(trip_id);
CREATE INDEX passport_loans_open ON passport_loans(due_on) WHERE returned_on IS NULL;

-- Declarations of foreign relations. A change is a new row that supersedes the one before,
-- so every version stays with its date and who recorded it.
CREATE TABLE foreign_relations (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    kind            TEXT    NOT NULL,
    supersedes      INTEGER REFERENCES foreign_relations(id),
    current         INTEGER NOT NULL DEFAULT 1,
    declared_on     TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    relation        TEXT    NOT NULL DEFAULT '',
    birth_year      INTEGER,
    country         TEXT    NOT NULL,
    since           TEXT    NOT NULL DEFAULT '',
    occupation      TEXT    NOT NULL DEFAULT '',
    nationality     TEXT    NOT NULL DEFAULT '',
    details         TEXT    NOT NULL DEFAULT '',
    ended           INTEGER NOT NULL DEFAULT 0,
    needs_approval  INTEGER NOT NULL DEFAULT 0,
    decision        TEXT,
    decided_by      TEXT,
    decider_name    TEXT,
    decided_on      TEXT,
    decision_reason TEXT,
    recorded_by     TEXT    NOT NULL,
    recorded_at     TEXT    NOT NULL
);
CREATE INDEX foreign_relations_person ON foreign_relations(person_id, id);
CREATE INDEX foreign_relations_current ON foreign_relations(kind, country) WHERE current = 1;
