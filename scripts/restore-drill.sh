#!/usr/bin/env bash
# The restore drill: a backup is only as good as the last restore made from it. On a PostgreSQL that archives its
# WAL (archive_command), with a base backup (pg_basebackup) taken while the service runs, this prints certificates
# before and after the backup, notes a point in time, makes one more change after it, and then loses the server
# (its data folder is deleted). It restores a new instance from the base backup and the WAL archive to that point
# in time, starts a silo and a gateway on it with the KEK from the key backup, and checks, with what the city holds
# and not with anything the restored server says about itself:
#   - the city's journal, exported from the restored service, verifies against the journal keys the city pinned
#     before the loss, and holds the deletion statement of the certificate printed before the point in time, and
#     not of the one printed after it;
#   - the issuing keys are the ones published before the loss: both certificates printed before the point verify
#     offline against the keys saved then;
#   - sealed residents open with the KEK: the demo resident prints on the restored service, and that certificate
#     verifies against the keys saved before the loss.
# Where each key lives and how it is restored: docs/operations.md#backups-and-restore.
#
#   scripts/restore-drill.sh     (./test.sh runs it; about a minute)
# Ports: PostgreSQL 55480 (lost) and 55481 (restored), silo 11611 / 30611 (operations 9711), gateway 5743, all on
# 127.0.0.1. Work folder /tmp/certorleans-restore-* (kept when the drill fails).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
CONFIG=Release
BIN() { echo "$ROOT/src/$1/bin/$CONFIG/net10.0/CertOrleans.$1.dll"; }
for project in Silo Gateway Admin Kiosk; do
  [ -f "$(BIN "$project")" ] || { echo "error: $(BIN "$project") is not built (dotnet build CertOrleans.sln -c Release)" >&2; exit 1; }
done
for port in 55480 55481 11611 30611 9711 5743; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "error: port $port is in use; is another drill running?" >&2; exit 1; fi
done
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

WORK="$(mktemp -d /tmp/certorleans-restore-XXXXXX)"
chmod 755 "$WORK"
DATA="$WORK/data" LOGS="$WORK/logs" ARCHIVE="$WORK/wal-archive" BASE="$WORK/base-backup" KEYS="$WORK/key-backup" CITY="$WORK/city"
mkdir -p "$LOGS" "$ARCHIVE" "$BASE" "$CITY" "$WORK/out"
chown postgres:postgres "$ARCHIVE" "$BASE" 2>/dev/null || true
pids=()
passed=0
cleanup() {
  trap '' INT TERM
  trap - EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for pg in lost restored; do
    [ -f "$WORK/pg-$pg/postmaster.pid" ] && as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg-$pg" -m immediate stop >/dev/null 2>&1 || true
  done
  if [ "$passed" = 1 ]; then rm -rf "$WORK"; else echo "restore drill files kept in $WORK"; fi
}
trap cleanup EXIT INT TERM
fail() { echo "restore drill: FAILED: $*" >&2; exit 1; }

dotnet "$(BIN Admin)" demo init --data "$DATA" --households 20 >"$LOGS/admin.log"
# The KEK is never in a database backup: it is backed up apart (here a copy; in production a sealed copy in the
# city's safe or an HSM's backup), and the drill starts the restored silo from that copy only.
mkdir -m 700 "$KEYS"
cp "$DATA/kek.key" "$KEYS/kek.key"

# The server that will be lost: WAL archived segment by segment, a segment switched at least every 5 s.
CERTORLEANS_PG_KEEP=0 CERTORLEANS_PG_DIR="$WORK/pg-lost" CERTORLEANS_PG_PORT=55480 CERTORLEANS_PG_FSYNC=on \
  CERTORLEANS_PG_ARCHIVE="$ARCHIVE" scripts/test-postgres.sh start >/dev/null
