package sockkill.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sockkill.core.DiscoveryMode;

/**
 * The command lines a root script runs most, run without picocli's model. Building that model costs
 * a cold JVM more than the work itself (reflection over every option, a proxy class for every
 * annotation type: about 100 ms before {@code pid P fd F} starts, whose kill then takes some 30), so
 * {@code --version} and the plain shapes of {@code pid}, {@code inode}, {@code list} and
 * {@code match} are parsed here by hand, into the command objects picocli would have filled, and
 * run the same code.
 *
 * <p>Only plain shapes are taken: the command word first, then its own options (a long option with
 * its value as the next word or after '=', a one-letter option, a cluster of one-letter flags such
 * as {@code -tanp}) and its positional words. Anything else returns null, and picocli parses the
 * line as always: help, an option this parser does not know or one given twice, a value that starts
 * with '-', {@code --}, a wrong number of positional words. So every parse error is still picocli's
 * own. {@code QuickStartTest} holds the two parsers to the same fields, option by option.
 */
final class QuickStart {
    private QuickStart() {
    }

    /** A command line parsed here: runs it, or says it needs no native call. */
    static final class Ready {
        private final String command;
        private final List<String> args;
        private final QuickCommand filled;
        private final boolean verbose;

        private Ready(String command, String[] args, QuickCommand filled, boolean verbose) {
            this.command = command;
            this.args = List.of(args);
            this.filled = filled;
            this.verbose = verbose;
        }

        /** The command object, filled as picocli would fill it; null for --version. */
        QuickCommand command() {
            return filled;
        }

        /** Whether --verbose was given. */
        boolean verbose() {
            return verbose;
        }

        /** Runs it; a failure is reported as picocli's handlers report one. Returns the exit status. */
        int run(PrintWriter out, PrintWriter err) {
            if (filled == null) {
                for (String line : VersionCommand.lines(false)) {
                    out.println(TerminalText.escape(line));
                }
                out.flush();
                return ExitCodes.OK;
            }
            try {
                return filled.run(new Invocation(out, err, args, verbose));
            } catch (Exception | LinkageError e) {
                return Cli.failed(e, command, out, err, verbose);
            }
        }
    }

    /** Thrown anywhere in the parse to give the line to picocli; carries no stack trace. */
    private static final class NotQuick extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NotQuick INSTANCE = new NotQuick();

