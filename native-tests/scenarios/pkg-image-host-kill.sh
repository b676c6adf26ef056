#!/bin/bash
# needs: root
# The container image ('make image'; SOCKKILL_IMAGE, default sockkill:VERSION) run on the host the
# way README says (--pid=host --net=host and the three capabilities) frees a host process blocked
# in recv() on a frozen peer in a namespace of its own: the victim sees ECONNABORTED. The image's
# start-up archive maps (the JVM is told to refuse to start otherwise).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkg.sh"

need_image
frozen_client
expect_blocked cl 300

archive_check=$(image_archive_check)
# shellcheck disable=SC2086
NT_CONTAINERS+=("sk-nt-img-$$")
capture host docker run --rm --name "sk-nt-img-$$" --entrypoint "$PKG_HOME/runtime/bin/java" "$IMAGE" \
    @"$PKG_HOME/jvm.options" $archive_check -Djffi.boot.library.path="$PKG_HOME/native" \
    -cp "$PKG_HOME/lib/sockkill.jar" sockkill.cli.Main --version
expect_exit 0
expect_starts "stdout" "$OUT" "sockkill "

on_host SYS_ADMIN SYS_PTRACE NET_ADMIN -- pid "$cl_pid" fd "$cl_fd"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $cl_local <-> 127.0.0.1:7000 ESTAB inode $cl_inode"
expect_eq "stderr" "" "$ERR"
expect_result cl recv ECONNABORTED
