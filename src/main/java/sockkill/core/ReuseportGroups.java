package sockkill.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import sockkill.sys.Kernel;

/**
 * The SO_REUSEPORT groups among sockets {@code match} is to kill, and how each member's destroy
 * must go so that the outcome is what a dry run predicts.
 *
 * <p>The kernel's destroy looks a listener (or an unconnected UDP socket) up by its port, and in a
 * group it picks one member by a hash of the lookup, the same member for every sockid of the group.
 * Only that member can be destroyed. A destroyed TCP listener leaves the group, so the next lookup
 * picks another member; a destroyed UDP socket stays bound and stays the pick. Hence:
 * <ul>
 * <li>a TCP group whose members are all to be killed is destroyed in rounds, each reaching one more,
 *     until all are gone: every member dies, whatever the kernel's order;
 * <li>in any other group only the member the kernel picks now is destroyed (if it is to be killed);
 *     the others are reported as beyond the kernel's destroy, without a destroy sent: otherwise which
 *     ones died would depend on the order of the requests and on the hash.
 * </ul>
 */
final class ReuseportGroups {
    /** How one socket's destroy goes. */
    enum Way {
        /** Not in a group: destroyed like any socket. */
        ALONE,
        /** A TCP group to be killed whole: destroyed in rounds until every member is gone. */
        WHOLE_GROUP,
        /** Part of a group: destroyed only if the kernel's lookup picks it now. */
        PICK_ONLY
    }

    private final Map<String, List<SocketEntry>> members;

    private ReuseportGroups(Map<String, List<SocketEntry>> members) {
        this.members = members;
    }

    /** Finds, in the tables, every member of every group one of {@code sockets} could belong to. */
    static ReuseportGroups of(NamespaceSession session, List<ListedSocket> sockets) throws IOException {
        SocketLocator locator = new SocketLocator(session);
        Map<String, List<SocketEntry>> members = new HashMap<>();
        Map<String, List<SocketEntry>> portDumps = new HashMap<>();
        for (ListedSocket l : sockets) {
            SocketEntry s = l.socket();
            if (!candidate(s) || members.containsKey(key(s))) {
                continue;
            }
            String port = s.netid() + "/" + s.family() + "/" + s.localPort();
            List<SocketEntry> onPort = portDumps.get(port);
            if (onPort == null) {
                onPort = locator.onLocalPortOf(s);
                portDumps.put(port, onPort);
            }
            List<SocketEntry> group = new ArrayList<>();
            for (SocketEntry e : onPort) {
                if (candidate(e) && key(e).equals(key(s))) {
                    group.add(e);
                }
            }
            members.put(key(s), group);
        }
        return new ReuseportGroups(members);
    }

    /** Listeners and unconnected UDP sockets: what a lookup by port can reach through a group. */
    private static boolean candidate(SocketEntry s) {
        return s.sockId().isPresent() && (s.netid() == Netid.TCP && s.state() == Kernel.TCP_LISTEN
                || (s.netid() == Netid.UDP || s.netid() == Netid.UDPLITE) && s.state() == Kernel.TCP_CLOSE);
    }

    private static String key(SocketEntry s) {
        return s.netid() + "/" + s.family() + "/" + HexFormat.of().formatHex(s.localAddressBytes()) + "/"
                + s.localPort();
    }

    /** How {@code s} must be destroyed, given the inodes of every socket to be killed. */
    Way way(SocketEntry s, Set<Long> toKill) {
        List<SocketEntry> group = candidate(s) ? members.get(key(s)) : null;
        if (group == null || group.size() < 2) {
            return Way.ALONE;
        }
        if (s.netid() == Netid.TCP && group.stream().allMatch(m -> toKill.contains(m.inode()))) {
            return Way.WHOLE_GROUP;
        }
        return Way.PICK_ONLY;
    }

    /** The table's sockets on {@code s}'s port, for saying why it cannot be reached. */
    List<SocketEntry> group(SocketEntry s) {
        return members.getOrDefault(key(s), List.of(s));
    }
}
