#!/usr/bin/env bash
# The fault test: a 3-silo CertOrleans cluster on a private PostgreSQL, the gateway, and the load generator
# (virtual kiosks over HTTPS with client certificates and software cards, the oracle on every PDF). While the
# kiosks run, a silo is killed with SIGKILL every few seconds and restarted, PostgreSQL is crash-restarted
# once, one silo is stopped with SIGTERM (graceful drain) and restarted, and a fourth silo joins the cluster
# and later leaves it (SIGTERM) while the kiosks run (they go on past --seconds until every fault is made).
# Within 60 s of PostgreSQL's return the kiosks must be served again. Then the audit: zero mix-ups, every
# request ended on record, every paid request printed or recorded as failed, no acknowledged registry change
# lost or rolled back, no personal data in the store or the logs. A city witness (`journal witness`, with a key
# only it holds and the journal keys it pinned at the start) cosigns each city's chain every few seconds through
# all of it and must never refuse; afterwards every city's chain verifies against its pins and its witness log,
# and the cluster chain holds a deployment entry for every silo and gateway start, whose build a clean clone of
# its commit rebuilds byte for byte (code and metadata). Exit 0 only if all of that holds.
#
# Every silo runs on a host of its own: a Linux network namespace made by scripts/netns.sh (certorleans-h1 …
# h4 at 10.213.0.11 … 14), so silos talk to each other, and the gateway and the load generator to them, over
# mutual TLS across a bridge, never over loopback. From a fifth namespace an outsider without the cluster
# certificate tries to call a grain and must be refused.
#
#   scripts/fault-test.sh [--seconds S] [--kiosks K] [--kill-every N] [--households H] [--ha] [--pg-fault-every P]
#     ./test.sh runs a short version; the long run in the README is --seconds 600 or more. The PostgreSQL fault is
#     made at half time, and with --pg-fault-every again every P seconds after that (a soak's repeated failovers).
# With --ha, PostgreSQL is a primary and a synchronous standby under pg_auto_failover (scripts/ha-postgres.sh, hosts
# 6-8), and its fault is the loss of the primary's host (SIGKILL of all its processes), the failover, and the old
# primary rejoining as the standby, in place of the crash-restart of the single server.
# Ports: silos 11311-11314 / 30311-30314 (operations 9511-9514) at 10.213.0.11-14, gateway 5643, PostgreSQL 55460
# (127.0.0.1 and the bridge, 10.213.0.1). Needs root for the namespaces. Work folder: /tmp/certorleans-fault-*
# (kept when the test fails, removed when it passes; CERTORLEANS_FAULT_KEEP=1 keeps it always).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
SECONDS_TO_RUN=60
KIOSKS=24
KILL_EVERY=8
HOUSEHOLDS=300
HA=0
PG_FAULT_EVERY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_TO_RUN="$2"; shift 2 ;;
    --kiosks) KIOSKS="$2"; shift 2 ;;
    --kill-every) KILL_EVERY="$2"; shift 2 ;;
    --households) HOUSEHOLDS="$2"; shift 2 ;;
    --ha) HA=1; shift ;;
    --pg-fault-every) PG_FAULT_EVERY="$2"; shift 2 ;;
    *) echo "usage: $0 [--seconds S] [--kiosks K] [--kill-every N] [--households H] [--ha] [--pg-fault-every P]" >&2; exit 2 ;;
  esac
done
for n in "$SECONDS_TO_RUN" "$KIOSKS" "$KILL_EVERY" "$HOUSEHOLDS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "error: every option takes a whole number of at least 1" >&2; exit 2; }
done
[[ "$PG_FAULT_EVERY" =~ ^[0-9]+$ ]] || { echo "error: --pg-fault-every takes a whole number of seconds" >&2; exit 2; }

CONFIG=Release
BIN() { echo "$ROOT/src/$1/bin/$CONFIG/net10.0/CertOrleans.$1.dll"; }
if [ "${CERTORLEANS_FAULT_NO_BUILD:-0}" != 1 ]; then
  scripts/prerequisites.sh --test
  [ "$HA" = 0 ] || scripts/prerequisites.sh --ha
  dotnet build CertOrleans.sln -c "$CONFIG" -nologo -v quiet -clp:ErrorsOnly
