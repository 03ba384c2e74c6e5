-- Accounts, server-side sessions and personal access tokens. Secrets are never stored in the
-- clear: passwords as argon2id PHC strings, session and API tokens as blake3 hashes.
-- Flags are integers 0/1 (like relatives.party_member), which every backend carries alike.
CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    scope_org     INTEGER REFERENCES orgs(id),
    clearance     INTEGER NOT NULL,
    person_id     INTEGER REFERENCES persons(id),
    password_hash TEXT    NOT NULL,
    totp_secret   TEXT,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT    NOT NULL
);
CREATE INDEX accounts_person ON accounts(person_id) WHERE person_id IS NOT NULL;

-- Times in unix seconds, so idle and absolute expiry are plain comparisons.
CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    stage        TEXT    NOT NULL,
    csrf_token   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ip           TEXT    NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    can_write    INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    expires_at   INTEGER,
    revoked      INTEGER NOT NULL DEFAULT 0,
    last_used_at TEXT
);
CREATE INDEX api_tokens_account ON api_tokens(account_id);

-- A relative who has a dossier of their own here. No foreign key: an import may name a
-- dossier that arrives in a later file, and recusal only needs the number.
ALTER TABLE relatives ADD COLUMN person_ref INTEGER;
CREATE INDEX relatives_person_ref ON relatives(person_ref) WHERE person_ref IS NOT NULL;
