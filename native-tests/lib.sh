# shellcheck shell=bash
# Shared helpers for native-tests/scenarios/*.sh; each scenario sources this file first.
#
# A scenario declares what it needs in a header line, read both here and by run.sh:
#   # needs: root    two namespaces joined by veth (real root only)
#   # needs: netns   one namespace with loopback: as root a throwaway 'ip netns', otherwise the
#                    namespace of 'unshare -rn' the scenario already runs in
#
# Everything a scenario starts (victims, sockpop, sleeps) and every namespace it creates is
# removed by an EXIT trap, on success, failure, or timeout (SIGTERM). Traffic stays on loopback
# or inside those namespaces. A failed expectation prints 'FAIL: reason' and exits 1; run.sh
# shows that reason and the scenario's whole output.

set -u -o pipefail

NT_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NT_REPO=$(dirname "$NT_HERE")
SOCKKILL=${SOCKKILL:-$NT_REPO/bin/sockkill}
VICTIM=${VICTIM:-$NT_HERE/build/victim}
SOCKPOP=${SOCKPOP:-$NT_HERE/build/sockpop}
NT_NAME=$(basename "$0" .sh)
NT_NEEDS=$(sed -n 's/^# needs: *\([a-z]*\).*/\1/p' "$0" | head -n 1)
NT_PIDS=()     # every background process started: terminated at exit
NT_FROZEN=()   # stopped with SIGSTOP: continued before they are terminated
NT_NETNS=()    # every namespace created: its processes killed, then deleted at exit
NT_CONTAINERS=()  # every Docker container named: removed at exit
NT_WORK=""

# Where things run. 'root': real root in the initial user namespace, namespaces made with
# 'ip netns'. 'userns': inside 'unshare -rn' (run.sh sets SK_NT_USERNS=1; also detected as uid 0
# with a uid map other than the identity), the current namespace is the scenario's own.
nt_identity_uid_map() {
    local a b c
    read -r a b c < /proc/self/uid_map || return 1
    [ "$a $b $c" = "0 0 4294967295" ]
}
if [ "${SK_NT_USERNS:-}" = 1 ]; then
    NT_MODE=userns
elif [ "$(id -u)" = 0 ] && nt_identity_uid_map; then
    NT_MODE=root
elif [ "$(id -u)" = 0 ]; then
    NT_MODE=userns
else
    NT_MODE=none
fi

# ---------------------------------------------------------------------------------------------
# Output and assertions

log() { printf '%s\n' "$*"; }

fail() {
    printf 'FAIL: %s\n' "$*"
    exit 1
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
    if [ "$2" != "$3" ]; then
        fail "$1: expected '$2', got '$3'"
    fi
    log "  ok: $1 = '$3'"
}

# expect_contains WHAT TEXT NEEDLE
expect_contains() {
    case "$2" in
        *"$3"*) log "  ok: $1 contains '$3'" ;;
        *) fail "$1: expected to contain '$3', got '$2'" ;;
    esac
}

# expect_not_contains WHAT TEXT NEEDLE
expect_not_contains() {
    case "$2" in
        *"$3"*) fail "$1: must not contain '$3', got '$2'" ;;
        *) log "  ok: $1 does not contain '$3'" ;;
    esac
}

# expect_starts WHAT TEXT PREFIX
expect_starts() {
    case "$2" in
        "$3"*) log "  ok: $1 starts with '$3'" ;;
        *) fail "$1: expected to start with '$3', got '$2'" ;;
    esac
}

# expect_exit STATUS: the exit status of the last 'capture' / 'sk'
expect_exit() {
    if [ "$RC" != "$1" ]; then
        fail "exit status of '$CMD': expected $1, got $RC (stderr: ${ERR:-<empty>})"
    fi
    log "  ok: exit status $RC"
}

