package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SO_REUSEPORT groups on the real kernel: six sockets on one port (TCP listeners or UDP sockets,
 * IPv4 or IPv6), four held by sockpop and two by victims blocked in accept() or recv(). The
 * kernel's destroy looks the port up and picks one member by hash, so a destroy of any other one
 * finds a sibling, whose cookie does not match: ENOENT while the socket is alive. sockkill must say
 * so (exit 4, the same in a dry run), never "already gone", kill only the member the kernel reaches,
 * and shut an unreachable one down when asked.
 */
class ReuseportIT {
    private Netns ns;

    @BeforeEach
    void namespace() {
        Host.requireRootAndBuild();
        ns = Netns.create();
    }

    @AfterEach
    void cleanUp() {
        ns.close();
    }

    /** A group: what sockpop holds, the two victims, and how to name its members. */
    private record Group(String kind, String address, int port, SockPop pop, List<Victim> victims) {
        boolean tcp() {
            return kind.startsWith("tcp");
        }

        /** pid and fd of every member: sockpop's four, then the victims. */
        List<int[]> members() {
            List<int[]> out = new ArrayList<>();
            pop.sockets().forEach(s -> out.add(new int[] {pop.pid(), s.fd()}));
            victims.forEach(v -> out.add(new int[] {v.pid(), v.fd()}));
            return out;
        }

        /** How many sockets ss sees on the port in the group's state (LISTEN or UNCONN). */
        int alive(Netns ns) {
            String out = ns.exec("ss", "-nH", tcp() ? "-t" : "-u", tcp() ? "-l" : "-a",
                    "sport = :" + port).requireSuccess().out();
            return (int) out.lines().filter(l -> l.contains(tcp() ? "LISTEN" : "UNCONN")).count();
        }
    }

