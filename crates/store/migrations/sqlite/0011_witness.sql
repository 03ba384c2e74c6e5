-- Witnessing: the heads that lower levels' installations send upward, kept by the level above
-- so that a lower level's trail can later be held to them even if its database, its own
-- checkpoints and its checkpoint log were all rewritten together. A head is accepted only
-- when signed by a key registered here as a source.
CREATE TABLE witness_sources (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
);

CREATE TABLE witnessed_heads (
    key TEXT NOT NULL REFERENCES witness_sources(key),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    at TEXT NOT NULL,
    signature TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_via TEXT NOT NULL,
    PRIMARY KEY (key, seq)
);
