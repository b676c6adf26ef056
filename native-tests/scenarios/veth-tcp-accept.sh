#!/bin/bash
# needs: root
# A server blocked in accept(): when sockkill destroys its listener, accept() fails with EINVAL.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim lsn client tcp-accept "$CLIENT4" 7300
expect_blocked lsn 200

sk host pid "$lsn_pid" fd "$lsn_fd"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $CLIENT4:7300 "
expect_contains "stdout" "$OUT" " LISTEN inode $lsn_inode"
expect_eq "stderr" "" "$ERR"
expect_result lsn accept EINVAL
