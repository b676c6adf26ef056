#!/bin/bash
# needs: root
# A client waiting in poll() and then read() on a peer whose link went down: poll wakes with
# IN|ERR|HUP, the read that follows fails with ECONNABORTED.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim cl client tcp-poll "$SERVER4" 7000
cut_server_link
expect_blocked cl 300

sk host pid "$cl_pid" fd "$cl_fd"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode"
wait_result cl 1
expect_eq "first RESULT op" poll "$RESULT_op"
expect_eq "poll RESULT name" OK "$RESULT_name"
expect_eq "poll revents (IN|ERR|HUP)" 0x19 "$(nt_field "$RESULT_line" revents)"
expect_result cl read ECONNABORTED 2