fi
for project in Silo Gateway Admin; do
  [ -f "$(BIN $project)" ] || { echo "error: $(BIN $project) is not built (run without CERTORLEANS_FAULT_NO_BUILD)" >&2; exit 1; }
done
[ -f "$ROOT/src/Benchmarks/bin/$CONFIG/net10.0/CertOrleans.Benchmarks.dll" ] || { echo "error: the load generator is not built" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "error: the fault test makes network namespaces and must run as root" >&2; exit 1; }
if ip link show certorleans0 >/dev/null 2>&1; then echo "error: the namespaces of another fault test exist (scripts/netns.sh down removes them)" >&2; exit 1; fi
for port in 5643 $( [ "$HA" = 1 ] || echo 55460); do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "error: port $port is in use; is another fault test running?" >&2; exit 1; fi
done

WORK="$(mktemp -d /tmp/certorleans-fault-XXXXXX)"
chmod 755 "$WORK"  # the postgres account (initdb as root) must reach its folder inside
DATA="$WORK/data"
LOGS="$WORK/logs"
mkdir -p "$LOGS"
export CERTORLEANS_PG_DIR="$WORK/pg" CERTORLEANS_PG_PORT=55460 CERTORLEANS_PG_FSYNC=on CERTORLEANS_PG_BRIDGE=10.213.0.1/24
declare -A silo_pids=()
gateway_pid=""
drive_pid=""
witness_pid=""
silo_starts=0
passed=0
cleanup() {
  trap '' INT TERM  # a second Ctrl-C must not cut the clean-up short
  trap - EXIT
  [ -n "$drive_pid" ] && kill "$drive_pid" 2>/dev/null || true
  [ -n "$witness_pid" ] && kill "$witness_pid" 2>/dev/null || true
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null || true
  for pid in "${silo_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$HA" = 1 ]; then scripts/ha-postgres.sh down || true; else scripts/test-postgres.sh stop || true; fi
  scripts/netns.sh down || true
  if [ "$passed" = 1 ] && [ "${CERTORLEANS_FAULT_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else echo "fault test files kept in $WORK"; fi
}
trap cleanup EXIT INT TERM

# Hosts 1-4 for the silos, host 5 for the outsider, 6-8 for PostgreSQL with --ha.
if [ "$HA" = 1 ]; then
  scripts/netns.sh up 8
  # The monitor calls a node lost after 3 s without an answer and promotes the standby 5 s later (the defaults
  # suit a data centre; the test wants its failover inside the run).
  CERTORLEANS_HA_CHECK_MS=1000 CERTORLEANS_HA_UNHEALTHY_MS=3000 CERTORLEANS_HA_DEMOTE_MS=5000 scripts/ha-postgres.sh up "$WORK/pg"
  CONNECTION="$(scripts/ha-postgres.sh connection)"
  PSQL="$(scripts/ha-postgres.sh uri)"
else
  scripts/netns.sh up 5
  SERVER="$(scripts/test-postgres.sh start)"
  psql "host=127.0.0.1 port=55460 user=postgres dbname=postgres" -qc "CREATE DATABASE certorleans"
  CONNECTION="${SERVER/Database=postgres/Database=certorleans}"
  CONNECTION="${CONNECTION/Host=127.0.0.1/Host=10.213.0.1}"  # the silos reach PostgreSQL across the bridge
  PSQL="host=127.0.0.1 port=55460 user=postgres dbname=certorleans"
fi
# Least privilege: the owner applies the schema; the silos connect as a role that reads and writes rows only.
dotnet "$(BIN Silo)" migrate --Store:Provider Postgres --ConnectionStrings:certorleans "$CONNECTION" >"$LOGS/migrate.log" 2>&1 \
  || { cat "$LOGS/migrate.log"; echo "error: the schema could not be applied" >&2; exit 1; }
