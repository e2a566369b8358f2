-- The journal: one append-only hash chain per municipality (and "cluster" for what is no municipality's), its
-- head (the row that serialises appends to one chain), and the signed checkpoints. Entries and checkpoints are
-- never updated or deleted: triggers refuse it, and the silos' role is granted INSERT and SELECT on them only.
CREATE TABLE IF NOT EXISTS journal_entries (
    chain              text   NOT NULL,
    seq                bigint NOT NULL,
    kind               text   NOT NULL,
    recorded_at        text   NOT NULL,
    body               text   NOT NULL,
    prev_hash          text   NOT NULL,
    hash               text   NOT NULL,
    request_id         text   NULL,
    certificate_number text   NULL,
    holder             text   NULL,
    PRIMARY KEY (chain, seq)
);
CREATE INDEX IF NOT EXISTS ix_journal_entries_request ON journal_entries (request_id);
CREATE INDEX IF NOT EXISTS ix_journal_entries_certificate ON journal_entries (certificate_number);
CREATE INDEX IF NOT EXISTS ix_journal_entries_holder ON journal_entries (chain, holder);

CREATE TABLE IF NOT EXISTS journal_heads (
    chain text   PRIMARY KEY,
    seq   bigint NOT NULL,
    hash  text   NOT NULL
);

CREATE TABLE IF NOT EXISTS journal_checkpoints (
    chain     text    NOT NULL,
    seq       bigint  NOT NULL,
    hash      text    NOT NULL,
    signed_at text    NOT NULL,
    key_id    integer NOT NULL,
    signature text    NOT NULL,
    PRIMARY KEY (chain, seq)
);

CREATE OR REPLACE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the journal is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END $$;
DROP TRIGGER IF EXISTS journal_entries_append_only ON journal_entries;
CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries FOR EACH ROW EXECUTE FUNCTION journal_append_only();
DROP TRIGGER IF EXISTS journal_checkpoints_append_only ON journal_checkpoints;
CREATE TRIGGER journal_checkpoints_append_only BEFORE UPDATE OR DELETE ON journal_checkpoints FOR EACH ROW EXECUTE FUNCTION journal_append_only();
