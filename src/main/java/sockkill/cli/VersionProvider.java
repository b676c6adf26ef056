package sockkill.cli;

import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code --version}: version, commit and runtime, which cost nothing to learn. The kernel line
 * needs a netlink round trip (and jnr-ffi loaded), so it comes only with {@code --verbose} and
 * from {@code sockkill version}: a root script that checks the version stays as fast as a start-up.
 */
final class VersionProvider implements IVersionProvider {
    @Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() {
        boolean verbose = spec != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--verbose");
        return VersionCommand.lines(verbose).toArray(String[]::new);
    }
}