# expect_clean_error: stderr of the last command is exactly one 'sockkill: ...' line and carries
# no Java stack trace.
expect_clean_error() {
    local lines
    lines=$(printf '%s\n' "$ERR" | grep -c .)
    expect_starts "stderr" "$ERR" "sockkill: "
    [ "$lines" = 1 ] || fail "stderr has $lines lines, expected one message line: $ERR"
    expect_not_contains "stderr" "$ERR" "Exception"
    expect_not_contains "stderr" "$ERR" "$(printf '\tat ')"
}

# expect_json TEXT: well-formed JSON (checked with jq or python3 when one is installed)
expect_json() {
    if command -v jq > /dev/null 2>&1; then
        printf '%s' "$1" | jq -e . > /dev/null 2>&1 || fail "not valid JSON: $1"
        log "  ok: valid JSON (jq)"
    elif command -v python3 > /dev/null 2>&1; then
        printf '%s' "$1" | python3 -c 'import json,sys; json.load(sys.stdin)' 2> /dev/null || fail "not valid JSON: $1"
        log "  ok: valid JSON (python3)"
    else
        log "  (JSON well-formedness not checked: neither jq nor python3 is installed)"
    fi
}

# ---------------------------------------------------------------------------------------------
# Cleanup

nt_alive() {  # PID: exists and is not a zombie
    local s
    s=$(cat "/proc/$1/stat" 2> /dev/null) || return 1
    s=${s##*) }
    [ "${s%% *}" != Z ]
}

nt_cleanup() {
    local rc=$? p ns i any c
    trap - EXIT
    trap '' TERM INT HUP   # finish cleaning up (run.sh's timeout -k still has the last word)
    set +e
    for p in "${NT_FROZEN[@]}"; do kill -CONT "$p" 2> /dev/null; done
    for p in "${NT_PIDS[@]}"; do kill -TERM "$p" 2> /dev/null; done
    for i in $(seq 30); do
        any=0
        for p in "${NT_PIDS[@]}"; do nt_alive "$p" && any=1; done
        [ $any = 0 ] && break
        sleep 0.1
    done
    for p in "${NT_PIDS[@]}"; do nt_alive "$p" && kill -KILL "$p" 2> /dev/null; done
    # reap ours; a bare 'wait' would also wait for anything else the scenario started
    [ ${#NT_PIDS[@]} -gt 0 ] && wait "${NT_PIDS[@]}" 2> /dev/null
    for c in "${NT_CONTAINERS[@]}"; do docker rm -f "$c" > /dev/null 2>&1; done
    for ns in "${NT_NETNS[@]}"; do
        # anything still running in a namespace of ours was started by this scenario
        for p in $(ip netns pids "$ns" 2> /dev/null); do kill -KILL "$p" 2> /dev/null; done
        ip netns del "$ns" 2> /dev/null || log "cleanup: could not delete namespace $ns"
    done
    [ -n "$NT_WORK" ] && rm -rf "$NT_WORK"
    exit "$rc"
}
trap nt_cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

NT_WORK=$(mktemp -d "${TMPDIR:-/tmp}/sk-nt-$NT_NAME.XXXXXX") || fail "mktemp failed"

# ---------------------------------------------------------------------------------------------
# Preconditions, from the '# needs:' header

for f in "$VICTIM" "$SOCKPOP"; do
    [ -x "$f" ] || fail "$f is not built: run 'make' (or 'make -C native-tests') first"
done
[ -x "$SOCKKILL" ] || fail "SOCKKILL=$SOCKKILL is not executable"
case "$NT_NEEDS:$NT_MODE" in
    root:root | netns:root | netns:userns) ;;
    root:*) fail "needs root (two namespaces joined by veth); run as root" ;;
    netns:*) fail "needs root, or to run inside 'unshare -rn'" ;;
    *) fail "no '# needs: root' or '# needs: netns' line in $0" ;;
esac
log "scenario $NT_NAME (needs $NT_NEEDS, mode $NT_MODE, sockkill $SOCKKILL)"

