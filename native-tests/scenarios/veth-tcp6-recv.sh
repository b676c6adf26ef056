#!/bin/bash
# needs: root
# Two clients blocked in recv() on an IPv6 peer whose link went down: one freed with
# 'sockkill pid P fd F', the other with 'sockkill inode N --netns PID'.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER6" 7000
start_victim a client tcp-recv "$SERVER6" 7000
start_victim b client tcp-recv "$SERVER6" 7000
cut_server_link
expect_blocked a 300

sk host pid "$a_pid" fd "$a_fd"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $a_local <-> [$SERVER6]:7000 ESTAB inode $a_inode"
expect_eq "stderr" "" "$ERR"
expect_result a recv ECONNABORTED
expect_blocked b 100

sk host inode "$b_inode" --netns "$b_pid"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $b_local <-> [$SERVER6]:7000 ESTAB inode $b_inode"
expect_eq "stderr" "" "$ERR"
expect_result b recv ECONNABORTED
