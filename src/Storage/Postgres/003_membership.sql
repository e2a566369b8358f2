-- Version 3: Orleans cluster membership on PostgreSQL (our own tables, functions and queries for the
-- ADO.NET clustering provider's contract). A version row per cluster guards every membership change.
CREATE TABLE IF NOT EXISTS membership_version (
    deployment_id text        PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS membership (
    deployment_id   text        NOT NULL REFERENCES membership_version (deployment_id),
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NULL,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Insert or update a member only when the caller saw the current table version; bump the version in the
-- same statement. The version row is locked first, so concurrent changes serialise and exactly one wins.
CREATE OR REPLACE FUNCTION membership_insert(d text, a text, p integer, g integer, sn text, hn text, st integer, pp integer, started timestamptz, alive timestamptz, expected integer)
RETURNS boolean LANGUAGE plpgsql AS $f$
DECLARE current_version integer;
BEGIN
    SELECT version INTO current_version FROM membership_version WHERE deployment_id = d FOR UPDATE;
    IF current_version IS DISTINCT FROM expected THEN RETURN false; END IF;
    INSERT INTO membership (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    VALUES (d, a, p, g, sn, hn, st, pp, started, alive) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN RETURN false; END IF;
    UPDATE membership_version SET version = version + 1, changed_at = now() WHERE deployment_id = d;
    RETURN true;
END $f$;

CREATE OR REPLACE FUNCTION membership_update(d text, a text, p integer, g integer, st integer, suspects text, alive timestamptz, expected integer)
RETURNS boolean LANGUAGE plpgsql AS $f$
DECLARE current_version integer;
BEGIN
    SELECT version INTO current_version FROM membership_version WHERE deployment_id = d FOR UPDATE;
    IF current_version IS DISTINCT FROM expected THEN RETURN false; END IF;
    UPDATE membership SET status = st, suspect_times = suspects, i_am_alive_time = alive
     WHERE deployment_id = d AND address = a AND port = p AND generation = g;
    IF NOT FOUND THEN RETURN false; END IF;
    UPDATE membership_version SET version = version + 1, changed_at = now() WHERE deployment_id = d;
    RETURN true;
END $f$;

INSERT INTO orleansquery (querykey, querytext) VALUES ('InsertMembershipVersionKey', $q$
WITH inserted AS (
    INSERT INTO membership_version (deployment_id) VALUES (@DeploymentId) ON CONFLICT DO NOTHING RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted);
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('MembershipReadAllKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
  FROM membership_version v
  LEFT JOIN membership m ON m.deployment_id = v.deployment_id
 WHERE v.deployment_id = @DeploymentId;
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('MembershipReadRowKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
  FROM membership_version v
  LEFT JOIN membership m ON m.deployment_id = v.deployment_id
   AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
 WHERE v.deployment_id = @DeploymentId;
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('InsertMembershipKey', $q$
SELECT membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('UpdateMembershipKey', $q$
SELECT membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version);
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('UpdateIAmAlivetimeKey', $q$
UPDATE membership SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteMembershipTableEntriesKey', $q$
DELETE FROM membership WHERE deployment_id = @DeploymentId;
DELETE FROM membership_version WHERE deployment_id = @DeploymentId;
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Gateways for clients: active silos (status 3) that accept clients.
INSERT INTO orleansquery (querykey, querytext) VALUES ('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
  FROM membership
 WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Dead silos' rows are removed once they have not been alive since the given time.
INSERT INTO orleansquery (querykey, querytext) VALUES ('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM membership
 WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3;
$q$) ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