# ---------------------------------------------------------------------------------------------
# Namespaces. WHERE is one of: host (where the scenario runs), client, server (the veth pair),
# ns (the single loopback namespace).

NT_CLIENT=""
NT_SERVER=""
NT_NS=""
NT_CUT=${NT_CUT:-link}   # how the server goes dead: 'link' (ip link set down) or 'iptables'

CLIENT4=10.88.0.1
SERVER4=10.88.0.2
CLIENT6=fd88::1
SERVER6=fd88::2

# nt_prefix WHERE: sets the array NT_PFX, the command prefix that runs something there
# A place followed by '+user' ('client+user') runs the command there as an unprivileged user
# (uid/gid 65534, no groups, no capabilities): NT_AS_USER.
NT_AS_USER=(setpriv --reuid=65534 --regid=65534 --clear-groups)
nt_prefix() {
    case "$1" in
        *+user)
            nt_prefix "${1%+user}"
            NT_PFX+=("${NT_AS_USER[@]}")
            return ;;
        host) NT_PFX=() ;;
        client) NT_PFX=(ip netns exec "$NT_CLIENT") ;;
        server) NT_PFX=(ip netns exec "$NT_SERVER") ;;
        ns)
            if [ "$NT_MODE" = root ]; then NT_PFX=(ip netns exec "$NT_NS"); else NT_PFX=(); fi ;;
        *) fail "nt_prefix: unknown place '$1'" ;;
    esac
}

# must CMD...: runs a setup command, failing the scenario (with its stderr) if it fails
must() {
    local err
    if ! err=$("$@" 2>&1); then
        fail "setup step failed: $* : $err"
    fi
}

nt_add_netns() {  # NAME
    must ip netns add "$1"
    NT_NETNS+=("$1")
}

# make_veth_pair: client namespace (skc: 10.88.0.1/24, fd88::1/64) and server namespace
# (sks: 10.88.0.2/24, fd88::2/64) joined by veth, both up. Sets NT_CLIENT and NT_SERVER.
make_veth_pair() {
    [ "$NT_MODE" = root ] || fail "make_veth_pair needs real root"
    NT_CLIENT=sk-nt-$NT_NAME-$$-c
    NT_SERVER=sk-nt-$NT_NAME-$$-s
    local n
    for n in "$NT_CLIENT" "$NT_SERVER"; do
        nt_add_netns "$n"
        # IPv6 addresses would otherwise vanish when the link goes down; must be set before the
        # veth exists, since 'default' only applies to interfaces created afterwards
        must ip netns exec "$n" sh -c 'echo 1 > /proc/sys/net/ipv6/conf/default/keep_addr_on_down'
        must ip -n "$n" link set lo up
    done
    must ip link add skc netns "$NT_CLIENT" type veth peer name sks netns "$NT_SERVER"
    must ip -n "$NT_CLIENT" addr add "$CLIENT4/24" dev skc
    must ip -n "$NT_CLIENT" addr add "$CLIENT6/64" dev skc nodad
    must ip -n "$NT_CLIENT" link set skc up
    must ip -n "$NT_SERVER" addr add "$SERVER4/24" dev sks
    must ip -n "$NT_SERVER" addr add "$SERVER6/64" dev sks nodad
    must ip -n "$NT_SERVER" link set sks up
    log "namespaces $NT_CLIENT ($CLIENT4, $CLIENT6) <-veth-> $NT_SERVER ($SERVER4, $SERVER6)"
}

