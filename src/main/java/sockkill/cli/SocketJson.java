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
        private final PrintWriter out;
        private final StringBuilder line = new StringBuilder(256);
        private char[] chars = new char[256];
        private boolean first = true;

        ArrayWriter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void accept(ListedSocket s) {
            line.setLength(0);
            line.append(first ? "[\n" : ",\n");
            first = false;
            object(line, s);
            if (line.length() > chars.length) {
                chars = new char[line.length() * 2];
            }
            line.getChars(0, line.length(), chars, 0);
            out.write(chars, 0, line.length());
        }

        void finish() {
            out.write(first ? "[]\n" : "\n]\n");
        }
    }

    static void object(StringBuilder out, ListedSocket listed) {
        SocketEntry s = listed.socket();
        out.append("{\"netid\":\"").append(s.netid().label());
        out.append("\",\"state\":\"").append(s.stateName());
        out.append("\",\"local_address\":");
        Json.string(out, s.localAddress());
        out.append(",\"local_port\":").append(s.localPort());
        out.append(",\"peer_address\":");
        Json.string(out, s.peerAddress());
        out.append(",\"peer_port\":").append(s.peerPort());
        out.append(",\"inode\":").append(s.inode());
        out.append(",\"uid\":");
        if (s.uid() < 0) {
            out.append("null");
        } else {
            out.append(s.uid());
        }
        out.append(",\"cookie\":");
        if (s.hasCookie()) {
            out.append(Long.toUnsignedString(s.cookie()));
        } else {
            out.append("null");
        }
        out.append(",\"recv_q\":").append(s.receiveQueue());
        out.append(",\"send_q\":").append(s.sendQueue());
        out.append(",\"processes\":");
        processes(out, listed.owners());
        out.append('}');
    }

    private static void processes(StringBuilder out, List<FdOwner> owners) {
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
            out.append("{\"pid\":").append(o.pid()).append(",\"fd\":").append(o.fd()).append(",\"comm\":");
            Json.string(out, o.comm());
            out.append('}');
        }
        out.append(']');
    }
}
