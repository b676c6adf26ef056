package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The /proc/net text tables. The kernel prints each 32-bit address word with %08X of its value in
 * host order, so on x86_64 127.0.0.1 (bytes 7f 00 00 01) reads "0100007F"; ports are plain %04X.
 */
class ProcNetTablesTest {
    private static final String TCP_TITLES = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when"
            + " retrnsmt   uid  timeout inode";
    /** What follows the inode on a TCP line: ref count, sock pointer, rto, ato, quick/pingpong, cwnd, ssthresh. */
    private static final String TCP_TAIL = " 1 0000000000000000 20 4 30 10 -1";
    private static final String TCP6_TITLES = "  sl  local_address                         remote_address"
            + "                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
    private static final String UNIX_TITLES = "Num       RefCount Protocol Flags    Type St Inode Path";

    @TempDir
    Path netDir;

    @BeforeAll
    static void fixturesAreLittleEndian() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "the byte fixtures are written for little-endian hosts");
    }

    @Test
    void readsIpv4TcpLines() throws IOException {
        write("tcp", TCP_TITLES,
                // 127.0.0.1:22 listening, inode 12345
                "   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1"
                        + " 0000000000000000 100 0 0 10 0",
                // 127.0.0.1:41394 -> 127.0.0.1:22 established, 10 bytes unacked, 20 unread, uid 1000
                "   1: 0100007F:A1B2 0100007F:0016 01 0000000A:00000014 02:000000C8 00000000  1000        0 23456 3"
                        + " 0000000000000000 20 4 30 10 -1",
                // 192.168.1.1:80 -> 192.168.1.2:50000 in TIME-WAIT, which belongs to no inode
                "   2: 0101A8C0:0050 0201A8C0:C350 06 00000000:00000000 03:00000D8A 00000000     0        0 0 3"
                        + " 0000000000000000");

        List<ProcNetInetEntry> tcp = ProcNetTables.of(netDir).inet("tcp");

        assertEquals(3, tcp.size());
        ProcNetInetEntry listen = tcp.get(0);
        assertFalse(listen.ipv6());
        assertEquals(10, listen.state());
        assertArrayEquals(v4("7f000001"), listen.localAddress());
        assertEquals(22, listen.localPort());
        assertArrayEquals(new byte[16], listen.remoteAddress());
        assertEquals(0, listen.remotePort());
        assertEquals(12345, listen.inode());

        ProcNetInetEntry established = tcp.get(1);
        assertEquals(1, established.state());
        assertEquals(41394, established.localPort());
        assertArrayEquals(v4("7f000001"), established.remoteAddress());
        assertEquals(22, established.remotePort());
        assertEquals(10, established.sendQueue());
        assertEquals(20, established.receiveQueue());
        assertEquals(1000, established.uid());
        assertEquals(23456, established.inode());

        ProcNetInetEntry timeWait = tcp.get(2);
        assertEquals(6, timeWait.state());
        assertArrayEquals(v4("c0a80101"), timeWait.localAddress());
        assertEquals(80, timeWait.localPort());
        assertArrayEquals(v4("c0a80102"), timeWait.remoteAddress());
        assertEquals(50000, timeWait.remotePort());
        assertEquals(0, timeWait.inode());
    }

    @Test
    void readsIpv6TcpLinesWordByWord() throws IOException {
        write("tcp6", TCP6_TITLES,
                // [::1]:22 listening
                "   0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A"
                        + " 00000000:00000000 00:00000000 00000000     0        0 30001" + TCP_TAIL,
                // [::ffff:127.0.0.1]:8080 -> [::ffff:127.0.0.1]:49152
                "   1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:C000 01"
                        + " 00000000:00000000 00:00000000 00000000  1000        0 30002" + TCP_TAIL,
                // [2001:db8::1]:443 -> [2001:db8::2]:54321
                "   2: B80D0120000000000000000001000000:01BB B80D0120000000000000000002000000:D431 01"
                        + " 00000000:00000000 00:00000000 00000000  1000        0 30003" + TCP_TAIL);

        List<ProcNetInetEntry> tcp6 = ProcNetTables.of(netDir).inet("tcp6");

        assertTrue(tcp6.get(0).ipv6());
        assertArrayEquals(hex("00000000000000000000000000000001"), tcp6.get(0).localAddress());
        assertArrayEquals(new byte[16], tcp6.get(0).remoteAddress());
        assertArrayEquals(hex("00000000000000000000ffff7f000001"), tcp6.get(1).localAddress());
        assertEquals(8080, tcp6.get(1).localPort());
        assertEquals(49152, tcp6.get(1).remotePort());
        assertArrayEquals(hex("20010db8000000000000000000000001"), tcp6.get(2).localAddress());
        assertArrayEquals(hex("20010db8000000000000000000000002"), tcp6.get(2).remoteAddress());
        assertEquals(443, tcp6.get(2).localPort());
        assertEquals(54321, tcp6.get(2).remotePort());
        assertEquals(30003, tcp6.get(2).inode());
    }

    @Test
    void readsUdpLinesAndSkipsBlankOnes() throws IOException {
        write("udp", "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
                        + " inode ref pointer drops",
                // 127.0.0.53:53, unconnected (state 07)
                "  500: 3500007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 40001 2"
                        + " 0000000000000000 0",
                "");

        List<ProcNetInetEntry> udp = ProcNetTables.of(netDir).inet("udp");

        assertEquals(1, udp.size());
        assertArrayEquals(v4("7f000035"), udp.get(0).localAddress());
        assertEquals(53, udp.get(0).localPort());
        assertEquals(7, udp.get(0).state());
        assertEquals(101, udp.get(0).uid());
        assertEquals(40001, udp.get(0).inode());
    }

    @Test
    void readsUnixLines() throws IOException {
        write("unix", UNIX_TITLES,
                // listening stream socket (flags __SO_ACCEPTCON), a path with a space
                "0000000000000000: 00000002 00000000 00010000 0001 01 20001 /run/my socket.sock",
                // datagram socket with an abstract name
                "0000000000000000: 00000002 00000000 00000000 0002 01 20002 @abstract",
                // connected stream socket (SS_CONNECTED 3) without a name
                "0000000000000000: 00000003 00000000 00000000 0001 03 20003",
                // listening seqpacket socket; the inode is printed %5lu, so padded
                "0000000000000000: 00000002 00000000 00010000 0005 01  1234 /tmp/seq");

        // every socket here is held by some process
        List<ProcNetUnixEntry> unix = ProcNetTables.of(netDir).unix(inode -> true).entries();

        assertEquals(List.of(
                new ProcNetUnixEntry(1, 1, true, 20001, "/run/my socket.sock"),
                new ProcNetUnixEntry(2, 1, false, 20002, "@abstract"),
                new ProcNetUnixEntry(1, 3, false, 20003, ""),
                new ProcNetUnixEntry(5, 1, true, 1234, "/tmp/seq")), unix);
    }

    static Stream<Arguments> malformedInetLines() {
        String queues = " 00000000:00000000 00:00000000 00000000";
        return Stream.of(
                Arguments.of("too few fields", "   1: 0100007F:0016 00000000:0000 0A"),
                Arguments.of("state not hex", "   1: 0100007F:0016 00000000:0000 ZZ" + queues + "     0        0 1"),
                Arguments.of("address without port", "   1: 0100007F0016 00000000:0000 0A" + queues + "     0     0 1"),
                Arguments.of("short address", "   1: 00007F:0016 00000000:0000 0A" + queues + "     0        0 1"),
                Arguments.of("address not hex", "   1: 0100007G:0016 00000000:0000 0A" + queues + "     0        0 1"),
                Arguments.of("queues without colon",
                        "   1: 0100007F:0016 00000000:0000 0A 0000000000000000 00:00000000 00000000     0        0 1"),
                Arguments.of("uid not a number", "   1: 0100007F:0016 00000000:0000 0A" + queues + "     x        0 1"),
                Arguments.of("inode not a number",
                        "   1: 0100007F:0016 00000000:0000 0A" + queues + "     0        0 1a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedInetLines")
    void aMalformedInetLineFailsNamingTheFileAndLine(String why, String bad) throws IOException {
        Path file = write("tcp", TCP_TITLES,
                "   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345",
                bad);

        IOException e = assertThrows(IOException.class, () -> ProcNetTables.of(netDir).inet("tcp"));

        assertTrue(e.getMessage().startsWith(file + " line 3: "), e.getMessage());
    }

    @Test
    void anIpv4AddressInAnIpv6TableIsMalformed() throws IOException {
        Path file = write("tcp6", TCP6_TITLES,
                "   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345");

        IOException e = assertThrows(IOException.class, () -> ProcNetTables.of(netDir).inet("tcp6"));

        assertTrue(e.getMessage().startsWith(file + " line 2: "), e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"garbage", "0000000000000000: 00000002 00000000 0001000Z 0001 01 20001",
            "0000000000000000: 00000002 00000000 00010000 XYZ 01 20001",
            "0000000000000000: 00000002 00000000 00010000 0001 01 inode"})
    void aMalformedUnixLineFailsNamingTheFileAndLine(String bad) throws IOException {
        Path file = write("unix", UNIX_TITLES, bad);

        IOException e = assertThrows(IOException.class, () -> ProcNetTables.of(netDir).unix(inode -> true));

        assertTrue(e.getMessage().startsWith(file + " line 2: "), e.getMessage());
    }

    @Test
    void aTableTheKernelLacksIsNoSuchFile() throws IOException {
        write("tcp", TCP_TITLES);
        ProcNetTables tables = ProcNetTables.of(netDir);

        assertTrue(tables.has("tcp"));
        assertFalse(tables.has("udplite6"));
        assertThrows(NoSuchFileException.class, () -> tables.inet("udplite6"));
        assertEquals(List.of(), tables.inet("tcp"));
    }

    @Test
    void ofPidAndOfSelfReadUnderTheProcRoot(@TempDir Path procRoot) throws IOException {
        Path pidNet = Files.createDirectories(procRoot.resolve("42/net"));
        Path selfNet = Files.createDirectories(procRoot.resolve("self/net"));
        Files.writeString(pidNet.resolve("unix"), UNIX_TITLES + "\n0000000000000000: 00000002 00000000 00000000"
                + " 0001 01    42 /pid\n");
        Files.writeString(selfNet.resolve("unix"), UNIX_TITLES + "\n0000000000000000: 00000002 00000000 00000000"
                + " 0001 01     1 /self\n");
        ProcFs proc = new ProcFs(procRoot);

        assertEquals("/pid", ProcNetTables.ofPid(proc, 42).unix(inode -> true).entries().get(0).path());
        assertEquals("/self", ProcNetTables.ofSelf(proc).unix(inode -> true).entries().get(0).path());
    }

    private Path write(String table, String... lines) throws IOException {
        return Files.writeString(netDir.resolve(table), String.join("\n", lines) + "\n");
    }

    private static byte[] v4(String hex) {
        return Arrays.copyOf(hex(hex), 16);
    }

    private static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits);
    }
}
