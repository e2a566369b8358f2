-- Each entry's MAC under a key only silos hold (JournalEntryAuthenticator); checked before a checkpoint signs it.
ALTER TABLE journal_entries ADD COLUMN mac TEXT NULL;
