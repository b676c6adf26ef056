#!/bin/bash
# needs: netns
# What a shell can hand sockkill instead of a terminal: stdout on a full device is one line
# "write error" and exit 74 (a kill still happens, and the lost report is said), stdin closed or a
# directory for a batch is exit 2, a FIFO for --netns is exit 2 at once (never a hang).
. "$(dirname "$0")/../lib.sh"

make_netns
start_victim srv ns tcp-serve 127.0.0.1 7000
start_victim cl ns tcp-recv 127.0.0.1 7000
freeze "$srv_pid"
expect_blocked cl 100

to_full() { capture ns sh -c 'exec "$0" "$@" > /dev/full' "$SOCKKILL" "$@"; CMD="sockkill $* > /dev/full"; }

to_full list
expect_exit 74
expect_eq "stderr" "sockkill: write error: No space left on device" "$ERR"

to_full --version
expect_exit 74
expect_clean_error

to_full match --json --dport 7000 --src 127.0.0.1 --sport "${cl_local##*:}"
expect_exit 74
expect_eq "stderr" "sockkill: write error: No space left on device" "$ERR"
expect_result cl recv ECONNABORTED

capture ns sh -c 'exec "$0" - <&-' "$SOCKKILL"
expect_exit 2
expect_clean_error
expect_contains "stderr" "$ERR" "standard input is closed"

capture ns sh -c 'exec "$0" - < /' "$SOCKKILL"
expect_exit 2
expect_clean_error
expect_contains "stderr" "$ERR" "standard input is a directory"

mkfifo "$NT_WORK/fifo"
capture ns timeout 30 "$SOCKKILL" list --netns "$NT_WORK/fifo"
expect_exit 2
expect_clean_error
expect_contains "stderr" "$ERR" "is a FIFO, not a network namespace"