psql "$PSQL" -q -f scripts/silo-role.sql
SILO_CONNECTION="${CONNECTION/Username=postgres/Username=certorleans_silo}"
dotnet "$(BIN Admin)" demo init --data "$DATA" --households 20 >"$LOGS/admin.log"

# Every process of the cluster, and the load generator's Orleans client, share this configuration.
export Store__Provider=Postgres Orleans__Clustering__ProviderType=AdoNet ConnectionStrings__certorleans="$CONNECTION"
export Encryption__KeyFile="$DATA/kek.key" Cards__RootCertificateFile="$DATA/pki/card-ca.pem" Cards__Revocation__CrlFile="$DATA/pki/card-ca.crl"
export Cluster__Tls__CertificateFile="$DATA/pki/cluster-member.pfx" Cluster__Tls__CaFile="$DATA/pki/cluster-ca.pem" Orleans__ClusterId=certorleans-fault Orleans__ServiceId=certorleans-fault
# Synthetic residents only: every silo's clock is shifted so that it is noon in Japan now (the service is open
# whenever this runs); one shift for all, so the silos agree on the time however they are restarted.
noon=$(TZ=Asia/Tokyo date -d "$(TZ=Asia/Tokyo date +%Y-%m-%d) 12:00" +%s)
shift_seconds=$(( noon - $(date +%s) ))
sign=""; [ "$shift_seconds" -lt 0 ] && { sign="-"; shift_seconds=$(( -shift_seconds )); }
export Rehearsal__ClockShift="$sign$(printf '%02d:%02d:%02d' $(( shift_seconds / 3600 )) $(( shift_seconds % 3600 / 60 )) $(( shift_seconds % 60 )))"
# Short request limits so abandoned and lost requests end within the test; quick failure detection.
export Requests__StepTimeout=00:00:15 Requests__RequestTimeout=00:00:30 Requests__AbandonedGrace=00:00:05 Requests__AbandonedSweepPeriod=00:00:05
export Orleans__Membership__ProbeTimeout=00:00:02 Orleans__Membership__NumMissedProbesLimit=2 Orleans__Messaging__ResponseTimeout=00:00:15

silo_address() { scripts/netns.sh address $(( $1 + 1 )); }
# Silo $1 on host $1+1: it advertises, and listens on, that host's address only. `ip netns exec` execs, so $! is the silo.
start_silo() {
  local i="$1"
  ConnectionStrings__certorleans="$SILO_CONNECTION" Store__Migrate=false Orleans__Endpoints__AdvertisedIPAddress="$(silo_address "$i")" Orleans__Endpoints__SiloPort=$((11311 + i)) Orleans__Endpoints__GatewayPort=$((30311 + i)) \
    Operations__Url="http://$(silo_address "$i"):$((9511 + i))" \
    ip netns exec "certorleans-h$((i + 1))" dotnet "$(BIN Silo)" >>"$LOGS/silo-$i.log" 2>&1 &
  silo_pids[$i]=$!
  silo_starts=$((silo_starts + 1))
}
# SIGTERM to silo $1 and wait (60 s at most) for it to exit; its exit status goes to $terminated (124: did not
# exit). Not a $(...) substitution: only this shell can wait for its own children.
terminate_silo() {
  terminated=0
  kill -TERM "${silo_pids[$1]}"
  timeout 60 tail --pid="${silo_pids[$1]}" -f /dev/null || terminated=124
  wait "${silo_pids[$1]}" || terminated=$?
}
# Waits up to $2 seconds for silo $1 to answer ready. A silo whose start failed (Orleans refuses to join when an
# active silo does not answer its probe in time, and a silo itself restarting may not) is started again, as a real
# deployment's service manager would (Restart=on-failure). On time-out its log's last lines go to stderr.
wait_silo_ready() {
  local i="$1" deadline=$(( $(date +%s) + $2 )) status
  while [ "$(date +%s)" -lt "$deadline" ]; do
    curl -sf "http://$(silo_address "$i"):$((9511 + i))/health/ready" >/dev/null && return 0
    if ! kill -0 "${silo_pids[$i]}" 2>/dev/null; then
      status=0; wait "${silo_pids[$i]}" 2>/dev/null || status=$?
      echo "[$(( $(date +%s) - ${begin:-$(date +%s)} )) s] silo $i: its start failed (exit $status); started again, as a service manager would"
      start_silo "$i"
    fi
    sleep 1
  done
  echo "error: silo $i is not ready after $2 s; the end of $LOGS/silo-$i.log:" >&2
  tail -n 15 "$LOGS/silo-$i.log" >&2
  return 1
}
wait_port() {
  for _ in $(seq 1 90); do
    if (exec 3<>/dev/tcp/"$1"/"$2") 2>/dev/null; then return 0; fi
    sleep 1
  done
  echo "error: nothing listens on $1:$2 after 90 s; logs in $LOGS" >&2
  return 1
}
for i in 0 1 2; do start_silo "$i"; done
for i in 0 1 2; do wait_port "$(silo_address "$i")" $((30311 + i)); done
# Nothing of the cluster listens on this machine's own loopback: the silos live on their hosts.
for port in 11311 30311 9511; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "error: port $port answers on loopback; the silos must be on their own hosts" >&2; exit 1; fi
done

