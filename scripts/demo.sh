#!/bin/sh
# make demo: a client stuck on a peer that vanished, diagnosed with 'sockkill why P' and freed with
# 'sockkill pid P', given nothing but its pid. Everything happens in throwaway network namespaces
# and is removed after.
# As root the peer sits behind a veth link that goes down (a real dead peer); as another user the
# demo runs in 'unshare -rn' with a frozen peer on loopback.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
sockkill="$here/bin/sockkill"
victim="$here/native-tests/build/victim"
work=$(mktemp -d)

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

if [ "$(id -u)" != 0 ] && [ "${SOCKKILL_DEMO_INNER:-}" = "" ]; then
    echo "Not root: running the demo in a private user and network namespace (unshare -rn)."
    exec env SOCKKILL_DEMO_INNER=1 unshare -rn sh "$0"
fi

if [ "${SOCKKILL_DEMO_INNER:-}" = 1 ]; then
    # unprivileged: one namespace of our own, the server frozen so it never answers again
    trap 'kill -CONT $server 2>/dev/null || true; kill $server $client 2>/dev/null || true; rm -rf "$work"' EXIT
    ip link set lo up
    "$victim" tcp-serve 127.0.0.1 143 > "$work/server" &
    server=$!
    sleep 0.2
    "$victim" --timeout-sec 30 tcp-recv 127.0.0.1 143 > "$work/client" &
    client=$!
    in_client=""
    peer=127.0.0.1
    sleep 0.3
    kill -STOP $server
    echo "The server (pid $server) is frozen: the client (pid $client) waits in recv() forever."
else
    ns=sk-demo-$$
    trap 'kill $client $server 2>/dev/null || true; ip netns del $ns-c 2>/dev/null || true
          ip netns del $ns-s 2>/dev/null || true; rm -rf "$work"' EXIT
    client=""; server=""
    ip netns add $ns-c
    ip netns add $ns-s
    ip link add skc netns $ns-c type veth peer name sks netns $ns-s
    ip -n $ns-c addr add 10.77.0.1/24 dev skc
    ip -n $ns-s addr add 10.77.0.2/24 dev sks
    for n in $ns-c $ns-s; do ip -n $n link set lo up; done
    ip -n $ns-c link set skc up
    ip -n $ns-s link set sks up
    ip netns exec $ns-s "$victim" tcp-serve 10.77.0.2 143 > "$work/server" &
    server=$!
    sleep 0.2
    ip netns exec $ns-c "$victim" --timeout-sec 30 tcp-recv 10.77.0.2 143 > "$work/client" &
    client=$!
    peer=10.77.0.2
    sleep 0.3
    ip -n $ns-s link set sks down
    echo "The link to the server went down: the client (pid $client) waits in recv() on a peer that is gone."
fi

sleep 1
say "sockkill why $client"
"$sockkill" why "$client"
say "sockkill pid $client"
"$sockkill" pid "$client"
wait $client 2>/dev/null || true
echo
echo "What the client saw:"
grep '^RESULT' "$work/client" | sed 's/^/  /'
grep -q 'name=ECONNABORTED' "$work/client"
