package sockkill.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway network namespace ("sk-it-XXXXXX") with loopback up, deleted on close together with
 * every process started in it. Only loopback and addresses inside such namespaces are ever used.
 */
final class Netns implements AutoCloseable {
    static final String PREFIX = "sk-it-";

    private final String name;
    private final List<AutoCloseable> owned = new ArrayList<>();

    private Netns(String name) {
        this.name = name;
    }

    static Netns create() {
        return create(PREFIX);
    }

    /** As {@link #create()}, named {@code prefix} and six random hex digits. */
    static Netns create(String prefix) {
        String name = prefix + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        Proc.run("ip", "netns", "add", name).requireSuccess();
        Netns ns = new Netns(name);
        try {
            ns.exec("ip", "link", "set", "lo", "up").requireSuccess();
        } catch (RuntimeException | AssertionError e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    String name() {
        return name;
    }

    /** The command prefix that runs something inside this namespace. */
    List<String> prefix() {
        return List.of("ip", "netns", "exec", name);
    }

    Proc.Result exec(String... command) {
        return Proc.run(Proc.concat(prefix(), command));
    }

    /** Registers something to close (a process) before the namespace goes. */
    <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception ignored) {
                // keep cleaning up
            }
        }
        // Anything still running in the namespace dies with it.
        Proc.Result pids = Proc.run("ip", "netns", "pids", name);
        for (String pid : pids.out().split("\\s+")) {
            if (!pid.isBlank()) {
                Proc.run("kill", "-9", pid);
            }
        }
        Proc.run("ip", "netns", "del", name);
    }
}
