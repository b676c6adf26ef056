#!/bin/bash
# needs: netns
# 'pid P fd F --inode N' kills only while fd F still holds socket inode N: a client that reconnects
# after a kill often gets the same fd number back, and a second run must not kill the new
# connection. The wrong inode: exit 1, nothing killed; the right one: killed.
. "$(dirname "$0")/../lib.sh"

make_netns
start_victim srv ns tcp-serve 127.0.0.1 7013
start_victim cl ns tcp-recv 127.0.0.1 7013

sk ns pid "$cl_pid" fd "$cl_fd" --inode $((cl_inode + 1))
expect_exit 1
expect_contains "stderr" "$ERR" "no longer holds socket inode $((cl_inode + 1)) (it is now socket:[$cl_inode])"
expect_contains "stderr" "$ERR" "nothing was killed"
expect_clean_error
expect_blocked cl 300

sk ns pid "$cl_pid" fd "$cl_fd" --inode "$cl_inode"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $cl_local <-> 127.0.0.1:7013 ESTAB inode $cl_inode"
expect_result cl recv ECONNABORTED
