#!/bin/bash
# needs: root
# The container image run on the host without CAP_SYS_ADMIN, which sockkill needs where it enters the victim's network
# namespace (setns),
# but with the other two: 'inode N' exits 3, one message line that names CAP_SYS_ADMIN, and the victim untouched;
# 'pid P fd F' probes instead and finds the frozen peer's kernel answering (exit 8).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkg.sh"

need_image
frozen_client

on_host SYS_PTRACE NET_ADMIN -- inode "$cl_inode" --netns "$cl_pid"
expect_exit 3
expect_clean_error
expect_contains "stderr" "$ERR" "CAP_SYS_ADMIN"
expect_blocked cl 300

# pid P fd F probes instead (issue 14): a probe needs no namespace, only the fd; the frozen peer's
# kernel answers, so the peer is alive and nothing is killed
on_host SYS_PTRACE NET_ADMIN -- pid "$cl_pid" fd "$cl_fd"
expect_exit 8
expect_clean_error
expect_starts "stdout" "$OUT" "alive tcp "
expect_contains "stderr" "$ERR" "without CAP_SYS_ADMIN"
expect_blocked cl 300
