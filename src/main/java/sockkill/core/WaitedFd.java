package sockkill.core;

import java.util.List;
import java.util.Optional;

import sockkill.proc.FdKind;
import sockkill.proc.FdLink;
import sockkill.sys.Kernel;

/**
 * An fd that some thread of a diagnosed process waits on, and what it is.
 *
 * @param target the text of its /proc/P/fd link ("socket:[123]", "/dev/pts/1"), empty once closed
 * @param netid the kind of socket, null when it is no socket or one of a family sockkill does not know
 * @param entry the socket as sock_diag reported it (tcp_info included for TCP), or built from the
 *        fd's own addresses when the kernel could not look it up (state UNKNOWN, no cookie); null
 *        for anything else
 * @param netns the inode of the network namespace the socket lives in, -1 when unknown or no socket
 * @param waitedBy the threads that wait on it
 * @param watches for an epoll fd, the fds it watches; empty otherwise
 * @param note what could not be learnt, empty if nothing
 */
public record WaitedFd(int fd, FdKind kind, String target, Netid netid, SocketEntry entry, long netns,
        List<Integer> waitedBy, List<Integer> watches, String note) {

    public Optional<SocketEntry> socket() {
        return Optional.ofNullable(entry);
    }

    /** The socket's inode, -1 when the fd holds no socket. */
    public long socketInode() {
        return FdLink.socketInode(target);
    }

    /** A TCP, UDP, UDP-Lite, MPTCP or raw socket: what SOCK_DESTROY can kill. */
    public boolean isInetSocket() {
        return netid != null && netid.isInet();
    }

    /**
     * A socket that waits for others rather than on a peer: a listener, or an unconnected datagram
     * socket. An event loop watches these beside its connections.
     */
    public boolean passive() {
        if (entry == null) {
            return false;
        }
        return entry.state() == Kernel.TCP_LISTEN
                || entry.state() == Kernel.TCP_CLOSE && netid != Netid.TCP && netid != Netid.MPTCP;
    }

    /** "tcp 10.0.0.1:40114 <-> 10.0.0.2:143 ESTAB inode 156611", "/dev/pts/1", "pipe:[123]"... */
    public String describe() {
        if (entry != null) {
            return SocketDestroyer.describe(entry);
        }
        return switch (kind) {
            case CLOSED -> "closed";
            case EPOLL -> "epoll set";
            case EVENTFD, TIMERFD, SIGNALFD, INOTIFY, PIDFD, IO_URING -> kind.label();
            case SOCKET -> (netid != null ? netid.label() + " " : "") + target;
            default -> target;
        };
    }
}
