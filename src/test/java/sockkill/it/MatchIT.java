package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sockkill match} against a population whose owners, uids, names and ports are known: each
 * filter selects exactly its sockets (checked with --dry-run), a real bulk kill touches nothing
 * outside its filter among thousands of sockets that are kept, and the refusals say why.
 */
class MatchIT {
    private static Netns ns;
    private static SockPop root;
    private static SockPop nobody;
    private static SockPop chatty;

    @BeforeAll
    static void population(@TempDir Path tmp) throws Exception {
        Host.requireRootAndBuild();
        ns = Netns.create();
        root = ns.own(SockPop.start(ns.prefix(), "tcp-pairs:100:127.0.0.1:7700", "tcp-pairs:50:::1:7702",
                "udp-bound:127.0.0.1:7703", "udp-connected:127.0.0.1:7704:127.0.0.1:7703"));
        nobody = ns.own(SockPop.start(Proc.concat(ns.prefix(), "setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups"), "tcp-pairs:100:127.0.0.1:7701"));
        Path renamed = tmp.resolve("chatty");
        Files.copy(Host.SOCKPOP, renamed, StandardCopyOption.COPY_ATTRIBUTES);
        renamed.getParent().toFile().setExecutable(true, false);
        List<String> cmd = new ArrayList<>(ns.prefix());
        cmd.add(renamed.toString());
        chatty = ns.own(startAs(cmd, "tcp-pairs:20:127.0.0.1:7705"));
    }

    private static SockPop startAs(List<String> command, String spec) {
        List<String> prefix = new ArrayList<>(command.subList(0, command.size() - 1));
        String binary = command.get(command.size() - 1);
        return SockPop.startBinary(prefix, binary, spec);
    }

    @AfterAll
    static void cleanUp() {
        if (ns != null) {
            ns.close();
        }
    }

