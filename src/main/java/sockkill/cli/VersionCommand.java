package sockkill.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sockkill.core.DestroySupport;

/**
 * {@code sockkill version}: what {@code --version} says, and whether this kernel can destroy
 * sockets at all, probed without touching any socket (see {@link DestroySupport}).
 */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = {"Print sockkill's version, the git commit it was built from, the Java runtime it runs on, "
                + "and whether this kernel can destroy sockets (SOCK_DESTROY, CONFIG_INET_DIAG_DESTROY).",
            "The kernel is asked safely: a destroy of a TCP socket that cannot exist (port 0 at both ends, a "
                + "cookie no socket has). 'supported' and 'not supported' are what the kernel answered; without "
                + "CAP_NET_ADMIN a kernel may refuse to say. --version prints the same without the kernel line "
                + "(it costs a netlink round trip), unless --verbose is given too."},
        footer = {"%nExit status: 0; 74 write error on standard output."})
public final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object: version, commit, runtime {name, version, "
            + "vendor, home}, sock_destroy (supported, not-supported, unknown), sock_destroy_note (why unknown).")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            DestroySupport.Result kernel = DestroySupport.probe();
            JsonWriter w = new JsonWriter(new Utf8Text(512));
            w.beginObject()
                    .field("version", BuildInfo.version())
                    .field("commit", BuildInfo.commit())
                    .name("runtime").beginObject()
                    .field("name", BuildInfo.runtimeName())
                    .field("version", BuildInfo.runtimeVersion())
                    .field("vendor", BuildInfo.runtimeVendor())
                    .field("home", BuildInfo.runtimeHome())
                    .endObject()
                    .field("sock_destroy", switch (kernel.answer()) {
                        case SUPPORTED -> "supported";
                        case NOT_SUPPORTED -> "not-supported";
                        case UNKNOWN_WITHOUT_CAP_NET_ADMIN, UNKNOWN -> "unknown";
                    })
                    .field("sock_destroy_note", kernel.detail())
                    .endObject().newline();
            Utf8Text b = w.text();
            StdoutWriter.writeUtf8(out, b.bytes(), 0, b.length());
        } else {
            for (String line : lines(true)) {
                out.println(TerminalText.escape(line));
            }
        }
        StdoutWriter.flushOrFail(out);
        return ExitCodes.OK;
    }

    /** The lines of {@code --version}; with {@code kernel}, the probe's line too. */
    static List<String> lines(boolean kernel) {
        List<String> lines = new ArrayList<>(4);
        lines.add("sockkill " + BuildInfo.version());
        lines.add("commit: " + BuildInfo.commit());
        lines.add("runtime: " + BuildInfo.runtime());
        if (kernel) {
            lines.add(kernelLine(DestroySupport.probe()));
        }
        return lines;
    }

    static String kernelLine(DestroySupport.Result r) {
        return "kernel: SOCK_DESTROY " + switch (r.answer()) {
            case SUPPORTED -> "supported (CONFIG_INET_DIAG_DESTROY)";
            case NOT_SUPPORTED -> "not supported (CONFIG_INET_DIAG_DESTROY)";
            case UNKNOWN_WITHOUT_CAP_NET_ADMIN -> "support unknown without CAP_NET_ADMIN (CONFIG_INET_DIAG_DESTROY)";
            case UNKNOWN -> "support unknown (CONFIG_INET_DIAG_DESTROY): " + r.detail();
        };
    }
}
