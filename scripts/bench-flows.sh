#!/usr/bin/env bash
# ./bench.sh flows [--kiosks N] [--seconds S] [--rate R] [--profile DIR]: what a kiosk flow costs the server. The
# silo and the gateway run as run.sh runs them (separate processes, SQLite, a data folder of their own); the kiosk
# fleet, with the oracle on every PDF, is a third process that reads their CPU time around a measured window after
# warm-up. With --profile, Linux perf also samples the silo and the gateway for the window's first 15 s and prints
# where each one's CPU went (the runtime then writes perf maps, with W^X off so they resolve: figures shift a little).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
KIOSKS=16 SECONDS_TO_RUN=30 RATE=() PROFILE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --kiosks) KIOSKS="$2"; shift 2 ;;
    --seconds) SECONDS_TO_RUN="$2"; shift 2 ;;
    --rate) RATE=(--rate "$2"); shift 2 ;;
    --profile) PROFILE="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    *) echo "usage: $0 [--kiosks N] [--seconds S] [--rate R] [--profile DIR]" >&2; exit 2 ;;
  esac
done
if [ -n "$PROFILE" ]; then
  if ! command -v perf >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends linux-perf >/dev/null
  fi
  export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
fi
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
  --kiosks "$KIOSKS" --seconds "$SECONDS_TO_RUN" "${RATE[@]}" --pid "silo=$SILO_PID" --pid "gateway=$GATEWAY_PID" \
  ${PROFILE:+--perf "$PROFILE"}
if [ -n "$PROFILE" ]; then
  for name in silo gateway; do
    perf script -i "$PROFILE/$name.data" > "$PROFILE/$name.txt" 2>/dev/null
    echo "where the $name's CPU went (perf, the window's first 15 s):"
    python3 scripts/perf-groups.py "$PROFILE/$name.txt"
  done
  rm -f "/tmp/perf-$SILO_PID.map" "/tmp/perf-$GATEWAY_PID.map"
fi
