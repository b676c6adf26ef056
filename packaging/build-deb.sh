#!/bin/sh
# build-deb.sh DIST DOC VERSION OUT.deb: the Debian package, built with dpkg-deb from the layout
# 'make' leaves in DIST (runtime, jars, jffi's stub, jvm.options, start-up archive) and the
# generated man page and completions in DOC.
#
#   /usr/bin/sockkill                                the launcher (bin/sockkill)
#   /usr/lib/sockkill/                               DIST
#   /usr/share/man/man8/sockkill.8.gz
#   /usr/share/bash-completion/completions/sockkill
#   /usr/share/zsh/vendor-completions/_sockkill
#   /lib/systemd/system/sockkill-watch.service       sockkill watch as a service, shipped disabled
#   /usr/share/doc/sockkill/{copyright,changelog.gz}
#
# Depends: is what dpkg-shlibdeps finds the runtime's ELF files need. The maintainer is
# DEBFULLNAME <DEBEMAIL>, or else the author of the last commit.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
dist=$1
doc=$2
version=$3
out=$4
arch=$(dpkg --print-architecture)
mkdir -p "$(dirname "$out")"
work=$(cd "$(dirname "$out")" && pwd)/deb
root=$work/root
rm -rf "$work"
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/lib" "$root/usr/share/man/man8" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
    "$root/usr/share/doc/sockkill" "$root/lib/systemd/system"

# cp -p: the archive stays newer than the files it was made from (the launcher checks)
cp -Rp "$dist" "$root/usr/lib/sockkill"
rm -f "$root/usr/lib/sockkill/.built"
install -m 0755 "$repo/bin/sockkill" "$root/usr/bin/sockkill"
gzip -9n < "$doc/sockkill.8" > "$root/usr/share/man/man8/sockkill.8.gz"
install -m 0644 "$doc/sockkill.bash" "$root/usr/share/bash-completion/completions/sockkill"
install -m 0644 "$doc/_sockkill" "$root/usr/share/zsh/vendor-completions/_sockkill"
install -m 0644 "$here/debian/copyright" "$root/usr/share/doc/sockkill/copyright"
# disabled: no maintainer script enables or starts it; the admin chooses its arguments first
install -m 0644 "$here/systemd/sockkill-watch.service" "$root/lib/systemd/system/sockkill-watch.service"
install -d "$root/usr/share/lintian/overrides"
install -m 0644 "$here/debian/lintian-overrides" "$root/usr/share/lintian/overrides/sockkill"

if [ -n "${DEBEMAIL:-}" ]; then
    maintainer="${DEBFULLNAME:-sockkill maintainers} <$DEBEMAIL>"
else
    maintainer=$(git -C "$repo" log -1 --format='%an <%ae>' 2>/dev/null || true)
fi
if [ -z "$maintainer" ]; then
    echo "build-deb: who maintains the package? Set DEBEMAIL (and DEBFULLNAME): there is no git history to ask" >&2
    exit 1
fi
date=$(git -C "$repo" log -1 --format=%aD 2>/dev/null || date -R)
commit=$(git -C "$repo" log -1 --format=%h 2>/dev/null || echo unknown)
{
    echo "sockkill ($version) unstable; urgency=medium"
    echo
    echo "  * Built from commit $commit; the project's git history has the changes."
    echo
    echo " -- $maintainer  $date"
} | gzip -9n > "$root/usr/share/doc/sockkill/changelog.gz"

# A CDS archive (runtime before JDK 24) maps only where it was dumped: the package ships the
# class list, and dumps the archive where it is installed.
if [ -f "$root/usr/lib/sockkill/sockkill.jsa" ]; then
    rm -f "$root/usr/lib/sockkill/sockkill.jsa" "$root/usr/lib/sockkill/sockkill.jsa.home"
    cat > "$root/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    d=/usr/lib/sockkill
    "$d/runtime/bin/java" @"$d/jvm.options" -Xshare:dump -XX:SharedClassListFile="$d/sockkill.classlist" \
        -XX:SharedArchiveFile="$d/sockkill.jsa" -cp "$d/lib/sockkill.jar" > /dev/null
    echo "$d" > "$d/sockkill.jsa.home"
fi
POSTINST
    cat > "$root/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
rm -f /usr/lib/sockkill/sockkill.jsa /usr/lib/sockkill/sockkill.jsa.home
PRERM
    chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm"
    echo "build-deb: the bundled runtime is older than JDK 24: the package dumps its CDS archive when installed"
fi

# Depends: what the runtime's and jffi's ELF files need, as dpkg-shlibdeps says (the runtime's
# own libraries are found beside them)
elves=$(find "$root/usr/lib/sockkill" -type f \( -name '*.so' -o -perm -u+x \) -exec sh -c \
    'for f; do [ "$(head -c 4 "$f" | od -An -c | tr -d " ")" = "177ELF" ] && echo "$f"; done' sh {} +)
libdirs=$(find "$root/usr/lib/sockkill" -name '*.so' -exec dirname {} \; | sort -u | sed 's/^/-l/')
mkdir -p "$work/src/debian"
printf 'Source: sockkill\n\nPackage: sockkill\nArchitecture: any\n' > "$work/src/debian/control"
# shellcheck disable=SC2086
depends=$(cd "$work/src" && dpkg-shlibdeps -O $libdirs $(for f in $elves; do printf -- '-e%s ' "$f"; done) \
    2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "build-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
rm -rf "$work/src"

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@MAINTAINER@/$maintainer/" -e "s/@SIZE@/$size/" \
    -e "s/@DEPENDS@/$depends/" "$here/debian/control.in" > "$root/DEBIAN/control"
(cd "$root" && find usr lib -type f -exec md5sum {} + | sort -k 2) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
# what jlink copies read-only (the runtime's legal notices) becomes 0644 like the rest
find "$root" -type d -exec chmod 0755 {} +
find "$root/usr" "$root/lib" -type f ! -perm -u+x -exec chmod 0644 {} +
find "$root/usr" "$root/lib" -type f -perm -u+x -exec chmod 0755 {} +

dpkg-deb --root-owner-group -Zxz --build "$root" "$out" > /dev/null
echo "build-deb: $out ($(du -k "$out" | cut -f1) KiB; Depends: $depends)"
