#!/bin/bash
# needs: netns
# A client blocked on a Multipath TCP connection. Its TCP subflow carries the MPTCP socket's inode,
# and destroying the subflow would leave the client hung; the kernel cannot destroy MPTCP sockets.
# 'why P' shows it as the MPTCP socket it is. 'pid P fd F' refuses (exit 4, dry run alike) and leaves everything alone, and
# --fallback=shutdown wakes the client with end-of-file.
. "$(dirname "$0")/../lib.sh"

make_netns
nt_prefix ns
must "${NT_PFX[@]}" sh -c 'echo 1 > /proc/sys/net/mptcp/enabled'
start_victim srv ns --mptcp tcp-serve 127.0.0.1 7012
start_victim cl ns --mptcp tcp-recv 127.0.0.1 7012

# why reads the MPTCP socket's state from the MPTCP table (no lookup by tuple exists for it)
sk ns why "$cl_pid"
expect_exit 0
expect_contains "stdout" "$OUT" "fd $cl_fd: mptcp $cl_local <-> 127.0.0.1:7012 ESTAB inode $cl_inode"

sk ns pid "$cl_pid" fd "$cl_fd" --dry-run
expect_exit 4
sk ns pid "$cl_pid" fd "$cl_fd"
expect_exit 4
expect_starts "stderr" "$ERR" "sockkill: cannot kill mptcp $cl_local <-> 127.0.0.1:7012 ESTAB"
expect_contains "stderr" "$ERR" "--fallback=shutdown"
expect_clean_error
expect_eq "stdout" "" "$OUT"
expect_blocked cl 300

sk ns pid "$srv_pid" fd "$srv_fd"
expect_exit 4
expect_starts "stderr" "$ERR" "sockkill: cannot kill mptcp 127.0.0.1:7012 <-> 0.0.0.0:* LISTEN"
expect_clean_error

sk ns pid "$cl_pid" fd "$cl_fd" --fallback=shutdown
expect_exit 0
expect_starts "stdout" "$OUT" "shut down mptcp $cl_local "
expect_result cl recv EOF
