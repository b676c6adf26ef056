package sockkill.netlink;

/** Bytes from the kernel (or a test) that do not parse as netlink; says what was wrong and where. */
public class MalformedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public MalformedMessageException(int offset, String problem) {
        super("malformed netlink data at offset " + offset + ": " + problem);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
