-- Version 3: Orleans reminders (our own table and queries for the ADO.NET reminders provider's contract).
-- CertOrleans keeps one durable reminder: the sweeper that closes requests whose silo died.
CREATE TABLE IF NOT EXISTS reminders (
    service_id    TEXT    NOT NULL,
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    start_time    TEXT    NOT NULL,
    period        INTEGER NOT NULL,
    grain_hash    INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX IF NOT EXISTS ix_reminders_hash ON reminders (service_id, grain_hash);

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', '
INSERT INTO reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
       version = reminders.version + 1
RETURNING version AS Version;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
  FROM reminders WHERE service_id = @ServiceId AND grain_id = @GrainId;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
  FROM reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
');

-- A silo reads the reminders of its part of the hash ring: (begin, end] when begin < end, else the wrapped range.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
  FROM reminders WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
  FROM reminders WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
');

-- Deletes only the version the caller read; answers whether a row went.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', '
DELETE FROM reminders
 WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
RETURNING 1;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', '
DELETE FROM reminders WHERE service_id = @ServiceId;
');
