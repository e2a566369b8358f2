-- The gateway's own database role: it finds the silos in the membership table and reads nothing else. Run by a
-- database administrator once the silos have created the schema (./run.sh --cluster and the fault test do).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'certorleans_gateway') THEN
    CREATE ROLE certorleans_gateway LOGIN;
  END IF;
END $$;
GRANT CONNECT ON DATABASE certorleans TO certorleans_gateway;
GRANT USAGE ON SCHEMA public TO certorleans_gateway;
GRANT SELECT ON orleansquery, membership, membership_version TO certorleans_gateway;
