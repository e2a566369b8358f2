-- The silos' own database role: they read and write rows, and change no table. Run by the database owner after
-- `CertOrleans.Silo migrate` has applied the schema (the fault test does), and again after every migration that
-- adds a table. Silos that connect as this role run with Store:Migrate=false.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'certorleans_silo') THEN
    CREATE ROLE certorleans_silo LOGIN;
  END IF;
END $$;
GRANT CONNECT ON DATABASE certorleans TO certorleans_silo;
GRANT USAGE ON SCHEMA public TO certorleans_silo;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO certorleans_silo;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO certorleans_silo;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO certorleans_silo;
-- The journal is append-only for the silos too.
REVOKE UPDATE, DELETE, TRUNCATE ON journal_entries, journal_checkpoints FROM certorleans_silo;
