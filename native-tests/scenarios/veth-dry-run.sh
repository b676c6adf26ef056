#!/bin/bash
# needs: root
# --dry-run finds the socket, says what it would kill and kills nothing: the victim is still
# blocked and the socket still ESTAB. The real run afterwards still works.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim cl client tcp-recv "$SERVER4" 7000
cut_server_link

sk host pid "$cl_pid" fd "$cl_fd" --dry-run
expect_exit 0
expect_starts "stdout" "$OUT" "would kill tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode"
expect_eq "stderr" "" "$ERR"

sk host inode "$cl_inode" --netns "$cl_pid" --dry-run --json
expect_exit 0
expect_json "$OUT"
expect_contains "JSON" "$OUT" '"outcome":"found"'

expect_blocked cl 500
expect_eq "socket state after the dry runs" ESTAB "$(socket_state host --netns "$cl_pid" --inode "$cl_inode")"

sk host pid "$cl_pid" fd "$cl_fd"
expect_exit 0
expect_result cl recv ECONNABORTED