# The gateway is a client with no database: it is given the three silos' gateway endpoints (Orleans' Static
# clustering). It keeps to those that answer while one is killed; the fourth silo, not listed, serves it through them.
env -u ConnectionStrings__certorleans Orleans__Clustering__ProviderType=Static \
  Orleans__Clustering__Gateways__0="$(silo_address 0):30311" Orleans__Clustering__Gateways__1="$(silo_address 1):30312" Orleans__Clustering__Gateways__2="$(silo_address 2):30313" \
dotnet "$(BIN Gateway)" --urls "https://127.0.0.1:5643" \
  --Gateway:Certificates:Server "$DATA/pki/gateway.pem" --Gateway:Certificates:ServerKey "$DATA/pki/gateway.key.pem" \
  --Gateway:Certificates:TerminalCa "$DATA/pki/terminal-ca.pem" \
  --Gateway:Admin:KeyHashFile "$DATA/admin.key.sha256" --Gateway:Registry:KeyHashFile "$DATA/registry.key.sha256" \
  --Gateway:RateLimits:TerminalPermitsPerSecond 1000 --Gateway:RateLimits:TerminalBurst 1000 >"$LOGS/gateway.log" 2>&1 &
gateway_pid=$!
for i in $(seq 1 90); do
  curl -sf --cacert "$DATA/pki/gateway-ca.pem" https://127.0.0.1:5643/health/ready >/dev/null 2>&1 && break
  [ "$i" -eq 90 ] && { echo "error: the gateway did not become ready; see $LOGS/gateway.log" >&2; exit 1; }
  sleep 1
