#!/bin/bash
# needs: root
# A connected UDP socket blocked in recv() on a peer that went away (a bound socket on the server
# side, so no ICMP port-unreachable wakes it first): sockkill aborts it.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_sockpop peer server "udp-bound:$SERVER4:7100"
start_victim cl client udp-recv "$SERVER4" 7100
cut_server_link
expect_blocked cl 300

sk host pid "$cl_pid" fd "$cl_fd"
expect_exit 0
expect_starts "stdout" "$OUT" "killed udp $cl_local <-> $SERVER4:7100 ESTAB inode $cl_inode"
expect_eq "stderr" "" "$ERR"
expect_result cl recv ECONNABORTED
