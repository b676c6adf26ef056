#!/bin/bash
# needs: netns
# A client blocked in recv() on a frozen loopback server, freed with 'sockkill inode N' run in
# its namespace; then the same for IPv6 (::1).
. "$(dirname "$0")/../lib.sh"

make_netns
start_victim srv ns tcp-serve 127.0.0.1 7000
start_victim srv6 ns tcp-serve ::1 7000
start_victim cl ns tcp-recv 127.0.0.1 7000
start_victim cl6 ns tcp-recv ::1 7000
freeze "$srv_pid"
freeze "$srv6_pid"
expect_blocked cl 300

sk ns inode "$cl_inode"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $cl_local <-> 127.0.0.1:7000 ESTAB inode $cl_inode"
expect_eq "stderr" "" "$ERR"
expect_result cl recv ECONNABORTED
expect_blocked cl6 100

sk ns inode "$cl6_inode"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $cl6_local <-> [::1]:7000 ESTAB inode $cl6_inode"
expect_result cl6 recv ECONNABORTED
