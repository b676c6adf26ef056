#!/bin/bash
# needs: root
# An unprivileged user and a process of another user (root): sockkill may neither probe its
# connection (no ptrace rights) nor destroy it (no CAP_NET_ADMIN). 'pid P fd F' and 'pid P' exit 3
# with one line that names both ways to gain the rights (root's capabilities, or the owner's
# ptrace rights, with which sockkill probes), and nothing is killed.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7000
start_victim cl client tcp-recv "$SERVER4" 7000
cut_server_link

sk client+user pid "$cl_pid" fd "$cl_fd"
expect_exit 3
expect_clean_error
expect_contains "stderr" "$ERR" "cannot read the fds of pid $cl_pid: needs CAP_SYS_PTRACE"
expect_contains "stderr" "$ERR" "(run as root); or run as its owner, uid 0 (who may probe its connections and free those whose peer is dead)"

sk client+user pid "$cl_pid"
expect_exit 3
expect_clean_error
expect_contains "stderr" "$ERR" "needs CAP_SYS_PTRACE over it (run as root); or run as its owner, uid 0 (who may probe its connections and free those whose peer is dead)"
expect_blocked cl 300
