package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sockkill list} on a known population of real sockets in a throwaway namespace: every
 * socket sockpop made is listed with its tuple, state, inode and owner, and each filter selects
 * exactly the sockets it should.
 */
class ListIT {
    private static Netns ns;
    private static SockPop pop;
    private static SockPop nobody;

    @BeforeAll
    static void population() {
        Host.requireRootAndBuild();
        ns = Netns.create();
        pop = ns.own(SockPop.start(ns.prefix(),
                "tcp-listen:127.0.0.1:7001",
                "tcp-pairs:20:127.0.0.1:7002",
                "tcp-pairs:10:::1:7003",
                "tcp-timewait:3:127.0.0.1:7004",
                "udp-bound:127.0.0.1:7005",
                "udp-bound:::1:7006",
                "udp-connected:127.0.0.1:7007:127.0.0.1:7005",
                "unix-listen:@sk-it-listen",
                "unix-pair:@sk-it-pair",
                "unix-dgram:@sk-it-dgram",
                "socketpair"));
        List<String> asNobody = Proc.concat(ns.prefix(), "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        nobody = ns.own(SockPop.start(asNobody, "tcp-listen:127.0.0.1:7100", "udp-bound:127.0.0.1:7101"));
    }

    @AfterAll
    static void cleanUp() {
        if (ns != null) {
            ns.close();
        }
    }

    private static List<Map<String, Object>> list(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "list";
        all[1] = "--json";
        all[2] = "--netns";
        all[3] = Integer.toString(pop.pid());
        System.arraycopy(args, 0, all, 4, args.length);
        CliRun.Result r = CliRun.run(all);
        assertEquals(0, r.status(), r::toString);
        return MiniJson.parseArrayOfObjects(r.out());
    }

    private static Map<Long, Map<String, Object>> byInode(List<Map<String, Object>> listed) {
        Map<Long, Map<String, Object>> out = new HashMap<>();
        for (Map<String, Object> o : listed) {
            long inode = (Long) o.get("inode");
            if (inode != 0) {
                assertNull(out.put(inode, o), "inode " + inode + " listed twice");
            }
        }
        return out;
    }

    private static String expectedState(SockPop.Sock s) {
        return switch (s.role()) {
            case "listen" -> "LISTEN";
            case "bound" -> "UNCONN";
            default -> "ESTAB";
        };
    }

    private static String expectedNetid(SockPop.Sock s) {
        if (!s.proto().equals("unix")) {
            return s.proto();
        }
        return s.role().equals("bound") ? "u_dgr" : "u_str";
    }

    @Test
    void everySocketIsListedWithItsTupleStateInodeAndOwner() {
        Map<Long, Map<String, Object>> listed = byInode(list());
        for (SockPop.Sock s : pop.sockets()) {
            Map<String, Object> o = listed.get(s.inode());
            assertNotNull(o, "socket not listed: " + s);
            assertEquals(expectedNetid(s), o.get("netid"), s::toString);
            assertEquals(expectedState(s), o.get("state"), s::toString);
            if (!s.proto().equals("unix")) {
                assertEquals(s.localAddress(), o.get("local_address"), s::toString);
                assertEquals((long) s.localPort(), o.get("local_port"), s::toString);
                String peer = s.peer().equals("*:0") ? (s.family().equals("6") ? "::" : "0.0.0.0") : s.peerAddress();
                assertEquals(peer, o.get("peer_address"), s::toString);
                assertEquals((long) s.peerPort(), o.get("peer_port"), s::toString);
                assertNotNull(o.get("cookie"), "sock_diag gives every inet socket a cookie");
            } else {
                assertEquals(s.local(), o.get("local_address"), s::toString);
                assertEquals(s.inode(), o.get("local_port"), "ss shows a UNIX socket's inode as its port");
            }
            assertEquals(0L, o.get("uid"));
            assertEquals(List.of(Map.of("pid", (long) pop.pid(), "fd", (long) s.fd(), "comm", "sockpop")),
                    o.get("processes"), s::toString);
        }
    }

    @Test
    void timeWaitEntriesAreListedWithoutInodeOrOwner() {
        assertEquals(3, pop.timeWaits().size());
        List<Map<String, Object>> tw = list("--state", "time-wait");
        for (SockPop.TimeWait t : pop.timeWaits()) {
            assertTrue(tw.stream().anyMatch(o -> o.get("state").equals("TIME-WAIT") && o.get("inode").equals(0L)
                    && endpoint(o, "local").equals(t.local()) && endpoint(o, "peer").equals(t.peer())
                    && o.get("processes").equals(List.of())), "TIME-WAIT " + t + " not in " + tw);
        }
        assertTrue(tw.stream().allMatch(o -> o.get("state").equals("TIME-WAIT")));
    }

    @Test
    void socketsOfAnotherUserCarryTheirUid() {
        Map<Long, Map<String, Object>> listed = byInode(list());
        for (SockPop.Sock s : nobody.sockets()) {
            assertEquals(65534L, listed.get(s.inode()).get("uid"), s::toString);
            assertEquals(List.of(Map.of("pid", (long) nobody.pid(), "fd", (long) s.fd(), "comm", "sockpop")),
                    listed.get(s.inode()).get("processes"));
        }
    }

    private static String endpoint(Map<String, Object> o, String side) {
        String a = (String) o.get(side + "_address");
        return (a.contains(":") ? "[" + a + "]" : a) + ":" + o.get(side + "_port");
    }

    private static Set<Long> inodes(List<Map<String, Object>> listed) {
        return listed.stream().map(o -> (Long) o.get("inode")).filter(i -> i != 0).collect(Collectors.toSet());
    }

    private static Set<Long> expected(Predicate<SockPop.Sock> which) {
        Set<Long> out = new HashSet<>();
        for (SockPop p : List.of(pop, nobody)) {
            p.sockets().stream().filter(which).forEach(s -> out.add(s.inode()));
        }
        return out;
    }

    @Test
    void kindFamilyAndStateFiltersSelectExactlyTheirSockets() {
        assertEquals(expected(s -> s.proto().equals("tcp")), inodes(list("--tcp")));
        assertEquals(expected(s -> s.proto().equals("udp")), inodes(list("-u")));
        assertEquals(expected(s -> s.proto().equals("unix")), inodes(list("--unix")));
        assertEquals(expected(s -> s.family().equals("6")), inodes(list("-6")));
        assertEquals(expected(s -> s.proto().equals("tcp") && s.family().equals("4")), inodes(list("-t", "-4")));
        assertEquals(expected(s -> s.role().equals("listen")), inodes(list("--state", "listen")));
        assertEquals(expected(s -> s.proto().equals("tcp") && !s.role().equals("listen")),
                inodes(list("-t", "--state", "established")));
        assertEquals(expected(s -> s.role().equals("bound") && s.proto().equals("udp")),
                inodes(list("-u", "--state", "unconn")));
    }

    @Test
    void portAndAddressFiltersRunInTheKernelAndSelectExactlyTheirSockets() {
        assertEquals(expected(s -> !s.proto().equals("unix") && s.localPort() == 7002), inodes(list("--sport", "7002")));
        assertEquals(expected(s -> !s.proto().equals("unix") && s.peerPort() == 7003), inodes(list("--dport", ":7003")));
        assertEquals(expected(s -> s.family().equals("6")), inodes(list("--src", "::1")));
        assertEquals(expected(s -> s.family().equals("4")), inodes(list("--src", "127.0.0.0/8")));
        assertEquals(expected(s -> s.family().equals("4") && !s.peer().equals("*:0")),
                inodes(list("--dst", "127.0.0.1/32")));
        assertEquals(expected(s -> s.proto().equals("tcp") && s.localPort() == 7002 && s.role().equals("server")),
                inodes(list("-t", "--sport", "7002", "--dst", "127.0.0.1", "--state", "established")));
    }

    @Test
    void inodeAndPidFiltersAndNoOwners() {
        SockPop.Sock one = pop.sockets().get(5);
        List<Map<String, Object>> single = list("--inode", Long.toString(one.inode()));
        assertEquals(Set.of(one.inode()), inodes(single));

        assertEquals(expected(s -> nobody.sockets().contains(s)), inodes(list("--pid", Integer.toString(nobody.pid()))));

        List<Map<String, Object>> bare = list("--no-owners", "-t");
        assertTrue(bare.stream().allMatch(o -> o.containsKey("processes") && o.get("processes") == null));
    }

    @Test
    void procDiscoveryAgreesWithSockDiagOnWhatBothSee() {
        Map<Long, Map<String, Object>> diag = byInode(list());
        Map<Long, Map<String, Object>> proc = byInode(list("--discovery=proc"));
        assertEquals(diag.keySet(), proc.keySet());
        for (Map.Entry<Long, Map<String, Object>> e : diag.entrySet()) {
            Map<String, Object> d = e.getValue();
            Map<String, Object> p = proc.get(e.getKey());
            for (String field : List.of("netid", "state", "local_address", "local_port", "processes")) {
                assertEquals(d.get(field), p.get(field), field + " of " + d);
            }
            if (!((String) d.get("netid")).startsWith("u_")) {
                for (String field : List.of("peer_address", "peer_port", "uid")) {
                    assertEquals(d.get(field), p.get(field), field + " of " + d);
                }
                assertNull(p.get("cookie"), "/proc has no cookies");
            }
        }
    }

    @Test
    void tableOutputIsAlignedAndNamesTheOwner() {
        CliRun.Result r = CliRun.run("list", "-t", "--netns", Integer.toString(pop.pid()), "--sport", "7001");
        assertEquals(0, r.status(), r::toString);
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].startsWith("Netid State"), lines[0]);
        assertTrue(lines[1].matches("tcp\\s+LISTEN\\s+0\\s+4096\\s+127\\.0\\.0\\.1:7001\\s+0\\.0\\.0\\.0:\\*\\s+\\d+\\s+0\\s+[0-9a-f]+\\s+"
                + "sockpop\\(pid=" + pop.pid() + ",fd=\\d+\\)"), lines[1]);
        assertEquals(lines[0].indexOf("Local Address"), lines[1].indexOf("127.0.0.1"), "columns align");
    }

    @Test
    void aUnixSocketWithoutPeerShowsPeerZeroInTheTableAsInJsonAndSs() {
        long listener = pop.sockets().stream().filter(x -> x.proto().equals("unix") && x.role().equals("listen"))
                .findFirst().orElseThrow().inode();
        CliRun.Result r = CliRun.run("list", "-x", "--netns", Integer.toString(pop.pid()), "--inode",
                Long.toString(listener), "--no-owners");
        assertEquals(0, r.status(), r::toString);
        String[] row = r.out().split("\n")[1].trim().split("\\s+");
        assertEquals(List.of("u_str", "LISTEN", "@sk-it-listen", Long.toString(listener), "*", "0"),
                List.of(row[0], row[1], row[4], row[5], row[6], row[7]), r.out());
        assertEquals(0L, list("--inode", Long.toString(listener)).get(0).get("peer_port"));
        String ss = ns.exec("ss", "-xlnH", "src", "@sk-it-listen").requireSuccess().out();
        assertTrue(ss.contains("@sk-it-listen " + listener + " * 0"), ss);
    }

    /**
     * Issue 13: list showed a socket of its own (the JVM's), one row more than ss, which never
     * lists itself. Here the process running sockkill holds a TCP listener and a UNIX listener of its
     * own: ss sees them, list must not.
     */
    @Test
    void socketsSockkillItselfHoldsAreLeftOut(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path path = dir.resolve("own.sock");
        try (java.nio.channels.ServerSocketChannel tcp = java.nio.channels.ServerSocketChannel.open();
                java.nio.channels.ServerSocketChannel unix = java.nio.channels.ServerSocketChannel.open(
                        java.net.StandardProtocolFamily.UNIX)) {
            tcp.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            unix.bind(java.net.UnixDomainSocketAddress.of(path));
            int port = ((java.net.InetSocketAddress) tcp.getLocalAddress()).getPort();
            String ss = Proc.run("ss", "-tlnpH", "sport", "= :" + port).requireSuccess().out();
            assertTrue(ss.contains("pid=" + ProcessHandle.current().pid() + ","), "ss sees our listener: " + ss);
            for (String owners : new String[] {"--verbose", "--no-owners"}) {
                CliRun.Result t = CliRun.run("list", "--json", "-t", "--sport", Integer.toString(port), owners);
                assertEquals(0, t.status(), t::toString);
                assertEquals(List.of(), MiniJson.parseArrayOfObjects(t.out()), "our own TCP listener is listed");
                CliRun.Result x = CliRun.run("list", "--json", "-x", owners);
                assertTrue(MiniJson.parseArrayOfObjects(x.out()).stream()
                        .noneMatch(o -> o.get("local_address").equals(path.toString())), "our own UNIX listener");
                assertTrue(MiniJson.parseArrayOfObjects(x.out()).stream().noneMatch(o -> o.get("processes") != null
                        && ((List<?>) o.get("processes")).stream().anyMatch(p -> ((Map<?, ?>) p).get("pid")
                                .equals(ProcessHandle.current().pid()))), "a socket held by sockkill's process");
            }
        }
    }
}
