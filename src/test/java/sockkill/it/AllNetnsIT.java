package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every namespace for {@code list} and {@code match}: a victim hung in a second namespace is found
 * and killed from the host by {@code match --all-netns --comm}, which plain {@code match} does not
 * see; {@code list --all-netns --json} shows each namespace's sockets once, each with the namespace
 * it is in, a namespace only an {@code ip netns} mount keeps (no process left) included.
 */
class AllNetnsIT {
    /** The nsfs inode of an 'ip netns' namespace, as /run/netns/NAME shows it. */
    private static long inodeOf(Netns ns) throws IOException {
        return ((Number) Files.getAttribute(Path.of("/run/netns", ns.name()), "unix:ino")).longValue();
    }

    /**
     * On a machine where some process's namespace cannot be read even by root (a sandbox's pid 1),
     * a walk of every namespace ends with exit 3 naming them; elsewhere with 0.
     */
    private static void assertWalkStatus(CliRun.Result r, int otherwise) {
        if (r.status() == 3) {
            assertTrue(r.err().contains("could not be read") && Host.someNetnsUnreadable(), r::toString);
        } else {
            assertEquals(otherwise, r.status(), r::toString);
        }
    }

    @Test
    void matchAllNetnsFindsAndKillsAVictimInAnotherNamespaceThatPlainMatchMisses(@TempDir Path dir) throws Exception {
        Host.requireRootAndBuild();
        // a name of our own: never another test's victim, whichever namespace it is in
        Path binary = dir.resolve("skfl-hung");
        Files.copy(Host.VICTIM, binary, StandardCopyOption.COPY_ATTRIBUTES);
        dir.toFile().setExecutable(true, false);
        try (Netns ns = Netns.create("sk-fl-")) {
            ns.own(Victim.start(ns.prefix(), "tcp-serve", "127.0.0.1", "7610"));
            Victim hung = ns.own(Victim.startBinary(ns.prefix(), binary, "tcp-recv", "127.0.0.1", "7610"));

            CliRun.Result here = CliRun.run("match", "--comm", "skfl-hung", "--dry-run");
            assertEquals(1, here.status(), "plain match searches sockkill's own namespace only: " + here);
            assertTrue(here.err().contains("no socket matches"), here::toString);

            CliRun.Result r = CliRun.run("match", "--all-netns", "--comm", "skfl-hung", "--no-log");
            assertEquals(0, r.status(), r::toString);
            assertEquals("ECONNABORTED", hung.result(10).get("name"));
            List<String> lines = List.of(r.out().split("\n"));
            assertEquals(2, lines.size(), r::toString);
            assertTrue(lines.get(0).startsWith("killed tcp 127.0.0.1:") && lines.get(0).contains("inode " + hung.inode())
                    && lines.get(0).endsWith(" in network namespace " + inodeOf(ns) + " (ip netns " + ns.name() + ")"),
                    r::toString);
            assertEquals("killed 1, already gone 0, failed 0", lines.get(1));
        }
    }

