package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ss's habits in {@code sockkill list}, on a population in an {@code ip netns} namespace named by
 * its name: {@code -tanp}, {@code -tlnH} and {@code state established} give exactly what the long
 * options give, and the listeners {@code -tlnH} shows are those {@code ss -tlnH} shows.
 */
class ListSsHabitsIT {
    private static Netns ns;
    private static SockPop pop;

    @BeforeAll
    static void population() {
        Host.requireRootAndBuild();
        ns = Netns.create("sk-fl-");
        pop = ns.own(SockPop.start(ns.prefix(), "tcp-pairs:20:127.0.0.1:7300", "tcp-pairs:10:::1:7301",
                "tcp-listen:0.0.0.0:7302", "udp-bound:127.0.0.1:7303",
                "udp-connected:127.0.0.1:7304:127.0.0.1:7303"));
    }

    @AfterAll
    static void cleanUp() {
        if (ns != null) {
            ns.close();
        }
    }

    /** {@code list --netns NAME ARGS}: the namespace by its 'ip netns' name. */
    private static String list(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "list";
        all[1] = "--netns";
        all[2] = ns.name();
        System.arraycopy(args, 0, all, 3, args.length);
        CliRun.Result r = CliRun.run(all);
        assertEquals(0, r.status(), () -> String.join(" ", all) + ": " + r);
        assertEquals("", r.err(), () -> String.join(" ", all) + ": " + r);
        return r.out();
    }

    private static List<String> lines(String text) {
        return Arrays.asList(text.split("\n"));
    }

    @Test
    void anIpNetnsNameIsTakenByNetnsAndByDashN() {
        String byName = list("-t", "--json");
        assertEquals(byName, CliRun.run("list", "--netns", "/run/netns/" + ns.name(), "-t", "--json").out());
        assertEquals(byName, CliRun.run("list", "-N", ns.name(), "-t", "--json").out());
        assertEquals(byName, CliRun.run("list", "--netns", Integer.toString(pop.pid()), "-t", "--json").out());
        assertEquals(20 * 2 + 10 * 2 + 3, MiniJson.parseArrayOfObjects(byName).size(), byName);
    }

    @Test
    void tanpIsEveryTcpStateWithOwners() {
        String tanp = list("-tanp");
        assertEquals(list("-t", "--state", "all"), tanp);
        assertEquals(list("--tcp", "--all", "--numeric", "--processes"), tanp);
        assertEquals(list("-t"), tanp, "every state and the owners are sockkill's default");
        assertTrue(tanp.contains("LISTEN") && tanp.contains("ESTAB") && tanp.contains("(pid=" + pop.pid()), tanp);
    }

    @Test
    void tlnhIsTheListenersWithoutTheHeader() {
        String withHeader = list("-t", "--state", "listen", "--state", "unconn");
        List<String> expected = lines(withHeader).subList(1, lines(withHeader).size());
        assertEquals(expected, lines(list("-tlnH")));
        assertEquals(3, expected.size(), withHeader);
        assertTrue(expected.stream().allMatch(l -> l.startsWith("tcp ") && l.contains("LISTEN")), withHeader);
        assertTrue(lines(withHeader).get(0).startsWith("Netid"), withHeader);
    }

    @Test
    void listenersAgreeWithSs() {
        Set<String> ours = lines(list("-tlnH")).stream().map(l -> l.trim().split("\\s+")[4])
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> ss = lines(ns.exec("ss", "-tlnH").requireSuccess().out()).stream().filter(l -> !l.isBlank())
                .map(l -> l.trim().split("\\s+")[3]).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(ss, ours);
        Set<String> udp = lines(list("-ulnH")).stream().map(l -> l.trim().split("\\s+")[4])
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> ssUdp = lines(ns.exec("ss", "-ulnH").requireSuccess().out()).stream().filter(l -> !l.isBlank())
                .map(l -> l.trim().split("\\s+")[3]).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(ssUdp, udp, "-l shows unconnected UDP sockets, as ss -l does");
    }

    @Test
    void stateWordsAgreeWithTheStateOption() {
        assertEquals(list("-t", "--state", "established"), list("-t", "state", "established"));
        assertEquals(list("-t", "--state", "listen"), list("-t", "exclude", "established"));
        String estab = list("-t", "state", "established", "--json");
        assertEquals(60, MiniJson.parseArrayOfObjects(estab).size(), estab);
    }

    @Test
    void anSsFlagThatMeansNothingHereIsRefusedWithTheReason() {
        CliRun.Result r = CliRun.run("list", "--netns", ns.name(), "-tanr");
        assertEquals(2, r.status(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("sockkill: -r (resolve names)"), r::toString);
    }
}
