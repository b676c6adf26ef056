#!/bin/bash
# needs: root
# A user's event loop waits on two connections: one to a peer behind a link that went down, one to
# a live but quiet peer on loopback (it says nothing; its kernel answers). As that user, without
# CAP_NET_ADMIN, 'sockkill pid P' probes both and kills only the dead one (ETIMEDOUT for its read);
# the live one is reported alive and left as it was: the loop keeps waiting on it, and probing it
# again still finds it alive (exit 8).
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim echo client tcp-echo 127.0.0.1 7100
start_victim cl client+user tcp-loop epoll "$SERVER4" 7000 127.0.0.1 7100
dead_fd=${cl_fds%%,*}
live_fd=${cl_fds##*,}
cut_server_link
sleep 1.2

sk client+user pid "$cl_pid"
expect_exit 0
expect_eq "stderr" "" "$ERR"
expect_eq "stdout lines" 3 "$(printf '%s\n' "$OUT" | wc -l)"
expect_eq "first line" "pid $cl_pid (victim) waits on 2 network sockets (fds $dead_fd, $live_fd): each is probed (sockkill may not destroy them here), and only those whose peer is dead are killed" "$(printf '%s\n' "$OUT" | sed -n 1p)"
expect_starts "dead line" "$(printf '%s\n' "$OUT" | sed -n 2p)" "killed tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode (victim pid $cl_pid fd $dead_fd): probed: peer silent for "
live_line=$(printf '%s\n' "$OUT" | sed -n 3p)
expect_starts "live line" "$live_line" "alive tcp 127.0.0.1:"
expect_contains "live line" "$live_line" "(victim pid $cl_pid fd $live_fd): probed: peer answered after "
expect_result cl read ETIMEDOUT
expect_still_waiting cl 1 300

sk client+user pid "$cl_pid" fd "$live_fd"
expect_exit 8
expect_starts "stdout" "$OUT" "alive tcp 127.0.0.1:"
expect_clean_error
expect_contains "stderr" "$ERR" "answered, so it is alive"
expect_still_waiting cl 1 300