OWNER="host=127.0.0.1 port=55480 user=postgres dbname=certorleans"
psql "host=127.0.0.1 port=55480 user=postgres dbname=postgres" -qc "CREATE DATABASE certorleans"
CONNECTION="Host=127.0.0.1;Port=55480;Username=postgres;Database=certorleans"
dotnet "$(BIN Silo)" migrate --Store:Provider Postgres --ConnectionStrings:certorleans "$CONNECTION" >"$LOGS/migrate.log" 2>&1 || fail "the schema was not applied"
psql "$OWNER" -q -f scripts/silo-role.sql

# The silo's clock is shifted so that it is noon in Japan (synthetic residents only; the service must be open).
noon=$(TZ=Asia/Tokyo date -d "$(TZ=Asia/Tokyo date +%Y-%m-%d) 12:00" +%s)
shift_seconds=$(( noon - $(date +%s) ))
sign=""; [ "$shift_seconds" -lt 0 ] && { sign="-"; shift_seconds=$(( -shift_seconds )); }
export Rehearsal__ClockShift="$sign$(printf '%02d:%02d:%02d' $(( shift_seconds / 3600 )) $(( shift_seconds % 3600 / 60 )) $(( shift_seconds % 60 )))"
export Store__Provider=Postgres Orleans__Clustering__ProviderType=AdoNet Store__Migrate=false
export Cards__RootCertificateFile="$DATA/pki/card-ca.pem" Cards__Revocation__CrlFile="$DATA/pki/card-ca.crl" Verification__PublicUrl="https://127.0.0.1:5743/verify"
export Cluster__Tls__CertificateFile="$DATA/pki/cluster-member.pfx" Cluster__Tls__CaFile="$DATA/pki/cluster-ca.pem"
export Orleans__ClusterId=certorleans-drill Orleans__ServiceId=certorleans-drill

