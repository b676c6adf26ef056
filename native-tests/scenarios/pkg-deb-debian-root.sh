#!/bin/bash
# needs: root
# timeout: 240
# The Debian package ('make deb') installed with dpkg -i in a minimal Debian root that has no JDK
# at all (packaging/debian-root.sh): sockkill --version starts on its own runtime with its
# archive (the JVM is told to refuse to start otherwise, and the launcher warns of nothing),
# sockkill list works, man -w finds the man page, bash completion offers 'fd' after 'pid P' and
# the process's fds after that, and a real kill from inside the root frees a victim blocked in
# recv() on a frozen peer (ECONNABORTED). dpkg --purge then leaves no file behind.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkg.sh"

need_deb
need_debian_root
in_root sh -c 'command -v java || ls /usr/lib/jvm'
[ "$RC" != 0 ] || fail "the Debian root has a Java runtime: $OUT"
log "  ok: no java in the root"
before=$(root_files)

cp "$DEB" "$ROOT/tmp/sockkill.deb" || fail "cannot copy $DEB into the root"
in_root dpkg -i /tmp/sockkill.deb
expect_exit 0
[ -x "$ROOT$PKG_HOME/runtime/bin/java" ] && [ -n "$before" ] || fail "dpkg -i installed no runtime, or the root lists no files"

in_root sockkill --version
expect_exit 0
expect_eq "stdout" "sockkill $PKG_VERSION" "$(printf '%s\n' "$OUT" | head -n 1)"
expect_eq "stderr" "" "$ERR"
if [ -f "$ROOT$PKG_HOME/sockkill.aot" ]; then
    in_root env SOCKKILL_JAVA_OPTS=-XX:AOTMode=on sockkill --version
else
    in_root env SOCKKILL_JAVA_OPTS=-Xshare:on sockkill --version
fi
expect_exit 0

in_root sockkill list -t
expect_exit 0
expect_starts "stdout" "$OUT" "Netid"

in_root man -w sockkill
expect_exit 0
expect_eq "man -w" "/usr/share/man/man8/sockkill.8.gz" "$OUT"

make_netns
start_victim srv ns tcp-serve 127.0.0.1 7000
start_victim cl ns tcp-recv 127.0.0.1 7000
freeze "$srv_pid"
expect_blocked cl 300

# completion as an interactive bash there loads it: bash-completion's loader, then _sockkill
complete_in_root() {
    in_root bash -c '. /usr/share/bash-completion/bash_completion && __load_completion sockkill \
        && COMP_WORDS=("$@") && COMP_CWORD=$(($# - 1)) && _sockkill && echo "${COMPREPLY[*]}"' bash "$@"
}
complete_in_root sockkill pi
expect_exit 0
expect_eq "completion of 'sockkill pi'" "pid" "$OUT"
complete_in_root sockkill pid "$cl_pid" ""
expect_eq "completion of 'sockkill pid $cl_pid '" "fd" "$OUT"
complete_in_root sockkill pid "$cl_pid" fd ""
expect_contains "completion of 'sockkill pid $cl_pid fd '" " $OUT " " $cl_fd "

in_root sockkill pid "$cl_pid" fd "$cl_fd"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $cl_local <-> 127.0.0.1:7000 ESTAB inode $cl_inode"
expect_eq "stderr" "" "$ERR"
expect_result cl recv ECONNABORTED

in_root dpkg --purge sockkill
expect_exit 0
rm -f "$ROOT/tmp/sockkill.deb"
left=$(comm -13 <(printf '%s\n' "$before") <(root_files))
[ -z "$left" ] || fail "dpkg --purge left files behind: $left"
log "  ok: dpkg --purge left nothing behind"