        private NotQuick() {
            super(null, null, false, false);
        }
    }

    /** The command {@code args} name, filled and ready to run; null when picocli must parse them. */
    static Ready parse(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return new Ready("sockkill", args, null, false);
        }
        if (args.length == 0) {
            return null;
        }
        Words words = new Words(Arrays.copyOfRange(args, 1, args.length));
        try {
            QuickCommand c = switch (args[0]) {
                case "pid" -> pid(words);
                case "inode" -> inode(words);
                case "list" -> list(words);
                case "match" -> match(words);
                default -> null;
            };
            return c == null ? null : new Ready("sockkill " + args[0], args, c, words.verbose);
        } catch (NotQuick e) {
            return null;
        }
    }

    /** {@code pid P [fd F]}. */
    private static PidCommand pid(Words w) {
        PidCommand c = new PidCommand();
        for (String o = w.nextOption(); o != null; o = w.nextOption()) {
            switch (o) {
                case "--inode" -> c.inode = w.value(c.inode);
                case "--all-blocked" -> c.allBlocked = w.flag(c.allBlocked);
                case "--if-dead" -> c.ifDead = w.flag(c.ifDead);
                case "--probe-timeout" -> c.probeTimeout.timeout = w.value(c.probeTimeout.timeout);
                default -> killOption(w, o, c.kill);
            }
        }
        List<String> p = w.positional;
        if (p.size() != 1 && p.size() != 3) {
            throw NotQuick.INSTANCE;
        }
        c.pid = p.get(0);
        if (p.size() == 3) {
            c.fdKeyword = p.get(1);
            c.fd = p.get(2);
        }
        return c;
    }

    /** {@code inode N}. */
    private static InodeCommand inode(Words w) {
        InodeCommand c = new InodeCommand();
        for (String o = w.nextOption(); o != null; o = w.nextOption()) {
            switch (o) {
                case "--all-netns" -> c.allNamespaces = w.flag(c.allNamespaces);
                case "--if-dead" -> c.ifDead = w.flag(c.ifDead);
                case "--probe-timeout" -> c.probeTimeout.timeout = w.value(c.probeTimeout.timeout);
                case "--netns", "-N" -> c.namespace.netns = w.value(c.namespace.netns);
                default -> killOption(w, o, c.kill);
            }
        }
        if (w.positional.size() != 1) {
            throw NotQuick.INSTANCE;
        }
        c.inode = w.positional.get(0);
        return c;
    }

    /** {@code list}, with ss's flags and state words. */
    private static ListCommand list(Words w) {
        ListCommand c = new ListCommand();
        SsHabits ss = c.ss;
        for (String o = w.nextOption(); o != null; o = w.nextOption()) {
            switch (o) {
                case "--pid" -> c.pid = w.value(c.pid);
                case "--inode" -> c.inode = w.value(c.inode);
                case "--no-owners" -> c.noOwners = w.flag(c.noOwners);
                case "--json" -> c.json = w.flag(c.json);
                case "--all-netns" -> c.allNamespaces = w.flag(c.allNamespaces);
                case "--netns", "-N" -> c.namespace.netns = w.value(c.namespace.netns);
                case "--discovery" -> c.discovery.mode = discovery(w.valueOnce("--discovery"));
                case "-n", "--numeric" -> ss.numeric = w.flag(ss.numeric);
                case "-a", "--all" -> ss.all = w.flag(ss.all);
                case "-l", "--listening" -> ss.listening = w.flag(ss.listening);
                case "-p", "--processes" -> ss.processes = w.flag(ss.processes);
                case "-e", "--extended" -> ss.extended = w.flag(ss.extended);
                case "-O", "--oneline" -> ss.oneline = w.flag(ss.oneline);
                case "-H", "--no-header" -> ss.noHeader = w.flag(ss.noHeader);
                case "-f", "--family" -> w.values(ss.families);
                case "-A", "--query", "--socket" -> w.values(ss.queries);
                default -> filterOption(w, o, c.filters);
            }
        }
        ss.words.addAll(w.positional);
        return c;
    }

    /** {@code match FILTERS}. */
    private static MatchCommand match(Words w) {
        MatchCommand c = new MatchCommand();
        MatchFilters m = c.match;
        for (String o = w.nextOption(); o != null; o = w.nextOption()) {
            switch (o) {
                case "--pid" -> m.pid = w.value(m.pid);
                case "--uid" -> m.uid = w.value(m.uid);
                case "--comm" -> m.comm = w.value(m.comm);
                case "--idle" -> m.idle = w.value(m.idle);
                case "--stuck" -> m.stuck = w.value(m.stuck);
                case "--all" -> m.all = w.flag(m.all);
                case "--if-dead" -> c.ifDead = w.flag(c.ifDead);
                case "--probe-timeout" -> c.probeTimeout.timeout = w.value(c.probeTimeout.timeout);
                case "--max" -> c.max = w.value(c.max);
                case "--dry-run" -> c.dryRun = w.flag(c.dryRun);
                case "-q", "--quiet" -> c.quiet = w.flag(c.quiet);
                case "--json" -> c.json = w.flag(c.json);
                case "--all-netns" -> c.allNamespaces = w.flag(c.allNamespaces);
                case "--netns", "-N" -> c.namespace.netns = w.value(c.namespace.netns);
                case "--no-log" -> c.audit.noLog = w.flag(c.audit.noLog);
                default -> filterOption(w, o, m.filters);
            }
        }
        if (!w.positional.isEmpty()) {
            throw NotQuick.INSTANCE;
        }
        return c;
    }

    /** The options of every kill command (KillOptionsMixin, with its audit option). */
    private static void killOption(Words w, String o, KillOptionsMixin k) {
        switch (o) {
            case "--dry-run" -> k.dryRun = w.flag(k.dryRun);
            case "--json" -> k.json = w.flag(k.json);
            case "--no-log" -> k.audit.noLog = w.flag(k.audit.noLog);
            case "--fallback" -> k.fallback = fallback(w.valueOnce("--fallback"));
            default -> throw NotQuick.INSTANCE;
        }
    }

    /** The socket filters (FilterOptions). */
    private static void filterOption(Words w, String o, FilterOptions f) {
        switch (o) {
            case "-t", "--tcp" -> f.tcp = w.flag(f.tcp);
            case "-u", "--udp" -> f.udp = w.flag(f.udp);
            case "-x", "--unix" -> f.unix = w.flag(f.unix);
            case "-w", "--raw" -> f.raw = w.flag(f.raw);
            case "--udplite" -> f.udplite = w.flag(f.udplite);
            case "-M", "--mptcp" -> f.mptcp = w.flag(f.mptcp);
            case "-4" -> f.ipv4 = w.flag(f.ipv4);
            case "-6" -> f.ipv6 = w.flag(f.ipv6);
            case "--state" -> w.values(f.states);
            case "--sport" -> f.localPort = w.value(f.localPort);
            case "--dport" -> f.peerPort = w.value(f.peerPort);
            case "--src" -> f.localPrefix = w.value(f.localPrefix);
            case "--dst" -> f.peerPrefix = w.value(f.peerPrefix);
            default -> throw NotQuick.INSTANCE;
        }
    }

    /** An enum value as picocli takes it here: its name in any case. */
    private static KillOptionsMixin.Fallback fallback(String text) {
        for (KillOptionsMixin.Fallback f : KillOptionsMixin.Fallback.values()) {
            if (f.name().equalsIgnoreCase(text)) {
                return f;
            }
        }
        throw NotQuick.INSTANCE;
    }

    private static DiscoveryMode discovery(String text) {
        for (DiscoveryMode m : DiscoveryMode.values()) {
            if (m.name().equalsIgnoreCase(text)) {
                return m;
            }
        }
        throw NotQuick.INSTANCE;
    }

    /**
     * The words after the command word, an option at a time; positional words are set aside. A
     * cluster of one-letter options ({@code -tanp}) comes out one letter at a time, and only flags
     * may be among them.
     */
    private static final class Words {
        private final String[] args;
        private int next;
        final List<String> positional = new ArrayList<>();
        boolean verbose;
        /** The cluster being read and the index of its next letter; null when none. */
        private String cluster;
        private int letter;
        /** The value given after '=' with the current option, or null. */
        private String attached;
        /** The options with a default value given so far (a second time is picocli's error to report). */
        private final List<String> once = new ArrayList<>(2);

        Words(String[] args) {
            this.args = args;
        }

        /** The next option's name ("--dport", "-t"), or null at the end. */
        String nextOption() {
            attached = null;
            while (true) {
                if (cluster != null) {
                    if (letter < cluster.length()) {
                        return "-" + cluster.charAt(letter++);
                    }
                    cluster = null;
                }
                if (next == args.length) {
                    return null;
                }
                String word = args[next++];
                if (word.equals("--verbose")) {
                    verbose = flag(verbose);
                } else if (word.startsWith("--")) {
                    int eq = word.indexOf('=');
                    if (eq < 0) {
                        return word;
                    }
                    attached = word.substring(eq + 1);
                    return word.substring(0, eq);
                } else if (word.startsWith("-") && word.length() > 1) {
                    if (word.length() == 2) {
                        return word;
                    }
                    cluster = word;
                    letter = 1;
                } else {
                    positional.add(word);
                }
            }
        }

        /** A flag's value: true, unless it was given already. */
        boolean flag(boolean already) {
            if (already || attached != null) {
                throw NotQuick.INSTANCE;
            }
            return true;
        }

        /** The current option's value, unless it was given already; never a cluster's letter. */
        String value(String already) {
            if (already != null || cluster != null) {
                throw NotQuick.INSTANCE;
            }
            String v;
            if (attached != null) {
                v = attached;
            } else if (next < args.length) {
                v = args[next++];
            } else {
                throw NotQuick.INSTANCE;
            }
            if (v.isEmpty() || v.startsWith("-")) {
                throw NotQuick.INSTANCE;
            }
            return v;
        }

        /** The comma-separated values of a repeatable option, added to {@code into}. */
        void values(List<String> into) {
            String v = value(null);
            if (v.startsWith(",") || v.endsWith(",") || v.contains(",,")) {
                throw NotQuick.INSTANCE;
            }
            into.addAll(Arrays.asList(v.split(",")));
        }

        /** The value of an option whose field starts with its default, so cannot tell whether it was given. */
        String valueOnce(String option) {
            if (once.contains(option)) {
                throw NotQuick.INSTANCE;
            }
            once.add(option);
            return value(null);
        }
    }
}
