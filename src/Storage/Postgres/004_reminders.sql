-- Version 4: Orleans reminders on PostgreSQL (our own table and queries for the ADO.NET reminders provider's
-- contract). CertOrleans keeps one durable reminder per cluster: the sweeper that closes requests whose silo
-- died (see LifecycleSweeperGrain).
CREATE TABLE IF NOT EXISTS reminders (
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period        bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX IF NOT EXISTS ix_reminders_hash ON reminders (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES ('UpsertReminderRowKey', $q$
INSERT INTO reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
       version = reminders.version + 1
RETURNING version AS "Version";
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", version AS "Version"
  FROM reminders WHERE service_id = @ServiceId AND grain_id = @GrainId;
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", version AS "Version"
  FROM reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- A silo reads the reminders of its part of the hash ring: (begin, end] when begin < end, else the wrapped range.
INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", version AS "Version"
  FROM reminders WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period AS "Period", version AS "Version"
  FROM reminders WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Deletes only the version the caller read; answers whether a row went.
INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM reminders
     WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted);
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteReminderRowsKey', $q$
DELETE FROM reminders WHERE service_id = @ServiceId;
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
