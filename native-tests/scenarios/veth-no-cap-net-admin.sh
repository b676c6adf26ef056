#!/bin/bash
# needs: root
# Root without CAP_NET_ADMIN (capsh --drop) may not destroy a socket. 'inode N' has no other way:
# exit 3, a message naming CAP_NET_ADMIN, the victim untouched. 'pid P fd F' probes the peer
# instead (issue 14): behind the downed link it never answers, and the kernel ends the connection
# itself, so the client's recv() fails with ETIMEDOUT.
. "$(dirname "$0")/../lib.sh"

command -v capsh > /dev/null 2>&1 || fail "capsh is not installed (Debian: libcap2-bin)"
make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim cl client tcp-recv "$SERVER4" 7000
cut_server_link

capture host capsh --drop=cap_net_admin -- -c "exec $(printf '%q' "$SOCKKILL") inode $cl_inode --netns $cl_pid"
expect_exit 3
expect_contains "stderr" "$ERR" "CAP_NET_ADMIN"
expect_clean_error
expect_eq "stdout" "" "$OUT"
expect_blocked cl 500
expect_eq "socket state" ESTAB "$(socket_state host --netns "$cl_pid" --inode "$cl_inode")"

capture host capsh --drop=cap_net_admin -- -c "exec $(printf '%q' "$SOCKKILL") pid $cl_pid fd $cl_fd"
expect_exit 0
expect_eq "stderr" "" "$ERR"
expect_starts "stdout" "$OUT" "killed tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode (victim pid $cl_pid fd $cl_fd): probed: peer silent for "
expect_contains "stdout" "$OUT" ", connection timed out"
expect_result cl recv ETIMEDOUT
