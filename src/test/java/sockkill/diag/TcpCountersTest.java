package sockkill.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/** struct tcp_info as getsockopt(TCP_INFO) fills it, decoded field by field at its <linux/tcp.h> offsets. */
class TcpCountersTest {
    /** A 232-byte tcp_info (Linux 5.x/6.x fill at least this much) with every watched field set. */
    private static ByteBuffer fixture(int length) {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        b.put(0, (byte) 1);          // tcpi_state: TCP_ESTABLISHED
        b.put(1, (byte) 4);          // tcpi_ca_state (not read)
        b.put(2, (byte) 3);          // tcpi_retransmits
        b.put(3, (byte) 2);          // tcpi_probes
        b.put(4, (byte) 5);          // tcpi_backoff
        b.putInt(8, 6_400_000);      // tcpi_rto, us
        b.putInt(24, 7);             // tcpi_unacked
        b.putInt(44, 1500);          // tcpi_last_data_sent, ms
        b.putInt(48, 99);            // tcpi_last_ack_sent (not used by the kernel, not read)
        b.putInt(52, 4600);          // tcpi_last_data_recv, ms
        b.putInt(56, 4599);          // tcpi_last_ack_recv, ms
        b.putInt(68, 250);           // tcpi_rtt, us
        b.putInt(100, 11);           // tcpi_total_retrans
        b.putInt(136, 42);           // tcpi_segs_out
        b.putInt(140, 0xfffffffe);   // tcpi_segs_in: a u32, read unsigned
        b.putInt(144, 8192);         // tcpi_notsent_bytes
        return b;
    }

    @Test
    void everyWatchedFieldComesFromItsOffset() {
        TcpCounters c = TcpCounters.decode(fixture(232));
        assertEquals(1, c.state());
        assertEquals(3, c.retransmits());
        assertEquals(2, c.probes());
        assertEquals(5, c.backoff());
        assertEquals(6_400_000, c.rtoMicros());
        assertEquals(7, c.unacked());
        assertEquals(1500, c.lastDataSentMillis());
        assertEquals(4600, c.lastDataReceivedMillis());
        assertEquals(4599, c.lastAckReceivedMillis());
        assertEquals(250, c.rttMicros());
        assertEquals(11, c.totalRetransmits());
        assertEquals(42, c.segmentsOut());
        assertEquals(0xfffffffeL, c.segmentsIn());
        assertEquals(8192, c.notSentBytes());
        assertTrue(c.countsSegments());
    }

    @Test
    void decodesFromTheBuffersPosition() {
        ByteBuffer whole = ByteBuffer.allocate(16 + 232).order(ByteOrder.nativeOrder());
        whole.position(16);
        whole.put(fixture(232));
        whole.position(16);
        assertEquals(42, TcpCounters.decode(whole).segmentsOut());
    }

    @Test
    void fieldsAShorterStructLacksAreUnknown() {
        // a kernel before 4.2 stopped at tcpi_total_retrans (offset 100, 4 bytes)
        TcpCounters c = TcpCounters.decode(fixture(232).limit(104));
        assertEquals(11, c.totalRetransmits());
        assertEquals(-1, c.segmentsOut());
        assertEquals(-1, c.segmentsIn());
        assertEquals(-1, c.notSentBytes());
        assertFalse(c.countsSegments());
    }

    @Test
    void anEmptyStructIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TcpCounters.decode(ByteBuffer.allocate(0)));
    }
}
