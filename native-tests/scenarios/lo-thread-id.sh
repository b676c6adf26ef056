#!/bin/bash
# needs: netns
# 'pid P fd F' with the id of the thread that blocks (what strace -f prints) instead of the
# process's: the socket is killed, and the report names the process.
. "$(dirname "$0")/../lib.sh"

make_netns
start_victim srv ns tcp-serve 127.0.0.1 7014
start_victim cl ns --thread tcp-recv 127.0.0.1 7014
cl_tid=$(nt_field "$(grep -m 1 '^READY ' "$NT_WORK/cl.out")" tid)
[ -n "$cl_tid" ] && [ "$cl_tid" != "$cl_pid" ] || fail "the victim's blocking thread has no tid of its own ($cl_tid)"

sk ns pid "$cl_tid" fd "$cl_fd"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $cl_local <-> 127.0.0.1:7014 ESTAB inode $cl_inode"
expect_contains "stdout" "$OUT" "(victim pid $cl_pid fd $cl_fd)"
expect_eq "stderr" "" "$ERR"
expect_result cl recv ECONNABORTED
