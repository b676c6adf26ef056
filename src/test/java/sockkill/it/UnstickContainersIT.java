package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * {@code sockkill pid P} with the host pid of a process inside a container: its threads, its memory
 * and its socket are reached from the host, the socket looked up in the container's network
 * namespace. The image is built locally FROM scratch with the static victim; nothing is pulled.
 */
@ExtendWith(DockerRequired.class)
class UnstickContainersIT {
    private static final Pattern READY = Pattern.compile("READY pid=(\\d+) fd=(\\d+) inode=(\\d+) .* tid=(\\d+)");
    private static final String IMAGE = "sk-fd-unstick-victim";

    private static ImageFromDockerfile image;
    private static Network network;
    private static String gateway;

    @BeforeAll
    static void image() {
        Host.requireRootAndBuild();
        image = new ImageFromDockerfile(IMAGE, false)
                .withFileFromPath("victim", Host.PROJECT.resolve("native-tests/build/victim-static"))
                .withDockerfileFromBuilder(b -> b.from("scratch")
                        .copy("victim", "/bin/victim")
                        .entryPoint(new String[] {"/bin/victim"})
                        .build());
        network = Network.newNetwork();
        gateway = DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(network.getId()).exec()
                .getIpam().getConfig().get(0).getGateway();
    }

    @AfterAll
    static void removeNetworkAndImage() {
        if (network != null) {
            network.close();
        }
        try {
            DockerClientFactory.instance().client().removeImageCmd(IMAGE).withForce(true).exec();
        } catch (RuntimeException notBuilt) {
            // nothing to remove
        }
    }

    private static String awaitLine(GenericContainer<?> c, String needle) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            for (String line : c.getLogs().split("\n")) {
                if (line.contains(needle)) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the process in the container never printed '" + needle + "': " + c.getLogs());
    }

    @Test
    void aThreadInAContainerPollingItsSocketIsFreedByTheHostPidAlone() throws Exception {
        try (Victim server = Victim.start(List.of(), "tcp-serve", gateway, "7611");
                GenericContainer<?> client = new GenericContainer<>(image)
                        .withNetwork(network)
                        .withCommand("--timeout-sec", "60", "--thread", "tcp-wait", "ppoll", gateway, "7611")
                        .waitingFor(Wait.forLogMessage(".*READY.*\\n", 1).withStartupTimeout(Duration.ofSeconds(60)))) {
            client.start();
            Matcher m = READY.matcher(client.getLogs());
            assertTrue(m.find(), client.getLogs());
            assertEquals("1", m.group(1), "the victim is the container's init");
            int hostPid = client.getContainerInfo().getState().getPidLong().intValue();
            int fd = Integer.parseInt(m.group(2));

            CliRun.Result why = CliRun.run("why", Integer.toString(hostPid), "--json");

            assertEquals(0, why.status(), why::toString);
            Map<?, ?> d = (Map<?, ?>) MiniJson.parse(why.out());
            assertEquals((long) hostPid, d.get("pid"));
            Map<?, ?> socket = null;
            for (Object o : (List<?>) d.get("fds")) {
                Map<?, ?> f = (Map<?, ?>) o;
                if (Boolean.TRUE.equals(f.get("candidate"))) {
                    assertEquals((long) fd, f.get("fd"));
                    long containerNetns = ((Number) Files.getAttribute(Path.of("/proc/" + hostPid + "/ns/net"),
                            "unix:ino")).longValue();
                    long ours = ((Number) Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino")).longValue();
                    assertEquals(containerNetns, f.get("netns"));
                    assertNotEquals(ours, containerNetns);
                    socket = (Map<?, ?>) f.get("socket");
                }
            }
            assertTrue(socket != null, why::toString);
            assertEquals(Long.parseLong(m.group(3)), socket.get("inode"));
            assertEquals(gateway, socket.get("peer_address"));
            assertEquals("ESTAB", socket.get("state"));

            CliRun.Result r = CliRun.run("pid", Integer.toString(hostPid));

            assertEquals(0, r.status(), r::toString);
            assertTrue(r.out().contains("\nkilled tcp ") && r.out().contains("inode " + m.group(3)), r::toString);
            assertTrue(awaitLine(client, "op=ppoll").contains("name=OK"), client.getLogs());
            assertTrue(awaitLine(client, "op=read").contains("name=ECONNABORTED"), client.getLogs());
        }
    }
}
