#!/usr/bin/env bash
# Runs prometheus-postgres-exporter with postgres-exporter-queries.yml against a scratch database that holds the
# service's own schema (src/Storage/Postgres), and checks what the journal alert reads: a chain signed up to its
# head reports 0, a chain with entries after its last checkpoint reports the age of the first of them, a chain
# never signed reports the age of its first entry. Needs the test PostgreSQL (scripts/test-postgres.sh start).
#   scripts/monitoring/check-exporter-queries.sh   (./test.sh runs it; exporter on 127.0.0.1:9787)
set -euo pipefail
cd "$(dirname "$0")/../.."
PG=(-h 127.0.0.1 -p 55432 -U postgres)
export PGOPTIONS="-c client_min_messages=warning"
DB=certorleans_exporter_check
PORT=9787
fail() { echo "exporter queries: FAILED: $*" >&2; exit 1; }
command -v prometheus-postgres-exporter >/dev/null || fail "prometheus-postgres-exporter not found (scripts/prerequisites.sh --test installs it)"

psql "${PG[@]}" -qX -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
trap 'kill "${EXPORTER:-0}" 2>/dev/null || true; psql "${PG[@]}" -qX -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT
for migration in src/Storage/Postgres/0*.sql; do
  psql "${PG[@]}" -d "$DB" -qX -v ON_ERROR_STOP=1 -f "$migration" >/dev/null 2>&1 || fail "$migration did not apply"
done
# Three chains: c092011 signed through its head; c132012 with two entries after its checkpoint (the first recorded 20
# minutes ago); cluster never signed (its first entry 3 minutes ago). Entries are written as the silos write them.
psql "${PG[@]}" -d "$DB" -qX -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE FUNCTION pg_temp.at(minutes_ago int) RETURNS text LANGUAGE sql AS
  $$ SELECT to_char((now() - make_interval(mins => minutes_ago)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;
INSERT INTO journal_heads (chain, seq, hash) VALUES ('c092011', 2, 'h2'), ('c132012', 3, 'h3'), ('cluster', 1, 'h1');
INSERT INTO journal_entries (chain, seq, kind, recorded_at, body, prev_hash, hash) VALUES
  ('c092011', 1, 'k', pg_temp.at(30), '{}', 'g', 'h1'), ('c092011', 2, 'k', pg_temp.at(29), '{}', 'h1', 'h2'),
  ('c132012', 1, 'k', pg_temp.at(40), '{}', 'g', 'h1'), ('c132012', 2, 'k', pg_temp.at(20), '{}', 'h1', 'h2'),
  ('c132012', 3, 'k', pg_temp.at(5), '{}', 'h2', 'h3'),
  ('cluster', 1, 'k', pg_temp.at(3), '{}', 'g', 'h1');
INSERT INTO journal_checkpoints (chain, seq, hash, signed_at, key_id, signature) VALUES
  ('c092011', 2, 'h2', pg_temp.at(28), 1, 's'), ('c132012', 1, 'h1', pg_temp.at(39), 1, 's');
SQL

DATA_SOURCE_NAME="postgresql://postgres@127.0.0.1:55432/$DB?sslmode=disable" \
  prometheus-postgres-exporter --web.listen-address="127.0.0.1:$PORT" \
    --extend.query-path=scripts/monitoring/postgres-exporter-queries.yml >/tmp/certorleans-exporter-check.log 2>&1 &
EXPORTER=$!
metrics=""
for _ in $(seq 1 50); do
  metrics="$(curl -fsS "http://127.0.0.1:$PORT/metrics" 2>/dev/null || true)"
  grep -q '^certorleans_journal_unsigned_age_seconds' <<<"$metrics" && break
  sleep 0.2
done
age() { awk -v chain="$1" '$1 ~ "^certorleans_journal_unsigned_age_seconds\\{" && $1 ~ "chain=\"" chain "\"" { print int($2) }' <<<"$metrics"; }
signed="$(age c092011)"; late="$(age c132012)"; never="$(age cluster)"
[ -n "$signed" ] && [ -n "$late" ] && [ -n "$never" ] \
  || fail "the exporter published no age for some chain (see /tmp/certorleans-exporter-check.log): $(grep -c certorleans_journal <<<"$metrics") lines"
[ "$signed" -eq 0 ] || fail "a chain signed through its head reports $signed s, not 0"
[ "$late" -ge 1190 ] && [ "$late" -le 1260 ] || fail "the first entry after the checkpoint is 20 minutes old, reported $late s"
[ "$never" -ge 170 ] && [ "$never" -le 240 ] || fail "a chain never signed, first entry 3 minutes old, reported $never s"
echo "exporter queries: PASSED (unsigned ages: signed chain $signed s, 20-minute-old entry $late s, never-signed chain $never s)"
