package sockkill.diag;

/**
 * What an inet dump asks the kernel for: one family and protocol, a mask of TCP states (bit N for
 * state N), idiag_ext attribute bits, and a kernel-side filter.
 */
public record InetDump(int family, int protocol, int states, int ext, InetDiagFilter filter) {
    /** Every state the kernel knows, TIME-WAIT, SYN-RECV and bound-but-inactive included. */
    public static final int ALL_STATES = 0xffff_fffe;

    public InetDump {
        if (filter == null) {
            filter = InetDiagFilter.none();
        }
    }
}
