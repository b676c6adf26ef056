#!/bin/bash
# needs: root
# sockkill run inside the client's namespace (ip netns exec) finds the socket with a plain
# 'inode N', no --netns needed.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim cl client tcp-recv "$SERVER4" 7000
cut_server_link
expect_blocked cl 300

sk client inode "$cl_inode"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode"
expect_eq "stderr" "" "$ERR"
expect_result cl recv ECONNABORTED
