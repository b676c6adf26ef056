#!/bin/bash
# needs: netns
# A process blocked on a pipe, and one blocked (in a second thread) on a tty, wait on no network
# socket: 'sockkill pid P' kills nothing, exits 1 and says what each thread waits in.
. "$(dirname "$0")/../lib.sh"

make_netns
start_victim p ns pipe-read
start_victim t ns --thread tty-read
pipe=$(readlink "/proc/$p_pid/fd/$p_fd")
tty=$(readlink "/proc/$t_pid/fd/$t_fd")

sk ns pid "$p_pid"
expect_exit 1
expect_clean_error
expect_eq "stderr" "sockkill: pid $p_pid (victim) is not blocked on a network socket: thread $p_pid in read($p_fd) on $pipe" "$ERR"
expect_eq "stdout" "" "$OUT"

sk ns pid "$t_pid"
expect_exit 1
expect_clean_error
expect_starts "stderr" "$ERR" "sockkill: pid $t_pid (victim) is not blocked on a network socket: thread $t_pid in futex, thread "
expect_contains "stderr" "$ERR" " in clock_nanosleep, thread $t_tid in read($t_fd) on $tty"

sk ns why "$t_pid"
expect_exit 1
expect_contains "why" "$OUT" "fd $t_fd: $tty"
expect_blocked p 200
expect_blocked t 0
