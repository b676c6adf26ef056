package sockkill.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sockkill.core.SocketStates;
import sockkill.sys.Kernel;

/**
 * ss's habits in {@code sockkill list}: its single-letter flags with ss's meaning where they apply
 * ({@code -n}, {@code -a}, {@code -l}, {@code -p}, {@code -e}, {@code -O}, {@code -H}), so that
 * {@code sockkill list -tanp} and {@code -tlnH} work as ss users type them, and its
 * {@code state STATE} / {@code exclude STATE} words. The flags of ss that mean nothing here are
 * refused, each with a line that says why and what to use instead: never ignored without a word.
 *
 * <p>How they meet sockkill's defaults: {@code list} shows every state, with owners, inode, uid and
 * cookie, as {@code ss -aep} would; so {@code -a}, {@code -p}, {@code -e}, {@code -n} and
 * {@code -O} only confirm it. {@code -l} narrows to ss's listening set (LISTEN, and UNCONN for
 * datagram sockets). States named ({@code --state}, {@code state}) replace that default and
 * {@code exclude} takes states away, as in ss.
 */
public final class SsHabits {
    @Option(names = {"-n", "--numeric"}, description = "As ss -n: addresses and ports are always numeric here.")
    boolean numeric;

    @Option(names = {"-a", "--all"}, description = "As ss -a: listening and non-listening sockets. sockkill list "
            + "shows every state unless told otherwise, so this changes nothing; 'state connected' shows what plain "
            + "ss shows.")
    boolean all;

    @Option(names = {"-l", "--listening"}, description = "As ss -l: listening sockets only (LISTEN, and UNCONN "
            + "for UDP and raw).")
    boolean listening;

    @Option(names = {"-p", "--processes"}, description = "As ss -p: the processes holding each socket; "
            + "sockkill list shows them unless --no-owners.")
    boolean processes;

    @Option(names = {"-e", "--extended"}, description = "As ss -e: inode, uid and cookie; always shown here.")
    boolean extended;

    @Option(names = {"-O", "--oneline"}, description = "As ss -O: one line per socket; always so here.")
    boolean oneline;

    @Option(names = {"-H", "--no-header"}, description = "As ss -H: no header line.")
    boolean noHeader;

    @Parameters(paramLabel = "state|exclude STATE", arity = "0..*",
            description = "As ss: 'state STATE' shows sockets in STATE (repeatable; several names may follow one "
                    + "'state'), 'exclude STATE' (or 'excl') leaves them out, starting from every state if no state "
                    + "is named. ss's filter expressions (dport = :22) are not taken: use --dport, --sport, --src, "
                    + "--dst.")
    List<String> words = new ArrayList<>();

    // ss flags that mean nothing here: accepted by the parser only to be refused with a reason.
    @Option(names = {"-r", "--resolve"}, hidden = true)
    boolean resolve;
    @Option(names = {"-o", "--options"}, hidden = true)
    boolean timers;
    @Option(names = {"-i", "--info"}, hidden = true)
    boolean info;
    @Option(names = {"-m", "--memory"}, hidden = true)
    boolean memory;
    @Option(names = {"-s", "--summary"}, hidden = true)
    boolean summary;
    @Option(names = {"-T", "--threads"}, hidden = true)
    boolean threads;
    @Option(names = {"-E", "--events"}, hidden = true)
    boolean events;
    @Option(names = {"-Z", "--context"}, hidden = true)
    boolean context;
    @Option(names = {"-z", "--contexts"}, hidden = true)
    boolean contexts;
    @Option(names = {"-b", "--bpf"}, hidden = true)
    boolean bpf;
    @Option(names = {"-K", "--kill"}, hidden = true)
    boolean kill;
    @Option(names = {"-0", "--packet"}, hidden = true)
    boolean packet;
    @Option(names = {"-d", "--dccp"}, hidden = true)
    boolean dccp;
    @Option(names = {"-S", "--sctp"}, hidden = true)
    boolean sctp;

    @Option(names = {"-f", "--family"}, paramLabel = "FAMILY", split = ",",
            description = "As ss -f: inet (-4), inet6 (-6) or unix (-x); repeatable. Other families are refused.")
    List<String> families = new ArrayList<>();

    @Option(names = {"-A", "--query", "--socket"}, paramLabel = "QUERY", split = ",",
            description = "As ss -A: all, inet, tcp, udp, raw, mptcp, unix (comma-separated). Other kinds are refused.")
    List<String> queries = new ArrayList<>();

    @Option(names = {"-D", "--diag"}, hidden = true)
    String diagFile;
    @Option(names = {"-F", "--filter"}, hidden = true)
    String filterFile;

