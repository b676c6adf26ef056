package sockkill.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that {@link QuickStart} may run without picocli's model, its fields filled by hand as
 * picocli would fill them. Its code asks {@link #invocation()} for its writers and its words, never
 * picocli's model, which is not there then.
 */
abstract class QuickCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private Invocation quick;

    /** Runs the command as {@link QuickStart} filled it. */
    final int run(Invocation invocation) throws Exception {
        this.quick = invocation;
        return call();
    }

    final Invocation invocation() {
        return quick != null ? quick : Invocation.of(spec);
    }
}
