package sockkill.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

import com.github.dockerjava.api.DockerClient;

/**
 * The promise with containers: a process inside a container, or a client on the host talking to
 * a frozen container, gets its control back when sockkill runs on the host. The image is built
 * locally FROM scratch with the static victim and busybox; no registry is involved.
 */
@ExtendWith(DockerRequired.class)
class ContainersIT {
    private static final Pattern READY = Pattern.compile("READY pid=(\\d+) fd=(\\d+) inode=(\\d+)");
    private static final Pattern RESULT = Pattern.compile("RESULT (.*)");

    private static ImageFromDockerfile image;
    private static Network network;
    private static String gateway;

    @BeforeAll
    static void image() {
        Host.requireRootAndBuild();
        image = new ImageFromDockerfile("sockkill-it-victim", false)
                .withFileFromPath("victim", Host.PROJECT.resolve("native-tests/build/victim-static"))
                .withFileFromPath("busybox", Path.of("/bin/busybox"))
                .withDockerfileFromBuilder(b -> b.from("scratch")
                        .copy("busybox", "/bin/busybox")
                        .copy("victim", "/bin/victim")
                        .entryPoint(new String[] {"/bin/victim"}) // exec form: the command becomes its arguments
                        .build());
        network = Network.newNetwork();
        DockerClient docker = DockerClientFactory.instance().client();
        gateway = docker.inspectNetworkCmd().withNetworkId(network.getId()).exec().getIpam().getConfig().get(0)
                .getGateway();
    }

    @AfterAll
    static void removeNetwork() {
        if (network != null) {
            network.close();
        }
    }

    private static GenericContainer<?> victimContainer(String... command) {
        GenericContainer<?> c = new GenericContainer<>(image)
                .withNetwork(network)
                .withCommand(command)
                .waitingFor(Wait.forLogMessage(".*READY.*\\n", 1).withStartupTimeout(Duration.ofSeconds(60)));
        c.start();
        return c;
    }

    private static Matcher ready(GenericContainer<?> c) {
        Matcher m = READY.matcher(c.getLogs());
        assertTrue(m.find(), c.getLogs());
        return m;
    }

    private static long hostPid(GenericContainer<?> c) {
        return c.getContainerInfo().getState().getPidLong();
    }

    private static String awaitResult(GenericContainer<?> c) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            Matcher m = RESULT.matcher(c.getLogs());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the process in the container reported nothing: " + c.getLogs());
    }

    @Test
    void aProcessInAContainerIsFreedByItsHostPid() throws Exception {
        try (Victim server = Victim.start(List.of(), "tcp-serve", gateway, "7601");
                GenericContainer<?> client = victimContainer("--timeout-sec", "60", "tcp-recv", gateway, "7601")) {
            Matcher m = ready(client);
            long pid = hostPid(client);
            assertEquals("1", m.group(1), "the victim is the container's init");
            CliRun.Result r = CliRun.run("pid", Long.toString(pid), "fd", m.group(2));
            assertEquals(0, r.status(), r::toString);
            assertTrue(r.out().startsWith("killed tcp "), r::toString);
            String result = awaitResult(client);
            assertTrue(result.contains("op=recv") && result.contains("name=ECONNABORTED"), result);
        }
    }

    @Test
    void aHostClientOfAFrozenContainerIsFreed() throws Exception {
        try (GenericContainer<?> server = victimContainer("tcp-serve", "0.0.0.0", "7602")) {
            String address = server.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                    .getIpAddress();
            try (Victim client = Victim.start(List.of(), "tcp-recv", address, "7602")) {
                DockerClient docker = DockerClientFactory.instance().client();
                docker.pauseContainerCmd(server.getContainerId()).exec();
                try {
                    assertTrue(client.stillBlocked(300));
                    CliRun.Result r = CliRun.run("pid", Integer.toString(client.pid()), "fd",
                            Integer.toString(client.fd()));
                    assertEquals(0, r.status(), r::toString);
                    Map<String, String> result = client.result(10);
                    assertEquals("recv", result.get("op"));
                    assertEquals("ECONNABORTED", result.get("name"));
                } finally {
                    docker.unpauseContainerCmd(server.getContainerId()).exec();
                }
            }
        }
    }

    @Test
    void listAndKillInsideAContainersNamespace() throws Exception {
        try (GenericContainer<?> server = victimContainer("tcp-serve", "0.0.0.0", "7603")) {
            String pid = Long.toString(hostPid(server));
            String address = server.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                    .getIpAddress();
            try (Victim client = Victim.start(List.of(), "tcp-recv", address, "7603")) {
                CliRun.Result listed = CliRun.run("list", "--json", "-t", "--netns", pid);
                assertEquals(0, listed.status(), listed::toString);
                List<Map<String, Object>> sockets = MiniJson.parseArrayOfObjects(listed.out());
                // (Docker's embedded DNS listens in the container's namespace too, on 127.0.0.11)
                Map<String, Object> listener = sockets.stream()
                        .filter(o -> o.get("state").equals("LISTEN") && o.get("local_port").equals(7603L)).findFirst()
                        .orElseThrow(() -> new AssertionError(listed.out()));
                assertEquals(List.of(Map.of("pid", Long.parseLong(pid), "fd", 3L, "comm", "victim")),
                        listener.get("processes"));
                assertTrue(sockets.stream().anyMatch(o -> o.get("state").equals("ESTAB")
                        && o.get("peer_port").equals((long) Integer.parseInt(client.local().replaceAll(".*:", "")))),
                        listed.out());

                CliRun.Result r = CliRun.run("inode", listener.get("inode").toString(), "--netns", pid);
                assertEquals(0, r.status(), r::toString);
                String result = awaitResult(server);
                assertTrue(result.contains("op=accept") && result.contains("name=EINVAL"), result);
            }
        }
    }
}
