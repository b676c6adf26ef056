#!/bin/bash
# needs: netns
# A reader blocked on a UNIX stream socket: the kernel cannot destroy UNIX sockets (exit 4, a
# message saying so and pointing at --fallback=shutdown, the reader untouched); with
# --fallback=shutdown its fd is shut down (exit 0) and the reader sees end-of-file.
. "$(dirname "$0")/../lib.sh"

make_netns
path=@sk-nt-unix-$$
start_sockpop srv ns "unix-listen:$path"
start_victim rd ns unix-recv "$path"

sk ns pid "$rd_pid" fd "$rd_fd"
expect_exit 4
expect_contains "stderr" "$ERR" "UNIX"
expect_contains "stderr" "$ERR" "--fallback=shutdown"
expect_clean_error
expect_blocked rd 300

sk ns inode "$rd_inode"
expect_exit 4
expect_contains "stderr" "$ERR" "UNIX"

sk ns pid "$rd_pid" fd "$rd_fd" --fallback=shutdown --dry-run
expect_exit 0
expect_starts "stdout" "$OUT" "would shut down u_str "
expect_blocked rd 300

sk ns pid "$rd_pid" fd "$rd_fd" --fallback=shutdown
expect_exit 0
expect_starts "stdout" "$OUT" "shut down u_str "
expect_contains "stdout" "$OUT" "inode $rd_inode"
expect_contains "stdout" "$OUT" "end-of-file"
expect_result rd recv EOF
