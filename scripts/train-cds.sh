#!/bin/sh
# Builds the class-data-sharing archive of a built or installed sockkill layout (DIR/lib,
# DIR/native). Read-only training runs of the common commands each record the classes they load;
# the union goes into one static archive, JDK classes included. The archive records the jars'
# paths and sizes, so it is made where the jars will be used, after they are in place. (JDK 17
# matches those paths as URLs: under a directory whose name has a space, only the JDK's classes
# are shared.)
#
# The training never kills anything: kills run with --dry-run, or name a socket that does not exist.
set -eu
dir=$(cd "$1" && pwd)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
lists=$(mktemp -d)
trap 'rm -rf "$lists"' EXIT

train() {
    name=$1
    shift
    "$java" -Xshare:off -XX:DumpLoadedClassList="$lists/$name.classes" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -Xlog:disable -Djffi.boot.library.path="$dir/native" -Djnr.ffi.asm.enabled=false \
        -cp "$dir/lib/sockkill.jar" sockkill.cli.Main "$@" >/dev/null 2>&1 || true
}

train list list
train list-json list --json
train inode-absent inode 4294967295
train match match --dport 1 --dry-run
train help --help
train version --version
# what this shell is blocked in (wait4 on the JVM): why and pid P diagnose it and kill nothing
train why why $$
train why-json why $$ --json
train pid-blocked pid $$ --dry-run
# a socket some process holds, to walk the kill paths to the end (dry runs)
link=$(find /proc/[0-9]*/fd -lname 'socket:*' 2>/dev/null | head -n 1 || true)
if [ -n "$link" ]; then
    pid=$(echo "$link" | cut -d/ -f3)
    fd=$(echo "$link" | cut -d/ -f5)
    inode=$(readlink "$link" 2>/dev/null | tr -dc 0-9)
    train pid-fd pid "$pid" fd "$fd" --dry-run
    # what that process waits on (often an epoll set of sockets): why and pid P, killing nothing
    train why-sockets why "$pid" --json
    train pid-sockets pid "$pid" --dry-run
    [ -z "$inode" ] || train inode inode "$inode" --dry-run --json
fi

cat "$lists"/*.classes | sort -u > "$lists/all"
rm -f "$dir/sockkill.jsa"
"$java" -Xshare:dump -XX:SharedClassListFile="$lists/all" -XX:SharedArchiveFile="$dir/sockkill.jsa" \
    -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -cp "$dir/lib/sockkill.jar" >/dev/null 2>&1 || true
if [ -f "$dir/sockkill.jsa" ]; then
    echo "train-cds: $(wc -l < "$lists/all") classes archived in $dir/sockkill.jsa"
else
    echo "train-cds: no archive made (this JVM cannot dump one); sockkill starts slower" >&2
fi
