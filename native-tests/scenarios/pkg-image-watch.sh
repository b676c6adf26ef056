#!/bin/bash
# needs: root
# timeout: 120
# The image ('make image') run as packaging/kubernetes/daemonset.yaml runs it: host pids and
# network, every capability dropped but SYS_ADMIN, SYS_PTRACE and NET_ADMIN, a read-only root
# filesystem, the host's /run/netns; its 'watch' (with a short --idle instead of the manifest's
# --stuck) frees a client hung in a namespace of its own, says so in one JSON line, and stops with
# exit 0 on 'docker stop' (SIGTERM). The client runs under a name of its own: the watch searches
# every namespace of the host, and must never touch anything else.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pkg.sh"

need_image
grep -q 'add: \["SYS_ADMIN", "SYS_PTRACE", "NET_ADMIN"\]' "$NT_REPO/packaging/kubernetes/daemonset.yaml" \
    || fail "the DaemonSet no longer grants the capabilities this scenario runs with"
make_netns
cp "$VICTIM" "$NT_WORK/skfl-imgwatch" || fail "cannot copy the victim"
start_victim srv ns tcp-serve 127.0.0.1 7650
VICTIM=$NT_WORK/skfl-imgwatch start_victim cl ns tcp-recv 127.0.0.1 7650

name=sk-nt-imgwatch-$$
NT_CONTAINERS+=("$name")
capture host docker run -d --name "$name" --pid=host --net=host --read-only \
    --cap-drop=ALL --cap-add=SYS_ADMIN --cap-add=SYS_PTRACE --cap-add=NET_ADMIN \
    -v /run/netns:/run/netns:ro,rslave "$IMAGE" \
    watch --idle 2 --comm skfl-imgwatch --dport 7650 --interval 1
expect_exit 0
expect_result cl recv ECONNABORTED

capture host docker stop -t 20 "$name"
expect_exit 0
capture host docker inspect -f '{{.State.ExitCode}}' "$name"
expect_eq "exit status after SIGTERM" 0 "$OUT"
capture host docker logs "$name"
expect_eq "JSON lines" 1 "$(printf '%s\n' "$OUT" | grep -c '^{"time":".*","round":[0-9]*,"outcome":"killed","socket":{')"
expect_contains "the kill's line" "$OUT" "\"inode\":$cl_inode,"
expect_contains "its namespace" "$OUT" "\"netns\":{\"inode\":"
expect_starts "stderr" "$ERR" "sockkill: watch: every 1 s in every network namespace"
expect_not_contains "stderr" "$ERR" "failed"
