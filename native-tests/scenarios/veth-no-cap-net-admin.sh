#!/bin/bash
# needs: root
# Root without CAP_NET_ADMIN (capsh --drop) may not destroy the socket: exit 3, a message naming
# CAP_NET_ADMIN, and the victim untouched.
. "$(dirname "$0")/../lib.sh"

command -v capsh > /dev/null 2>&1 || fail "capsh is not installed (Debian: libcap2-bin)"
make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim cl client tcp-recv "$SERVER4" 7000
cut_server_link

capture host capsh --drop=cap_net_admin -- -c "exec $(printf '%q' "$SOCKKILL") pid $cl_pid fd $cl_fd"
expect_exit 3
expect_contains "stderr" "$ERR" "CAP_NET_ADMIN"
expect_clean_error
expect_eq "stdout" "" "$OUT"
expect_blocked cl 500
expect_eq "socket state" ESTAB "$(socket_state host --netns "$cl_pid" --inode "$cl_inode")"
