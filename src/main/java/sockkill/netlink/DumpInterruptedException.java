package sockkill.netlink;

import java.io.IOException;

/** The kernel flagged a dump NLM_F_DUMP_INTR: the table changed under it, so the dump may be inconsistent. */
public class DumpInterruptedException extends IOException {
    private static final long serialVersionUID = 1L;

    public DumpInterruptedException(String request) {
        super(request + ": dump interrupted by a concurrent change (NLM_F_DUMP_INTR)");
    }
}
