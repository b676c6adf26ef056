#!/bin/bash
# needs: root
# 'sockkill why P --json' on a client blocked in recv() on a peer gone with its link: one object
# with the thread, the socket (tuple, inode, owner, its namespace) and its tcp_info, and the
# verdict; nothing is killed.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim cl client tcp-recv "$SERVER4" 7000
cut_server_link
netns=$(stat -L -c %i "/proc/$cl_pid/ns/net")

sk host why "$cl_pid" --json
expect_exit 0
expect_eq "stderr" "" "$ERR"
expect_json "$OUT"
expect_starts "why --json" "$OUT" "{\"pid\":$cl_pid,\"comm\":\"victim\",\"thread_given\":null,\"arch\":\""
expect_contains "why --json" "$OUT" "\"threads\":[{\"tid\":$cl_pid,\"comm\":\"victim\",\"state\":\"in-syscall\",\"syscall\":\"recvfrom\","
expect_contains "why --json" "$OUT" "\"understood\":true,\"fds\":[$cl_fd],\"epoll_fd\":null,\"note\":null}]"
expect_contains "why --json" "$OUT" "\"fds\":[{\"fd\":$cl_fd,\"kind\":\"socket\",\"target\":\"socket:[$cl_inode]\",\"waited_by\":[$cl_pid],\"watches\":[],\"candidate\":true,\"socket\":{\"netid\":\"tcp\",\"state\":\"ESTAB\",\"local_address\":\"$CLIENT4\","
expect_contains "why --json" "$OUT" "\"peer_address\":\"$SERVER4\",\"peer_port\":7000,\"inode\":$cl_inode,"
expect_contains "why --json" "$OUT" "\"processes\":[{\"pid\":$cl_pid,\"fd\":$cl_fd,\"comm\":\"victim\"}]},\"netns\":$netns,\"tcp_info\":{\"last_data_recv_ms\":"
expect_contains "why --json" "$OUT" "\"verdict\":{\"outcome\":\"one\",\"fds\":[$cl_fd],\"message\":\"pid $cl_pid (victim) is blocked on fd $cl_fd,"
expect_blocked cl 300
