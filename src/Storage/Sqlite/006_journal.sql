-- The journal: one append-only hash chain per municipality (and "cluster" for what is no municipality's), its
-- head (the row that serialises appends to one chain), and the signed checkpoints. Triggers refuse any update or
-- delete of entries and checkpoints.
CREATE TABLE IF NOT EXISTS journal_entries (
    chain              TEXT    NOT NULL,
    seq                INTEGER NOT NULL,
    kind               TEXT    NOT NULL,
    recorded_at        TEXT    NOT NULL,
    body               TEXT    NOT NULL,
    prev_hash          TEXT    NOT NULL,
    hash               TEXT    NOT NULL,
    request_id         TEXT    NULL,
    certificate_number TEXT    NULL,
    holder             TEXT    NULL,
    PRIMARY KEY (chain, seq)
);
CREATE INDEX IF NOT EXISTS ix_journal_entries_request ON journal_entries (request_id);
CREATE INDEX IF NOT EXISTS ix_journal_entries_certificate ON journal_entries (certificate_number);
CREATE INDEX IF NOT EXISTS ix_journal_entries_holder ON journal_entries (chain, holder);

CREATE TABLE IF NOT EXISTS journal_heads (
    chain TEXT    NOT NULL PRIMARY KEY,
    seq   INTEGER NOT NULL,
    hash  TEXT    NOT NULL
);

CREATE TABLE IF NOT EXISTS journal_checkpoints (
    chain     TEXT    NOT NULL,
    seq       INTEGER NOT NULL,
    hash      TEXT    NOT NULL,
    signed_at TEXT    NOT NULL,
    key_id    INTEGER NOT NULL,
    signature TEXT    NOT NULL,
    PRIMARY KEY (chain, seq)
);

CREATE TRIGGER IF NOT EXISTS journal_entries_no_update BEFORE UPDATE ON journal_entries BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER IF NOT EXISTS journal_entries_no_delete BEFORE DELETE ON journal_entries BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER IF NOT EXISTS journal_checkpoints_no_update BEFORE UPDATE ON journal_checkpoints BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER IF NOT EXISTS journal_checkpoints_no_delete BEFORE DELETE ON journal_checkpoints BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
