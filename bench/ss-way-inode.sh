#!/bin/bash
# The ss way of 'sockkill inode N': find inode N in `ss -tane`, then `ss -K` its exact
# local/peer tuple. Runs in the caller's network namespace; connected TCP sockets only.
# Exit: 0 ss -K destroyed it; 1 no such socket, or ss -K killed nothing; 2 usage error;
# 3 ss -K killed more than that one socket.
set -euo pipefail
if [ $# -ne 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
    echo "usage: ss-way-inode.sh INODE" >&2
    exit 2
fi
. "$(dirname "${BASH_SOURCE[0]}")/ss-way-lib.sh"
ss_way_kill_inode "$1"
