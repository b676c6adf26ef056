#!/bin/bash
# needs: netns
# A process that has exited: 'sockkill pid P fd 3' is exit 5 "no process with pid P"; with --json
# the outcome is no-such-process.
. "$(dirname "$0")/../lib.sh"

make_netns
sleep 0.1 &
gone=$!
NT_PIDS+=("$gone")
wait "$gone"
nt_alive "$gone" && fail "pid $gone should have exited"
log "pid $gone has exited"

sk ns pid "$gone" fd 3
expect_exit 5
expect_contains "stderr" "$ERR" "no process with pid $gone"
expect_clean_error

sk ns pid "$gone" fd 3 --json
expect_exit 5
expect_json "$OUT"
expect_contains "JSON" "$OUT" '"outcome":"no-such-process"'
expect_contains "JSON" "$OUT" "\"target\":{\"pid\":$gone,\"fd\":3}"
