package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** How a namespace is named in reports: from the file that names it. */
class NamespacesTest {
    @Test
    void anIpNetnsMountGivesItsName() {
        assertEquals("blue", Namespaces.ipNetnsName(Path.of("/run/netns/blue")));
        assertNull(Namespaces.ipNetnsName(Path.of("/var/run/docker/netns/1a2b")), "only ip netns names are names");
        assertNull(Namespaces.ipNetnsName(Path.of("/proc/42/ns/net")));
    }

    @Test
    void aProcessFileGivesItsPid() {
        assertEquals(42, Namespaces.pidOf(Path.of("/proc/42/ns/net")));
        assertEquals(0, Namespaces.pidOf(Path.of("/proc/self/fd/7")), "an adopted fd names no process");
        assertEquals(0, Namespaces.pidOf(Path.of("/proc/thread-self/ns/net")));
        assertEquals(0, Namespaces.pidOf(Path.of("/run/netns/blue")));
    }

    @Test
    void labelsAreOneWordAndSentencesSayWhatIsKnown() {
        assertEquals("4026532597(blue)", new NetnsRef(4026532597L, "blue", 42).label());
        assertEquals("4026532597(pid=42)", new NetnsRef(4026532597L, null, 42).label());
        assertEquals("4026532597", new NetnsRef(4026532597L, null, 0).label());
        assertEquals("network namespace 4026532597 (ip netns blue)", new NetnsRef(4026532597L, "blue", 0).describe());
        assertEquals("network namespace 4026532597 (pid 42)", new NetnsRef(4026532597L, null, 42).describe());
    }
}
