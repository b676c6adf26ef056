#!/bin/bash
# The ss way of 'sockkill pid P fd F': readlink /proc/P/fd/F gives socket:[N], then as in
# ss-way-inode.sh: find inode N in `ss -tane` and `ss -K` its exact local/peer tuple.
# ss looks in the caller's network namespace, so run it in the one the socket lives in.
# Exit: 0 ss -K destroyed it; 1 no such fd, not a socket, not found by ss, or ss -K killed
# nothing; 2 usage error; 3 ss -K killed more than that one socket.
set -euo pipefail
if [ $# -ne 2 ] || ! [[ $1 =~ ^[0-9]+$ && $2 =~ ^[0-9]+$ ]]; then
    echo "usage: ss-way-pidfd.sh PID FD" >&2
    exit 2
fi
link=$(readlink "/proc/$1/fd/$2") || { echo "ss-way: no fd $2 in process $1" >&2; exit 1; }
if ! [[ $link =~ ^socket:\[([0-9]+)\]$ ]]; then
    echo "ss-way: fd $2 of process $1 is not a socket ($link)" >&2
    exit 1
fi
. "$(dirname "${BASH_SOURCE[0]}")/ss-way-lib.sh"
ss_way_kill_inode "${BASH_REMATCH[1]}"
