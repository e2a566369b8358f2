#!/usr/bin/env bash
# A base backup of the CertOrleans database, taken while the service runs (pg_basebackup, tar format, compressed,
# with the WAL it needs), for the point-in-time restore in docs/operations.md with the WAL archive. A backup is
# written into a folder named .partial and renamed only when pg_basebackup succeeded, so a folder named
# base-<UTC time> is always whole. The outcome is written for node-exporter's textfile collector (atomically), so
# that the CertOrleansBaseBackupFailing alert sees a failed or missing backup:
#   certorleans_backup_last_run_succeeded 1|0, certorleans_backup_last_success_timestamp_seconds, certorleans_backup_last_bytes
#
#   scripts/backup.sh --to DIR [--host H] [--port P] [--user U] [--keep N] [--metrics-dir D]
#     defaults: --host 127.0.0.1 --port 5432 --user postgres --keep 4; without --metrics-dir no metrics are written.
#     Run it from cron (daily or weekly) on a host that reaches the primary; the multi-host address of --ha works.
#     Exit 0 with the backup's folder on standard output; non-zero and a message when the backup failed.
set -euo pipefail
HOST=127.0.0.1 PORT=5432 USER_NAME=postgres KEEP=4 TO="" METRICS=""
usage() { echo "usage: $0 --to DIR [--host H] [--port P] [--user U] [--keep N] [--metrics-dir D]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --to) TO="${2:-}"; shift 2 ;;
    --host) HOST="${2:-}"; shift 2 ;;
    --port) PORT="${2:-}"; shift 2 ;;
    --user) USER_NAME="${2:-}"; shift 2 ;;
    --keep) KEEP="${2:-}"; shift 2 ;;
    --metrics-dir) METRICS="${2:-}"; shift 2 ;;
    *) usage ;;
  esac
done
[ -n "$TO" ] || usage
[[ "$PORT" =~ ^[1-9][0-9]*$ ]] || { echo "error: --port takes a port number, not '$PORT'" >&2; exit 2; }
[[ "$KEEP" =~ ^[1-9][0-9]*$ ]] || { echo "error: --keep takes a whole number of at least 1, not '$KEEP'" >&2; exit 2; }
[ -z "$METRICS" ] || [ -d "$METRICS" ] || { echo "error: the metrics folder $METRICS does not exist" >&2; exit 2; }
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$PGBIN/pg_basebackup" ] || { echo "error: pg_basebackup not found (install postgresql)" >&2; exit 1; }
mkdir -p -m 700 "$TO"

# The outcome for the textfile collector: written beside, then renamed, so a scrape never reads half a file.
record() {
  local succeeded="$1" bytes="${2:-0}" file previous=""
  [ -n "$METRICS" ] || return 0
  file="$METRICS/certorleans_backup.prom"
  [ -f "$file" ] && previous="$(sed -n 's/^certorleans_backup_last_success_timestamp_seconds //p' "$file")"
  [ "$succeeded" = 1 ] && previous="$(date +%s)"
  {
    echo "# HELP certorleans_backup_last_run_succeeded Whether the last base backup succeeded (1) or failed (0)."
    echo "# TYPE certorleans_backup_last_run_succeeded gauge"
    echo "certorleans_backup_last_run_succeeded $succeeded"
    if [ -n "$previous" ]; then
      echo "# HELP certorleans_backup_last_success_timestamp_seconds When the last base backup that succeeded ended (Unix time)."
      echo "# TYPE certorleans_backup_last_success_timestamp_seconds gauge"
      echo "certorleans_backup_last_success_timestamp_seconds $previous"
    fi
    echo "# HELP certorleans_backup_last_bytes Size of the last base backup that succeeded."
    echo "# TYPE certorleans_backup_last_bytes gauge"
    echo "certorleans_backup_last_bytes $bytes"
  } >"$file.tmp"
  mv "$file.tmp" "$file"
}

name="base-$(date -u +%Y%m%dT%H%M%SZ)"
partial="$TO/$name.partial"
rm -rf "$partial"
if ! "$PGBIN/pg_basebackup" -h "$HOST" -p "$PORT" -U "$USER_NAME" -D "$partial" -Ft -z -X stream -c fast -w >"$TO/$name.log" 2>&1; then
  rm -rf "$partial"
  record 0
  echo "error: the base backup failed (see $TO/$name.log); the last good one is kept" >&2
  exit 1
fi
mv "$partial" "$TO/$name"
rm -f "$TO/$name.log"
record 1 "$(du -sb "$TO/$name" | cut -f1)"
# Keep the newest KEEP whole backups; a .partial left by a crash is removed with them.
ls -1d "$TO"/base-*Z 2>/dev/null | sort | head -n -"$KEEP" | xargs -r rm -rf
find "$TO" -maxdepth 1 -name 'base-*.partial' ! -name "$name.partial" -exec rm -rf {} +
echo "$TO/$name"
