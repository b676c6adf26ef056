#!/bin/bash
# needs: root
# The container image run on the host without CAP_SYS_PTRACE, which sockkill needs where it reads /proc/P/fd and duplicates
# the fd (pidfd_getfd),
# but with the other two: exit 3, one message line that names CAP_SYS_PTRACE, and the victim untouched.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkg.sh"

need_image
frozen_client

on_host SYS_ADMIN NET_ADMIN -- pid "$cl_pid" fd "$cl_fd"
expect_exit 3
expect_clean_error
expect_contains "stderr" "$ERR" "CAP_SYS_PTRACE"
expect_blocked cl 300
