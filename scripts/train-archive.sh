#!/bin/sh
# train-archive.sh DIR: makes the start-up archive of a sockkill layout (DIR/runtime, DIR/lib,
# DIR/native, DIR/jvm.options) for its bundled runtime, then proves the runtime maps it.
#
#   runtime JDK 24+: DIR/sockkill.aot, a JDK AOT cache (JEP 483/514) from one training JVM that runs
#                    every command (sockkill.cli.Training). It still maps when DIR is moved
#                    (DESTDIR installs, packages).
#   runtime JDK 17-23: DIR/sockkill.classlist from the same training run, and a static CDS archive
#                    DIR/sockkill.jsa dumped from it. Such an archive records where the jars are:
#                    it must be dumped where they will be used, and DIR/sockkill.jsa.home says
#                    where that was (the launcher compares). Moved elsewhere, run
#   train-archive.sh --dump DIR    there, which dumps from the class list again (no training).
#
# The training never kills anything: kills are dry runs or name a socket that does not exist.
set -eu
dump_only=false
if [ "${1:-}" = --dump ]; then
    dump_only=true
    shift
fi
dir=$(cd "$1" && pwd)
java=$dir/runtime/bin/java
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$dir/runtime/release")
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() {
    "$java" @"$dir/jvm.options" -Djffi.boot.library.path="$dir/native" "$@"
}
failed() {
    echo "train-archive: $1; what the JVM said:" >&2
    sed 's/^/    /' "$log" >&2
    exit 1
}

dump() {
    rm -f "$dir/sockkill.jsa"
    run -Xshare:dump -XX:SharedClassListFile="$dir/sockkill.classlist" -XX:SharedArchiveFile="$dir/sockkill.jsa" \
        -cp "$dir/lib/sockkill.jar" > "$log" 2>&1 || failed "dumping $dir/sockkill.jsa failed"
    echo "$dir" > "$dir/sockkill.jsa.home"
    run -Xshare:on -XX:SharedArchiveFile="$dir/sockkill.jsa" -cp "$dir/lib/sockkill.jar" sockkill.cli.Main --version \
        > "$log" 2>&1 || failed "the runtime refuses its own archive $dir/sockkill.jsa"
    echo "train-archive: $(wc -l < "$dir/sockkill.classlist") classes in $dir/sockkill.jsa (CDS, JDK $feature)"
}

if $dump_only; then
    [ "$feature" -lt 24 ] || { echo "train-archive: --dump is for JDK 17-23 runtimes" >&2; exit 2; }
    dump
    exit 0
fi

# a socket some process holds, so that the kill paths run to their end (dry runs)
socket=""
link=$(find /proc/[0-9]*/fd -lname 'socket:*' 2>/dev/null | head -n 1 || true)
if [ -n "$link" ]; then
    pid=$(echo "$link" | cut -d/ -f3)
    fd=$(echo "$link" | cut -d/ -f5)
    inode=$(readlink "$link" 2>/dev/null | tr -dc 0-9)
    [ -z "$inode" ] || socket="$pid $fd $inode"
fi
# what 'sockkill -' reads: targets that kill nothing
batch='inode 4294967295
pid 1 fd 999999'

rm -f "$dir/sockkill.aot" "$dir/sockkill.jsa" "$dir/sockkill.jsa.home" "$dir/sockkill.classlist"
if [ "$feature" -ge 24 ]; then
    # one run: the JVM trains, then forks a second JVM that writes the cache (JEP 514)
    # shellcheck disable=SC2086
    echo "$batch" | run -XX:AOTCacheOutput="$dir/sockkill.aot" -cp "$dir/lib/sockkill.jar" sockkill.cli.Training \
        $socket > /dev/null 2> "$log" || true
    [ -s "$dir/sockkill.aot" ] || failed "no AOT cache made"
    rm -f "$dir/sockkill.aot.config"
    run -XX:AOTMode=on -XX:AOTCache="$dir/sockkill.aot" -cp "$dir/lib/sockkill.jar" sockkill.cli.Main --version \
        > "$log" 2>&1 || failed "the runtime refuses its own AOT cache $dir/sockkill.aot"
    echo "train-archive: AOT cache $dir/sockkill.aot ($(du -m "$dir/sockkill.aot" | cut -f1) MB, JDK $feature)"
else
    # shellcheck disable=SC2086
    echo "$batch" | run -Xshare:off -XX:DumpLoadedClassList="$dir/sockkill.classlist" -cp "$dir/lib/sockkill.jar" \
        sockkill.cli.Training $socket > /dev/null 2> "$log" || true
    [ -s "$dir/sockkill.classlist" ] || failed "the training run listed no classes"
    dump
fi
