#!/bin/sh
# Prints the JDK whose jlink builds sockkill's bundled runtime: RUNTIME_JDK if set, otherwise the
# newest JDK 24 or later found in JAVA_HOME or /usr/lib/jvm (its start-up archive is then a JDK AOT
# cache, which also survives being moved), otherwise the JDK of the default javac (Debian's 17).
set -eu
feature() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
if [ -n "${RUNTIME_JDK:-}" ]; then
    echo "$RUNTIME_JDK"
    exit 0
fi
best="" best_feature=0
for jdk in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$jdk/bin/jlink" ] || continue
    f=$(feature "$jdk")
    [ -n "$f" ] || continue
    if [ "$f" -ge 24 ] && [ "$f" -gt "$best_feature" ]; then
        best=$jdk best_feature=$f
    fi
done
if [ -z "$best" ]; then
    javac=$(command -v javac) || { echo "runtime-jdk: no JDK found (javac is not on PATH)" >&2; exit 1; }
    javac=$(readlink -f "$javac")
    best=${javac%/bin/javac}
fi
echo "$best"
