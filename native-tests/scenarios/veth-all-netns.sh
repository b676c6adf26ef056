#!/bin/bash
# needs: root
# From outside, a plain 'inode N' does not see the client's namespace (exit 1, with a hint at
# --all-netns); 'inode N --all-netns' finds and kills it.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim cl client tcp-recv "$SERVER4" 7000
cut_server_link

sk host inode "$cl_inode"
expect_exit 1
expect_contains "stderr" "$ERR" "--all-netns"
expect_clean_error
expect_blocked cl 200

sk host inode "$cl_inode" --all-netns
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode"
expect_result cl recv ECONNABORTED
