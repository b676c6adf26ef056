#!/bin/bash
# needs: root
# 'sockkill pid P' alone: a client blocked in recv() on a peer whose link went down is found from
# /proc (no fd given) and freed the way 'pid P fd F' frees it: it sees ECONNABORTED.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim cl client tcp-recv "$SERVER4" 7000
cut_server_link
expect_blocked cl 300

sk host pid "$cl_pid"
expect_exit 0
expect_starts "stdout" "$OUT" "pid $cl_pid (victim) is blocked on fd $cl_fd, tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode: thread $cl_pid in recvfrom($cl_fd); last data received "
expect_contains "stdout" "$OUT" "
killed tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode (victim pid $cl_pid fd $cl_fd)"
expect_eq "stderr" "" "$ERR"
expect_result cl recv ECONNABORTED
