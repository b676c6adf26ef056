# Shared by ss-way-inode.sh and ss-way-pidfd.sh (sourced, not run): kill the TCP socket whose
# inode is $1 the way one does it by hand with ss. Find its line in `ss -tane` (the only ss view
# that shows inodes), take the local and peer address:port from it, and give exactly that tuple
# to `ss -K`. ss prints IPv6 addresses in brackets ([::1]:9010), which is also the form its
# filter wants, so the fields are passed on unchanged.
ss_way_kill_inode() {
    local ino=$1 line local_ep peer_ep out killed
    # " ino:N " with a space on each side, so ino:12 does not match ino:123 (ss -e always puts
    # sk:... after ino:N; the end-of-line case is there for safety).
    # No grep -m1: ss would die of SIGPIPE and, with pipefail, fail the pipeline.
    line=$(ss -tane 2>/dev/null | grep -E " ino:${ino}( |\$)") || {
        echo "ss-way: no TCP socket with inode $ino" >&2
        return 1
    }
    read -r _ _ _ local_ep peer_ep _ <<<"$line"
    # A listener or an unconnected socket has peer "*"; as a filter that would match its
    # neighbours too, so only connected sockets are handled (all the benchmark targets are).
    case $peer_ep in
    *:\*)
        echo "ss-way: inode $ino is not connected ($local_ep, peer $peer_ep): not handled" >&2
        return 1
        ;;
    esac
    out=$(ss -K -tn state all src "$local_ep" dst "$peer_ep")
    # ss -K prints a header, then one line per socket the kernel really destroyed (sockets that
    # could not be destroyed are left out), and exits 0 either way: count the lines.
    killed=$(printf '%s\n' "$out" | tail -n +2 | grep -c . || true)
    if [ "$killed" -lt 1 ]; then
        echo "ss-way: ss -K killed nothing for $local_ep -> $peer_ep (inode $ino)" >&2
        return 1
    elif [ "$killed" -gt 1 ]; then
        echo "ss-way: ss -K killed $killed sockets for $local_ep -> $peer_ep (inode $ino), not 1" >&2
        return 3
    fi
}
