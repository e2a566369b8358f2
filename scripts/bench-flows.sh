#!/usr/bin/env bash
# ./bench.sh flows [--kiosks N] [--seconds S] [--rate R]: what a kiosk flow costs the server. The silo and the
# gateway run as run.sh runs them (separate processes, SQLite, a data folder of their own); the kiosk fleet, with
# the oracle on every PDF, is a third process that reads their CPU time around a measured window after warm-up.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
KIOSKS=16 SECONDS_TO_RUN=30 RATE=()
while [ $# -gt 0 ]; do
  case "$1" in
    --kiosks) KIOSKS="$2"; shift 2 ;;
    --seconds) SECONDS_TO_RUN="$2"; shift 2 ;;
    --rate) RATE=(--rate "$2"); shift 2 ;;
    *) echo "usage: $0 [--kiosks N] [--seconds S] [--rate R]" >&2; exit 2 ;;
  esac
done
DATA="$(mktemp -d /tmp/certorleans-bench-flows-XXXXXX)"
export CERTORLEANS_DATA="$DATA" CERTORLEANS_PORT=5743
# Service hours are 6:30–23:00 in Japan: the cluster's clock is moved to noon there, whenever this runs.
SHIFT=$(( 12 - 10#$(TZ=Asia/Tokyo date +%H) ))
export Rehearsal__ClockShift="$( [ "$SHIFT" -lt 0 ] && printf -- '-' )$(printf '%02d:00:00' "${SHIFT#-}")"
# Virtual kiosks serve customers back to back, far faster than real ones: no per-terminal limit for them.
export Gateway__RateLimits__TerminalPermitsPerSecond=100000 Gateway__RateLimits__TerminalBurst=100000
./run.sh >"$DATA/run.out" 2>&1 &
RUN_PID=$!
trap 'kill "$RUN_PID" 2>/dev/null || true; wait "$RUN_PID" 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 240); do
  grep -q "CertOrleans is running" "$DATA/run.out" 2>/dev/null && break
  kill -0 "$RUN_PID" 2>/dev/null || { cat "$DATA/run.out"; echo "error: run.sh stopped" >&2; exit 1; }
  sleep 1
done
grep -q "CertOrleans is running" "$DATA/run.out" || { echo "error: run.sh did not come up" >&2; exit 1; }
SILO_PID="$(pgrep -f "$ROOT/src/Silo/bin/Release/net10.0/CertOrleans.Silo.dll" | head -1)"
GATEWAY_PID="$(pgrep -f "$ROOT/src/Gateway/bin/Release/net10.0/CertOrleans.Gateway.dll" | head -1)"
export Cluster__Tls__CertificateFile="$DATA/pki/cluster-member.pfx" Cluster__Tls__CaFile="$DATA/pki/cluster-ca.pem"
dotnet "$ROOT/src/Benchmarks/bin/Release/net10.0/CertOrleans.Benchmarks.dll" cost --gateway "https://127.0.0.1:5743/" --data "$DATA" \
  --kiosks "$KIOSKS" --seconds "$SECONDS_TO_RUN" "${RATE[@]}" --pid "silo=$SILO_PID" --pid "gateway=$GATEWAY_PID"
