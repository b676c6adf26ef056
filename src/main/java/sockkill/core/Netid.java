package sockkill.core;

import sockkill.sys.Kernel;

/** The kind of a socket, named as ss names it in its Netid column. */
public enum Netid {
    TCP("tcp", Kernel.IPPROTO_TCP),
    UDP("udp", Kernel.IPPROTO_UDP),
    UDPLITE("udplite", Kernel.IPPROTO_UDPLITE),
    MPTCP("mptcp", Kernel.IPPROTO_MPTCP),
    RAW("raw", Kernel.IPPROTO_RAW),
    UNIX_STREAM("u_str", 0),
    UNIX_DGRAM("u_dgr", 0),
    UNIX_SEQPACKET("u_seq", 0);

    private final String label;
    private final int protocol;

    Netid(String label, int protocol) {
        this.label = label;
        this.protocol = protocol;
    }

    /** "tcp", "u_str"... */
    public String label() {
        return label;
    }

    /** The IPPROTO_* number for inet kinds, 0 for UNIX. */
    public int protocol() {
        return protocol;
    }

    public boolean isInet() {
        return protocol != 0;
    }

    public boolean isUnix() {
        return protocol == 0;
    }

    public static Netid unixOfType(int sockType) {
        return switch (sockType) {
            case Kernel.SOCK_STREAM -> UNIX_STREAM;
            case Kernel.SOCK_DGRAM -> UNIX_DGRAM;
            case Kernel.SOCK_SEQPACKET -> UNIX_SEQPACKET;
            default -> throw new IllegalArgumentException("UNIX socket of type " + sockType);
        };
    }

    public static Netid inetOfProtocol(int protocol) {
        for (Netid n : values()) {
            if (n.protocol == protocol && n.isInet()) {
                return n;
            }
        }
        throw new IllegalArgumentException("no netid for protocol " + protocol);
    }
}
