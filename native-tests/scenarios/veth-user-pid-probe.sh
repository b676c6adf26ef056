#!/bin/bash
# needs: root
# The classic case, for the user who owns the hung program: a client run by an unprivileged user
# (uid 65534, no capabilities) waits in recv() on a peer behind a link that went down. That user,
# without CAP_NET_ADMIN, runs 'sockkill pid P': sockkill cannot destroy the socket, so it probes the
# peer with the kernel's keepalive (ptrace rights over one's own process are enough); the peer
# never answers, and the kernel itself ends the connection: the client's recv() fails with
# ETIMEDOUT.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim cl client+user tcp-recv "$SERVER4" 7000
cut_server_link
sleep 1.2

sk client+user pid "$cl_pid"
expect_exit 0
expect_eq "stderr" "" "$ERR"
expect_eq "stdout lines" 2 "$(printf '%s\n' "$OUT" | wc -l)"
expect_starts "verdict line" "$(printf '%s\n' "$OUT" | sed -n 1p)" "pid $cl_pid (victim) is blocked on fd $cl_fd, tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode: thread $cl_pid in recvfrom($cl_fd)"
kill_line=$(printf '%s\n' "$OUT" | sed -n 2p)
expect_starts "kill line" "$kill_line" "killed tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode (victim pid $cl_pid fd $cl_fd): probed: peer silent for "
expect_contains "kill line" "$kill_line" ", connection timed out"
expect_result cl recv ETIMEDOUT
