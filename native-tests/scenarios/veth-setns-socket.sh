#!/bin/bash
# needs: root
# A socket in a namespace no process lives in: the victim enters the client namespace (setns),
# connects to the server there, and goes back to a namespace of its own. 'pid P fd F' asks the
# socket itself where it lives (SIOCGSKNS) and kills it; before that, '--all-netns' finds it
# through /run/netns, and, once that name is gone, through its holder.
. "$(dirname "$0")/../lib.sh"

make_veth_pair
start_victim srv server tcp-serve "$SERVER4" 7015
home=sk-nt-$NT_NAME-$$-h
nt_add_netns "$home"
must ip -n "$home" link set lo up
NT_PFX=(ip netns exec "$home")
"${NT_PFX[@]}" "$VICTIM" --timeout-sec 30 --netns "/run/netns/$NT_CLIENT" tcp-recv "$SERVER4" 7015 \
    < /dev/null > "$NT_WORK/cl.out" 2> "$NT_WORK/cl.err" &
NT_PIDS+=("$!")
wait_lines "$NT_WORK/cl.out" '^READY ' 1 5 "$!" || fail "victim did not get ready: $(cat "$NT_WORK/cl.err")"
line=$(grep -m 1 '^READY ' "$NT_WORK/cl.out")
for k in pid fd inode local; do printf -v "cl_$k" '%s' "$(nt_field "$line" "$k")"; done
expect_eq "processes in $NT_CLIENT" "" "$(ip netns pids "$NT_CLIENT")"

sk host inode "$cl_inode" --all-netns --dry-run
expect_exit 0
expect_starts "stdout" "$OUT" "would kill tcp $cl_local <-> $SERVER4:7015 ESTAB inode $cl_inode"

# the name goes; the socket keeps its namespace (and the veth in it) alive
must ip netns del "$NT_CLIENT"
left=()
for n in "${NT_NETNS[@]}"; do [ "$n" = "$NT_CLIENT" ] || left+=("$n"); done
NT_NETNS=("${left[@]}")
sk host inode "$cl_inode" --all-netns --dry-run
expect_exit 0

sk host pid "$cl_pid" fd "$cl_fd"
expect_exit 0
expect_starts "stdout" "$OUT" "killed tcp $cl_local <-> $SERVER4:7015 ESTAB inode $cl_inode"
expect_result cl recv ECONNABORTED
