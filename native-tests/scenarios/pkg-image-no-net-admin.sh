#!/bin/bash
# needs: root
# The container image run on the host without CAP_NET_ADMIN, which sockkill needs where it destroys the socket
# (SOCK_DESTROY), but with the other two. 'inode N' cannot do without it: exit 3, one message line that names
# CAP_NET_ADMIN. 'pid P fd F' probes the peer instead (issue 14): a frozen peer's kernel still answers, so the
# peer is alive: exit 8, a message naming CAP_NET_ADMIN, and the victim untouched.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkg.sh"

need_image
frozen_client

on_host SYS_PTRACE SYS_ADMIN -- inode "$cl_inode" --netns "$cl_pid"
expect_exit 3
expect_clean_error
expect_contains "stderr" "$ERR" "CAP_NET_ADMIN"
expect_blocked cl 300

on_host SYS_PTRACE SYS_ADMIN -- pid "$cl_pid" fd "$cl_fd"
expect_exit 8
expect_clean_error
expect_starts "stdout" "$OUT" "alive tcp "
expect_contains "stderr" "$ERR" "CAP_NET_ADMIN"
expect_blocked cl 300
