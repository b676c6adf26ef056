# shellcheck shell=bash
# Helpers for the package scenarios (scenarios/pkg-*.sh), sourced after lib.sh: the container
# image and the Debian package that 'make image' and 'make deb' built, and a minimal Debian root
# without a JDK to install the package in. Missing pieces fail the scenario, never skip it.
#
#   SOCKKILL_IMAGE        the image (default sockkill:VERSION, as 'make image' names it)
#   SOCKKILL_DEB          the package (default the newest target/sockkill_*.deb)
#   SOCKKILL_DEBIAN_ROOT  the root's tarball (default what packaging/debian-root.sh makes)

PKG_HOME=/usr/lib/sockkill
PKG_VERSION=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$NT_REPO/pom.xml")

need_image() {
    IMAGE=${SOCKKILL_IMAGE:-sockkill:$PKG_VERSION}
    command -v docker > /dev/null 2>&1 || fail "docker is not installed"
    docker image inspect "$IMAGE" > /dev/null 2>&1 || fail "no image $IMAGE: run 'make image' (make test does)"
    log "image $IMAGE"
}

# image_archive_check: the JVM options that make the image's java refuse to start without its archive
image_archive_check() {
    if docker image inspect -f '{{json .Config.Entrypoint}}' "$IMAGE" | grep -q AOTCache; then
        echo "-XX:AOTMode=on -XX:AOTCache=$PKG_HOME/sockkill.aot"
    else
        echo "-Xshare:on -XX:SharedArchiveFile=$PKG_HOME/sockkill.jsa"
    fi
}

# frozen_client: in a namespace of its own, a client (cl_pid, cl_fd, cl_inode, cl_local) blocked in
# recv() on a server (srv_pid) that is frozen, so the peer's kernel still answers for it
frozen_client() {
    make_netns
    start_victim srv ns tcp-serve 127.0.0.1 7000
    start_victim cl ns tcp-recv 127.0.0.1 7000
    freeze "$srv_pid"
}

# on_host CAP... -- ARGS...: runs the image as README says, on the host's pid and network
# namespaces with the capabilities named (SYS_PTRACE, SYS_ADMIN, NET_ADMIN), sockkill's arguments
# after --. Sets RC, OUT, ERR like capture.
on_host() {
    local caps=()
    while [ "$1" != "--" ]; do caps+=("--cap-add=$1"); shift; done
    shift
    NT_CONTAINERS+=("sk-nt-img-$$")
    capture host docker run --rm --name "sk-nt-img-$$" --pid=host --net=host "${caps[@]}" "$IMAGE" "$@"
}

need_deb() {
    local newest
    newest=$(ls -t "$NT_REPO"/target/sockkill_*.deb 2> /dev/null | head -n 1)
    DEB=${SOCKKILL_DEB:-$newest}
    [ -n "$DEB" ] && [ -f "$DEB" ] || fail "no package: run 'make deb' (make test does), or set SOCKKILL_DEB"
    log "package $DEB"
}

# need_debian_root: unpacks the minimal Debian root into $NT_WORK/root (ROOT)
need_debian_root() {
    local suite tarball
    suite=$(. /etc/os-release 2> /dev/null && echo "${VERSION_CODENAME:-}")
    tarball=${SOCKKILL_DEBIAN_ROOT:-/var/cache/sockkill-ci/debian-${suite:-bookworm}.tar}
    [ -s "$tarball" ] || fail "no Debian root at $tarball: run packaging/debian-root.sh (make test does)"
    ROOT=$NT_WORK/root
    mkdir -p "$ROOT"
    tar -C "$ROOT" -xf "$tarball" || fail "cannot unpack $tarball"
    log "Debian root from $tarball in $ROOT"
}

# in_root CMD...: runs CMD chrooted in ROOT, with /proc (this machine's processes) and /dev
# mounted in a mount namespace of its own, so no mount outlives it. Sets RC, OUT, ERR like capture.
in_root() {
    capture host unshare --mount --propagation private -- sh -c \
        'r=$1; shift; mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev" && exec chroot "$r" "$@"' \
        sh "$ROOT" "$@"
}

# root_files: every path in ROOT but the kernel's and the caches that installing anything touches
root_files() {
    (cd "$ROOT" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./tmp -o -path ./var/cache/man \
        -o -path ./var/cache/debconf -o -path ./var/log -o -path ./var/lib/dpkg \) -prune -o -print | sort)
}
