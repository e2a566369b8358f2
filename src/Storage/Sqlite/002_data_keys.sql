-- Version 2: per-municipality data keys for encryption at rest, each wrapped (AES-GCM) by the key-encryption key.
CREATE TABLE IF NOT EXISTS data_keys (
    municipality_code TEXT    NOT NULL,
    key_id            INTEGER NOT NULL,
    wrapped_key       BLOB    NOT NULL,
    kek_id            TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    PRIMARY KEY (municipality_code, key_id)
);
