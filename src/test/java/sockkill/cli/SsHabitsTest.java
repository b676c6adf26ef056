package sockkill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import sockkill.core.Netid;
import sockkill.core.SocketStates;
import sockkill.sys.Kernel;

/** ss's flags and state words in 'sockkill list', parsed as ss users type them; no socket is read. */
class SsHabitsTest {
    private static final int LISTEN = SocketStates.bit(Kernel.TCP_LISTEN);
    private static final int UNCONN = SocketStates.bit(Kernel.TCP_CLOSE);
    private static final int ESTAB = SocketStates.bit(Kernel.TCP_ESTABLISHED);
    private static final int TIME_WAIT = SocketStates.bit(Kernel.TCP_TIME_WAIT);

    /** The list command as picocli parsed {@code args} (after "list"), its checks run. */
    private static ListCommand parse(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "list";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine cli = Cli.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), all);
        CommandLine.ParseResult parsed = cli.parseArgs(all);
        ListCommand list = (ListCommand) parsed.subcommand().commandSpec().userObject();
        list.ss.check(list.noOwners);
        list.ss.applyKinds(list.filters);
        return list;
    }

    /** The state mask list would hand the kernel. */
    private static int states(String... args) {
        ListCommand list = parse(args);
        int fromOption = list.filters.states.isEmpty() ? 0 : list.filters.toFilter().states();
        return list.ss.choosesStates() ? list.ss.states(fromOption) : list.filters.toFilter().states();
    }

    private static String refusal(String... args) {
        return assertThrows(UsageError.class, () -> states(args)).getMessage();
    }

    @Test
    void tanpClustersAsInSsAndShowsEveryStateWithOwners() {
        ListCommand l = parse("-tanp");
        assertTrue(l.filters.tcp && l.ss.all && l.ss.numeric && l.ss.processes);
        assertEquals(EnumSet.of(Netid.TCP), l.filters.kinds());
        assertFalse(l.ss.choosesStates(), "-a is sockkill's default: every state");
        assertEquals(SocketStates.ALL, states("-tanp"));
        assertFalse(l.noOwners);
    }

    @Test
    void tlnhIsListenersWithoutAHeader() {
        ListCommand l = parse("-tlnH");
        assertTrue(l.ss.noHeader && l.ss.listening);
        assertEquals(LISTEN | UNCONN, states("-tlnH"), "ss -l: LISTEN, and UNCONN for datagram sockets");
        assertEquals(states("-t", "--listening", "--numeric", "--no-header"), states("-tlnH"));
    }

    @Test
    void stateWordsAsSsTakesThem() {
        assertEquals(ESTAB, states("-t", "state", "established"));
        assertEquals(states("-t", "--state", "established"), states("-t", "state", "established"));
        assertEquals(ESTAB | LISTEN, states("state", "established", "state", "listening"));
        assertEquals(ESTAB | LISTEN, states("state", "established", "listen"), "several names after one 'state'");
        assertEquals(SocketStates.ALL & ~TIME_WAIT, states("exclude", "time-wait"), "exclude alone starts from all");
        assertEquals(SocketStates.parse("connected") & ~ESTAB, states("state", "connected", "excl", "established"));
        assertEquals(ESTAB | LISTEN, states("--state", "listen", "state", "established"), "--state and state add up");
        assertEquals(UNCONN, states("state", "unconnected"), "ss's own name for UNCONN");
        assertEquals(SocketStates.ALL, states("-t"), "nothing named: every state, sockkill's default");
    }

    @Test
    void filterExpressionsAndStrayWordsAreRefusedWithTheOptionToUse() {
        assertTrue(refusal("dport", "=", ":22").contains("--dport"));
        assertTrue(refusal("state").contains("needs a state"));
        assertTrue(refusal("state", "exclude", "listen").contains("needs a state after it, found 'exclude'"));
        assertTrue(refusal("state", "nonsense").contains("unknown state 'nonsense'"));
        assertTrue(refusal("state", "listen", "exclude", "listen").contains("no state"));
    }

    @Test
    void contradictionsAreRefused() {
        assertTrue(refusal("-la").contains("contradict"));
        assertTrue(refusal("-p", "--no-owners").contains("contradict"));
        assertTrue(refusal("-l", "state", "established").contains("-l"));
        assertTrue(refusal("-l", "--state", "established").contains("-l"));
    }

    @Test
    void ssFlagsThatMeanNothingHereAreRefusedSayingWhy() {
        assertTrue(refusal("-tanr").contains("-r (resolve names)"), "refused even inside a cluster");
        assertTrue(refusal("-o").contains("timer"));
        assertTrue(refusal("-i").contains("tcp_info"));
        assertTrue(refusal("-m").contains("ss -m"));
        assertTrue(refusal("-s").contains("summary"));
        assertTrue(refusal("-K").contains("sockkill match"));
        assertTrue(refusal("-E").contains("watch"));
        assertTrue(refusal("-0").contains("packet"));
        assertTrue(refusal("-S").contains("SCTP"));
        assertTrue(refusal("-d").contains("DCCP"));
        assertTrue(refusal("-Z").contains("SELinux"));
        assertTrue(refusal("-b").contains("BPF"));
        assertTrue(refusal("-D", "file").contains("-D"));
        assertTrue(refusal("-F", "file").contains("-F"));
        assertTrue(refusal("-f", "link").contains("-f link"));
        assertTrue(refusal("-A", "unix_dgram").contains("together"));
        assertTrue(refusal("-A", "sctp").contains("-A sctp"));
    }

    @Test
    void familiesAndQueriesStandForKindOptions() {
        ListCommand l = parse("-f", "inet", "-f", "unix");
        assertTrue(l.filters.ipv4 && l.filters.unix && !l.filters.ipv6);
        assertEquals(EnumSet.of(Netid.TCP, Netid.UDP), parse("-A", "tcp,udp").filters.kinds());
        assertEquals(EnumSet.of(Netid.RAW), parse("-w").filters.kinds(), "ss -w: raw");
        assertEquals(EnumSet.of(Netid.MPTCP), parse("-M").filters.kinds(), "ss -M: MPTCP");
        assertEquals(EnumSet.allOf(Netid.class), parse("-A", "all").filters.kinds());
    }

    @Test
    void dashNIsSsSpellingOfNetns() {
        assertEquals("blue", parse("-N", "blue").namespace.netns);
        assertEquals("blue", parse("--netns", "blue").namespace.netns);
    }
}