    /**
     * Refuses, with a line saying why and what to use, an ss flag that means nothing here, and flags
     * that contradict each other or sockkill's own options.
     */
    void check(boolean noOwners) {
        refuse(resolve, "-r (resolve names): sockkill list prints addresses and ports numerically only");
        refuse(timers, "-o (timer information): sockkill list does not show timers; ss -o does, and "
                + "'sockkill why P' shows how long a blocked process's connection has been silent");
        refuse(info, "-i (tcp_info): sockkill list does not show tcp_info; 'sockkill why P' shows the figures of "
                + "the socket a process is blocked on, and match --idle/--stuck select by them");
        refuse(memory, "-m (socket memory): not shown by sockkill list; use ss -m");
        refuse(summary, "-s (summary): sockkill list has no summary; use ss -s");
        refuse(threads, "-T (threads): sockkill list names processes, not threads; 'sockkill why P' shows which "
                + "thread waits on which socket");
        refuse(events, "-E (continuous events): sockkill list lists once; 'sockkill watch' acts on a schedule");
        refuse(context || contexts, "-Z/-z (SELinux contexts): not shown by sockkill list; use ss -Z");
        refuse(bpf, "-b (BPF filters): not shown by sockkill list; use ss -b");
        refuse(kill, "-K (kill): sockkill list only lists; 'sockkill match FILTERS' kills what matches");
        refuse(packet, "-0 (packet sockets): sockkill lists TCP, UDP, UDP-Lite, MPTCP, raw and UNIX sockets only");
        refuse(dccp, "-d (DCCP): sockkill lists TCP, UDP, UDP-Lite, MPTCP, raw and UNIX sockets only");
        refuse(sctp, "-S (SCTP): sockkill lists TCP, UDP, UDP-Lite, MPTCP, raw and UNIX sockets only");
        refuse(diagFile != null, "-D (dump to a file): not done by sockkill list");
        refuse(filterFile != null, "-F (filter from a file): give the filters as options (--dport, --src, ...)");
        refuse(processes && noOwners, "-p (processes) and --no-owners contradict each other");
        refuse(all && listening, "-a (every state) and -l (listening sockets only) contradict each other");
    }

    /** -f and -A as the kind and family options they stand for. */
    void applyKinds(FilterOptions f) {
        for (String family : families) {
            switch (family) {
                case "inet" -> f.ipv4 = true;
                case "inet6" -> f.ipv6 = true;
                case "unix" -> f.unix = true;
                case "link", "packet", "netlink", "vsock", "tipc", "xdp" -> throw new UsageError("-f " + family + ": sockkill lists TCP, UDP, UDP-Lite, MPTCP, raw and "
                        + "UNIX sockets only (-f inet, inet6 or unix)");
                default -> throw new UsageError("-f " + family
                        + ": unknown family; expected inet, inet6 or unix");
            }
        }
        for (String query : queries) {
            switch (query) {
                case "all" -> {
                    f.tcp = f.udp = f.unix = f.raw = f.udplite = f.mptcp = true;
                }
                case "inet" -> {
                    f.tcp = f.udp = f.raw = f.udplite = f.mptcp = true;
                }
                case "tcp" -> f.tcp = true;
                case "udp" -> f.udp = true;
                case "raw" -> f.raw = true;
                case "mptcp" -> f.mptcp = true;
                case "unix" -> f.unix = true;
                case "unix_stream", "unix_dgram", "unix_seqpacket" -> throw new UsageError("-A " + query + ": sockkill lists the UNIX kinds together (-A unix, -x)");
                default -> throw new UsageError("-A " + query + ": sockkill lists TCP, "
                        + "UDP, UDP-Lite, MPTCP, raw and UNIX sockets only (-A all, inet, tcp, udp, raw, mptcp, unix)");
            }
        }
    }

    private void refuse(boolean given, String why) {
        if (given) {
            throw new UsageError(why);
        }
    }

    /** True when -l or the state words choose the states. */
    boolean choosesStates() {
        return listening || !words.isEmpty();
    }

    /**
     * The states -l or the state words choose, together with {@code --state} values already in
     * {@code optionMask} (0 for none): as ss, named states replace the default (every state), and
     * each exclude takes its states away.
     */
    int states(int optionMask) {
        int named = optionMask;
        int excluded = 0;
        boolean saw = optionMask != 0;
        for (int i = 0; i < words.size(); i++) {
            String keyword = words.get(i);
            boolean exclude = keyword.equals("exclude") || keyword.equals("excl");
            if (!keyword.equals("state") && !exclude) {
                throw new UsageError("'" + keyword + "': sockkill list takes ss's "
                        + "'state STATE' and 'exclude STATE', not its filter expressions; filter with --sport, "
                        + "--dport, --src, --dst (e.g. ss's 'dport = :22' is --dport 22)");
            }
            if (i + 1 >= words.size()) {
                throw new UsageError("'" + keyword + "' needs a state after it (e.g. '"
                        + keyword + " established')");
            }
            // several names may follow one keyword, up to the next keyword
            int taken = 0;
            while (i + 1 < words.size() && !isKeyword(words.get(i + 1))) {
                int mask = parse(words.get(++i));
                if (exclude) {
                    excluded |= mask;
                } else {
                    named |= mask;
                    saw = true;
                }
                taken++;
            }
            if (taken == 0) {
                throw new UsageError("'" + keyword + "' needs a state after it, found '"
                        + words.get(i + 1) + "'");
            }
        }
        if (listening) {
            if (saw) {
                throw new UsageError("-l (listening sockets) and named states both "
                        + "choose the states; give one of them (-l is 'state listen state unconn')");
            }
            named = SocketStates.bit(Kernel.TCP_LISTEN) | SocketStates.bit(Kernel.TCP_CLOSE);
            saw = true;
        }
        int base = saw ? named : SocketStates.ALL;
        int mask = base & ~excluded;
        if (mask == 0) {
            throw new UsageError("these state words leave no state to show");
        }
        return mask;
    }

    private static boolean isKeyword(String word) {
        return word.equals("state") || word.equals("exclude") || word.equals("excl");
    }

    private int parse(String state) {
        try {
            return SocketStates.parse(state);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }
}
