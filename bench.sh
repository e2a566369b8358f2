#!/usr/bin/env bash
# Benchmarks (not part of ./test.sh):
#   ./bench.sh render [--iterations N]          time to render each certificate type
#   ./bench.sh load [--households N]            the synthetic city loaded into SQLite and into PostgreSQL,
#                                               beside each database's raw upsert rate
#   ./bench.sh flows [--kiosks 16] [--seconds 30] [--rate R] [--profile DIR]
#                                               server CPU per kiosk flow: silo and gateway as run.sh runs them, the
#                                               kiosk fleet (oracle on) in its own process, beside the floor; with
#                                               --profile, where each server process's CPU went (Linux perf)
#   ./bench.sh flows-in-process [--kiosks 64,256] [--seconds S] [--rate R] [--no-oracle]
#                                               latency at many kiosks, everything in one process
#   ./bench.sh overload [--kiosks 32] [--seconds 20] [--overload-seconds 60] [--max-active 32]
#                                               three times the measured capacity from two cities (10:1): shedding, fair shares
set -euo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh --test
dotnet build src/Benchmarks -c Release -nologo -v quiet -clp:ErrorsOnly
BENCH=(dotnet src/Benchmarks/bin/Release/net10.0/CertOrleans.Benchmarks.dll)
if [ "${1:-render}" = "load" ]; then
  shift
  HOUSEHOLDS=230000
  if [ "${1:-}" = "--households" ]; then HOUSEHOLDS="$2"; fi
  CITY="${CERTORLEANS_BENCH_CITY:-/tmp/certorleans-city-$HOUSEHOLDS}"
  dotnet build src/Admin -c Release -nologo -v quiet -clp:ErrorsOnly
  [ -f "$CITY/residents.jsonl" ] || dotnet src/Admin/bin/Release/net10.0/CertOrleans.Admin.dll demo city --households "$HOUSEHOLDS" --out "$CITY"
  "${BENCH[@]}" load --store sqlite --city "$CITY"
  POSTGRES="$(CERTORLEANS_PG_DIR=/tmp/certorleans-bench-pg CERTORLEANS_PG_PORT=55433 scripts/test-postgres.sh start)"
  trap 'CERTORLEANS_PG_DIR=/tmp/certorleans-bench-pg CERTORLEANS_PG_PORT=55433 scripts/test-postgres.sh stop' EXIT
  "${BENCH[@]}" load --store postgres --postgres "$POSTGRES" --city "$CITY"
elif [ "${1:-}" = "flows" ]; then
  shift
  exec scripts/bench-flows.sh "$@"
elif [ "${1:-}" = "flows-in-process" ]; then
  shift
  "${BENCH[@]}" flows "$@"
else
  "${BENCH[@]}" "${@:-render}"
fi
