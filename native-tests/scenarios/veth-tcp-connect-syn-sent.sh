#!/bin/bash
# needs: root
# A connect() stuck in SYN-SENT because the server's link is already down: once sockkill list
# shows SYN-SENT, 'sockkill inode N --netns PID' aborts the connect.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
pin_server_neighbour
cut_server_link
start_victim cl client tcp-connect "$SERVER4" 7200
await_state SYN-SENT 10 host --netns "$cl_pid" --inode "$cl_inode"
expect_blocked cl 100

sk host inode "$cl_inode" --netns "$cl_pid"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $CLIENT4:"
expect_contains "stdout" "$OUT" " <-> $SERVER4:7200 SYN-SENT inode $cl_inode"
expect_eq "stderr" "" "$ERR"
expect_result cl connect ECONNABORTED
