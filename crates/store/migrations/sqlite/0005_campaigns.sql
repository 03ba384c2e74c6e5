-- Review campaigns (đợt rà soát): one row per campaign, with the cursor it has reached so a
-- killed run resumes where its last committed batch ended.
CREATE TABLE campaigns (
    id           INTEGER PRIMARY KEY,
    pack_id      TEXT    NOT NULL,
    pack_version TEXT    NOT NULL,
    case_kind    TEXT    NOT NULL,
    scope_org    INTEGER NOT NULL REFERENCES orgs(id),
    started_by   TEXT    NOT NULL,
    started_at   TEXT    NOT NULL,
    finished_at  TEXT,
    status       TEXT    NOT NULL,
    cursor       INTEGER NOT NULL DEFAULT 0,
    total        INTEGER NOT NULL,
    processed    INTEGER NOT NULL DEFAULT 0,
    flagged      INTEGER NOT NULL DEFAULT 0,
    error        TEXT
);
CREATE INDEX campaigns_status ON campaigns(status);

-- The persons whose findings are new, changed or cleared since the findings their last
-- conclusion was made on: the campaign's work lists, per organisation.
CREATE TABLE campaign_results (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    person_id   INTEGER NOT NULL REFERENCES persons(id),
    org_id      INTEGER NOT NULL REFERENCES orgs(id),
    change      TEXT    NOT NULL,
    severity    TEXT,
    fingerprint TEXT    NOT NULL,
    findings    TEXT    NOT NULL,
    PRIMARY KEY (campaign_id, person_id)
) WITHOUT ROWID;
CREATE INDEX campaign_results_org ON campaign_results(campaign_id, org_id);

-- The findings a person's latest conclusion was made on, by fingerprint (written when a
-- conclusion is recorded).
CREATE TABLE screening_baselines (
    person_id    INTEGER PRIMARY KEY REFERENCES persons(id),
    fingerprint  TEXT    NOT NULL,
    pack_version TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    set_at       TEXT    NOT NULL
);
