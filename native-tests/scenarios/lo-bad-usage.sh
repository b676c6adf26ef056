#!/bin/bash
# needs: netns
# Bad usage is exit 2 with one message line on stderr (picocli may add its "Try --help" hint) and
# no Java stack trace; nothing is killed.
. "$(dirname "$0")/../lib.sh"

make_netns
start_victim srv ns tcp-serve 127.0.0.1 7000
start_victim cl ns tcp-recv 127.0.0.1 7000

sk ns inode abc
expect_exit 2
expect_contains "stderr" "$ERR" "invalid inode 'abc'"
expect_clean_error
expect_eq "stdout" "" "$OUT"

sk ns pid "$cl_pid" fd x
expect_exit 2
expect_contains "stderr" "$ERR" "invalid fd 'x'"
expect_clean_error

sk ns pid "$cl_pid" file "$cl_fd"
expect_exit 2
expect_clean_error

sk ns inode "$cl_inode" --netns "$cl_pid" --all-netns
expect_exit 2
expect_clean_error

# --if-dead probes through a process's fd, one namespace at a time: refused with --all-netns
sk ns match --if-dead --all-netns --dport 7000
expect_exit 2
expect_contains "stderr" "$ERR" "--all-netns"
expect_clean_error
expect_eq "stdout" "" "$OUT"

sk ns frobnicate
expect_exit 2
expect_contains "stderr" "$ERR" "frobnicate"
expect_clean_error

expect_blocked cl 100
