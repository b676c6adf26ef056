#!/bin/bash
# native-tests/run.sh [NAME...]: the end-to-end scenarios in native-tests/scenarios/ (all of them,
# or those named), each in its own bash with a timeout. One line per scenario, then a summary;
# the exit status is 1 if any failed or none ran (2 if nothing could be run: not built).
#
#   SOCKKILL=/usr/local/bin/sockkill native-tests/run.sh     test an installed sockkill
#   SCENARIO_TIMEOUT=60                                      seconds per scenario
#
# As root every scenario runs. As another user the 'needs: netns' scenarios run each in its own
# 'unshare -rn' and the 'needs: root' ones are skipped; without working unprivileged user
# namespaces everything is skipped. A scenario that leaves a namespace or a process behind fails.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
export SOCKKILL=${SOCKKILL:-$repo/bin/sockkill}
export VICTIM=${VICTIM:-$here/build/victim}
export SOCKPOP=${SOCKPOP:-$here/build/sockpop}
timeout_s=${SCENARIO_TIMEOUT:-60}

for f in "$VICTIM" "$SOCKPOP"; do
    if [ ! -x "$f" ]; then
        echo "native-tests: $f is not built: run 'make' first" >&2
        exit 2
    fi
done
if [ ! -x "$SOCKKILL" ]; then
    echo "native-tests: SOCKKILL=$SOCKKILL is not executable (run 'make', or set SOCKKILL)" >&2
    exit 2
fi

scenarios=()
if [ $# -gt 0 ]; then
    for n in "$@"; do
        n=${n%.sh}
        n=${n##*/}
        if [ ! -f "$here/scenarios/$n.sh" ]; then
            echo "native-tests: no scenario '$n' in $here/scenarios" >&2
            exit 2
        fi
        scenarios+=("$here/scenarios/$n.sh")
    done
else
    for f in "$here"/scenarios/*.sh; do
        [ -f "$f" ] && scenarios+=("$f")
    done
fi
if [ ${#scenarios[@]} = 0 ]; then
    echo "native-tests: no scenarios in $here/scenarios" >&2
    exit 2
fi

needs_of() { sed -n 's/^# needs: *\([a-z]*\).*/\1/p' "$1" | head -n 1; }
# a scenario may ask for more time than SCENARIO_TIMEOUT with a '# timeout: SECONDS' line
timeout_of() {
    local t
    t=$(sed -n 's/^# timeout: *\([0-9]*\).*/\1/p' "$1" | head -n 1)
    if [ -n "$t" ] && [ "$t" -gt "$timeout_s" ]; then echo "$t"; else echo "$timeout_s"; fi
}

if [ "$(id -u)" = 0 ]; then
    mode=root
elif why=$(unshare -rn true 2>&1); then
    mode=userns
else
    mode=none
fi

echo "sockkill: $SOCKKILL"
case $mode in
    root) echo "running as root: every scenario runs" ;;
    userns) echo "running as uid $(id -u): 'needs: netns' scenarios in unshare -rn, 'needs: root' ones skipped" ;;
esac

passed=0
failed=0
skipped=0

if [ $mode = none ]; then
    echo "SKIP  all ${#scenarios[@]} scenarios: not root, and unprivileged user namespaces do not work here" \
        "(unshare -rn: ${why:-failed})"
    echo "0 passed, 0 failed, ${#scenarios[@]} skipped (need root)"
    echo "native-tests: no scenario ran: that is a failure, not a pass" >&2
    exit 1
fi

logs=$(mktemp -d "${TMPDIR:-/tmp}/sk-nt-run.XXXXXX") || exit 2
interrupted=0
tpid=""
on_signal() {
    interrupted=1
    [ -n "$tpid" ] && kill -TERM "$tpid" 2> /dev/null
}
trap on_signal INT TERM HUP
trap 'rm -rf "$logs"' EXIT

