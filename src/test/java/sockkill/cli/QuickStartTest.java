package sockkill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The hand parser of the commonest command lines against picocli's: for every line it takes, the
 * command object it fills must equal the one picocli fills, field by field (mixins included), and
 * every line picocli would refuse or treat otherwise it must leave to picocli.
 */
class QuickStartTest {
    /** Positional words that make each command's line complete. */
    private static final Map<String, List<List<String>>> POSITIONALS = Map.of(
            "pid", List.of(List.of("42", "fd", "4"), List.of("42")),
            "inode", List.of(List.of("12345")),
            "list", List.of(List.of(), List.of("state", "established")),
            "match", List.of(List.of()));

    private static CommandLine picocli(String... args) {
        return Cli.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
    }

    /** Parses {@code args} both ways and requires the same command; returns whether the quick parser took it. */
    private static boolean same(List<String> args) throws Exception {
        String[] line = args.toArray(String[]::new);
        QuickStart.Ready quick = QuickStart.parse(line);
        if (quick == null) {
            return false;
        }
        CommandLine cli = picocli(line);
        CommandLine.ParseResult parsed = cli.parseArgs(line);
        Object expected = parsed.subcommand().commandSpec().userObject();
        assertFields(expected, quick.command(), String.join(" ", args));
        assertEquals(Cli.verbose(parsed), quick.verbose(), "--verbose in " + args);
        return true;
    }

