package sockkill.core;

import java.util.List;
import java.util.Locale;

import sockkill.sys.Kernel;

/**
 * Socket states: the kernel's TCP_* numbers (UDP, raw and UNIX sockets reuse them), ss's names
 * for them, and the names a user may type in {@code --state}. A set of states is an int mask,
 * bit N for state N, as the kernel takes it.
 */
public final class SocketStates {
    private SocketStates() {
    }

    private static final String[] NAMES = new String[14];

    static {
        NAMES[0] = "UNKNOWN";
        NAMES[Kernel.TCP_ESTABLISHED] = "ESTAB";
        NAMES[Kernel.TCP_SYN_SENT] = "SYN-SENT";
        NAMES[Kernel.TCP_SYN_RECV] = "SYN-RECV";
        NAMES[Kernel.TCP_FIN_WAIT1] = "FIN-WAIT-1";
        NAMES[Kernel.TCP_FIN_WAIT2] = "FIN-WAIT-2";
        NAMES[Kernel.TCP_TIME_WAIT] = "TIME-WAIT";
        NAMES[Kernel.TCP_CLOSE] = "UNCONN";
        NAMES[Kernel.TCP_CLOSE_WAIT] = "CLOSE-WAIT";
        NAMES[Kernel.TCP_LAST_ACK] = "LAST-ACK";
        NAMES[Kernel.TCP_LISTEN] = "LISTEN";
        NAMES[Kernel.TCP_CLOSING] = "CLOSING";
        NAMES[Kernel.TCP_NEW_SYN_RECV] = "SYN-RECV";
        NAMES[Kernel.TCP_BOUND_INACTIVE] = "BOUND-INACTIVE";
    }

    /** The names {@link #parse} documents, states then groups: its error message and shell completion list them. */
    public static final List<String> TYPED_NAMES = List.of("established", "syn-sent", "syn-recv", "fin-wait-1",
            "fin-wait-2", "time-wait", "unconn", "close-wait", "last-ack", "listen", "closing", "bound-inactive",
            "all", "connected", "synchronized", "bucket", "big");

    /** Every state: what {@code ss -a} shows, and sockets bound but neither listening nor connected. */
    public static final int ALL = 0x3ffe;

    /** ss's name for {@code state}. */
    public static String name(int state) {
        return state >= 0 && state < NAMES.length && NAMES[state] != null ? NAMES[state] : "UNKNOWN";
    }

    public static int bit(int state) {
        return 1 << state;
    }

    /**
     * The mask for one name a user typed: ss's names (ESTAB, TIME-WAIT...), the kernel's
     * (established, time_wait...), and ss's groups: all, connected, synchronized, bucket, big.
     *
     * @throws IllegalArgumentException naming the states it knows
     */
    public static int parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        int bucket = bit(Kernel.TCP_SYN_RECV) | bit(Kernel.TCP_NEW_SYN_RECV) | bit(Kernel.TCP_TIME_WAIT);
        // ss.c's SS_CONN: everything but listeners, closed sockets and the minisockets of the bucket
        int connected = ALL & ~bit(Kernel.TCP_LISTEN) & ~bit(Kernel.TCP_CLOSE) & ~bit(Kernel.TCP_BOUND_INACTIVE)
                & ~bucket;
        return switch (s) {
            case "all" -> ALL;
            case "connected" -> connected;
            case "synchronized" -> connected & ~bit(Kernel.TCP_SYN_SENT);
            case "bucket" -> bucket;
            case "big" -> ALL & ~bucket;
            case "estab", "established" -> bit(Kernel.TCP_ESTABLISHED);
            case "syn-sent" -> bit(Kernel.TCP_SYN_SENT);
            case "syn-recv", "syn-received" -> bit(Kernel.TCP_SYN_RECV) | bit(Kernel.TCP_NEW_SYN_RECV);
            case "fin-wait-1", "fin-wait1" -> bit(Kernel.TCP_FIN_WAIT1);
            case "fin-wait-2", "fin-wait2" -> bit(Kernel.TCP_FIN_WAIT2);
            case "time-wait" -> bit(Kernel.TCP_TIME_WAIT);
            case "unconn", "unconnected", "close", "closed" -> bit(Kernel.TCP_CLOSE);
            case "close-wait" -> bit(Kernel.TCP_CLOSE_WAIT);
            case "last-ack" -> bit(Kernel.TCP_LAST_ACK);
            case "listen", "listening" -> bit(Kernel.TCP_LISTEN);
            case "closing" -> bit(Kernel.TCP_CLOSING);
            case "bound-inactive" -> bit(Kernel.TCP_BOUND_INACTIVE);
            default -> throw new IllegalArgumentException("unknown state '" + text + "'; expected one of: "
                    + "established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, time-wait, unconn, close-wait, "
                    + "last-ack, listen, closing, bound-inactive, or a group: all, connected, synchronized, "
                    + "bucket, big");
        };
    }
}
