#!/bin/bash
# needs: netns
# An inode no socket has: exit 1. Both a number nothing ever had and the inode of a socket that
# was closed (its victim ended).
. "$(dirname "$0")/../lib.sh"

make_netns
sk ns inode 4294967295
expect_exit 1
expect_contains "stderr" "$ERR" "no socket with inode 4294967295"
expect_clean_error

start_victim lsn ns tcp-accept 127.0.0.1 7000
kill -TERM "$lsn_pid"
wait "$lsn_pid" 2> /dev/null
log "victim lsn (pid $lsn_pid) ended: its socket, inode $lsn_inode, is closed"

sk ns inode "$lsn_inode"
expect_exit 1
expect_contains "stderr" "$ERR" "inode $lsn_inode"
expect_clean_error