    /** Every field of {@code expected} and {@code actual}, recursing into the option holders (mixins). */
    private static void assertFields(Object expected, Object actual, String line) throws Exception {
        assertEquals(expected.getClass(), actual.getClass(), line);
        for (Class<?> c = expected.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType() == CommandSpec.class
                        || f.getName().equals("quick") || f.getName().equals("sink")) {
                    continue;
                }
                f.setAccessible(true);
                Object e = f.get(expected);
                Object a = f.get(actual);
                if (e != null && e.getClass().getPackageName().equals("sockkill.cli") && !e.getClass().isEnum()) {
                    assertFields(e, a, line);
                } else {
                    assertEquals(e, a, c.getSimpleName() + "." + f.getName() + " for: " + line);
                }
            }
        }
    }

    /** A value picocli takes for {@code o}: an enum's first constant, else a number. */
    private static String valueFor(OptionSpec o) {
        Class<?> type = o.type();
        if (type.isEnum()) {
            return type.getEnumConstants()[0].toString();
        }
        return "7";
    }

    private static List<String> line(String command, List<String> positional, String... words) {
        List<String> out = new ArrayList<>();
        out.add(command);
        out.addAll(positional);
        out.addAll(List.of(words));
        return out;
    }

    @Test
    void everyVisibleOptionOfTheQuickCommandsIsTakenAsPicocliTakesIt() throws Exception {
        for (String command : POSITIONALS.keySet()) {
            CommandSpec spec = picocli(command).getSubcommands().get(command).getCommandSpec();
            for (OptionSpec o : spec.options()) {
                if (o.usageHelp() || o.versionHelp() || o.hidden()) {
                    continue;
                }
                for (List<String> positional : POSITIONALS.get(command)) {
                    for (String name : o.names()) {
                        List<String> args = o.arity().max() == 0 ? line(command, positional, name)
                                : line(command, positional, name, valueFor(o));
                        assertTrue(same(args), "the quick parser leaves to picocli: " + args);
                        if (o.arity().max() > 0 && name.startsWith("--")) {
                            assertTrue(same(line(command, positional, name + "=" + valueFor(o))),
                                    name + "=VALUE");
                        }
                    }
                }
            }
        }
    }

    @Test
    void hiddenOptionsAreLeftToPicocliOrTakenAsItTakesThem() throws Exception {
        for (String command : POSITIONALS.keySet()) {
            CommandSpec spec = picocli(command).getSubcommands().get(command).getCommandSpec();
            for (OptionSpec o : spec.options()) {
                if (!o.hidden()) {
                    continue;
                }
                for (String name : o.names()) {
                    List<String> args = line(command, POSITIONALS.get(command).get(0), name);
                    if (o.arity().max() > 0) {
                        args.add(valueFor(o));
                    }
                    same(args);
                }
            }
        }
    }

    /**
     * What the quick parser assumes of each command's model beyond its options: where the positional
     * words go, no subcommands or argument groups, and picocli's parser settings that decide how a
     * word is read. A change to any of them must be taught to QuickStart (or make it defer) first.
     */
    @Test
    void theModelIsShapedAsTheQuickParserAssumes() {
        Map<String, String> positionals = Map.of(
                "pid", "0:1:P 1:0..1:fd 2:0..1:F",
                "inode", "0:1:N",
                "list", "0..*:0..*:state|exclude STATE",
                "match", "");
        CommandLine root = picocli();
        for (String command : POSITIONALS.keySet()) {
            CommandLine sub = root.getSubcommands().get(command);
            CommandSpec spec = sub.getCommandSpec();
            List<String> shape = new ArrayList<>();
            for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
                if (!p.hidden()) {
                    shape.add(p.index() + ":" + p.arity() + ":" + p.paramLabel());
                } else {
                    shape.add("hidden:" + p.paramLabel());
                }
            }
            assertEquals(positionals.get(command), String.join(" ", shape), command + "'s positional parameters");
            assertTrue(spec.subcommands().isEmpty(), command + " has subcommands");
            assertTrue(spec.argGroups().isEmpty(), command + " has argument groups");
            CommandLine.Model.ParserSpec parser = spec.parser();
            assertTrue(parser.posixClusteredShortOptionsAllowed(), command + ": clusters");
            assertTrue(parser.caseInsensitiveEnumValuesAllowed(), command + ": enum values in any case");
            assertTrue(!parser.abbreviatedOptionsAllowed() && !parser.abbreviatedSubcommandsAllowed(),
                    command + ": abbreviations");
            assertTrue(!parser.unmatchedArgumentsAllowed() && !parser.stopAtPositional()
                    && !parser.stopAtUnmatched() && !parser.unmatchedOptionsArePositionalParams()
                    && !parser.allowOptionsAsOptionParameters() && !parser.allowSubcommandsAsOptionParameters(),
                    command + ": how unmatched words and option values are read");
            assertTrue(!spec.optionsCaseInsensitive() && !spec.subcommandsCaseInsensitive(),
                    command + ": case of option names");
            assertTrue(!parser.splitQuotedStrings() && !parser.trimQuotes(),
                    command + ": quotes");
            for (OptionSpec o : spec.options()) {
                assertTrue(!o.negatable(), o.longestName() + " is negatable");
                assertTrue(o.arity().max() <= 1, o.longestName() + " takes several words");
                assertTrue(o.splitRegex().isEmpty() || o.splitRegex().equals(","), o.longestName() + " splits otherwise");
            }
        }
    }

    @Test
    void optionsOfOtherCommandsAreLeftToPicocli() throws Exception {
        Set<String> every = new TreeSet<>();
        for (CommandLine c : picocli().getSubcommands().values()) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                every.addAll(List.of(o.names()));
            }
        }
        for (String command : POSITIONALS.keySet()) {
            CommandSpec spec = picocli(command).getSubcommands().get(command).getCommandSpec();
            for (String name : every) {
                if (spec.findOption(name) == null && !name.equals("--verbose")) {
                    List<String> positional = POSITIONALS.get(command).get(0);
                    assertNull(QuickStart.parse(line(command, positional, name).toArray(String[]::new)),
                            command + " " + name);
                    assertNull(QuickStart.parse(line(command, positional, name, "7").toArray(String[]::new)),
                            command + " " + name + " 7");
                }
            }
        }
    }

    @Test
    void theLinesRootScriptsRunAreTakenAsPicocliTakesThem() throws Exception {
        String[][] lines = {
            {"pid", "42", "fd", "4"},
            {"pid", "42", "fd", "4", "--dry-run", "--json"},
            {"pid", "--dry-run", "42", "fd", "4", "--fallback=shutdown", "--verbose"},
            {"pid", "42", "--all-blocked", "--no-log"},
            {"pid", "42", "--if-dead", "--probe-timeout", "3"},
            {"pid", "42", "fd", "4", "--fallback", "SHUTDOWN"},
            {"inode", "12345"},
            {"inode", "12345", "--netns", "sk-x", "--dry-run"},
            {"inode", "12345", "-N", "/run/netns/x"},
            {"list"},
            {"list", "--tcp", "--no-owners"},
            {"list", "-tanp"},
            {"list", "-tlnH"},
            {"list", "-t", "-4", "-6", "state", "established", "exclude", "time-wait"},
            {"list", "--state", "established,listen", "--state", "time-wait", "--json"},
            {"list", "-f", "inet", "-A", "tcp,udp", "--discovery", "proc"},
            {"list", "--sport=22", "--dst", "10.0.0.0/8", "--pid", "1"},
            {"match", "--tcp", "--dport", "9200", "--max", "10000"},
            {"match", "--comm", "mutt", "--idle", "300", "--dry-run", "-q"},
            {"match", "--if-dead", "--dport", "5432", "--probe-timeout=4", "--json"},
            {"match", "--all", "-u", "--all-netns", "--no-log", "--uid", "1000", "--stuck", "120"},
            {"match", "-tu", "--src", "::1", "--sport", ":80"},
        };
        for (String[] line : lines) {
            assertTrue(same(List.of(line)), "left to picocli: " + List.of(line));
        }
    }

    @Test
    void linesPicocliRefusesOrReadsOtherwiseAreLeftToIt() {
        String[][] lines = {
            {},
            {"pid"},
            {"pid", "42", "fd"},
            {"pid", "42", "fd", "4", "5"},
            {"pid", "42", "--help"},
            {"pid", "42", "-h"},
            {"pid", "42", "--version"},
            {"pid", "42", "--dry-run", "--dry-run"},
            {"pid", "42", "--inode", "1", "--inode", "2"},
            {"pid", "42", "--inode"},
            {"pid", "42", "--inode", "-1"},
            {"pid", "42", "--dry-run=true"},
            {"pid", "42", "--fallback", "none", "--fallback", "none"},
            {"pid", "42", "--fallback", "sometimes"},
            {"pid", "--", "42"},
            {"pid", "-1"},
            {"inode"},
            {"inode", "1", "2"},
            {"list", "-tN", "x"},
            {"list", "-tr"},
            {"list", "-t", "--tcp"},
            {"list", "--state", "a,,b"},
            {"list", "--state", ""},
            {"list", "--discovery", "proc", "--discovery", "auto"},
            {"list", "--bogus"},
            {"match", "22"},
            {"match", "-a"},
            {"match", "--dport"},
            {"--verbose", "pid", "42"},
            {"help", "pid"},
            {"why", "42"},
            {"watch", "--stuck", "120"},
            {"version"},
            {"--version", "--verbose"},
        };
        for (String[] line : lines) {
            assertNull(QuickStart.parse(line), "taken: " + List.of(line));
        }
    }

    @Test
    void versionIsPrintedWithoutAModel() {
        QuickStart.Ready v = QuickStart.parse("--version");
        assertNotNull(v);
        StringWriter out = new StringWriter();
        assertEquals(ExitCodes.OK, v.run(new PrintWriter(out), new PrintWriter(new StringWriter())));
        assertEquals(String.join("\n", VersionCommand.lines(false)) + "\n", out.toString().replace("\r\n", "\n"));
        assertNotNull(QuickStart.parse("-V"));
    }

    @Test
    void aUsageErrorReadsAsPicocliWouldWriteIt() {
        StringWriter err = new StringWriter();
        int status = QuickStart.parse("pid", "x", "fd", "4").run(new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertEquals(ExitCodes.USAGE, status);
        assertEquals("sockkill: invalid pid 'x': expected a non-negative number (see 'sockkill pid --help')\n",
                err.toString());
    }
}
