-- An administrative act's journal entry carries the act's id: the grain that made the act stores the entry-to-be
-- with the change, then appends it; the id makes a repeated append (after a crash in between) a no-op.
ALTER TABLE journal_entries ADD COLUMN IF NOT EXISTS act_id text NULL;
CREATE UNIQUE INDEX IF NOT EXISTS ux_journal_entries_act ON journal_entries (chain, act_id) WHERE act_id IS NOT NULL;
