package sockkill.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;

import sockkill.core.ListedSocket;
import sockkill.core.NetnsRef;
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
        private NetnsRef netns;

        ArrayWriter(PrintWriter out) {
            this.out = out;
        }

        /** The objects written from now on carry {@code ref} as their "netns" ({@code list --all-netns}). */
        void inNamespace(NetnsRef ref) {
            this.netns = ref;
        }

        @Override
        public void accept(ListedSocket s) {
            object(json, s, netns);
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
        object(json, listed, null);
    }

    /** The socket's object; with {@code netns}, a last member "netns": {"inode", "name", "pid"}. */
    static void object(JsonWriter json, ListedSocket listed, NetnsRef netns) {
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
        if (netns != null) {
            netns(json.name("netns"), netns);
        }
        json.endObject();
    }

    /** {"inode": N, "name": "blue" or null, "pid": P or null}. */
    static void netns(JsonWriter json, NetnsRef ref) {
        json.beginObject().field("inode", ref.inode()).name("name");
        if (ref.name() == null) {
            json.nullValue();
        } else {
            json.value(ref.name());
        }
        json.name("pid");
        if (ref.pid() > 0) {
            json.value(ref.pid());
        } else {
            json.nullValue();
        }
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
