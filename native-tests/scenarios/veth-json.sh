#!/bin/bash
# needs: root
# 'sockkill pid P fd F --json' prints one object: target, outcome killed, the socket as list
# shows it (inode, peer, the victim as owner), an empty message.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim cl client tcp-recv "$SERVER4" 7000
cut_server_link

sk host pid "$cl_pid" fd "$cl_fd" --json
expect_exit 0
expect_json "$OUT"
expect_contains "JSON" "$OUT" "\"target\":{\"pid\":$cl_pid,\"fd\":$cl_fd}"
expect_contains "JSON" "$OUT" '"outcome":"killed"'
expect_contains "JSON" "$OUT" '"socket":{"netid":"tcp","state":"ESTAB"'
expect_contains "JSON" "$OUT" "\"inode\":$cl_inode,"
expect_contains "JSON" "$OUT" "\"peer_address\":\"$SERVER4\",\"peer_port\":7000,"
expect_contains "JSON" "$OUT" "\"processes\":[{\"pid\":$cl_pid,\"fd\":$cl_fd,\"comm\":\"victim\"}]"
expect_contains "JSON" "$OUT" '"message":""'
expect_result cl recv ECONNABORTED