# namespaces of scenario NAME: lib.sh names them sk-nt-NAME-PID[-c|-s]
our_netns() { ip netns list 2> /dev/null | awk -v p="sk-nt-$1-" 'index($1, p) == 1 {print $1}' | sort; }

i=0
for f in "${scenarios[@]}"; do
    i=$((i + 1))
    name=$(basename "$f" .sh)
    needs=$(needs_of "$f")
    if [ $interrupted = 1 ]; then
        break
    fi
    case $needs in
        root | netns) ;;
        *)
            echo "FAIL  $name: no '# needs: root' or '# needs: netns' line"
            failed=$((failed + 1))
            continue
            ;;
    esac
    if [ $mode = userns ] && [ "$needs" = root ]; then
        echo "SKIP  $name: needs root"
        skipped=$((skipped + 1))
        continue
    fi

    tag=sk-nt-run-$$-$i
    out=$logs/$name.log
    [ $mode = root ] && before=$(our_netns "$name")
    start=$(date +%s%N)
    if [ $mode = root ]; then
        SK_NT_TAG=$tag timeout -k 10 "$(timeout_of "$f")" bash "$f" < /dev/null > "$out" 2>&1 &
    else
        SK_NT_TAG=$tag timeout -k 10 "$(timeout_of "$f")" unshare -rn env SK_NT_USERNS=1 bash "$f" < /dev/null > "$out" 2>&1 &
    fi
    tpid=$!
    while :; do
        wait "$tpid"
        rc=$?
        # a signal to the runner interrupts 'wait' (the scenario still runs its cleanup, so wait
        # again); 127: no longer our child
        [ $rc != 127 ] && kill -0 "$tpid" 2> /dev/null || break
    done
    tpid=""
    ms=$((($(date +%s%N) - start) / 1000000))

    # Leftovers: namespaces and processes the scenario failed to remove
    left=""
    if [ $mode = root ]; then
        for ns in $(comm -13 <(printf '%s\n' "$before") <(our_netns "$name")); do
            for p in $(ip netns pids "$ns" 2> /dev/null); do kill -KILL "$p" 2> /dev/null; done
            ip netns del "$ns" 2> /dev/null
            left="$left namespace $ns;"
        done
    fi
    for e in $(grep -lzx "SK_NT_TAG=$tag" /proc/[0-9]*/environ 2> /dev/null); do
        p=${e#/proc/}
        p=${p%/environ}
        comm=$(cat "/proc/$p/comm" 2> /dev/null) || continue
        kill -CONT "$p" 2> /dev/null
        kill -KILL "$p" 2> /dev/null
        left="$left process $p ($comm);"
    done

    if [ $rc = 0 ] && [ -z "$left" ]; then
        printf 'PASS  %s  (%d.%d s)\n' "$name" $((ms / 1000)) $((ms % 1000 / 100))
        passed=$((passed + 1))
        continue
    fi
    if [ $interrupted = 1 ]; then
        reason="interrupted"
    elif [ $rc = 124 ] || [ $rc = 137 ]; then
        reason="timed out after $(timeout_of "$f") s"
    elif [ $rc = 0 ]; then
        reason="passed its checks"
    else
        reason=$(sed -n 's/^FAIL: //p' "$out" | tail -n 1)
        [ -n "$reason" ] || reason="exit status $rc"
    fi
    [ -n "$left" ] && reason="$reason; left behind:${left%;}"
    printf 'FAIL  %s: %s\n' "$name" "$reason"
    sed 's/^/      | /' "$out"
    failed=$((failed + 1))
done

if [ $interrupted = 1 ]; then
    echo "interrupted"
fi
if [ $skipped -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped (need root)"
else
    echo "$passed passed, $failed failed"
fi
if [ $passed = 0 ] && [ $failed = 0 ]; then
    echo "native-tests: no scenario ran: that is a failure, not a pass" >&2
    exit 1
fi
[ $failed = 0 ] && [ $interrupted = 0 ]