done
for i in 0 1 2; do wait_silo_ready "$i" 30 || exit 1; done
# Operations: the dashboard is for administrators only (Basic with the admin key, for browsers).
CA=(--cacert "$DATA/pki/gateway-ca.pem")
anonymous=$(curl -s -o /dev/null -w '%{http_code}' "${CA[@]}" https://127.0.0.1:5643/dashboard/)
registry=$(curl -s -o /dev/null -w '%{http_code}' "${CA[@]}" -u "registry:$(cat "$DATA/registry.key")" https://127.0.0.1:5643/dashboard/)
admin=$(curl -s -o /dev/null -w '%{http_code}' "${CA[@]}" -u "operator:$(cat "$DATA/admin.key")" https://127.0.0.1:5643/dashboard/)
# A silo address it cannot read is an unknown resource, not a server error (the second review's finding).
unknown=$(curl -s -o /dev/null -w '%{http_code}' "${CA[@]}" -u "operator:$(cat "$DATA/admin.key")" https://127.0.0.1:5643/dashboard/SiloProperties/abc)
echo "dashboard: anonymous $anonymous, registry key $registry, admin key $admin, an unreadable silo address $unknown"
[ "$anonymous" = 401 ] && [ "$registry" = 401 ] && [ "$admin" = 200 ] && [ "$unknown" = 404 ] || { echo "error: the dashboard must answer 401, 401, 200, 404" >&2; exit 1; }
echo "cluster up: 3 silos (ready) at $(silo_address 0), $(silo_address 1), $(silo_address 2), the gateway on https://127.0.0.1:5643, PostgreSQL $( [ "$HA" = 1 ] && echo "primary and synchronous standby at 10.213.0.16-17" || echo "on 55460") (work folder $WORK)"
# The outsider: a process on a fifth host with the cluster's addresses, calling a grain without the cluster
# certificate (refused) and, as a control, with it (called).
ip netns exec certorleans-h5 dotnet "$ROOT/src/Benchmarks/bin/$CONFIG/net10.0/CertOrleans.Benchmarks.dll" outsider >"$LOGS/outsider.log" 2>&1 \
  || { cat "$LOGS/outsider.log"; echo "error: the outsider test failed (see above)" >&2; exit 1; }
cat "$LOGS/outsider.log"

# The city's witness: its own key, and each chain's journal keys pinned now, at "onboarding" (an export first, so
# each chain has signed with its first key). It then runs every few seconds until the kiosks stop. A refusal
# (exit 5: a head that does not extend the last one it cosigned) fails the test; a gateway that cannot answer
# while a silo or PostgreSQL is down (exit 1) is tried again at the next round.
ADMIN=(dotnet "$(BIN Admin)")
GW=(--data "$DATA" --gateway https://127.0.0.1:5643/)
CITIES=(092011 092029 132012)
"${ADMIN[@]}" journal witness-key --out "$WORK/witness.key" >>"$LOGS/witness.log"
for city in "${CITIES[@]}"; do
  "${ADMIN[@]}" journal export --municipality "$city" --out "$WORK/onboarding-$city.json" "${GW[@]}" >>"$LOGS/witness.log"
  "${ADMIN[@]}" journal pin --municipality "$city" --out "$WORK/trust-$city.json" "${GW[@]}" >>"$LOGS/witness.log"
done
# A call through the gateway just after the faults may meet a silo still leaving: tried again, 10 times at most.
retry() {
  local attempt
  for attempt in $(seq 1 10); do "$@" && return 0; sleep 3; done
  return 1
}
witness_round() {
  local city status
  for city in "${CITIES[@]}"; do
    status=0
    "${ADMIN[@]}" journal witness --municipality "$city" --key "$WORK/witness.key" --log "$WORK/witness.jsonl" --trust "$WORK/trust-$city.json" --post "${GW[@]}" \
      >>"$LOGS/witness.log" 2>&1 || status=$?
    echo "$city $status" >>"$WORK/witness-status"
  done
}
( while [ ! -f "$WORK/witness-stop" ]; do witness_round; sleep 3; done ) &
witness_pid=$!

dotnet "$ROOT/src/Benchmarks/bin/$CONFIG/net10.0/CertOrleans.Benchmarks.dll" drive --gateway https://127.0.0.1:5643/ --data "$DATA" \
  --postgres "$CONNECTION" --kiosks "$KIOSKS" --seconds "$SECONDS_TO_RUN" --until "$WORK/faults-done" --households "$HOUSEHOLDS" --logs "$LOGS" --drain-seconds 150 \
  >"$WORK/drive.out" 2>&1 &
drive_pid=$!
for _ in $(seq 1 300); do grep -q '^population:' "$WORK/drive.out" 2>/dev/null && break; kill -0 "$drive_pid" 2>/dev/null || break; sleep 1; done
cat "$WORK/drive.out"

# The faults, while the kiosks run.
begin=$(date +%s)
kills=0
pg_restarted=0
failovers=0
next_pg_fault=$(( SECONDS_TO_RUN / 2 ))
drained=""
joined=0
left=""
next=0
# The join, the PostgreSQL restart and the drain must each happen once. Faults are made in slots every
# KILL_EVERY seconds from the start, not KILL_EVERY after the last fault ended, and a slot already past is made
# at once: a PostgreSQL restart that takes 15 s on two busy cores used to push the drain out of the run. The
# loop runs on past the last slot until all three are done; SIGKILLs fill only the slots within the run.
# Certificates printed so far, by the journal's record (-1 while the database does not answer).
printed() { psql "$PSQL" -qAtc "SELECT count(*) FROM request_lifecycle WHERE outcome = 'Printed'" 2>/dev/null || echo -1; }
# The count the recovery is measured from: the database has just come back, so it is asked for up to 10 s.
baseline() {
  local n=-1
  for _ in $(seq 1 10); do n="$(printed)"; [ "$n" -ge 0 ] && break; sleep 1; done
  echo "$n"
}
# After PostgreSQL's fault the kiosks must be served again, not only their flows in flight finished: within 60 s of
# the database's return, more certificates printed than there are kiosks. (A soak found starts shed for ten minutes
# after a failover, while every process was up and ready.)
slow_recoveries=0
check_recovery() {
  local back="$1" before="$2" now
  if [ "$before" -lt 0 ]; then
    echo "[$(( $(date +%s) - begin )) s] issuance: NOT checked; the journal did not answer for 10 s after the database came back" >&2
    slow_recoveries=$(( slow_recoveries + 1 ))
    return 0
  fi
  while :; do
    now="$(printed)"
    if [ "$now" -ge $(( before + KIOSKS )) ]; then
      echo "[$(( $(date +%s) - begin )) s] issuance: back; $(( now - before )) printed in the $(( $(date +%s) - back )) s since the database came back"
      return 0
    fi
    if [ $(( $(date +%s) - back )) -ge 60 ]; then
      echo "[$(( $(date +%s) - begin )) s] issuance: NOT back; only $(( now < 0 ? 0 : now - before )) printed in the 60 s after the database came back" >&2
      slow_recoveries=$(( slow_recoveries + 1 ))
      return 0
    fi
    sleep 1
  done
}
faults_pending() { [ "$joined" = 0 ] || [ "$pg_restarted" = 0 ] || [ -z "$drained" ]; }
drain_silo() {
  echo "[$(( $(date +%s) - begin )) s] silo $1: SIGTERM (graceful drain)"
  terminate_silo "$1"
  drained="$terminated"
  echo "[$(( $(date +%s) - begin )) s] silo $1: exited with status $drained; restarting"
  start_silo "$1"
}
slot=0
while { kill -0 "$drive_pid" 2>/dev/null && [ $(( $(date +%s) - begin )) -lt $(( SECONDS_TO_RUN - KILL_EVERY )) ]; } \
  || faults_pending; do
  slot=$(( slot + 1 ))
  wait_for=$(( begin + slot * KILL_EVERY - $(date +%s) ))
  late=0
  if [ "$wait_for" -gt 0 ]; then sleep "$wait_for"; elif [ "$wait_for" -lt 0 ]; then late=1; fi
  elapsed=$(( $(date +%s) - begin ))
  if [ "$joined" = 0 ] && [ "$elapsed" -ge $(( SECONDS_TO_RUN / 4 )) ]; then
    echo "[$elapsed s] silo 3: joins the cluster"
    start_silo 3
    joined=1
    continue
  fi
  if [ "$next_pg_fault" -ge 0 ] && [ "$elapsed" -ge "$next_pg_fault" ]; then
    if [ "$HA" = 1 ]; then
      echo "[$elapsed s] PostgreSQL: the primary's host is lost (SIGKILL of all its processes)"
      lost="$(scripts/ha-postgres.sh kill-primary)"
      back=$(date +%s) before="$(baseline)"
      echo "[$(( back - begin )) s] PostgreSQL: the standby is promoted; $lost rejoins"
      scripts/ha-postgres.sh rejoin "$lost" >>"$LOGS/ha.log" 2>&1 && failovers=$(( failovers + 1 ))
      echo "[$(( $(date +%s) - begin )) s] PostgreSQL: $lost $( [ "$failovers" = $(( pg_restarted + 1 )) ] && echo "is the synchronous standby again" || echo "did NOT rejoin (see $LOGS/ha.log)")"
    else
      echo "[$elapsed s] PostgreSQL: immediate stop and start"
      scripts/test-postgres.sh restart
      back=$(date +%s) before="$(baseline)"
    fi
    check_recovery "$back" "$before"
    pg_restarted=$(( pg_restarted + 1 ))
    next_pg_fault=-1
    if [ "$PG_FAULT_EVERY" -gt 0 ] && [ $(( $(date +%s) - begin + PG_FAULT_EVERY )) -lt $(( SECONDS_TO_RUN - KILL_EVERY )) ]; then
      next_pg_fault=$(( $(date +%s) - begin + PG_FAULT_EVERY ))
    fi
    continue
  fi
  if [ -z "$drained" ] && [ "$elapsed" -ge $(( SECONDS_TO_RUN * 3 / 4 )) ]; then
    i=$next; next=$(( (next + 1) % 3 ))
    drain_silo "$i"
    continue
  fi
  # A slot missed while a slow fault ran gets no SIGKILL (two silos down at once is not the fault under test),
  # and past the run's last slot only the pending faults above are made.
  [ "$late" = 0 ] && [ "$elapsed" -lt $(( SECONDS_TO_RUN - KILL_EVERY )) ] || continue
  i=$next; next=$(( (next + 1) % 3 ))
  echo "[$elapsed s] silo $i: SIGKILL, restart"
  kill -KILL "${silo_pids[$i]}" 2>/dev/null || true
  wait "${silo_pids[$i]}" 2>/dev/null || true
  kills=$((kills + 1))
  start_silo "$i"
done
# The fourth silo leaves while the kiosks are still at work.
if [ "$joined" = 1 ]; then
  # It must have become an active member first. A join that met the PostgreSQL restart starts again and takes
  # longer on two busy cores, so it gets up to 60 s more.
  joined=0
  wait_silo_ready 3 60 && joined=1
  echo "[$(( $(date +%s) - begin )) s] silo 3: $( [ "$joined" = 1 ] && echo "active; " || echo "NOT active; ")SIGTERM (leaves the cluster)"
  terminate_silo 3
  left="$terminated"
  unset 'silo_pids[3]'
fi
echo "faults: $kills SIGKILL(s) with restart, PostgreSQL $( [ "$HA" = 1 ] && echo "failed over and rejoined $failovers time(s)" || echo "restarted $pg_restarted time(s)"), SIGTERM drain exit status ${drained:-not done}, silo 3 joined $joined and left with status ${left:-none}"

touch "$WORK/faults-done"  # the kiosks stop taking customers
set +e
wait "$drive_pid"
drive_status=$?
drive_pid=""
set -e
touch "$WORK/witness-stop"
wait "$witness_pid" || true
witness_pid=""
# One last round now that everything has ended, then each city's chain against what the city holds.
witness_round
rounds=$(wc -l <"$WORK/witness-status")
refused=$(grep -c ' 5$' "$WORK/witness-status" || true)
cosigned=$(wc -l <"$WORK/witness.jsonl")
witnessed=1
[ "$refused" = 0 ] && [ "$cosigned" -ge 3 ] || witnessed=0
for city in "${CITIES[@]}"; do
  retry "${ADMIN[@]}" journal export --municipality "$city" --out "$WORK/final-$city.json" "${GW[@]}" >>"$LOGS/witness.log" 2>&1 || witnessed=0
  verdict=0
  "${ADMIN[@]}" journal verify --bundle "$WORK/final-$city.json" --trust "$WORK/trust-$city.json" --witness "$WORK/witness.jsonl" >"$WORK/verify-$city.out" 2>&1 || verdict=$?
  echo "journal $city, against the pinned keys and the witness log (exit $verdict): $(cat "$WORK/verify-$city.out")"
  [ "$verdict" = 0 ] || witnessed=0
done
echo "witness: $rounds runs, $cosigned heads cosigned, $refused refused"
# Every process start on record: a deployment entry per silo start and for the gateway.
deployments="$(retry curl -sf "${CA[@]}" -H "Authorization: Bearer $(cat "$DATA/admin.key")" "https://127.0.0.1:5643/admin/v1/deployments?limit=500" || true)"
silo_deployments=$(grep -o '"process":"silo"' <<<"$deployments" | wc -l)
gateway_deployments=$(grep -o '"process":"gateway"' <<<"$deployments" | wc -l)
# A silo whose start fails (PostgreSQL down, say) starts again in the same process, and each attempt records
# itself: at least one entry per process start, and exactly one per start attempt the silos logged.
logged=$(cat "$LOGS"/silo-*.log | grep -c 'Deployment on record as' || true)
echo "deployments on record: $silo_deployments silo start(s) ($silo_starts processes started, $logged start(s) logged), $gateway_deployments gateway start(s) (of 1)"
[ "$silo_deployments" -ge "$silo_starts" ] && [ "$silo_deployments" = "$logged" ] && [ "$gateway_deployments" = 1 ] || witnessed=0
# The build that ran is the one its commit gives: rebuilt from a clean clone and compared (not with uncommitted
# changes, whose build no commit describes).
first_silo=$(grep -oE '"sequence":[0-9]+,"recordedAt":"[^"]*","process":"silo"' <<<"$deployments" | tail -1 | grep -oE '[0-9]+' | head -1)
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then
  echo "build verify: skipped (uncommitted changes)"
elif [ "${CERTORLEANS_FAULT_BUILD_VERIFY:-1}" = 0 ]; then
  echo "build verify: skipped (CERTORLEANS_FAULT_BUILD_VERIFY=0: ./test.sh rebuilds in the first fault test only)"
elif [ -z "$first_silo" ]; then
  witnessed=0
else
  verdict=0
  "${ADMIN[@]}" build verify --deployment "$first_silo" "${GW[@]}" >"$WORK/build-verify.out" 2>>"$LOGS/witness.log" || verdict=$?
  echo "build verify of deployment cluster#$first_silo (exit $verdict): $(cat "$WORK/build-verify.out")"
  [ "$verdict" = 0 ] || witnessed=0
fi
sed -n '/^flows:/,$p' "$WORK/drive.out"
# Every silo is ready again before its metrics are read (a restart late in the run may still be joining).
ready=1
for i in 0 1 2; do wait_silo_ready "$i" 60 || ready=0; done
# What the silos' Prometheus endpoints counted (since each one's last restart), and what the expiry alerts read:
# every silo publishes when its cluster certificates and the card CA expire, and until when its card list serves.
expiries=1
for i in 0 1 2; do
  metrics="$(curl -sf "http://$(silo_address "$i"):$((9511 + i))/metrics" || true)"
  watched="$(grep -c '^certorleans_certificate_expires_at_seconds{.*certificate="\(cluster-member\|cluster-ca\|card-ca\)"' <<<"$metrics" || true)"
  crl="$(grep -c '^certorleans_card_crl_usable_until_seconds' <<<"$metrics" || true)"
  echo "silo $i metrics: $(grep '^certorleans_issuance_requests_total' <<<"$metrics" | grep -c .) issuance series, $(grep -c '^orleans_' <<<"$metrics") Orleans series, $watched of 3 certificate expiries, $crl card list expiry"
  [ "$watched" = 3 ] && [ "$crl" = 1 ] || expiries=0
done
if [ "$expiries" = 1 ] && [ "$ready" = 1 ] && [ "$slow_recoveries" = 0 ] && [ "$drive_status" = 0 ] && [ "$kills" -ge 1 ] && [ "$pg_restarted" -ge 1 ] && [ "$failovers" = $(( HA * pg_restarted )) ] && [ "${drained:-1}" = 0 ] && [ "$joined" = 1 ] && [ "${left:-1}" = 0 ] && [ "$witnessed" = 1 ]; then
  passed=1
  echo "fault test: PASSED"
else
  echo "fault test: FAILED (silos ready $ready, issuance not back within 60 s $slow_recoveries time(s), load generator exit $drive_status, kills $kills, PostgreSQL restarts $pg_restarted, failovers $failovers, drain status ${drained:-none}, join $joined, leave status ${left:-none}, witness and deployments $witnessed, expiries published $expiries)" >&2
  exit 1
fi