# One silo and one gateway on port $1 of PostgreSQL, with the KEK file $2.
start_service() {
  local port="$1" kek="$2" name="$3"
  ConnectionStrings__certorleans="Host=127.0.0.1;Port=$port;Username=certorleans_silo;Database=certorleans" Encryption__KeyFile="$kek" \
    Orleans__Endpoints__SiloPort=11611 Orleans__Endpoints__GatewayPort=30611 Operations__Url="http://127.0.0.1:9711" \
    dotnet "$(BIN Silo)" >"$LOGS/silo-$name.log" 2>&1 &
  pids+=($!)
  env -u ConnectionStrings__certorleans Orleans__Clustering__ProviderType=Static Orleans__Clustering__Gateways__0=127.0.0.1:30611 \
    dotnet "$(BIN Gateway)" --urls "https://127.0.0.1:5743" \
    --Gateway:Certificates:Server "$DATA/pki/gateway.pem" --Gateway:Certificates:ServerKey "$DATA/pki/gateway.key.pem" \
    --Gateway:Certificates:TerminalCa "$DATA/pki/terminal-ca.pem" \
    --Gateway:Admin:KeyHashFile "$DATA/admin.key.sha256" --Gateway:Registry:KeyHashFile "$DATA/registry.key.sha256" >"$LOGS/gateway-$name.log" 2>&1 &
  pids+=($!)
  for i in $(seq 1 120); do
    curl -sf --cacert "$DATA/pki/gateway-ca.pem" https://127.0.0.1:5743/health/ready >/dev/null 2>&1 \
      && curl -sf http://127.0.0.1:9711/health/ready >/dev/null 2>&1 && return 0
    [ "$i" -eq 120 ] && fail "the $name service did not become ready (logs in $LOGS)"
    sleep 1
  done
}
stop_service() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  pids=()
}
GW=(--data "$DATA" --gateway https://127.0.0.1:5743/)
KIOSK=(dotnet "$(BIN Kiosk)" --gateway https://127.0.0.1:5743/ --gateway-ca "$DATA/pki/gateway-ca.pem" --terminal "$DATA/pki/terminal-kiosk-demo-0001.pfx"
  --card "$DATA/cards/demo.card.json" --pin 1234 --keep)
# Prints the demo resident's 住民票 into $WORK/out/$1 and echoes the certificate number.
print() {
  local out="$WORK/out/$1" number
  mkdir -p "$out"
  "${KIOSK[@]}" --out "$out" >"$LOGS/kiosk-$1.log" 2>&1 || fail "the print '$1' failed (see $LOGS/kiosk-$1.log)"
  number="$(sed -n 's/^certificate number \([^,]*\),.*/\1/p' "$LOGS/kiosk-$1.log")"
  [ -n "$number" ] && [ -f "$out/$number.pdf" ] || fail "the print '$1' left no certificate"
  echo "$number"
}
offline_verify() {  # PDF KEYS: exit 0 only for a genuine certificate
  dotnet "$(BIN Admin)" verify --pdf "$1" --keys "$2" >>"$LOGS/verify.log" 2>&1
}

start_service 55480 "$DATA/kek.key" lost
dotnet "$(BIN Admin)" demo load "${GW[@]}" >>"$LOGS/admin.log" 2>&1 || fail "the demo did not load"
# What the city holds, made before the loss: its journal keys, pinned at onboarding.
dotnet "$(BIN Admin)" journal export --municipality 092011 --out "$CITY/onboarding.json" "${GW[@]}" >>"$LOGS/admin.log"
dotnet "$(BIN Admin)" journal pin --municipality 092011 --out "$CITY/trust-092011.json" "${GW[@]}" >>"$LOGS/admin.log"

before_backup="$(print before-backup)"
# An issuing key is made at a city's first issuance; the published keys are saved as a relying party would.
curl -sf --cacert "$DATA/pki/gateway-ca.pem" https://127.0.0.1:5743/verify/v1/keys/092011 >"$CITY/keys-092011.json" || fail "no published keys"
# The base backup as an operator's cron takes it (scripts/backup.sh), its outcome where node-exporter reads it.
mkdir -p "$WORK/metrics"
BACKUP="$(scripts/backup.sh --to "$BASE" --port 55480 --metrics-dir "$WORK/metrics" 2>"$LOGS/basebackup.log")" \
  || fail "the base backup failed (see $LOGS/basebackup.log)"
grep -qx 'certorleans_backup_last_run_succeeded 1' "$WORK/metrics/certorleans_backup.prom" || fail "the backup's success was not recorded"
# A backup that fails (no server there) is recorded as failed, keeps the last success's time and leaves no folder.
! scripts/backup.sh --to "$BASE" --port 55499 --metrics-dir "$WORK/metrics" >/dev/null 2>&1 || fail "a backup of no server succeeded"
grep -qx 'certorleans_backup_last_run_succeeded 0' "$WORK/metrics/certorleans_backup.prom" || fail "a failed backup was not recorded"
grep -q '^certorleans_backup_last_success_timestamp_seconds [0-9]' "$WORK/metrics/certorleans_backup.prom" || fail "a failed backup lost the last success's time"
[ "$(ls -1d "$BASE"/base-* | grep -vc '\.log$')" = 1 ] || fail "a failed backup left a folder behind"
after_backup="$(print after-backup)"
# The point in time to restore to: after this print was committed, before the next.
sleep 2
target="$(psql "$OWNER" -qAtc "SELECT now()")"
sleep 2
after_target="$(print after-target)"
# Every change up to now is archived before the server is lost (archive_timeout would do it within 5 s anyway).
psql "$OWNER" -qAtc "SELECT pg_switch_wal()" >/dev/null
last="$(psql "$OWNER" -qAtc "SELECT pg_walfile_name(pg_current_wal_lsn() - 1)")"
for i in $(seq 1 30); do [ -f "$ARCHIVE/$last" ] && break; [ "$i" -eq 30 ] && fail "WAL segment $last was not archived"; sleep 1; done
echo "printed before the backup $before_backup, after it $after_backup, after the point in time ($target) $after_target"

# The loss: the service stops and the server's data is gone.
stop_service
as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg-lost" -m immediate stop >/dev/null
rm -rf "$WORK/pg-lost"
echo "lost: PostgreSQL's data folder deleted"

# The restore: the base backup, then the archived WAL replayed up to the point in time, then promoted.
R="$WORK/pg-restored"
mkdir -m 700 "$R"
tar -xzf "$BACKUP/base.tar.gz" -C "$R"
mkdir -p "$R/pg_wal" && tar -xzf "$BACKUP/pg_wal.tar.gz" -C "$R/pg_wal"
cat >>"$R/postgresql.auto.conf" <<CONF
restore_command = 'cp $ARCHIVE/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
archive_mode = off
CONF
touch "$R/recovery.signal"
chown -R postgres:postgres "$R" 2>/dev/null || true
start=$(date +%s)
CERTORLEANS_PG_KEEP=1 CERTORLEANS_PG_DIR="$R" CERTORLEANS_PG_PORT=55481 scripts/test-postgres.sh start >/dev/null
for i in $(seq 1 60); do
  [ "$(psql "host=127.0.0.1 port=55481 user=postgres dbname=certorleans" -qAtc "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ] && break
  [ "$i" -eq 60 ] && fail "the restored server did not finish its recovery"
  sleep 1
done
echo "restored to $target in $(( $(date +%s) - start )) s: $(grep -c 'restored log file' "$R/server.log" || true) archived WAL segment(s) replayed"
start_service 55481 "$KEYS/kek.key" restored

# The checks, with what the city holds.
verdict=0
dotnet "$(BIN Admin)" journal export --municipality 092011 --out "$CITY/restored.json" "${GW[@]}" >>"$LOGS/admin.log" 2>&1 || fail "no journal export"
dotnet "$(BIN Admin)" journal verify --bundle "$CITY/restored.json" --trust "$CITY/trust-092011.json" >"$LOGS/journal-verify.log" 2>&1 || verdict=$?
echo "journal 092011 against the keys pinned before the loss (exit $verdict): $(cat "$LOGS/journal-verify.log")"
[ "$verdict" = 0 ] || fail "the restored journal does not verify"
for number in "$before_backup" "$after_backup"; do
  dotnet "$(BIN Admin)" journal statement --municipality 092011 --reference "$number" --out "$CITY/statement-$number.json" "${GW[@]}" >>"$LOGS/admin.log" 2>&1 \
    || fail "no deletion statement of $number, printed before the point in time"
  dotnet "$(BIN Admin)" journal verify --bundle "$CITY/statement-$number.json" --trust "$CITY/trust-092011.json" >>"$LOGS/journal-verify.log" 2>&1 \
    || fail "the deletion statement of $number does not verify"
done
# Not there means the service answers 404 for it; any other failure proves nothing.
if dotnet "$(BIN Admin)" journal statement --municipality 092011 --reference "$after_target" --out "$CITY/statement-after.json" "${GW[@]}" >"$LOGS/statement-after.log" 2>&1; then
  fail "$after_target, printed after the point in time, is in the restored journal"
fi
grep -q "(404)" "$LOGS/statement-after.log" || fail "asking for $after_target failed otherwise than not found: $(cat "$LOGS/statement-after.log")"
echo "journal: deletion statements of $before_backup and $after_backup verify; $after_target (after the point) is not there"
for pdf in "$WORK/out/before-backup/$before_backup.pdf" "$WORK/out/after-backup/$after_backup.pdf"; do
  offline_verify "$pdf" "$CITY/keys-092011.json" || fail "$(basename "$pdf") does not verify against the keys published before the loss"
done
restored="$(print restored)"
offline_verify "$WORK/out/restored/$restored.pdf" "$CITY/keys-092011.json" \
  || fail "the certificate printed after the restore is not signed with the issuing key published before the loss"
echo "keys: certificates printed before the loss verify with the keys saved then; the demo resident (sealed) prints as $restored, signed with the same issuing key"
passed=1
echo "restore drill: PASSED"
