#!/usr/bin/env bash
# PostgreSQL with high availability for the fault test and `run.sh --cluster N --ha`: pg_auto_failover (Debian's
# postgresql-15-auto-failover) runs a monitor and two data nodes, a primary and a synchronous standby, each in a
# network namespace of its own (scripts/netns.sh hosts 6 and 7 for the nodes, 8 for the monitor). A commit returns
# only once the standby holds it, so losing the primary loses no acknowledged write; the monitor then promotes
# the standby, and the old primary, started again, rejoins as the new standby. Why this manager, and how an
# operator runs it: docs/operations.md.
#
#   scripts/ha-postgres.sh up DIR       make and start the three nodes, data under DIR (root; `netns.sh up 8` first)
#   scripts/ha-postgres.sh connection   the Npgsql connection string of database certorleans (follows the primary)
#   scripts/ha-postgres.sh uri          the same as a libpq URI, for psql
#   scripts/ha-postgres.sh state        the monitor's view of the nodes
#   scripts/ha-postgres.sh primary      the node now primary (node1 or node2)
#   scripts/ha-postgres.sh kill-primary SIGKILL every process of the primary's node (its host is lost), then wait
#                                       for the standby's promotion; prints the node killed
#   scripts/ha-postgres.sh rejoin NODE  start a killed node again and wait until it is a synchronous standby
#   scripts/ha-postgres.sh down         stop everything (the data folder stays; the caller removes it)
# Ports: node1 55461 at 10.213.0.16, node2 55462 at 10.213.0.17, the monitor 55470 at 10.213.0.18. DIR is remembered in /run/certorleans-ha-dir.
set -euo pipefail
cd "$(dirname "$0")/.."
MONITOR_PORT=55470
STATE_FILE=/run/certorleans-ha-dir
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
command -v pg_autoctl >/dev/null || { echo "error: pg_autoctl not found (scripts/prerequisites.sh --ha installs pg_auto_failover)" >&2; exit 1; }
# A port of its own for each node (55461, 55462): the namespaces share the file system, and so the socket folder.
port_of() { case "$1" in node1) echo 55461 ;; node2) echo 55462 ;; esac; }
host_of() { case "$1" in node1) echo 6 ;; node2) echo 7 ;; monitor) echo 8 ;; *) echo "error: no node $1" >&2; exit 2 ;; esac; }
address_of() { scripts/netns.sh address "$(host_of "$1")"; }
dir() { [ -f "$STATE_FILE" ] || { echo "error: no HA PostgreSQL is up (scripts/ha-postgres.sh up DIR)" >&2; exit 1; }; cat "$STATE_FILE"; }
monitor_uri() { echo "postgres://autoctl_node@$(address_of monitor):$MONITOR_PORT/pg_auto_failover?sslmode=disable"; }
# pg_autoctl as the postgres account inside the node's namespace, with its configuration and state under DIR's own
# XDG folders, so that no run sees another's.
in_node() {
  local node="$1" base
  shift
  base="$(dir)"
  ip netns exec "certorleans-h$(host_of "$node")" runuser -u postgres -- \
    env PATH="$PGBIN:$PATH" XDG_CONFIG_HOME="$base/xdg-config" XDG_DATA_HOME="$base/xdg-data" "$@"
}
autoctl() { local node="$1"; shift; in_node "$node" pg_autoctl "$@"; }
# `setsid` gives each node a process group of its own, so that losing the node can be made by killing the group.
start_node() {
  local node="$1" base
  base="$(dir)"
  setsid bash -c "$(declare -f dir host_of in_node); STATE_FILE=$STATE_FILE PGBIN=$PGBIN; in_node $node pg_autoctl run --pgdata $base/$node" \
    >>"$base/$node.log" 2>&1 </dev/null &
  echo $! >"$base/$node.pid"
}
# The monitor's assigned and reported state of a node, e.g. "primary primary".
node_state() {
  autoctl monitor show state --pgdata "$(dir)/monitor" --json 2>/dev/null \
    | python3 -c 'import json,sys; [print(n["current_group_state"], n["assigned_group_state"]) for n in json.load(sys.stdin) if n["nodename"] == sys.argv[1]]' "$1"
}
wait_for() {  # NODE "reported assigned" SECONDS
  local i
  for i in $(seq 1 "$3"); do [ "$(node_state "$1")" = "$2" ] && return 0; sleep 1; done
  echo "error: $1 did not reach '$2' within $3 s (it is '$(node_state "$1")')" >&2
  return 1
}

