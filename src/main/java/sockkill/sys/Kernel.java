package sockkill.sys;

/**
 * The Linux constants sockkill needs that jnr-constants does not carry, each with the uapi header
 * it comes from. Values are the x86_64/arm64 ones; none of them differ between those ABIs.
 */
public final class Kernel {
    private Kernel() {
    }

    // <bits/socket.h>, <linux/net.h>
    public static final int AF_UNIX = 1;
    /** In an inet dump: both families, IPv4 and IPv6. */
    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_TYPE = 3;
    public static final int SO_PROTOCOL = 38;
    public static final int SO_DOMAIN = 39;
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int SHUT_RDWR = 2;
    /** <asm-generic/socket.h>: TCP keepalive on or off. */
    public static final int SO_KEEPALIVE = 9;

    // <linux/tcp.h> (options at level SOL_TCP, which is IPPROTO_TCP)
    public static final int SOL_TCP = 6;
    /** Seconds of idleness before the first keepalive probe (1 to 32767). */
    public static final int TCP_KEEPIDLE = 4;
    /** Seconds between keepalive probes (1 to 32767). */
    public static final int TCP_KEEPINTVL = 5;
    /** Unanswered keepalive probes before the kernel ends the connection (1 to 127). */
    public static final int TCP_KEEPCNT = 6;
    /** struct tcp_info, read without side effects (unlike SO_ERROR, which consumes the error). */
    public static final int TCP_INFO = 11;
    /** Milliseconds sent data (and, with keepalive on, probes) may go unanswered; 0: the system's rule. */
    public static final int TCP_USER_TIMEOUT = 18;

    // <linux/sockios.h>
    /** On a socket: an fd for the network namespace it lives in. */
    public static final long SIOCGSKNS = 0x894C;

    // <linux/in.h>
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_UDPLITE = 136;
    public static final int IPPROTO_RAW = 255;
    public static final int IPPROTO_MPTCP = 262;

    // <fcntl.h>
    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_NOCTTY = 0x100;

    // <poll.h>
    public static final int POLLOUT = 0x4;
    public static final int POLLERR = 0x8;
    public static final int POLLHUP = 0x10;

    // <linux/magic.h>
    public static final long NSFS_MAGIC = 0x6e736673L;

    // <linux/sched.h>
    public static final int CLONE_NEWNET = 0x40000000;

    // <linux/pidfd.h>
    /** pidfd_open flag (Linux 6.9): the pid names a thread, whose own fd table pidfd_getfd then reads. */
    public static final int PIDFD_THREAD = 0x80;

    // <linux/capability.h>
    public static final int CAP_NET_ADMIN = 12;
    public static final int CAP_SYS_PTRACE = 19;
    public static final int CAP_SYS_ADMIN = 21;

    // <asm/unistd_64.h> (the same numbers on every architecture for these new calls)
    public static final long SYS_PIDFD_OPEN = 434;
    public static final long SYS_PIDFD_GETFD = 438;

    // <linux/netlink.h>
    public static final int NETLINK_SOCK_DIAG = 4;
    public static final int SOL_NETLINK = 270;
    public static final int NETLINK_CAP_ACK = 10;
    public static final int NETLINK_EXT_ACK = 11;

    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_ROOT = 0x100;
    public static final int NLM_F_MATCH = 0x200;
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    /** On an NLMSG_ERROR: the echoed request was cut to its header (NETLINK_CAP_ACK). */
    public static final int NLM_F_CAPPED = 0x100;
    /** On an NLMSG_ERROR: extended-ack TLVs follow the echoed request. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    /** enum nlmsgerr_attrs */
    public static final int NLMSGERR_ATTR_MSG = 1;

    // <linux/sock_diag.h>
    public static final int SOCK_DIAG_BY_FAMILY = 20;
    public static final int SOCK_DESTROY = 21;

    // <linux/inet_diag.h>
    /** The original inet_diag request (struct inet_diag_req): TCP sockets of both families in one walk. */
    public static final int TCPDIAG_GETSOCK = 18;
    public static final int INET_DIAG_REQ_BYTECODE = 1;
    public static final int INET_DIAG_REQ_PROTOCOL = 3;

    public static final int INET_DIAG_INFO = 2;
    public static final int INET_DIAG_SHUTDOWN = 8;

    public static final int INET_DIAG_BC_NOP = 0;
    public static final int INET_DIAG_BC_JMP = 1;
    public static final int INET_DIAG_BC_S_COND = 7;
    public static final int INET_DIAG_BC_D_COND = 8;
    public static final int INET_DIAG_BC_S_EQ = 11;
    public static final int INET_DIAG_BC_D_EQ = 12;

    /** idiag_cookie value that asks the kernel not to compare cookies (queries only, never a kill). */
    public static final long INET_DIAG_NOCOOKIE = 0xffff_ffff_ffff_ffffL;

    // <linux/unix_diag.h>
    public static final int UDIAG_SHOW_NAME = 0x01;
    public static final int UDIAG_SHOW_PEER = 0x04;
    public static final int UDIAG_SHOW_RQLEN = 0x10;
    public static final int UDIAG_SHOW_UID = 0x40;

    public static final int UNIX_DIAG_NAME = 0;
    public static final int UNIX_DIAG_PEER = 2;
    public static final int UNIX_DIAG_RQLEN = 4;
    public static final int UNIX_DIAG_UID = 7;

    // <net/tcp_states.h>
    public static final int TCP_ESTABLISHED = 1;
    public static final int TCP_SYN_SENT = 2;
    public static final int TCP_SYN_RECV = 3;
    public static final int TCP_FIN_WAIT1 = 4;
    public static final int TCP_FIN_WAIT2 = 5;
    public static final int TCP_TIME_WAIT = 6;
    public static final int TCP_CLOSE = 7;
    public static final int TCP_CLOSE_WAIT = 8;
    public static final int TCP_LAST_ACK = 9;
    public static final int TCP_LISTEN = 10;
    public static final int TCP_CLOSING = 11;
    public static final int TCP_NEW_SYN_RECV = 12;
    public static final int TCP_BOUND_INACTIVE = 13;
}
