#!/bin/sh
# build-runtime.sh DIR JDK: jlinks the minimal Java runtime sockkill needs into DIR/runtime, from
# JDK, and writes DIR/jvm.options, the JVM options the launcher, the training and the image all
# use (a java @argfile). The modules are those jdeps finds in DIR/lib's jars (java.base,
# java.logging, jdk.unsupported). Native files are stripped of their symbol tables.
set -eu
dir=$1
jdk=$2
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release" 2>/dev/null || true)
if [ ! -x "$jdk/bin/jlink" ] || [ -z "$feature" ]; then
    echo "build-runtime: $jdk is not a JDK with jlink" >&2
    exit 1
fi
if [ "$feature" -lt 17 ]; then
    echo "build-runtime: $jdk is JDK $feature; sockkill needs 17 or later" >&2
    exit 1
fi

modules=$("$jdk/bin/jdeps" --multi-release "$feature" --ignore-missing-deps --print-module-deps "$dir"/lib/*.jar)
rm -rf "$dir/runtime"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$dir/runtime"
# keytool and the like come with java.base; sockkill needs only java
find "$dir/runtime/bin" -type f ! -name java -delete
if command -v strip > /dev/null 2>&1; then
    find "$dir/runtime" -type f \( -name '*.so' -o -path '*/bin/java' -o -name jexec -o -name jspawnhelper \) \
        -exec strip --strip-unneeded -R .comment -R .note {} +
fi

{
    # C1 only, a small serial heap: a run lasts a fraction of a second
    echo "-XX:TieredStopAtLevel=1"
    echo "-XX:+UseSerialGC"
    echo "-Xms8m"
    echo "-Xmx256m"
    # a young generation of a quarter of the heap, not a third: every page of eden is touched
    # between collections, and a 96k-socket listing with owners peaked 5-7 MiB lower (RSS)
    echo "-XX:NewRatio=3"
    echo "-Xss512k"
    echo "-XX:-UsePerfData"
    # JVM warnings go to stderr, never into output a script parses; the launcher itself says when
    # the start-up archive cannot be used, so the JVM's archive logging stays quiet
    echo "-Xlog:disable"
    echo "-Xlog:all=warning:stderr"
    echo "-Xlog:cds=off"
    echo "-Xlog:cds+dynamic=off"
    if [ "$feature" -ge 24 ]; then
        echo "-Xlog:aot=off"
    fi
    # jnr-ffi's reflection invoker: its ASM stub generation costs more than it saves here
    echo "-Djnr.ffi.asm.enabled=false"
    # JDK 22 and later warn about (and partly unarchive) jnr-ffi's native calls without this;
    # JDK 17 must not pay for its module set-up
    if [ "$feature" -ge 22 ]; then
        echo "--enable-native-access=ALL-UNNAMED"
    fi
} > "$dir/jvm.options"

# "OpenJDK Runtime Environment Temurin-25.0.3+9 (build 25.0.3+9-LTS)", say
name=$("$dir/runtime/bin/java" -version 2>&1 | sed -n 2p)
size=$(du -sm "$dir/runtime" | cut -f1)
echo "build-runtime: bundled $name: $modules, $size MB, jlinked from $jdk"
