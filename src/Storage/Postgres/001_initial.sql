-- CertOrleans schema for PostgreSQL, version 1: Orleans grain storage (our own table and queries, meeting
-- the ADO.NET provider's contract) and the request lifecycle journal.

CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64) PRIMARY KEY,
    querytext text        NOT NULL
);

CREATE TABLE IF NOT EXISTS grain_state (
    service_id      text        NOT NULL,
    grain_type      text        NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    grain_id_ext    text        NOT NULL,
    grain_id_hash   integer     NOT NULL,
    grain_type_hash integer     NOT NULL,
    payload         bytea       NULL,
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
);

CREATE TABLE IF NOT EXISTS request_lifecycle (
    request_id         text        PRIMARY KEY,
    terminal_id        text        NOT NULL,
    municipality_code  text        NULL,
    certificate_type   text        NULL,
    fee                integer     NULL,
    paid               integer     NOT NULL,
    certificate_number text        NULL,
    outcome            text        NOT NULL,
    last_stage         text        NULL,
    refusals           text        NOT NULL,
    failure_code       text        NULL,
    started_at         timestamptz NOT NULL,
    ended_at           timestamptz NOT NULL,
    state_wiped        integer     NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_request_lifecycle_ended_at ON request_lifecycle (ended_at);

-- Write: update when the caller's version matches, insert when the caller has none and no row exists;
-- one row (the new version) on success, none on a version conflict.
INSERT INTO orleansquery (querykey, querytext) VALUES ('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE grain_state
       SET payload = @PayloadBinary, version = version + 1, modified_at = now()
     WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
       AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_id_ext = COALESCE(@GrainIdExtensionString, '')
       AND @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_id_hash, grain_type_hash, payload, version, modified_at)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''), @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1, now()
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted;
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
  FROM grain_state
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_id_ext = COALESCE(@GrainIdExtensionString, '');
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ClearStorageKey', $q$
UPDATE grain_state
   SET payload = NULL, version = version + 1, modified_at = now()
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_id_ext = COALESCE(@GrainIdExtensionString, '')
   AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion";
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- With DeleteStateOnClear the row goes; the returned value only has to differ from the caller's version.
INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteStorageKey', $q$
DELETE FROM grain_state
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_id_ext = COALESCE(@GrainIdExtensionString, '')
   AND version = @GrainStateVersion
RETURNING version + 1 AS "NewGrainStateVersion";
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
