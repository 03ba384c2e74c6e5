-- Organisation tree. `path` is the materialised chain of ids ('/1/2/35/') so that a scope
-- filter is one indexed prefix match in the query, never a load-and-filter.
CREATE TABLE orgs (
    id           INTEGER PRIMARY KEY,
    parent_id    INTEGER REFERENCES orgs(id),
    kind         TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    code         TEXT    NOT NULL DEFAULT '',
    path         TEXT    NOT NULL,
    dissolved_on TEXT,
    merged_into  INTEGER REFERENCES orgs(id)
);
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX orgs_path ON orgs(path);

-- Current declaration of each person: searchable projections as columns, the whole
-- declaration (minus the family, which has its own table) as JSON in `doc`.
CREATE TABLE persons (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES orgs(id),
    status        TEXT    NOT NULL,
    full_name     TEXT    NOT NULL,
    name_folded   TEXT    NOT NULL,
    other_names   TEXT    NOT NULL,
    birth_date    TEXT    NOT NULL,
    birth_year    INTEGER NOT NULL,
    sex           TEXT    NOT NULL,
    cccd          TEXT,
    party_card_no TEXT,
    history_no    TEXT,
    hometown      TEXT    NOT NULL,
    ethnicity     TEXT    NOT NULL,
    religion      TEXT,
    version       INTEGER NOT NULL,
    submitted_at  TEXT    NOT NULL,
    submitted_by  TEXT    NOT NULL,
    change_seq    INTEGER NOT NULL,
    doc           TEXT    NOT NULL
);
CREATE INDEX persons_org ON persons(org_id);
CREATE UNIQUE INDEX persons_cccd ON persons(cccd) WHERE cccd IS NOT NULL;
CREATE INDEX persons_change ON persons(change_seq);

CREATE TABLE relatives (
    person_id      INTEGER NOT NULL REFERENCES persons(id),
    ord            INTEGER NOT NULL,
    relation       TEXT    NOT NULL,
    tier           INTEGER NOT NULL,
    full_name      TEXT    NOT NULL,
    birth_year     INTEGER,
    abroad_country TEXT,
    party_member   INTEGER NOT NULL,
    doc            TEXT    NOT NULL,
    PRIMARY KEY (person_id, ord)
) WITHOUT ROWID;
CREATE INDEX relatives_abroad ON relatives(abroad_country) WHERE abroad_country IS NOT NULL;

-- Earlier versions of each declaration; the current one lives in persons + relatives.
CREATE TABLE declaration_versions (
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    version      INTEGER NOT NULL,
    submitted_at TEXT    NOT NULL,
    submitted_by TEXT    NOT NULL,
    doc          TEXT    NOT NULL,
    PRIMARY KEY (person_id, version)
);

-- Where a person was before each move (transfer, merge of organisations).
CREATE TABLE org_moves (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id),
    from_org  INTEGER NOT NULL REFERENCES orgs(id),
    to_org    INTEGER NOT NULL REFERENCES orgs(id),
    moved_on  TEXT    NOT NULL,
    reason    TEXT    NOT NULL
);
CREATE INDEX org_moves_person ON org_moves(person_id);

-- Files imported, so a rerun skips what already landed (imports are resumable per file).
CREATE TABLE imports (
    content_hash TEXT PRIMARY KEY,
    label        TEXT    NOT NULL,
    orgs         INTEGER NOT NULL,
    persons      INTEGER NOT NULL,
    relatives    INTEGER NOT NULL,
    finished_at  TEXT    NOT NULL
);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters(name, value) VALUES ('change_seq', 0);
