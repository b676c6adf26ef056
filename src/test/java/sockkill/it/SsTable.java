package sockkill.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows of {@code ss -tuanpe} (and -p) output, parsed for comparison: the reference sockkill's
 * listing must agree with.
 */
final class SsTable {
    private SsTable() {
    }

    /** One row; addresses without brackets, port 0 for "*"; uid 0 when ss printed none. */
    record Row(String netid, String state, long recvQ, long sendQ, String localAddress, int localPort,
            String peerAddress, int peerPort, long uid, long inode, long cookie, List<String> users) {
        /** Identity for comparisons; every wildcard address is "*", since ss writes a dual-stack :: as "*". */
        String key() {
            return SsTable.key(netid, localAddress, localPort, peerAddress, peerPort, inode);
        }
    }

    static String key(Object netid, Object localAddress, Object localPort, Object peerAddress, Object peerPort,
            Object inode) {
        return netid + " " + wildcard(localAddress) + ":" + localPort + " " + wildcard(peerAddress) + ":" + peerPort
                + " ino:" + inode;
    }

    private static String wildcard(Object address) {
        return address.equals("0.0.0.0") || address.equals("::") ? "*" : address.toString();
    }

    static List<Row> parse(String output) {
        List<Row> rows = new ArrayList<>();
        String[] lines = output.split("\n");
        for (int n = 1; n < lines.length; n++) {
            String line = lines[n].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] t = line.split("\\s+");
            long uid = 0;
            long inode = -1;
            long cookie = -1;
            List<String> users = new ArrayList<>();
            for (int k = 6; k < t.length; k++) {
                if (t[k].startsWith("uid:")) {
                    uid = Long.parseLong(t[k].substring(4));
                } else if (t[k].startsWith("ino:")) {
                    inode = Long.parseLong(t[k].substring(4));
                } else if (t[k].startsWith("sk:")) {
                    cookie = Long.parseUnsignedLong(t[k].substring(3), 16);
                } else if (t[k].startsWith("users:")) {
                    users.add(t[k]);
                }
            }
            rows.add(new Row(t[0], t[1], Long.parseLong(t[2]), Long.parseLong(t[3]), address(t[4]), port(t[4]),
                    address(t[5]), port(t[5]), uid, inode, cookie, users));
        }
        return rows;
    }

    private static String address(String endpoint) {
        String a = endpoint.substring(0, endpoint.lastIndexOf(':'));
        int scope = a.indexOf('%');
        if (scope >= 0) {
            a = a.substring(0, scope) + (a.startsWith("[") ? "]" : "");
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        return a;
    }

    private static int port(String endpoint) {
        String p = endpoint.substring(endpoint.lastIndexOf(':') + 1);
        return p.equals("*") ? 0 : Integer.parseInt(p);
    }
}
