-- Audit trail: an append-only hash chain. `seq` is assigned by the appender (1, 2, 3, … with
-- no gap), never by the database, so a missing number is evidence of a deletion. No foreign
-- keys: the trail must outlive any person, account or organisation it mentions.
CREATE TABLE audit_log (
    seq         BIGINT  PRIMARY KEY,
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    target_kind TEXT    NOT NULL,
    target_id   TEXT    NOT NULL,
    person_id   BIGINT,
    ip          TEXT    NOT NULL,
    outcome     TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log(actor, seq);
CREATE INDEX audit_log_person ON audit_log(person_id, seq);
CREATE INDEX audit_log_at ON audit_log(at);

-- The chain head: one row. Appenders lock it first (UPDATE … RETURNING), which serialises them.
CREATE TABLE audit_head (
    id   BIGINT  PRIMARY KEY CHECK (id = 1),
    seq  BIGINT  NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head(id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Signed statements "the chain had `hash` at `seq`" (ed25519, hex key and signature).
CREATE TABLE audit_checkpoints (
    seq       BIGINT  PRIMARY KEY,
    hash      TEXT    NOT NULL,
    at        TEXT    NOT NULL,
    key       TEXT    NOT NULL,
    signature TEXT    NOT NULL
);