    private Group group(String kind) {
        boolean tcp = kind.startsWith("tcp");
        String address = kind.endsWith("6") ? "::1" : "127.0.0.1";
        int port = switch (kind) {
            case "tcp4" -> 7960;
            case "tcp6" -> 7961;
            case "udp4" -> 7962;
            default -> 7963;
        };
        String spec = (tcp ? "tcp-reuseport:4:" : "udp-reuseport:4:") + (address.contains(":") ? "[" + address + "]"
                : address) + ":" + port;
        SockPop pop = ns.own(SockPop.start(ns.prefix(), spec));
        List<Victim> victims = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            victims.add(ns.own(Victim.start(ns.prefix(), "--reuseport", tcp ? "tcp-accept" : "udp-bound", address,
                    Integer.toString(port))));
        }
        Group g = new Group(kind, address, port, pop, victims);
        assertEquals(6, g.alive(ns), "six members on the port");
        return g;
    }

    private static CliRun.Result kill(int[] member, String... options) {
        List<String> args = new ArrayList<>(List.of("pid", Integer.toString(member[0]), "fd", Integer.toString(member[1])));
        args.addAll(List.of(options));
        return CliRun.run(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp4", "tcp6", "udp4", "udp6"})
    void onlyTheMemberTheKernelReachesCanBeKilledAndTheOthersAreNeverCalledGone(String kind) {
        Group g = group(kind);
        List<int[]> members = g.members();
        List<CliRun.Result> dry = members.stream().map(m -> kill(m, "--dry-run")).toList();

        assertEquals(1, dry.stream().filter(r -> r.status() == 0).count(), "the kernel's lookup reaches one: " + dry);
        for (int i = 0; i < members.size(); i++) {
            CliRun.Result d = dry.get(i);
            if (d.status() == 0) {
                continue;
            }
            assertEquals(4, d.status(), d::toString);
            assertTrue(d.err().contains("with 5 other sockets (SO_REUSEPORT)"), d::toString);
            assertTrue(d.err().contains("--fallback=shutdown"), d::toString);
            CliRun.Result real = kill(members.get(i));
            assertEquals(4, real.status(), "a real run ends as its dry run did: " + real);
            assertEquals(d.err(), real.err());
            assertFalse(real.err().contains("already gone"), real::toString);
        }
        assertEquals(6, g.alive(ns), "nothing was killed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp4", "tcp6", "udp4", "udp6"})
    void anUnreachableMemberIsShutDownWhenAskedAndItsProcessFeelsIt(String kind) throws Exception {
        Group g = group(kind);
        for (Victim v : g.victims()) {
            int[] member = {v.pid(), v.fd()};
            CliRun.Result dry = kill(member, "--dry-run");
            if (dry.status() == 0) {
                // the one the kernel reaches: a plain kill
                CliRun.Result r = kill(member);
                assertEquals(0, r.status(), r::toString);
                assertTrue(r.out().startsWith("killed "), r::toString);
                Map<String, String> seen = v.result(10);
                assertEquals(g.tcp() ? "EINVAL" : "ECONNABORTED", seen.get("name"), seen::toString);
                continue;
            }
            assertEquals(4, dry.status(), dry::toString);
            CliRun.Result dryFallback = kill(member, "--fallback=shutdown", "--dry-run");
            assertEquals(0, dryFallback.status(), dryFallback::toString);
            assertTrue(v.stillBlocked(200));

            CliRun.Result r = kill(member, "--fallback=shutdown");
            assertEquals(0, r.status(), r::toString);
            assertTrue(r.out().startsWith("shut down " + (g.tcp() ? "tcp " : "udp ")), r::toString);
            Map<String, String> seen = v.result(10);
            assertEquals(g.tcp() ? "accept" : "recv", seen.get("op"));
            assertEquals(g.tcp() ? "EINVAL" : "EOF", seen.get("name"), seen::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp4", "tcp6", "udp4", "udp6"})
    void matchOfAWholeGroupKillsWhatTheKernelCanAndSaysWhatItCannot(String kind) throws Exception {
        Group g = group(kind);
        String[] args = {"match", "--netns", Integer.toString(g.pop().pid()), "--state", g.tcp() ? "listen" : "unconn",
            "--sport", Integer.toString(g.port())};
        List<String> dryArgs = new ArrayList<>(List.of(args));
        dryArgs.add("--dry-run");

        CliRun.Result dry = CliRun.run(dryArgs.toArray(String[]::new));
        CliRun.Result real = CliRun.run(args);

        assertEquals(dry.status(), real.status(), "the dry run's status is the real run's:\n" + dry + "\n" + real);
        if (g.tcp()) {
            // a listener destroyed leaves the group, and the kernel's next lookup picks another: every one dies
            assertEquals(0, real.status(), real::toString);
            assertTrue(dry.out().endsWith("would kill 6 sockets\n"), dry::toString);
            assertTrue(real.out().endsWith("killed 6, already gone 0, failed 0\n"), real::toString);
            assertEquals(0, g.alive(ns));
            for (Victim v : g.victims()) {
                assertEquals("EINVAL", v.result(10).get("name"));
            }
        } else {
            // a UDP socket destroyed stays bound, and stays the one the kernel picks: the others cannot be reached
            assertEquals(4, real.status(), real::toString);
            assertTrue(dry.out().endsWith("would kill 1 socket, already gone 0, would fail 5\n"), dry::toString);
            assertTrue(real.out().endsWith("killed 1, already gone 0, failed 5\n"), real::toString);
            assertEquals(5, real.out().lines().filter(l -> l.startsWith("failed ") && l.contains("SO_REUSEPORT"))
                    .count(), real::toString);
            assertFalse(real.out().contains("already gone udp"), real::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp4", "tcp6", "udp4", "udp6"})
    void matchOfOneMemberKillsItOnlyIfTheKernelReachesItAsTheDryRunSaid(String kind) throws Exception {
        Group g = group(kind);
        for (Victim v : g.victims()) {
            String[] args = {"match", "--pid", Integer.toString(v.pid()), "--state", g.tcp() ? "listen" : "unconn"};
            List<String> dryArgs = new ArrayList<>(List.of(args));
            dryArgs.add("--dry-run");

            CliRun.Result dry = CliRun.run(dryArgs.toArray(String[]::new));
            assertTrue(v.stillBlocked(100));
            CliRun.Result real = CliRun.run(args);

            assertEquals(dry.status(), real.status(), "the dry run's status is the real run's:\n" + dry + "\n" + real);
            if (real.status() == 0) {
                assertTrue(real.out().endsWith("killed 1, already gone 0, failed 0\n"), real::toString);
                assertEquals(g.tcp() ? "EINVAL" : "ECONNABORTED", v.result(10).get("name"));
            } else {
                assertEquals(4, real.status(), real::toString);
                assertTrue(real.out().endsWith("killed 0, already gone 0, failed 1\n"), real::toString);
                assertTrue(v.stillBlocked(200), "a member the kernel does not reach is left alone");
            }
        }
    }
}