    @Test
    void matchAllNetnsJsonNamesEachSocketsNamespace(@TempDir Path dir) throws Exception {
        Host.requireRootAndBuild();
        Path binary = dir.resolve("skfl-json");
        Files.copy(Host.VICTIM, binary, StandardCopyOption.COPY_ATTRIBUTES);
        dir.toFile().setExecutable(true, false);
        try (Netns a = Netns.create("sk-fl-"); Netns b = Netns.create("sk-fl-")) {
            a.own(Victim.start(a.prefix(), "tcp-serve", "127.0.0.1", "7611"));
            b.own(Victim.start(b.prefix(), "tcp-serve", "127.0.0.1", "7611"));
            Victim inA = a.own(Victim.startBinary(a.prefix(), binary, "tcp-recv", "127.0.0.1", "7611"));
            Victim inB = b.own(Victim.startBinary(b.prefix(), binary, "tcp-recv", "127.0.0.1", "7611"));

            CliRun.Result r = CliRun.run("match", "--all-netns", "--comm", "skfl-json", "--dry-run", "--json");
            assertEquals(0, r.status(), r::toString);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> sockets = (List<Map<String, Object>>) ((Map<String, Object>) MiniJson.parse(r.out()))
                    .get("sockets");
            Map<Long, Long> namespaceOfInode = new HashMap<>();
            for (Map<String, Object> s : sockets) {
                @SuppressWarnings("unchecked")
                Map<String, Object> socket = (Map<String, Object>) s.get("socket");
                @SuppressWarnings("unchecked")
                Map<String, Object> netns = (Map<String, Object>) socket.get("netns");
                namespaceOfInode.put((Long) socket.get("inode"), (Long) netns.get("inode"));
            }
            assertEquals(Map.of(inA.inode(), inodeOf(a), inB.inode(), inodeOf(b)), namespaceOfInode, r::toString);
            assertTrue(inA.stillBlocked(100) && inB.stillBlocked(100), "a dry run kills nothing");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void listAllNetnsShowsEachNamespacesSocketsOnceWithTheirNamespace() throws Exception {
        Host.requireRootAndBuild();
        try (Netns a = Netns.create("sk-fl-"); Netns b = Netns.create("sk-fl-"); Netns kept = Netns.create("sk-fl-")) {
            SockPop inA = a.own(SockPop.start(a.prefix(), "tcp-pairs:5:127.0.0.1:7620", "udp-bound:127.0.0.1:7621"));
            SockPop inB = b.own(SockPop.start(b.prefix(), "tcp-pairs:3:::1:7622"));
            // TIME-WAIT entries outlive their process: only the 'ip netns' mount keeps this namespace
            try (SockPop gone = SockPop.start(kept.prefix(), "tcp-timewait:4:127.0.0.1:7623")) {
                assertEquals(4, gone.timeWaits().size());
            }
            assertEquals("", Proc.run("ip", "netns", "pids", kept.name()).out().trim(), "no process in it");

            CliRun.Result r = CliRun.run("list", "--all-netns", "--json");
            assertWalkStatus(r, 0);
            List<Map<String, Object>> rows = MiniJson.parseArrayOfObjects(r.out());

            // each socket once
            Map<String, Long> seen = rows.stream().filter(o -> (Long) o.get("inode") != 0)
                    .collect(Collectors.groupingBy(o -> o.get("netid") + ":" + o.get("inode"), Collectors.counting()));
            seen.forEach((socket, n) -> assertEquals(1L, n, socket + " listed " + n + " times"));

            for (Netns ns : List.of(a, b, kept)) {
                long inode = inodeOf(ns);
                List<Map<String, Object>> here = rows.stream()
                        .filter(o -> ((Map<String, Object>) o.get("netns")).get("inode").equals(inode)).toList();
                for (Map<String, Object> o : here) {
                    assertEquals(ns.name(), ((Map<String, Object>) o.get("netns")).get("name"), o::toString);
                }
                Set<Long> inodes = here.stream().map(o -> (Long) o.get("inode")).collect(Collectors.toSet());
                SockPop pop = ns == a ? inA : ns == b ? inB : null;
                if (pop != null) {
                    assertEquals(pop.sockets().stream().map(SockPop.Sock::inode).collect(Collectors.toSet()), inodes,
                            ns.name() + ": exactly its sockets, in its namespace");
                    assertTrue(here.stream().allMatch(o -> ((Map<String, Object>) o.get("netns")).get("pid")
                            .equals((long) pop.pid())), "a pid living in " + ns.name());
                } else {
                    assertEquals(4, here.stream().filter(o -> o.get("state").equals("TIME-WAIT")).count(),
                            "the namespace only a mount keeps: " + here);
                    assertTrue(here.stream().allMatch(o -> ((Map<String, Object>) o.get("netns")).get("pid") == null),
                            "no process lives there");
                }
            }

            CliRun.Result table = CliRun.run("list", "--all-netns", "-t", "--sport", "7620", "--state", "listen");
            assertWalkStatus(table, 0);
            List<String> lines = List.of(table.out().split("\n"));
            assertTrue(lines.get(0).contains(" Netns ") && lines.get(0).endsWith(" Process"), table::toString);
            assertEquals(2, lines.size(), table::toString);
            assertTrue(lines.get(1).contains(" " + inodeOf(a) + "(" + a.name() + ") "), table::toString);

            CliRun.Result both = CliRun.run("list", "--all-netns", "--netns", a.name());
            assertEquals(2, both.status(), both::toString);
        }
    }
}