# cut_server_link: the server vanishes the way a peer does after a network fault: no RST, no
# FIN, nothing. By default its link goes down; NT_CUT=iptables drops everything on it instead
# (when iptables is installed; otherwise the link goes down anyway).
cut_server_link() {
    if [ "$NT_CUT" = iptables ] && command -v iptables > /dev/null 2>&1 \
        && command -v ip6tables > /dev/null 2>&1; then
        local t
        for t in iptables ip6tables; do
            must ip netns exec "$NT_SERVER" "$t" -w -A INPUT -i sks -j DROP
            must ip netns exec "$NT_SERVER" "$t" -w -A OUTPUT -o sks -j DROP
        done
        log "server cut off: iptables DROP on sks in $NT_SERVER"
    else
        [ "$NT_CUT" = iptables ] && log "(iptables/ip6tables not installed: taking the link down instead)"
        must ip -n "$NT_SERVER" link set sks down
        log "server cut off: ip link set sks down in $NT_SERVER"
    fi
}

# pin_server_neighbour: permanent neighbour entries for the server's addresses on the client side.
# With the link down the client cannot resolve them, and after about 3 s of failed ARP/ND the
# kernel fails a pending connect() with EHOSTUNREACH on its own; with them pinned, the SYNs are
# silently lost and connect() waits (in SYN-SENT) as it would for a host that is gone.
pin_server_neighbour() {
    local mac
    mac=$(ip -n "$NT_SERVER" -br link show sks 2> /dev/null | awk '{print $3}')
    [ -n "$mac" ] || fail "cannot read the MAC address of sks in $NT_SERVER"
    must ip -n "$NT_CLIENT" neigh replace "$SERVER4" lladdr "$mac" dev skc nud permanent
    must ip -n "$NT_CLIENT" neigh replace "$SERVER6" lladdr "$mac" dev skc nud permanent
    log "client neighbour entries for $SERVER4 and $SERVER6 pinned to $mac"
}

# make_netns: the single loopback namespace of a 'needs: netns' scenario (WHERE = ns). As root a
# throwaway 'ip netns'; inside 'unshare -rn' the current namespace, which is ours alone.
make_netns() {
    if [ "$NT_MODE" = root ]; then
        NT_NS=sk-nt-$NT_NAME-$$
        nt_add_netns "$NT_NS"
        must ip -n "$NT_NS" link set lo up
        log "namespace $NT_NS (loopback)"
    else
        must ip link set lo up
        log "the current namespace (unshare -rn), loopback up"
    fi
}

# ---------------------------------------------------------------------------------------------
# Processes

# nt_field LINE KEY: the value of KEY=value in a line of victim/sockpop output
nt_field() {
    local w words
    read -ra words <<< "$1"
    for w in "${words[@]}"; do
        case "$w" in "$2="*) printf '%s\n' "${w#*=}"; return 0 ;; esac
    done
    return 1
}

# wait_lines FILE REGEX COUNT SECONDS [PID]: until FILE has COUNT lines matching REGEX; gives up
# early if PID is no longer alive (after one last look)
wait_lines() {
    local file=$1 re=$2 count=$3 secs=$4 pid=${5:-} n deadline
    deadline=$(($(date +%s%N) + secs * 1000000000))
    while :; do
        n=$(grep -c -- "$re" "$file" 2> /dev/null)
        [ "${n:-0}" -ge "$count" ] && return 0
        if [ -n "$pid" ] && ! nt_alive "$pid"; then
            n=$(grep -c -- "$re" "$file" 2> /dev/null)
            [ "${n:-0}" -ge "$count" ] && return 0
            return 1
        fi
        [ "$(date +%s%N)" -ge "$deadline" ] && return 1
        sleep 0.02
    done
}

