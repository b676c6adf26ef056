#!/bin/bash
# needs: root
# A client blocked in recv() on an IPv4 peer whose link went down, freed with
# 'sockkill inode N --netns PID' from outside its namespace.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim cl client tcp-recv "$SERVER4" 7000
cut_server_link
expect_blocked cl 300

sk host inode "$cl_inode" --netns "$cl_pid"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode"
expect_eq "stderr" "" "$ERR"
expect_result cl recv ECONNABORTED
