package sockkill.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sockkill.core.Digits;
import sockkill.core.Problem;
import sockkill.sys.NetworkNamespace;

/** {@code --netns PID|PATH}: the network namespace to work in, by a process living in it or a file naming it. */
public final class NamespaceOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--netns", paramLabel = "PID|PATH",
            description = "Work in another network namespace: that of process PID, or the one PATH refers to "
                    + "(e.g. /run/netns/NAME). Default: sockkill's own.")
    String netns;

    boolean given() {
        return netns != null;
    }

    /** The namespace asked for, or {@code fallback} when none was. */
    NetworkNamespace resolve(NetworkNamespace fallback) throws Problem {
        if (netns == null) {
            return fallback;
        }
        if (Digits.isDecimal(netns)) {
            int pid = Numbers.parse(spec, "--netns", netns);
            if (!Files.exists(Path.of("/proc", Integer.toString(pid)))) {
                throw new Problem(Problem.Kind.NO_SUCH_PROCESS, "--netns " + pid + ": no process with pid " + pid);
            }
            return NetworkNamespace.ofPid(pid);
        }
        Path file = Path.of(netns);
        if (!Files.exists(file)) {
            throw new ParameterException(spec.commandLine(), "--netns " + netns
                    + ": no such file; give a pid or a namespace file such as /run/netns/NAME");
        }
        return NetworkNamespace.ofFile(file);
    }
}