# start_victim NAME WHERE MODE ARGS...: starts 'victim --timeout-sec 30 MODE ARGS' there, waits
# for READY and sets NAME_pid, NAME_tid, NAME_fd, NAME_inode, NAME_local, NAME_peer and NAME_fds
# (tcp-loop's fds, empty otherwise). Its stdin is /dev/null.
start_victim() {
    local name=$1 where=$2 bg line k
    shift 2
    nt_prefix "$where"
    "${NT_PFX[@]}" "$VICTIM" --timeout-sec 30 "$@" < /dev/null > "$NT_WORK/$name.out" 2> "$NT_WORK/$name.err" &
    bg=$!
    NT_PIDS+=("$bg")
    if ! wait_lines "$NT_WORK/$name.out" '^READY ' 1 5 "$bg"; then
        fail "victim $name ($where: $*) did not get ready: $(cat "$NT_WORK/$name.out" "$NT_WORK/$name.err")"
    fi
    line=$(grep -m 1 '^READY ' "$NT_WORK/$name.out")
    for k in pid tid fd inode local peer fds; do
        printf -v "${name}_$k" '%s' "$(nt_field "$line" "$k")"
    done
    local p=${name}_pid
    [ "${!p}" = "$bg" ] || NT_PIDS+=("${!p}")
    log "[$where] victim $*: $line"
}

# start_sockpop NAME WHERE SPEC...: 'sockpop --hold SPEC...' there, waits for READY; sets NAME_pid.
# sockpop_sock NAME ROLE FIELD then gives a field of its first SOCK line with that role.
start_sockpop() {
    local name=$1 where=$2 bg
    shift 2
    nt_prefix "$where"
    "${NT_PFX[@]}" "$SOCKPOP" --hold "$@" < /dev/null > "$NT_WORK/$name.out" 2> "$NT_WORK/$name.err" &
    bg=$!
    NT_PIDS+=("$bg")
    if ! wait_lines "$NT_WORK/$name.out" '^READY ' 1 5 "$bg"; then
        fail "sockpop $name ($where: $*) did not get ready: $(cat "$NT_WORK/$name.out" "$NT_WORK/$name.err")"
    fi
    printf -v "${name}_pid" '%s' "$(nt_field "$(grep -m 1 '^READY ' "$NT_WORK/$name.out")" pid)"
    log "[$where] sockpop $*:"
    sed 's/^/    /' "$NT_WORK/$name.out"
}

sockpop_sock() {
    local line
    line=$(grep -m 1 "^SOCK .* role=$2 " "$NT_WORK/$1.out") || return 1
    nt_field "$line" "$3"
}

# start_bg NAME WHERE CMD...: any other background process; sets NAME_pid
start_bg() {
    local name=$1 where=$2
    shift 2
    nt_prefix "$where"
    "${NT_PFX[@]}" "$@" < /dev/null > "$NT_WORK/$name.out" 2> "$NT_WORK/$name.err" &
    NT_PIDS+=("$!")
    printf -v "${name}_pid" '%s' "$!"
    log "[$where] $* &   (pid $!)"
}

# freeze PID: SIGSTOP, so it never answers again (continued at cleanup)
freeze() {
    kill -STOP "$1" || fail "cannot stop pid $1"
    NT_FROZEN+=("$1")
    log "pid $1 frozen (SIGSTOP)"
}

# wait_result NAME [N [SECONDS]]: waits for the victim's Nth RESULT line (default: first, 10 s);
# sets RESULT_line, RESULT_op, RESULT_ret, RESULT_errno, RESULT_name, RESULT_ms
wait_result() {
    local name=$1 n=${2:-1} secs=${3:-10} p=${1}_pid k
    if ! wait_lines "$NT_WORK/$name.out" '^RESULT ' "$n" "$secs" "${!p}"; then
        if nt_alive "${!p}"; then
            fail "victim $name (pid ${!p}) still blocked: no RESULT line #$n within $secs s"
        fi
        fail "victim $name (pid ${!p}) exited without RESULT line #$n: $(cat "$NT_WORK/$name.out" "$NT_WORK/$name.err")"
    fi
    RESULT_line=$(grep '^RESULT ' "$NT_WORK/$name.out" | sed -n "${n}p")
    for k in op ret errno name ms; do
        printf -v "RESULT_$k" '%s' "$(nt_field "$RESULT_line" "$k")"
    done
    log "victim $name: $RESULT_line"
}