    private static CliRun.Result match(String... args) {
        List<String> all = new ArrayList<>(List.of("match", "--netns", Integer.toString(root.pid())));
        all.addAll(List.of(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static Set<Long> dryRun(String... filters) {
        List<String> args = new ArrayList<>(List.of(filters));
        args.addAll(List.of("--dry-run", "--json"));
        CliRun.Result r = match(args.toArray(String[]::new));
        assertTrue(r.status() == 0 || r.status() == 1, r::toString);
        Map<String, Object> o = (Map<String, Object>) MiniJson.parse(r.out());
        assertEquals(true, o.get("dry_run"));
        return ((List<Map<String, Object>>) o.get("sockets")).stream()
                .map(s -> (Long) ((Map<String, Object>) s.get("socket")).get("inode")).collect(Collectors.toSet());
    }

    private static Set<Long> expected(Predicate<SockPop.Sock> which, SockPop... pops) {
        Set<Long> out = new HashSet<>();
        for (SockPop p : pops) {
            p.sockets().stream().filter(which).forEach(s -> out.add(s.inode()));
        }
        return out;
    }

    private static final Predicate<SockPop.Sock> CONNECTED_TCP = s -> s.proto().equals("tcp") && !s.role().equals("listen");

    @Test
    void ownerFiltersSelectExactlyTheirSockets() {
        assertEquals(expected(s -> !s.role().equals("listen") && !s.role().equals("bound"), root),
                dryRun("--pid", Integer.toString(root.pid())));
        assertEquals(expected(CONNECTED_TCP, nobody), dryRun("--uid", "65534"));
        assertEquals(expected(CONNECTED_TCP, chatty), dryRun("--comm", "chatty"));
        assertEquals(Set.of(), dryRun("--comm", "no-such-program"));
    }

    @Test
    void portAddressFamilyAndStateFiltersSelectExactlyTheirSockets() {
        assertEquals(expected(s -> s.role().equals("client"), nobody), dryRun("--dport", "7701"));
        assertEquals(expected(s -> s.role().equals("server") && s.localPort() == 7700, root),
                dryRun("--sport", "7700"));
        assertEquals(expected(s -> CONNECTED_TCP.test(s) && s.family().equals("6"), root), dryRun("-6", "-t", "--all"));
        assertEquals(expected(s -> CONNECTED_TCP.test(s) && s.family().equals("6"), root), dryRun("--src", "::1"));
        assertEquals(expected(s -> s.proto().equals("udp") && s.role().equals("connected"), root),
                dryRun("-u", "--dst", "127.0.0.1"));
        assertEquals(expected(s -> s.role().equals("listen"), root, nobody, chatty), dryRun("-t", "--state", "listen"));
        assertEquals(expected(s -> s.role().equals("listen") && s.localPort() == 7700, root),
                dryRun("--state", "listen", "--sport", "7700"));
    }

    /**
     * The regression of issue 13: the kernel reports uid 0 for TIME-WAIT entries whoever owned the
     * connection, so "--uid 0" took other users' entries. Their uid is unknown: no --uid matches
     * them, and list says null.
     */
    @Test
    void uidNeverMatchesTimeWaitEntriesWhoseOwnerTheKernelDoesNotReport() {
        try (Netns tw = Netns.create()) {
            SockPop other = tw.own(SockPop.start(Proc.concat(tw.prefix(), "setpriv", "--reuid=65534",
                    "--regid=65534", "--clear-groups"), "tcp-timewait:5:127.0.0.1:7720"));
            assertEquals(5, other.timeWaits().size());
            String netns = Integer.toString(other.pid());
            CliRun.Result all = CliRun.run("match", "--netns", netns, "--state", "time-wait", "--dry-run", "-q");
            assertEquals("would kill 5 sockets\n", all.out(), "the entries are there: " + all);
            for (String uid : new String[] {"0", "65534"}) {
                CliRun.Result r = CliRun.run("match", "--netns", netns, "--state", "time-wait", "--uid", uid,
                        "--dry-run", "-q");
                assertEquals(1, r.status(), "--uid " + uid + " matched a TIME-WAIT entry: " + r);
            }
            CliRun.Result listed = CliRun.run("list", "--json", "--netns", netns, "--state", "time-wait");
            List<Map<String, Object>> entries = MiniJson.parseArrayOfObjects(listed.out());
            assertEquals(5, entries.size(), listed::toString);
            for (Map<String, Object> e : entries) {
                assertTrue(e.containsKey("uid") && e.get("uid") == null, "uid of a TIME-WAIT entry: " + e);
            }
            CliRun.Result table = CliRun.run("list", "--netns", netns, "--state", "time-wait");
            for (String line : table.out().split("\n")) {
                if (line.startsWith("tcp")) {
                    assertEquals("-", line.trim().split("\\s+")[7], "the UID column: " + line);
                }
            }
        }
    }

    @Test
    void listenersAreMatchedOnlyWhenNamed() {
        Set<Long> bySport = dryRun("--sport", "7701");
        assertTrue(bySport.stream().noneMatch(i -> i == nobody.sockets().get(0).inode()), "the listener is spared");
    }

    @Test
    void refusalsSayWhyAndKillNothing() {
        CliRun.Result none = match();
        assertEquals(2, none.status(), none::toString);
        assertTrue(none.err().contains("match needs a filter") && none.err().contains("--all"), none::toString);
        CliRun.Result kindOnly = match("-t");
        assertEquals(2, kindOnly.status(), kindOnly::toString);
        CliRun.Result unix = match("--unix", "--all");
        assertEquals(2, unix.status(), unix::toString);
        CliRun.Result tooMany = match("--dport", "7701", "--max", "5");
        assertEquals(6, tooMany.status(), tooMany::toString);
        assertTrue(tooMany.err().contains("100 sockets match, more than --max 5; nothing was killed"), tooMany::toString);
        assertEquals(expected(s -> s.role().equals("client"), nobody), dryRun("--dport", "7701"), "nothing was killed");
        CliRun.Result nothing = match("--dport", "1");
        assertEquals(1, nothing.status(), nothing::toString);
        assertTrue(nothing.err().contains("no socket matches"), nothing::toString);
    }

    @Test
    void aBulkKillTouchesNothingOutsideItsFilter() throws Exception {
        try (Netns big = Netns.create()) {
            SockPop killed = big.own(SockPop.start(big.prefix(), "tcp-pairs:2000:127.0.0.1:7710"));
            SockPop kept = big.own(SockPop.start(big.prefix(), "tcp-pairs:2000:127.0.0.1:7711", "tcp-pairs:500:::1:7710"));
            Set<Long> keptBefore = established(big, kept);
            assertEquals(5000, keptBefore.size());

            CliRun.Result r = CliRun.run("match", "--netns", Integer.toString(killed.pid()), "-4", "--dport", "7710",
                    "-q");
            assertEquals(0, r.status(), r::toString);
            assertEquals("killed 2000, already gone 0, failed 0\n", r.out());

            assertEquals(keptBefore, established(big, kept), "a socket outside the filter was touched");
            Set<Long> killedLeft = established(big, killed);
            assertEquals(Set.of(), killedLeft, "clients and, through their RST, their server ends are gone");
            CliRun.Result listener = CliRun.run("list", "--json", "--netns", Integer.toString(killed.pid()),
                    "--state", "listen", "--sport", "7710", "-4");
            assertEquals(1, MiniJson.parseArrayOfObjects(listener.out()).size(), "the listener is untouched");
        }
    }

    private static Set<Long> established(Netns where, SockPop holder) {
        CliRun.Result r = CliRun.run("list", "--json", "-t", "--state", "established", "--pid",
                Integer.toString(holder.pid()));
        assertEquals(0, r.status(), r::toString);
        return MiniJson.parseArrayOfObjects(r.out()).stream().map(o -> (Long) o.get("inode"))
                .collect(Collectors.toSet());
    }
}
