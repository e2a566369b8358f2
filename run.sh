#!/usr/bin/env bash
# Builds CertOrleans, starts the silo(s), the terminal gateway and the public face (/verify, /status) in a process
# of its own, loads the demo city on first start and prints how to run the kiosk simulator. Ctrl-C stops everything.
#   ./run.sh               one silo on the embedded default (SQLite in ./data)
#   ./run.sh --cluster N   N silos on a private PostgreSQL (data in ./data/pg), clustered through its membership table;
#                          the gateways, which have no database, are given the silos' gateway endpoints
#   ./run.sh --cluster N --ha   the same on a PostgreSQL primary and synchronous standby under pg_auto_failover,
#                          each node in a network namespace of its own (root; data in ./data/pg-ha)
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$PWD"
DATA="${CERTORLEANS_DATA:-$ROOT/data}"
PORT="${CERTORLEANS_PORT:-5443}"
PUBLIC_PORT="${CERTORLEANS_PUBLIC_PORT:-5444}"
CONFIG=Release
SILOS=0
HA=0
STORE_KIND=sqlite
if [ "${1:-}" = "--cluster" ]; then
  SILOS="${2:-}"
  [ "${3:-}" = "--ha" ] && HA=1
  [[ "$SILOS" =~ ^[1-9][0-9]?$ ]] && [ $# -le $(( 2 + HA )) ] || { echo "usage: $0 [--cluster N [--ha]]  (N from 1 to 99)" >&2; exit 2; }
  [ "$HA" = 0 ] || [ "$(id -u)" -eq 0 ] || { echo "error: --ha runs PostgreSQL's nodes in network namespaces and must run as root" >&2; exit 2; }
elif [ $# -gt 0 ]; then
  echo "usage: $0 [--cluster N [--ha]]  (N from 1 to 99)" >&2; exit 2
fi

if [ "$HA" = 1 ]; then scripts/prerequisites.sh --ha; fi
if [ "$SILOS" -gt 0 ]; then scripts/prerequisites.sh --test; else scripts/prerequisites.sh; fi
echo "building …"
dotnet build CertOrleans.sln -c "$CONFIG" -nologo -v quiet -clp:ErrorsOnly
BIN() { echo "$ROOT/src/$1/bin/$CONFIG/net10.0/CertOrleans.$1.dll"; }

mkdir -p "$DATA/logs"
for port in 11111 30000 9411 "$PORT" "$PUBLIC_PORT"; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
    echo "error: port $port is already in use (is CertOrleans already running?). Stop it first." >&2
    exit 1
  fi
done
dotnet "$(BIN Admin)" demo init --data "$DATA"
# The demo card CA's revocation list, published afresh now and every hour (each valid two days); the silos read it.
dotnet "$(BIN Admin)" demo crl --data "$DATA"

pids=()
stop() {
  trap '' INT TERM  # a second Ctrl-C must not cut the clean-up short
  trap - EXIT
  echo
  echo "stopping …"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$HA" = 1 ]; then scripts/ha-postgres.sh down; scripts/netns.sh down
  elif [ "$SILOS" -gt 0 ]; then CERTORLEANS_PG_KEEP=1 CERTORLEANS_PG_DIR="$DATA/pg" CERTORLEANS_PG_PORT=55440 scripts/test-postgres.sh stop; fi
}
trap stop EXIT
trap 'stop; exit 0' INT TERM  # Ctrl-C is the normal way to stop

export Encryption__KeyFile="$DATA/kek.key" Cards__RootCertificateFile="$DATA/pki/card-ca.pem" Cards__Revocation__CrlFile="$DATA/pki/card-ca.crl"
# Printed QR codes open this gateway's verification page (a city sets its public address).
export Verification__PublicUrl="https://127.0.0.1:$PUBLIC_PORT/verify"
# Every cluster connection (silos, the gateway, the admin CLI) is mutual TLS with the cluster CA's certificates.
export Cluster__Tls__CertificateFile="$DATA/pki/cluster-member.pfx" Cluster__Tls__CaFile="$DATA/pki/cluster-ca.pem"
if [ "$HA" = 1 ]; then
  # The nodes at 10.213.0.16 and .17 and the monitor at .18; the silos and the gateway stay on this host and reach
  # them across the bridge. The connection string names both nodes and follows the primary.
  scripts/netns.sh up 8
  chmod 755 "$DATA"
  echo "PostgreSQL primary and synchronous standby starting (log: $DATA/pg-ha/*.log)"
  scripts/ha-postgres.sh up "$DATA/pg-ha"
  export Store__Provider=Postgres
  OWNER_CONNECTION="$(scripts/ha-postgres.sh connection)"
  PSQL="$(scripts/ha-postgres.sh uri)"
  STORE="PostgreSQL primary and synchronous standby at 10.213.0.16-17 under pg_auto_failover (data in $DATA/pg-ha; scripts/ha-postgres.sh state)"
elif [ "$SILOS" -gt 0 ]; then
  SERVER="$(CERTORLEANS_PG_KEEP=1 CERTORLEANS_PG_DIR="$DATA/pg" CERTORLEANS_PG_PORT=55440 scripts/test-postgres.sh start)"
  psql "host=127.0.0.1 port=55440 user=postgres dbname=postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'certorleans'" | grep -q 1 \
    || psql "host=127.0.0.1 port=55440 user=postgres dbname=postgres" -qc "CREATE DATABASE certorleans"
  # One connection string for the store and Orleans' membership table; Orleans' own AdoNet clustering provider.
  export Store__Provider=Postgres
  OWNER_CONNECTION="${SERVER/Database=postgres/Database=certorleans}"
  PSQL="host=127.0.0.1 port=55440 user=postgres dbname=certorleans"
  STORE="PostgreSQL 127.0.0.1:55440/certorleans (data in $DATA/pg)"
fi
if [ "$SILOS" -gt 0 ]; then
  # Least privilege: the owner applies the schema; the silos connect as a role that reads and writes rows only.
  dotnet "$(BIN Silo)" migrate --Store:Provider Postgres --ConnectionStrings:certorleans "$OWNER_CONNECTION"
  psql "$PSQL" -q -f scripts/silo-role.sql
  export ConnectionStrings__certorleans="${OWNER_CONNECTION/Username=postgres/Username=certorleans_silo}" Store__Migrate=false
  export Orleans__Clustering__ProviderType=AdoNet
  STORE_KIND=postgres
  MARKER="$DATA/.demo-loaded-postgres$( [ "$HA" = 0 ] || echo -ha)"
else
  export Store__DataDirectory="$DATA"
  SILOS=1
  MARKER="$DATA/.demo-loaded"
  STORE="SQLite at $DATA/certorleans.db"
fi

(trap 'kill "$nap" 2>/dev/null; exit 0' TERM
 while :; do sleep 3600 & nap=$!; wait "$nap"; dotnet "$(BIN Admin)" demo crl --data "$DATA"; done >>"$DATA/logs/card-crl.log" 2>&1) &
pids+=($!)
for i in $(seq 0 $((SILOS - 1))); do
  Orleans__Endpoints__SiloPort=$((11111 + i)) Orleans__Endpoints__GatewayPort=$((30000 + i)) Operations__Url="http://127.0.0.1:$((9411 + i))" \
    dotnet "$(BIN Silo)" >"$DATA/logs/silo-$i.log" 2>&1 &
  pids+=($!)
  echo "silo $i starting (log: $DATA/logs/silo-$i.log)"
  for _ in $(seq 1 60); do
    if (exec 3<>/dev/tcp/127.0.0.1/$((30000 + i))) 2>/dev/null; then break; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then echo "silo $i exited; see $DATA/logs/silo-$i.log" >&2; tail -20 "$DATA/logs/silo-$i.log" >&2; exit 1; fi
    sleep 1
  done
done

# The gateway is a client with no database: it is given the silos' gateway endpoints (Orleans' Static clustering).
GATEWAY_CLUSTER=(Orleans__Clustering__ProviderType=Static)
for i in $(seq 0 $((SILOS - 1))); do GATEWAY_CLUSTER+=(Orleans__Clustering__Gateways__$i="127.0.0.1:$((30000 + i))"); done
# Request ids are signed with a key every gateway shares; kept across restarts so kiosks' requests survive one.
[ -f "$DATA/request-id.key" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$DATA/request-id.key")
GATEWAY_FILES=(--Gateway:Certificates:Server "$DATA/pki/gateway.pem" --Gateway:Certificates:ServerKey "$DATA/pki/gateway.key.pem"
  --Gateway:Certificates:TerminalCa "$DATA/pki/terminal-ca.pem")
env -u ConnectionStrings__certorleans "${GATEWAY_CLUSTER[@]}" Gateway__Admission__RequestIdKey="$(cat "$DATA/request-id.key")" Gateway__Face=Kiosks \
  dotnet "$(BIN Gateway)" --urls "https://127.0.0.1:$PORT" "${GATEWAY_FILES[@]}" \
  --Gateway:Admin:KeyHashFile "$DATA/admin.key.sha256" \
  --Gateway:Registry:KeyHashFile "$DATA/registry.key.sha256" \
  --Gateway:Console:AccountsFile "$DATA/staff-accounts.json" >"$DATA/logs/gateway.log" 2>&1 &
pids+=($!)
echo "gateway starting on https://127.0.0.1:$PORT (log: $DATA/logs/gateway.log)"
# The public face: nothing a stranger uploads shares a process with a kiosk step; its heap is capped (512 MiB).
env -u ConnectionStrings__certorleans "${GATEWAY_CLUSTER[@]}" Gateway__Face=Public DOTNET_GCHeapHardLimit=0x20000000 \
  dotnet "$(BIN Gateway)" --urls "https://127.0.0.1:$PUBLIC_PORT" "${GATEWAY_FILES[@]}" >"$DATA/logs/public.log" 2>&1 &
pids+=($!)
echo "public face starting on https://127.0.0.1:$PUBLIC_PORT (log: $DATA/logs/public.log)"
for face in "$PORT gateway" "$PUBLIC_PORT public"; do
  set -- $face
  for i in $(seq 1 60); do
    if curl -sf --cacert "$DATA/pki/gateway-ca.pem" "https://127.0.0.1:$1/health/ready" >/dev/null 2>&1; then break; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null || ! kill -0 "${pids[-2]}" 2>/dev/null; then echo "a gateway exited; see $DATA/logs/$2.log" >&2; tail -20 "$DATA/logs/$2.log" >&2; exit 1; fi
    [ "$i" -eq 60 ] && { echo "the $2 face did not become ready" >&2; exit 1; }
    sleep 1
  done
done

if [ ! -f "$MARKER" ]; then
  dotnet "$(BIN Admin)" demo load --data "$DATA" --gateway "https://127.0.0.1:$PORT/"
  touch "$MARKER"
fi

# The demo's 本籍地 registration (利用登録), made at the demo kiosk with the card like any resident's; 八王子市's automatic
# policy approves it at once. Asked at every start (a standing registration is answered as it is).
KIOSK=(dotnet "$(BIN Kiosk)" --gateway "https://127.0.0.1:$PORT/" --gateway-ca "$DATA/pki/gateway-ca.pem" --terminal "$DATA/pki/terminal-kiosk-demo-0001.pfx")
if [ -f "$DATA/cards/demo-domicile.card.json" ]; then
  if "${KIOSK[@]}" --card "$DATA/cards/demo-domicile.card.json" --pin 1234 --register-domicile >"$DATA/logs/domicile-registration.log" 2>&1; then
    echo "本籍地 registration of the demo-domicile card: $(tail -1 "$DATA/logs/domicile-registration.log")"
  else
    echo "the demo-domicile card's 本籍地 registration was not made now (outside service hours?): $DATA/logs/domicile-registration.log"
  fi
fi

# The 年度 before the latest: a new 年度's tax certificates come in June.
PAST_FISCAL_YEAR=$(( $(TZ=Asia/Tokyo date +%Y) - ( $(TZ=Asia/Tokyo date +%-m) >= 6 ? 1 : 2 ) ))
cat <<MSG

CertOrleans is running: $SILOS silo(s) (Orleans, $STORE), the gateway (https://127.0.0.1:$PORT) and the public face
(https://127.0.0.1:$PUBLIC_PORT/verify, /status).
  OpenAPI:   curl --cacert $DATA/pki/gateway-ca.pem https://127.0.0.1:$PORT/openapi/v1.json
  Readiness: curl --cacert $DATA/pki/gateway-ca.pem https://127.0.0.1:$PORT/health/ready
  Dashboard: https://127.0.0.1:$PORT/dashboard/ (any user name, the admin key as password)
  Silo metrics and health: curl http://127.0.0.1:9411/metrics (silo i on port 9411+i), /health/ready

Verify a certificate (PDF, QR photo or code): https://127.0.0.1:$PUBLIC_PORT/verify
Service status of each city (宇都宮市 092011, 足利市 092029, 八王子市 132012): https://127.0.0.1:$PUBLIC_PORT/status
Staff console: https://127.0.0.1:$PORT/console — demo accounts (user, password, role, municipalities):
$(sed 's/^/  /' "$DATA/staff-demo-passwords.txt")
  the second factor, as an authenticator app would show it: dotnet $(BIN Admin) staff code --data $DATA --user demo-admin

Print the demo resident's 住民票の写し (鈴木 花子, card PIN 1234) from another terminal:
  dotnet $(BIN Kiosk) --gateway https://127.0.0.1:$PORT/ --gateway-ca $DATA/pki/gateway-ca.pem \\
      --terminal $DATA/pki/terminal-kiosk-demo-0001.pfx --card $DATA/cards/demo.card.json --out $ROOT/out

Her husband's 戸籍個人事項証明書 (another member of her 戸籍: a spouse or lineal relative; the ids are printed after a print):
  --type koseki-kojin --register-member r1
Her 課税証明書 of a past 年度 (宇都宮市 offers three; the menu lists them): --type kazei --fiscal-year $PAST_FISCAL_YEAR
  (also --type shotoku, hikazei, nozei); 八王子市's tax certificate names 都民税:
  --card $DATA/cards/demo-132012.card.json --municipality 132012 --type shotoku-kazei (PIN 1234)
Foreign residents: --card $DATA/cards/foreign-resident.card.json (PIN 4444; add --common-name-history with
  foreign-common-name.card.json, PIN 8888); a household of both kinds: --card $DATA/cards/mixed-household.card.json
  --household --domicile (PIN 6666); 前住所 and 異動事由 on any 住民票: --previous-address --last-change
The menu and refusals in another language: --lang en (or zh, ko, pt, es); the certificate stays Japanese.
A resident of each other city: --card $DATA/cards/demo-092029.card.json --municipality 092029 (or 132012), PIN 1234.
本籍地 issuance: a 宇都宮市 resident whose 本籍 is in 八王子市, registered there (PIN 1234; 八王子市's 戸籍 hours, weekdays 08:30–17:15):
  --card $DATA/cards/demo-domicile.card.json --type koseki-zenbu --from-domicile
Other test cards (each is refused, with its PIN): $DATA/cards/manifest.json
A card reported lost, revoked at the card CA (refused card-revoked): --card $DATA/cards/reported-lost.card.json, PIN 6666;
  revoke another there, with no call to the service: dotnet $(BIN Admin) demo revoke-card <label> --data $DATA
Registry feed (each city's key: $DATA/registry.key, registry-092029.key, registry-132012.key): PUT /registry/v1/residents, POST /registry/v1/batches/residents
Municipal configuration (admin key in $DATA/admin.key):
  curl --cacert $DATA/pki/gateway-ca.pem -H "Authorization: Bearer \$(cat $DATA/admin.key)" https://127.0.0.1:$PORT/admin/v1/municipalities/092011
Ctrl-C stops everything.
MSG
# Run until Ctrl-C, or until any process exits (then stop the others and say so).
set +e
wait -n "${pids[@]}"
status=$?
echo "a CertOrleans process exited (status $status); see $DATA/logs" >&2
exit "$status"
