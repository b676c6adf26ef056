package sockkill.netlink;

/** Netlink's 4-byte alignment. */
public final class Align {
    private Align() {
    }

    /** {@code #define NLMSG_ALIGN(len) (((len)+NLMSG_ALIGNTO-1) & ~(NLMSG_ALIGNTO-1))}, and RTA_ALIGN alike. */
    public static int align(int length) {
        return (length + 3) & ~3;
    }
}
