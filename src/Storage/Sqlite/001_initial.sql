-- CertOrleans schema, version 1: Orleans grain storage (our own table and queries, meeting the
-- ADO.NET provider's contract) and the request lifecycle journal.

-- The provider reads its statements from OrleansQuery by key.
CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- One row per grain state. The natural key is the primary key; the provider's hashes are kept only
-- because it sends them.
CREATE TABLE IF NOT EXISTS grain_state (
    service_id      TEXT    NOT NULL,
    grain_type      TEXT    NOT NULL,
    grain_id_n0     INTEGER NOT NULL,
    grain_id_n1     INTEGER NOT NULL,
    grain_id_ext    TEXT    NOT NULL,
    grain_id_hash   INTEGER NOT NULL,
    grain_type_hash INTEGER NOT NULL,
    payload         BLOB    NULL,
    version         INTEGER NOT NULL,
    modified_at     TEXT    NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
) WITHOUT ROWID;

-- The one record every issuance request leaves. No personal data by construction.
CREATE TABLE IF NOT EXISTS request_lifecycle (
    request_id         TEXT    NOT NULL PRIMARY KEY,
    terminal_id        TEXT    NOT NULL,
    municipality_code  TEXT    NULL,
    certificate_type   TEXT    NULL,
    fee                INTEGER NULL,
    paid               INTEGER NOT NULL,
    certificate_number TEXT    NULL,
    outcome            TEXT    NOT NULL,
    last_stage         TEXT    NULL,
    refusals           TEXT    NOT NULL,
    failure_code       TEXT    NULL,
    started_at         TEXT    NOT NULL,
    ended_at           TEXT    NOT NULL,
    state_wiped        INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_request_lifecycle_ended_at ON request_lifecycle (ended_at);

-- Write: update when the caller's version matches, insert when the caller has none and no row exists.
-- Exactly one row comes back on success (the new version); none on a version conflict.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
UPDATE grain_state
   SET payload = @PayloadBinary, version = version + 1, modified_at = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')
   AND @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
INSERT INTO grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_id_hash, grain_type_hash, payload, version, modified_at)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''), @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
 WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
  FROM grain_state
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''');
');

INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE grain_state
   SET payload = NULL, version = version + 1, modified_at = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')
   AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;
');

-- Clearing with DeleteStateOnClear removes the row; the returned value only has to differ from the caller's version.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM grain_state
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')
   AND version = @GrainStateVersion
RETURNING version + 1 AS NewGrainStateVersion;
');
