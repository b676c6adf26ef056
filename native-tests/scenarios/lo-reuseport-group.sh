#!/bin/bash
# needs: netns
# Six listeners share a port (SO_REUSEPORT): five held by sockpop, one by a victim blocked in
# accept(). The kernel's destroy looks the port up and reaches one member only. For each member a
# dry run and the real run end alike: killed (0), or cannot be killed by the kernel here (4), never
# 'already gone'. The victim, if the kernel does not reach it, is shut down with
# --fallback=shutdown, and its accept() fails with EINVAL either way.
. "$(dirname "$0")/../lib.sh"

make_netns
start_sockpop grp ns tcp-reuseport:5:127.0.0.1:7010
start_victim acc ns --reuseport tcp-accept 127.0.0.1 7010

fds=$(grep '^SOCK ' "$NT_WORK/grp.out" | while read -r l; do nt_field "$l" fd; done)
for fd in $fds; do
    sk ns pid "$grp_pid" fd "$fd" --dry-run
    dry=$RC
    sk ns pid "$grp_pid" fd "$fd"
    [ "$RC" = "$dry" ] || fail "fd $fd: the dry run ended $dry, the real run $RC"
    case $RC in
        0) expect_starts "stdout" "$OUT" "killed tcp 127.0.0.1:7010 " ;;
        4)
            expect_contains "stderr" "$ERR" "(SO_REUSEPORT)"
            expect_contains "stderr" "$ERR" "--fallback=shutdown"
            expect_not_contains "stderr" "$ERR" "gone"
            expect_clean_error
            ;;
        *) fail "fd $fd: exit $RC ($ERR)" ;;
    esac
done

sk ns pid "$acc_pid" fd "$acc_fd" --dry-run
if [ "$RC" = 0 ]; then
    sk ns pid "$acc_pid" fd "$acc_fd"
    expect_exit 0
else
    expect_exit 4
    expect_blocked acc 200
    sk ns pid "$acc_pid" fd "$acc_fd" --fallback=shutdown
    expect_exit 0
    expect_starts "stdout" "$OUT" "shut down tcp 127.0.0.1:7010 "
fi
expect_result acc accept EINVAL
