package sockkill.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who runs sockkill, for the audit trail: the real and effective uid (/proc/self/status), the user
 * name the JVM knows for them, the user sudo ran it for (SUDO_USER), and the login uid the kernel
 * keeps across su and sudo (/proc/self/loginuid; "unset" for a process no login started, such as a
 * daemon).
 */
record Invoker(long uid, long euid, String user, String sudoUser, String loginUid) {
    private static final String UNSET_LOGINUID = "4294967295";

    /** This process's invoker. */
    static Invoker current() {
        long uid = -1;
        long euid = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    uid = Long.parseLong(f[0]);
                    euid = Long.parseLong(f[1]);
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: logged as -1
        }
        String login;
        try {
            login = Files.readString(Path.of("/proc/self/loginuid"), StandardCharsets.US_ASCII).trim();
            if (login.equals(UNSET_LOGINUID)) {
                login = "unset";
            }
        } catch (IOException e) {
            login = "unknown";
        }
        String sudo = System.getenv("SUDO_USER");
        return new Invoker(uid, euid, System.getProperty("user.name", "?"), sudo == null || sudo.isEmpty() ? null : sudo,
                login);
    }
}
