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
        private boolean first = true;

        ArrayWriter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void accept(ListedSocket s) {
            text.append(first ? "[\n" : ",\n");
            first = false;
            object(text, s);
            if (text.length() >= FLUSH_AT) {
                StdoutWriter.writeUtf8(out, text.bytes(), 0, text.length());
                text.clear();
            }
        }

        void finish() {
            text.append(first ? "[]\n" : "\n]\n");
            StdoutWriter.writeUtf8(out, text.bytes(), 0, text.length());
            text.clear();
        }
    }

    static void object(Utf8Text out, ListedSocket listed) {
        SocketEntry s = listed.socket();
        out.append("{\"netid\":\"");
        out.append(s.netid().label());
        out.append("\",\"state\":\"");
        out.append(s.stateName());
        out.append("\",\"local_address\":");
        Json.string(out, s.localAddress());
        out.append(",\"local_port\":");
        out.decimal(s.localPort());
        out.append(",\"peer_address\":");
        Json.string(out, s.peerAddress());
        out.append(",\"peer_port\":");
        out.decimal(s.peerPort());
        out.append(",\"inode\":");
        out.decimal(s.inode());
        out.append(",\"uid\":");
        if (s.uid() < 0) {
            out.append("null");
        } else {
            out.decimal(s.uid());
        }
        out.append(",\"cookie\":");
        if (s.hasCookie()) {
            out.append(Long.toUnsignedString(s.cookie()));
        } else {
            out.append("null");
        }
        out.append(",\"recv_q\":");
        out.decimal(s.receiveQueue());
        out.append(",\"send_q\":");
        out.decimal(s.sendQueue());
        out.append(",\"processes\":");
        processes(out, listed.owners());
        out.append('}');
    }

    private static void processes(Utf8Text out, List<FdOwner> owners) {
        if (owners == null) {
            out.append("null");
            return;
        }
        out.append('[');
        for (int i = 0; i < owners.size(); i++) {
            FdOwner o = owners.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"pid\":");
            out.decimal(o.pid());
            out.append(",\"fd\":");
            out.decimal(o.fd());
            out.append(",\"comm\":");
            Json.string(out, o.comm());
            out.append('}');
        }
        out.append(']');
    }
}
