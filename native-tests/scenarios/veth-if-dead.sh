#!/bin/bash
# needs: root
# As root, --if-dead: an event loop on a dead and a live connection. 'pid P --if-dead' probes both,
# kills only the dead one (the kernel ends it: ETIMEDOUT) and reports the live one alive; then
# 'pid P fd LIVE --if-dead' kills nothing and exits 8; '--json' carries each probe's verdict.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim echo client tcp-echo 127.0.0.1 7100
start_victim cl client tcp-loop epoll "$SERVER4" 7000 127.0.0.1 7100
dead_fd=${cl_fds%%,*}
live_fd=${cl_fds##*,}
cut_server_link
sleep 1.2

sk host pid "$cl_pid" --if-dead --json
expect_exit 0
expect_eq "JSON lines" 2 "$(printf '%s\n' "$OUT" | wc -l)"
expect_json "$(printf '%s\n' "$OUT" | sed -n 1p)"
expect_json "$(printf '%s\n' "$OUT" | sed -n 2p)"
expect_starts "dead object" "$(printf '%s\n' "$OUT" | sed -n 1p)" "{\"target\":{\"pid\":$cl_pid,\"fd\":$dead_fd},\"outcome\":\"killed\""
expect_contains "dead object" "$(printf '%s\n' "$OUT" | sed -n 1p)" "\"probe\":{\"verdict\":\"timed-out\""
expect_starts "live object" "$(printf '%s\n' "$OUT" | sed -n 2p)" "{\"target\":{\"pid\":$cl_pid,\"fd\":$live_fd},\"outcome\":\"alive\""
expect_contains "live object" "$(printf '%s\n' "$OUT" | sed -n 2p)" "\"probe\":{\"verdict\":\"answered\""
expect_contains "live object" "$(printf '%s\n' "$OUT" | sed -n 2p)" "\"restored\":true}"
expect_result cl read ETIMEDOUT
expect_still_waiting cl 1 300

sk host pid "$cl_pid" fd "$live_fd" --if-dead
expect_exit 8
expect_starts "stdout" "$OUT" "alive tcp 127.0.0.1:"
expect_clean_error
expect_still_waiting cl 1 300
