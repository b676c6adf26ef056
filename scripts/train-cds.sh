#!/bin/sh
# Builds the class-data-sharing archive of an installed or built sockkill layout (DIR/lib,
# DIR/native) from training runs of the common paths. The archive records the jars' paths and
# times, so it is made where the jars will be used, after they are in place.
set -eu
dir=$(cd "$1" && pwd)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
rm -f "$dir/sockkill.jsa"
# Read-only runs: a listing of this namespace, and lookups of a socket that does not exist.
"$java" -XX:ArchiveClassesAtExit="$dir/sockkill.jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Djffi.boot.library.path="$dir/native" -Djnr.ffi.asm.enabled=false -Xlog:cds=off -Xlog:cds+dynamic=off \
    -cp "$dir/lib/sockkill.jar" sockkill.cli.Main list --json >/dev/null 2>&1 || true
[ -f "$dir/sockkill.jsa" ] || echo "train-cds: no archive made (this JVM cannot dump one); sockkill starts slower" >&2
