package sockkill.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;

import sockkill.core.ListedSocket;
import sockkill.core.SocketEntry;
import sockkill.proc.FdOwner;

/**
 * Sockets as JSON objects with the fields README documents: netid, state, local_address,
 * local_port, peer_address, peer_port, inode, uid, cookie, recv_q, send_q, processes.
 */
final class SocketJson {
    private SocketJson() {
    }

    /** Streams one JSON array, one object per line, as sockets arrive. */
    static final class ArrayWriter implements Consumer<ListedSocket> {
        private static final int FLUSH_AT = 1 << 16;

        private final PrintWriter out;
        private final Utf8Text text = new Utf8Text(FLUSH_AT + 1024);
        private final JsonWriter json = new JsonWriter(text).beginArrayOfLines();

        ArrayWriter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void accept(ListedSocket s) {
            object(json, s);
            if (text.length() >= FLUSH_AT) {
                StdoutWriter.writeUtf8(out, text.bytes(), 0, text.length());
                text.clear();
            }
        }

        void finish() {
            json.endArray().newline();
            StdoutWriter.writeUtf8(out, text.bytes(), 0, text.length());
            text.clear();
        }
    }

    static void object(JsonWriter json, ListedSocket listed) {
        SocketEntry s = listed.socket();
        json.beginObject()
                .field("netid", s.netid().label())
                .field("state", s.stateName())
                .field("local_address", s.localAddress())
                .field("local_port", s.localPort())
                .field("peer_address", s.peerAddress())
                .field("peer_port", s.peerPort())
                .field("inode", s.inode());
        json.name("uid");
        if (s.uid() < 0) {
            json.nullValue();
        } else {
            json.value(s.uid());
        }
        json.name("cookie");
        if (s.hasCookie()) {
            json.unsignedValue(s.cookie());
        } else {
            json.nullValue();
        }
        json.field("recv_q", s.receiveQueue()).field("send_q", s.sendQueue());
        json.name("processes");
        processes(json, listed.owners());
        json.endObject();
    }

    private static void processes(JsonWriter json, List<FdOwner> owners) {
        if (owners == null) {
            json.nullValue();
            return;
        }
        json.beginArray();
        for (FdOwner o : owners) {
            json.beginObject().field("pid", o.pid()).field("fd", o.fd()).field("comm", o.comm()).endObject();
        }
        json.endArray();
    }
}
