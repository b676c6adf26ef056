package sockkill.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The capabilities this process may use now (CapEff in /proc/self/status) and its effective uid:
 * what it takes to say which capability a refusal was about ("root, but without CAP_SYS_PTRACE").
 */
public record Capabilities(long effective, long effectiveUid) {
    /** sockkill's own, or none known (and uid -1) when /proc cannot tell. */
    public static Capabilities ofSelf() {
        return read(Path.of("/proc/self/status"));
    }

    static Capabilities read(Path status) {
        try {
            return parse(Files.readString(status));
        } catch (IOException | RuntimeException e) {
            return new Capabilities(0, -1);
        }
    }

    /** From the text of a status file: "CapEff:\t000001ffffffffff" and "Uid:\treal effective saved fs". */
    static Capabilities parse(String status) {
        long effective = 0;
        long uid = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                effective = Long.parseUnsignedLong(line.substring(7).strip(), 16);
            } else if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).strip().split("\\s+");
                uid = ids.length > 1 ? Long.parseLong(ids[1]) : -1;
            }
        }
        return new Capabilities(effective, uid);
    }

    /** Whether capability number {@code capability} (CAP_* in linux/capability.h) is effective. */
    public boolean has(int capability) {
        return (effective >>> capability & 1) != 0;
    }

    public boolean isRoot() {
        return effectiveUid == 0;
    }
}
