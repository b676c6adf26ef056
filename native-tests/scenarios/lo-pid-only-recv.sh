#!/bin/bash
# needs: netns
# Loopback, a frozen peer: 'sockkill pid P' alone finds the socket the client waits on in recv()
# and frees it (also as an unprivileged user, inside unshare -rn).
. "$(dirname "$0")/../lib.sh"

make_netns
start_victim srv ns tcp-serve 127.0.0.1 7000
start_victim cl ns tcp-recv 127.0.0.1 7000
freeze "$srv_pid"
expect_blocked cl 300

sk ns pid "$cl_pid"
expect_exit 0
expect_contains "stdout" "$OUT" "killed tcp $cl_local <-> 127.0.0.1:7000 ESTAB inode $cl_inode (victim pid $cl_pid fd $cl_fd)"
expect_eq "stderr" "" "$ERR"
expect_result cl recv ECONNABORTED
