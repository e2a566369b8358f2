-- Version 2: per-municipality data keys for encryption at rest, each wrapped (AES-GCM) by the key-encryption key.
CREATE TABLE IF NOT EXISTS data_keys (
    municipality_code text        NOT NULL,
    key_id            integer     NOT NULL,
    wrapped_key       bytea       NOT NULL,
    kek_id            text        NOT NULL,
    created_at        timestamptz NOT NULL,
    PRIMARY KEY (municipality_code, key_id)
);
