#!/bin/sh
# debian-root.sh [TARBALL]: a minimal Debian root with no JDK at all, for the package test
# (native-tests/scenarios/pkg-deb-debian-root.sh), made once with debootstrap --variant=minbase
# from Debian's mirror and kept as a tarball (default /var/cache/sockkill-ci/debian-SUITE.tar,
# SUITE being this machine's Debian release). It holds man-db and bash-completion, so that
# 'man -w sockkill' and completion work there as on an admin's machine. Needs root.
set -eu
suite=${DEBIAN_SUITE:-$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")}
suite=${suite:-bookworm}
tarball=${1:-/var/cache/sockkill-ci/debian-$suite.tar}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
if [ -s "$tarball" ]; then
    echo "debian-root: $tarball (cached)"
    exit 0
fi
command -v debootstrap > /dev/null || { echo "debian-root: debootstrap is not installed" >&2; exit 1; }
mkdir -p "$(dirname "$tarball")"
work=$(mktemp -d "${TMPDIR:-/tmp}/sockkill-debian-root.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "debian-root: debootstrap --variant=minbase $suite from $mirror (once; cached in $tarball)"
debootstrap --variant=minbase --include=man-db,bash-completion "$suite" "$work/root" "$mirror" \
    > "$work/log" 2>&1 || { tail -20 "$work/log" >&2; exit 1; }
rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"*
if [ -e "$work/root/usr/bin/java" ] || [ -d "$work/root/usr/lib/jvm" ]; then
    echo "debian-root: the root has a Java runtime; it must not" >&2
    exit 1
fi
tar -C "$work/root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
echo "debian-root: $tarball ($(du -m "$tarball" | cut -f1) MB)"
