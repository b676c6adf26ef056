#!/bin/bash
# needs: root
# An event loop over two connections, one to a peer behind a link that went down and one to a live
# peer that talks every 100 ms: 'sockkill pid P' will not guess. It kills nothing, lists both with
# their figures (the dead one silent for over a second), exits 7 and says how to choose;
# '--all-blocked' then kills both.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim talk client tcp-talk 127.0.0.1 7100
start_victim cl client tcp-loop epoll "$SERVER4" 7000 127.0.0.1 7100
dead_fd=${cl_fds%%,*}
live_fd=${cl_fds##*,}
cut_server_link
sleep 1.2

sk host pid "$cl_pid"
expect_exit 7
expect_clean_error
expect_starts "stderr" "$ERR" "sockkill: none was killed: pid $cl_pid (victim) waits on 2 network sockets (fds $dead_fd, $live_fd): choose one with 'sockkill pid $cl_pid fd F', or those silent for S seconds with 'sockkill match --pid $cl_pid --idle S'"
expect_eq "stdout lines" 2 "$(printf '%s\n' "$OUT" | wc -l)"
dead_line=$(printf '%s\n' "$OUT" | sed -n 1p)
live_line=$(printf '%s\n' "$OUT" | sed -n 2p)
expect_starts "dead line" "$dead_line" "fd $dead_fd: tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode: last data received "
expect_starts "live line" "$live_line" "fd $live_fd: tcp 127.0.0.1:"
expect_contains "live line" "$live_line" "<-> 127.0.0.1:7100 ESTAB inode "
# the figure that tells them apart: the dead one has heard nothing since the cut (over 1.2 s ago),
# the live one hears a byte every 100 ms
silent() { printf '%s\n' "$1" | sed -n 's/.*: last data received \([0-9.]*\) s ago,.*/\1/p'; }
dead_s=$(silent "$dead_line")
live_s=$(silent "$live_line")
awk -v d="$dead_s" -v l="$live_s" 'BEGIN { exit !(d >= 1.2 && l < d) }' ||
    fail "the dead connection should have heard nothing for longer than the live one: $dead_s s against $live_s s"
log "  ok: last data received $dead_s s ago on the dead connection, $live_s s ago on the live one"
expect_blocked cl 300

sk host pid "$cl_pid" --all-blocked
expect_exit 0
expect_eq "killed lines" 2 "$(printf '%s\n' "$OUT" | grep -c '^killed tcp ')"
expect_result cl read ECONNABORTED 1
expect_result cl read ECONNABORTED 2
