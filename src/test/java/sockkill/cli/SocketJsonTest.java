package sockkill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import sockkill.core.ListedSocket;
import sockkill.core.Netid;
import sockkill.core.SocketEntry;
import sockkill.proc.FdOwner;
import sockkill.sys.Kernel;

class SocketJsonTest {
    @Test
    void anArrayHasOneObjectPerLineWithTheDocumentedFields() {
        SocketEntry unix = SocketEntry.unix(Netid.UNIX_DGRAM, Kernel.TCP_CLOSE, "@a\"b\\c\u0001", 12, 3, 4, 77, -1, 0,
                SocketEntry.Source.PROC);
        StringWriter out = new StringWriter();
        SocketJson.ArrayWriter array = new SocketJson.ArrayWriter(new PrintWriter(out));
        array.accept(new ListedSocket(unix, List.of(new FdOwner(42, 5, "dae\"mon"))));
        array.accept(new ListedSocket(unix, null));
        array.finish();
        String expected = "[\n"
                + "{\"netid\":\"u_dgr\",\"state\":\"UNCONN\",\"local_address\":\"@a\\\"b\\\\c\\u0001\",\"local_port\":77,"
                + "\"peer_address\":\"*\",\"peer_port\":12,\"inode\":77,\"uid\":null,\"cookie\":null,\"recv_q\":3,"
                + "\"send_q\":4,\"processes\":[{\"pid\":42,\"fd\":5,\"comm\":\"dae\\\"mon\"}]},\n"
                + "{\"netid\":\"u_dgr\",\"state\":\"UNCONN\",\"local_address\":\"@a\\\"b\\\\c\\u0001\",\"local_port\":77,"
                + "\"peer_address\":\"*\",\"peer_port\":12,\"inode\":77,\"uid\":null,\"cookie\":null,\"recv_q\":3,"
                + "\"send_q\":4,\"processes\":null}\n"
                + "]\n";
        assertEquals(expected, out.toString());
    }

    @Test
    void anEmptyListingIsAnEmptyArray() {
        StringWriter out = new StringWriter();
        SocketJson.ArrayWriter array = new SocketJson.ArrayWriter(new PrintWriter(out));
        array.finish();
        assertEquals("[]\n", out.toString());
    }
}
