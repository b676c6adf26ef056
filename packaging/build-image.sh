#!/bin/sh
# build-image.sh root DIST OUT     the image's root in OUT/root and its Dockerfile in OUT: the
#                                  layout 'make' built, at /usr/lib/sockkill, and the shared
#                                  libraries its runtime needs (as ldd finds them here, the dynamic
#                                  loader included). Nothing else: no shell, no package manager.
# build-image.sh image OUT IMAGE   docker build of OUT, FROM scratch (no registry is involved),
#                                  with sockkill as its entry point.
#
# The entry point runs the bundled java directly, with the same jvm.options and archive the
# launcher uses (the image has no shell for bin/sockkill). A CDS archive (runtime before JDK 24)
# holds the jars' paths, so it is dumped inside the image, where they end up.
set -eu
home=/usr/lib/sockkill
case ${1:-} in
root)
    dist=$2
    out=$3
    rm -rf "$out"
    mkdir -p "$out/root/usr/lib" "$out/root/tmp"
    chmod 1777 "$out/root/tmp"
    cp -Rp "$dist" "$out/root$home"
    rm -f "$out/root$home/.built"
    libs=$(find "$out/root$home" -type f \( -name '*.so' -o -perm -u+x \) -exec sh -c \
        'for f; do ldd "$f" 2>/dev/null; done' sh {} + \
        | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u)
    for lib in $libs; do
        case $lib in "$out"/*) continue ;; esac
        mkdir -p "$out/root$(dirname "$lib")"
        cp -L "$lib" "$out/root$lib"
    done
    if [ -f "$out/root$home/sockkill.aot" ]; then
        archive="-XX:AOTCache=$home/sockkill.aot"
    else
        archive="-XX:SharedArchiveFile=$home/sockkill.jsa"
        rm -f "$out/root$home/sockkill.jsa" "$out/root$home/sockkill.jsa.home"
    fi
    cat > "$out/Dockerfile" <<DOCKERFILE
FROM scratch
COPY root/ /
LABEL org.opencontainers.image.title="sockkill" \\
      org.opencontainers.image.description="frees a process hung on a dead network connection"
ENTRYPOINT ["$home/runtime/bin/java", "@$home/jvm.options", "$archive", "-Djffi.boot.library.path=$home/native", "-cp", "$home/lib/sockkill.jar", "sockkill.cli.Main"]
DOCKERFILE
    echo "build-image: root in $out/root ($(du -sm "$out/root" | cut -f1) MB; libraries from this machine:" \
        "$(echo "$libs" | grep -v "/root$home/" | tr "\n" " "))"
    ;;
image)
    out=$2
    image=$3
    docker build -q -t "$image" "$out" > /dev/null
    if grep -q SharedArchiveFile "$out/Dockerfile"; then
        container=sockkill-image-dump-$$
        docker run --name "$container" --entrypoint "$home/runtime/bin/java" "$image" @"$home/jvm.options" \
            -Xshare:dump -XX:SharedClassListFile="$home/sockkill.classlist" -XX:SharedArchiveFile="$home/sockkill.jsa" \
            -cp "$home/lib/sockkill.jar" > /dev/null
        entrypoint=$(sed -n 's/^ENTRYPOINT //p' "$out/Dockerfile")
        docker commit --change "ENTRYPOINT $entrypoint" "$container" "$image" > /dev/null
        docker rm "$container" > /dev/null
    fi
    echo "build-image: $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%d MB", $1 / 1000000}'))," \
        "run it as: docker run --rm --pid=host --net=host --cap-add=SYS_ADMIN --cap-add=SYS_PTRACE --cap-add=NET_ADMIN $image pid P fd F"
    ;;
*)
    echo "usage: build-image.sh root DIST OUT | image OUT IMAGE" >&2
    exit 2
    ;;
esac
