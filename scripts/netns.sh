#!/usr/bin/env bash
# Separate hosts on one machine, for the fault test: Linux network namespaces certorleans-h1 … certorleans-hN,
# each with its own network stack and one address, 10.213.0.(10+i)/24, joined by the bridge certorleans0 at
# 10.213.0.1 in the machine's own namespace (where PostgreSQL, the gateway and the load generator stay).
# Only these addresses, which this script makes, are used; `down` removes all of it.
#
#   scripts/netns.sh up N     make hosts 1..N (root; needs iproute2)
#   scripts/netns.sh down     remove every certorleans-h* namespace and the bridge
#   scripts/netns.sh address I    print host I's address
set -euo pipefail
BRIDGE=certorleans0
PREFIX=10.213.0
address() { echo "$PREFIX.$((10 + $1))"; }

case "${1:-}" in
  up)
    count="${2:?usage: $0 up N}"
    [[ "$count" =~ ^[1-9]$ ]] || { echo "error: between 1 and 9 hosts" >&2; exit 2; }
    "$0" down
    ip link add "$BRIDGE" type bridge
    ip addr add "$PREFIX.1/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
    for i in $(seq 1 "$count"); do
      ns="certorleans-h$i"
      ip netns add "$ns"
      ip link add "co-h$i" type veth peer name eth0 netns "$ns"
      ip link set "co-h$i" master "$BRIDGE" up
      ip -n "$ns" addr add "$(address "$i")/24" dev eth0
      ip -n "$ns" link set lo up
      ip -n "$ns" link set eth0 up
    done
    ;;
  down)
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^certorleans-h' || true); do ip netns del "$ns"; done
    ip link del "$BRIDGE" 2>/dev/null || true
    ;;
  address)
    address "${2:?usage: $0 address I}"
    ;;
  *)
    echo "usage: $0 up N | down | address I" >&2
    exit 2
    ;;
esac
