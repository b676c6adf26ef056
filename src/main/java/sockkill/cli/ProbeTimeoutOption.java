package sockkill.cli;

import picocli.CommandLine.Option;
import sockkill.core.ProbeSettings;

/** {@code --probe-timeout SECONDS}: how long a probed peer has to answer. */
public final class ProbeTimeoutOption {
    @Option(names = "--probe-timeout", paramLabel = "SECONDS",
            description = "How long a probed peer has to answer (whole seconds, " + ProbeSettings.MIN_TIMEOUT_SECONDS
                    + " to " + ProbeSettings.MAX_TIMEOUT_SECONDS + ", default " + ProbeSettings.DEFAULT_TIMEOUT_SECONDS
                    + "): the kernel sends a keepalive probe at once and one a second; a peer that answered none "
                    + "after SECONDS-1 is dead.")
    String timeout;

    boolean given() {
        return timeout != null;
    }

    int seconds() {
        if (timeout == null) {
            return ProbeSettings.DEFAULT_TIMEOUT_SECONDS;
        }
        long s = Numbers.parseLong("--probe-timeout", timeout, ProbeSettings.MAX_TIMEOUT_SECONDS);
        if (s < ProbeSettings.MIN_TIMEOUT_SECONDS) {
            throw new UsageError("invalid --probe-timeout '" + timeout + "': at least "
                    + ProbeSettings.MIN_TIMEOUT_SECONDS + " seconds (a probe, and a second for its answer)");
        }
        return (int) s;
    }
}
