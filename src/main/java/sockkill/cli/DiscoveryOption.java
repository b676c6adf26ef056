package sockkill.cli;

import picocli.CommandLine.Option;
import sockkill.core.DiscoveryMode;

/** {@code --discovery=auto|netlink|proc}. */
public final class DiscoveryOption {
    @Option(names = "--discovery", paramLabel = "MODE", defaultValue = "auto",
            description = "How to find sockets: auto (sock_diag, or /proc/net if netlink is unavailable), "
                    + "netlink, or proc. Default: ${DEFAULT-VALUE}.")
    DiscoveryMode mode = DiscoveryMode.AUTO;

    DiscoveryMode mode() {
        return mode;
    }
}
