#!/bin/bash
# needs: netns
# timeout: 180
# 'make install' from source: under a PREFIX, sockkill starts on its bundled runtime with its
# archive (the JVM is told to refuse to start otherwise), man finds sockkill(8) there, and bash
# and zsh (in a pseudo-terminal, pressing Tab) complete commands, states, 'fd' and fds; a DESTDIR install keeps a working archive when its runtime is JDK 24+ (an AOT
# cache moves), and with an older one the launcher says the archive does not fit. The launcher
# also says so when the archive is missing or older than a jar. 'make uninstall' removes it all.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkg.sh"

# require_archive DIR: the JVM option that makes DIR's archive mandatory
require_archive() {
    if [ -f "$1/lib/sockkill/sockkill.aot" ]; then echo "-XX:AOTMode=on"; else echo "-Xshare:on"; fi
}

prefix=$NT_WORK/prefix
capture host make -s -C "$NT_REPO" install PREFIX="$prefix"
expect_exit 0
capture host env SOCKKILL_JAVA_OPTS="$(require_archive "$prefix")" "$prefix/bin/sockkill" --version
expect_exit 0
expect_eq "stdout" "sockkill $PKG_VERSION" "$(printf '%s\n' "$OUT" | head -n 1)"
expect_contains "stdout" "$OUT" "runtime: "
expect_eq "stderr" "" "$ERR"
capture host man -M "$prefix/share/man" -w sockkill
expect_exit 0
expect_eq "man -w" "$prefix/share/man/man8/sockkill.8" "$OUT"
capture host bash -c '. "$1" && COMP_WORDS=(sockkill list --state es) && COMP_CWORD=3 && _sockkill \
    && echo "${COMPREPLY[*]}"' bash "$prefix/share/bash-completion/completions/sockkill"
expect_eq "completion of 'sockkill list --state es'" "established" "$OUT"
command -v zsh > /dev/null || fail "zsh is not installed (apt-get install zsh; .ci/run does)"
zcomplete() { capture host zsh -f "$NT_HERE/zsh-complete.zsh" "$prefix/share/zsh/site-functions" "$1"; }
zcomplete "sockkill pi"
expect_eq "zsh completion of 'sockkill pi'" "pid" "$OUT"
zcomplete "sockkill list --state es"
expect_eq "zsh completion of 'sockkill list --state es'" "established" "$OUT"
zcomplete "sockkill pid $$ "
expect_eq "zsh completion of 'sockkill pid $$ '" "fd" "$OUT"
zcomplete "sockkill pid $$ fd "
expect_contains "zsh completion of 'sockkill pid $$ fd '" " $(echo $OUT) " " 0 "
expect_contains "zsh completion of 'sockkill pid $$ fd '" " $(echo $OUT) " " 2 "

# the launcher notices an archive that does not fit instead of starting slowly without a word
touch "$prefix/lib/sockkill/lib/picocli-"*.jar
capture host "$prefix/bin/sockkill" --version
expect_exit 0
expect_contains "stderr" "$ERR" "no usable start-up archive"
expect_contains "stderr" "$ERR" "is newer than it"
rm -f "$prefix/lib/sockkill/sockkill.aot" "$prefix/lib/sockkill/sockkill.jsa"
capture host "$prefix/bin/sockkill" --version
expect_exit 0
expect_contains "stderr" "$ERR" "no usable start-up archive"
expect_contains "stderr" "$ERR" "there is none"

capture host make -s -C "$NT_REPO" uninstall PREFIX="$prefix"
expect_exit 0
left=$(find "$prefix" -type f)
[ -z "$left" ] || fail "make uninstall left files behind: $left"
log "  ok: make uninstall left no file"

stage=$NT_WORK/stage
capture host make -s -C "$NT_REPO" install DESTDIR="$stage" PREFIX=/usr
expect_exit 0
if [ -f "$stage/usr/lib/sockkill/sockkill.aot" ]; then
    capture host env SOCKKILL_JAVA_OPTS=-XX:AOTMode=on "$stage/usr/bin/sockkill" --version
    expect_exit 0
    expect_eq "stderr" "" "$ERR"
    log "  ok: the AOT cache still maps after a DESTDIR install"
else
    capture host "$stage/usr/bin/sockkill" --version
    expect_exit 0
    expect_contains "stderr" "$ERR" "it was made in"
    log "  ok: a CDS archive that cannot move is reported, not silently ignored"
fi