case "${1:-}" in
  up)
    base="${2:?usage: $0 up DIR}"
    mkdir -p "$base"
    chown postgres:postgres "$base"
    echo "$base" >"$STATE_FILE"
    if [ -f "$base/node2/PG_VERSION" ]; then
      # Made before (run.sh --ha keeps its data): start the three again; the monitor gives each node its role.
      for node in monitor node1 node2; do start_node "$node"; done
      for _ in $(seq 1 120); do "$0" primary >/dev/null 2>&1 && psql "$("$0" uri)" -qAtc "SELECT 1" >/dev/null 2>&1 && exit 0; sleep 1; done
      echo "error: no primary answered within 120 s (scripts/ha-postgres.sh state)" >&2
      exit 1
    fi
    rm -rf "${base:?}/"*
    # How soon the monitor calls a node lost, and how long it then waits for a lost primary to demote itself before
    # it promotes the standby: pg_auto_failover's defaults unless set (the fault test shortens them).
    autoctl monitor create monitor --pgdata "$base/monitor" --pgport "$MONITOR_PORT" --hostname "$(address_of monitor)" \
      --auth trust --no-ssl >"$base/monitor.log" 2>&1 || { tail -20 "$base/monitor.log" >&2; exit 1; }
    echo "host all all $(scripts/netns.sh address 1 | sed 's/\.[0-9]*$/.0/')/24 trust" >>"$base/monitor/pg_hba.conf"
    cat >>"$base/monitor/postgresql.conf" <<CONF
pgautofailover.health_check_period = ${CERTORLEANS_HA_CHECK_MS:-5000}
pgautofailover.node_considered_unhealthy_timeout = ${CERTORLEANS_HA_UNHEALTHY_MS:-20000}
pgautofailover.primary_demote_timeout = ${CERTORLEANS_HA_DEMOTE_MS:-30000}
CONF
    start_node monitor
    for _ in $(seq 1 30); do pg_isready -q -h "$(address_of monitor)" -p "$MONITOR_PORT" && break; sleep 1; done
    for node in node1 node2; do
      autoctl "$node" create postgres --pgdata "$base/$node" --pgport "$(port_of "$node")" --hostname "$(address_of "$node")" \
        --name "$node" --auth trust --no-ssl --monitor "$(monitor_uri)" >"$base/$node.log" 2>&1 || { tail -20 "$base/$node.log" >&2; exit 1; }
      # The silos, the gateway and the tools connect from the bridge's network (pg_autoctl adds only its nodes).
      echo "host all all $(scripts/netns.sh address 1 | sed 's/\.[0-9]*$/.0/')/24 trust" >>"$base/$node/pg_hba.conf"
      # Room for every silo's, gateway's and tool's pool (PostgreSQL's default is 100), on both nodes (a standby needs
      # at least its primary's max_connections). Written before the node's keeper first starts it: a restart behind
      # the keeper's back races the keeper's own start ("postmaster.pid already exists").
      echo "max_connections = 300" >>"$base/$node/postgresql.conf"
      start_node "$node"
      if [ "$node" = node1 ]; then
        wait_for node1 "single single" 60
      else
        wait_for node2 "secondary secondary" 90
      fi
    done
    wait_for node1 "primary primary" 30
    psql "$("$0" uri | sed 's|/certorleans?|/postgres?|')" -qc "CREATE DATABASE certorleans"
    ;;
  connection)
    echo "Host=$(address_of node1):$(port_of node1),$(address_of node2):$(port_of node2);Username=postgres;Database=certorleans;Target Session Attributes=primary"
    ;;
  uri)
    echo "postgresql://postgres@$(address_of node1):$(port_of node1),$(address_of node2):$(port_of node2)/certorleans?target_session_attrs=primary&connect_timeout=5"
    ;;
  state)
    autoctl monitor show state --pgdata "$(dir)/monitor"
    ;;
  primary)
    for node in node1 node2; do
      case "$(node_state "$node")" in "primary "*|"wait_primary "*|"single "*) echo "$node"; exit 0 ;; esac
    done
    echo "error: no node is primary" >&2
    exit 1
    ;;
  kill-primary)
    node="$("$0" primary)"
    other=node1; [ "$node" = node1 ] && other=node2
    kill -KILL -- "-$(cat "$(dir)/$node.pid")" 2>/dev/null || true
    # A lost host takes its postgres with it: nothing of the node may restart it behind the monitor's back.
    pkill -KILL -f -- "-D $(dir)/$node( |\$)" 2>/dev/null || true
    wait_for "$other" "wait_primary wait_primary" 120 >&2
    echo "$node"
    ;;
  rejoin)
    node="${2:?usage: $0 rejoin NODE}"
    start_node "$node"
    wait_for "$node" "secondary secondary" 180
    other=node1; [ "$node" = node1 ] && other=node2
    wait_for "$other" "primary primary" 60
    ;;
  down)
    [ -f "$STATE_FILE" ] || exit 0
    base="$(cat "$STATE_FILE")"
    for node in node1 node2 monitor; do
      [ -f "$base/$node.pid" ] && kill -TERM -- "-$(cat "$base/$node.pid")" 2>/dev/null || true
    done
    for _ in $(seq 1 30); do pgrep -f "pg_autoctl run --pgdata $base/" >/dev/null || break; sleep 1; done
    for node in node1 node2 monitor; do
      [ -f "$base/$node.pid" ] && kill -KILL -- "-$(cat "$base/$node.pid")" 2>/dev/null || true
    done
    pkill -KILL -f -- "-D $base/(node1|node2|monitor)" 2>/dev/null || true
    rm -f "$STATE_FILE"
    ;;
  *)
    echo "usage: $0 up DIR | connection | uri | state | primary | kill-primary | rejoin NODE | down" >&2
    exit 2
    ;;
esac
