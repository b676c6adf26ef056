package sockkill.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import sockkill.diag.SockId;
import sockkill.diag.TcpInfo;
import sockkill.sys.Kernel;

class TcpFiguresTest {
    @Test
    void secondsAreRoundedToTheNearestTenth() {
        assertEquals("0.0 s", TcpFigures.seconds(0));
        assertEquals("0.0 s", TcpFigures.seconds(49));
        assertEquals("0.1 s", TcpFigures.seconds(50));
        assertEquals("4.6 s", TcpFigures.seconds(4550));
        assertEquals("123.5 s", TcpFigures.seconds(123456));
        assertEquals("?", TcpFigures.ago(-1));
    }

    @Test
    void aTcpSocketShowsItsTcpInfoAndAnythingElseItsQueues() {
        SockId id = new SockId(1, 2, new byte[4], new byte[4], 0, 9);
        SocketEntry tcp = SocketEntry.inet(Netid.TCP, Kernel.AF_INET, Kernel.TCP_ESTABLISHED, id, 0, 0, 5, 0,
                SocketEntry.Source.SOCK_DIAG, new TcpInfo(3, 2, 1000, 4600, -1, 9, 1, 4, 200000));
        SocketEntry udp = SocketEntry.inet(Netid.UDP, Kernel.AF_INET, Kernel.TCP_ESTABLISHED, id, 7, 8, 6, 0,
                SocketEntry.Source.SOCK_DIAG);

        assertEquals("last data received 4.6 s ago, last data sent 1.0 s ago, last ack received ?, 4 unacked, "
                + "3 retransmits (backoff 2), 1 probes", TcpFigures.of(tcp));
        assertEquals("recv-q 7, send-q 8", TcpFigures.of(udp));
    }
}
