#!/bin/bash
# needs: netns
# A client blocked in recv() on a loopback server that is frozen (SIGSTOP, never answers again),
# freed with 'sockkill pid P fd F': it sees ECONNABORTED.
. "$(dirname "$0")/../lib.sh"

make_netns
start_victim srv ns tcp-serve 127.0.0.1 7000
start_victim cl ns tcp-recv 127.0.0.1 7000
freeze "$srv_pid"
expect_blocked cl 300

sk ns pid "$cl_pid" fd "$cl_fd"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $cl_local <-> 127.0.0.1:7000 ESTAB inode $cl_inode"
expect_contains "stdout" "$OUT" "(victim pid $cl_pid fd $cl_fd)"
expect_eq "stderr" "" "$ERR"
expect_result cl recv ECONNABORTED