# expect_result NAME OP ERRNAME [N]: the victim's Nth RESULT is op=OP name=ERRNAME
expect_result() {
    wait_result "$1" "${4:-1}"
    expect_eq "victim $1 RESULT op" "$2" "$RESULT_op"
    expect_eq "victim $1 RESULT name" "$3" "$RESULT_name"
}

# expect_blocked NAME [MILLIS]: after MILLIS (default 500) the victim has reported nothing and
# is still running
expect_blocked() {
    local name=$1 ms=${2:-500} p=${1}_pid
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    if grep -q '^RESULT ' "$NT_WORK/$name.out"; then
        fail "victim $name should still be blocked, but reported: $(grep '^RESULT ' "$NT_WORK/$name.out")"
    fi
    nt_alive "${!p}" || fail "victim $name (pid ${!p}) should still be blocked, but has exited"
    log "  ok: victim $name still blocked after $ms ms"
}

# expect_still_waiting NAME COUNT [MILLIS]: after MILLIS (default 500) the victim has reported
# exactly COUNT results (an event loop that lost some connections) and is still running
expect_still_waiting() {
    local name=$1 count=$2 ms=${3:-500} p=${1}_pid n
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    n=$(grep -c '^RESULT ' "$NT_WORK/$name.out")
    [ "$n" = "$count" ] || fail "victim $name should have reported $count results, but reported $n: $(grep '^RESULT ' "$NT_WORK/$name.out")"
    nt_alive "${!p}" || fail "victim $name (pid ${!p}) should still be waiting, but has exited"
    log "  ok: victim $name still waiting after $ms ms, $count results so far"
}

# ---------------------------------------------------------------------------------------------
# Running sockkill (and other commands) in the foreground

# capture WHERE CMD...: runs CMD there; sets RC, OUT, ERR, CMD and logs them
capture() {
    local where=$1
    shift
    nt_prefix "$where"
    CMD="$*"
    "${NT_PFX[@]}" "$@" > "$NT_WORK/cmd.out" 2> "$NT_WORK/cmd.err"
    RC=$?
    OUT=$(cat "$NT_WORK/cmd.out")
    ERR=$(cat "$NT_WORK/cmd.err")
    log "+ [$where] $CMD"
    log "  exit $RC"
    [ -n "$OUT" ] && printf '%s\n' "$OUT" | sed 's/^/  stdout| /'
    [ -n "$ERR" ] && printf '%s\n' "$ERR" | sed 's/^/  stderr| /'
    return 0
}

# sk WHERE ARGS...: sockkill ARGS, run there
sk() {
    local where=$1
    shift
    capture "$where" "$SOCKKILL" "$@"
    CMD="sockkill $*"
}

# socket_state WHERE ARGS...: the state of the socket 'sockkill list ARGS --json' finds (the
# first one), or 'gone' (then 'sockkill list' said nothing on stderr) or 'error: <its stderr>'
socket_state() {
    local out
    nt_prefix "$1"
    shift
    out=$("${NT_PFX[@]}" "$SOCKKILL" list --json --no-owners "$@" 2> "$NT_WORK/list.err")
    case "$out" in
        *'"state":"'*) out=${out#*\"state\":\"}; printf '%s\n' "${out%%\"*}" ;;
        *) if [ -s "$NT_WORK/list.err" ]; then echo "error: $(head -n 1 "$NT_WORK/list.err")"; else echo gone; fi ;;
    esac
}

# await_state STATE SECONDS WHERE ARGS...: until socket_state gives STATE
await_state() {
    local want=$1 secs=$2 deadline st
    shift 2
    deadline=$(($(date +%s%N) + secs * 1000000000))
    while :; do
        st=$(socket_state "$@")
        if [ "$st" = "$want" ]; then
            log "  ok: sockkill list $* shows $st"
            return 0
        fi
        [ "$(date +%s%N)" -ge "$deadline" ] && fail "socket never reached $want within $secs s (last: $st)"
        sleep 0.05
    done
}
