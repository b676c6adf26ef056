#!/bin/bash
# needs: netns
# An fd that is not a socket: exit 5 "is not a socket", saying what it is. fd 0 of a victim is
# /dev/null; fd 1 of a sleep is a pipe.
. "$(dirname "$0")/../lib.sh"

make_netns
start_victim srv ns tcp-serve 127.0.0.1 7000
sleep 30 > >(cat > /dev/null) &
sl_pid=$!
NT_PIDS+=("$sl_pid")

sk ns pid "$srv_pid" fd 0
expect_exit 5
expect_contains "stderr" "$ERR" "fd 0 of pid $srv_pid is not a socket"
expect_contains "stderr" "$ERR" "/dev/null"
expect_clean_error

sk ns pid "$sl_pid" fd 1
expect_exit 5
expect_contains "stderr" "$ERR" "fd 1 of pid $sl_pid is not a socket"
expect_contains "stderr" "$ERR" "pipe:["
expect_clean_error

sk ns pid "$srv_pid" fd 99
expect_exit 5
expect_contains "stderr" "$ERR" "pid $srv_pid has no fd 99"
expect_clean_error
expect_blocked srv 100
