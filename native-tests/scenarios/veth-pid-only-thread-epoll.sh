#!/bin/bash
# needs: root
# A victim whose blocked thread is not the main one, waiting in epoll_pwait on its socket and a
# wake-up pipe: 'sockkill why P' names every thread (futex, clock_nanosleep, epoll_pwait), and
# 'sockkill pid P' frees it: epoll_pwait wakes, the read after it fails with ECONNABORTED.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim cl client --thread tcp-wait epoll_pwait "$SERVER4" 7000
cut_server_link
[ "$cl_tid" != "$cl_pid" ] || fail "the victim should block in a thread other than the main one"

sk host why "$cl_pid"
expect_exit 0
expect_contains "why" "$OUT" "thread $cl_pid (victim): futex (no fd to follow)"
expect_contains "why" "$OUT" "(ticker): clock_nanosleep (no fd to follow)"
expect_contains "why" "$OUT" "thread $cl_tid (worker): epoll_pwait("
expect_contains "why" "$OUT" "fd $cl_fd: tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode"
expect_contains "why" "$OUT" "verdict: pid $cl_pid (victim) is blocked on fd $cl_fd,"
expect_blocked cl 200

sk host pid "$cl_pid"
expect_exit 0
expect_contains "stdout" "$OUT" "killed tcp $cl_local <-> $SERVER4:7000 ESTAB inode $cl_inode (victim pid $cl_pid fd $cl_fd)"
expect_result cl epoll_pwait OK 1
expect_result cl read ECONNABORTED 2
