package sockkill.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jnr.constants.platform.Errno;
import sockkill.diag.InetDiagMsg;
import sockkill.diag.InetDiagView;
import sockkill.diag.InetDump;
import sockkill.netlink.DumpInterruptedException;
import sockkill.netlink.NetlinkErrorException;
import sockkill.sys.Kernel;

/**
 * Every socket of one namespace by inode, from one dump of each kind: how a batch answers many
 * {@code inode N} lines with one pass over the tables instead of a dozen dumps per line. Inet
 * sockets are kept as the kernel's fixed 72-byte replies in one array (a hundred thousand sockets
 * take some 7 MiB), so a hit yields the exact sockid, cookie included, that a kill must send. An
 * MPTCP socket wins over the TCP subflows that carry its inode. UNIX sockets are only noted: a hit
 * is looked up again by the kernel, which can do that by inode.
 */
final class InodeIndex {
    private static final int RECORD = 1 + InetDiagMsg.SIZE;
    private static final int UNIX = -1;
    private static final int FROM_PROC = -2;

    private byte[] arena = new byte[RECORD * 64];
    private int records;
    private long[] keys = new long[256];
    private int[] values = new int[256];
    private boolean[] used = new boolean[256];
    private int size;
    private final Map<Long, SocketEntry> fromProc = new HashMap<>();

    private InodeIndex() {
    }

    /** Dumps every kind in {@code session}'s namespace once. */
    static InodeIndex build(NamespaceSession session) throws IOException {
        InodeIndex index = new InodeIndex();
        index.addUnix(session);
        for (Netid netid : SocketLocator.INET_ORDER) {
            for (int family : new int[] {Kernel.AF_INET, Kernel.AF_INET6}) {
                index.addInet(session, netid, family);
            }
        }
        return index;
    }

    /** How many sockets it knows. */
    int size() {
        return size;
    }

    Optional<SocketEntry> find(NamespaceSession session, long inode) throws IOException {
        int slot = slotOf(inode);
        if (!used[slot]) {
            return Optional.empty();
        }
        int value = values[slot];
        if (value == UNIX) {
            return session.diag().lookupUnix(inode).map(DiagDiscovery::toEntry);
        }
        if (value == FROM_PROC) {
            return Optional.of(fromProc.get(inode));
        }
        int at = value * RECORD;
        Netid netid = Netid.values()[arena[at]];
        ByteBuffer b = ByteBuffer.wrap(arena).order(ByteOrder.nativeOrder());
        return Optional.of(DiagDiscovery.toEntry(netid, InetDiagMsg.decode(b, at + 1, null)));
    }

    private void addUnix(NamespaceSession session) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                session.diag().scanUnix(SocketStates.ALL, m -> {
                    put(m.inode(), UNIX);
                    return true;
                });
                return;
            } catch (DumpInterruptedException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private void addInet(NamespaceSession session, Netid netid, int family) throws IOException {
        InetDump dump = new InetDump(family, netid.protocol(), SocketStates.ALL, 0, null);
        for (int attempt = 1; ; attempt++) {
            try {
                session.diag().scanInetViews(dump, v -> add(netid, v));
                return;
            } catch (DumpInterruptedException e) {
                if (attempt == 3) {
                    throw e;
                }
            } catch (NetlinkErrorException e) {
                if (!e.is(Errno.ENOENT) || netid == Netid.TCP || netid == Netid.UDP) {
                    throw e;
                }
                // no diag module for the kind: raw and UDP-Lite are in /proc/net; MPTCP is nowhere else
                if (netid != Netid.MPTCP) {
                    addFromProc(session, netid, family);
                }
                return;
            }
        }
    }

    private boolean add(Netid netid, InetDiagView v) {
        long inode = v.inode();
        // TIME-WAIT and SYN-RECV entries belong to no file: no inode line can name them
        if (inode == 0 || used[slotOf(inode)]) {
            return true;
        }
        if ((records + 1) * RECORD > arena.length) {
            arena = Arrays.copyOf(arena, arena.length * 2);
        }
        int at = records * RECORD;
        arena[at] = (byte) netid.ordinal();
        v.copyFixedPart(arena, at + 1);
        put(inode, records++);
        return true;
    }

    private void addFromProc(NamespaceSession session, Netid netid, int family) throws IOException {
        SocketFilter only = SocketFilter.everything().withNetids(EnumSet.of(netid))
                .withFamilies(family == Kernel.AF_INET, family == Kernel.AF_INET6);
        for (SocketEntry s : new ProcDiscovery(session.namespace()).discover(only, note -> { })) {
            if (s.inode() != 0 && !used[slotOf(s.inode())]) {
                fromProc.put(s.inode(), s);
                put(s.inode(), FROM_PROC);
            }
        }
    }

    private void put(long inode, int value) {
        int slot = slotOf(inode);
        if (used[slot]) {
            return;
        }
        used[slot] = true;
        keys[slot] = inode;
        values[slot] = value;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    private int slotOf(long inode) {
        int mask = keys.length - 1;
        int slot = (int) (inode * 0x9E3779B97F4A7C15L >>> 40) & mask;
        while (used[slot] && keys[slot] != inode) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                int slot = slotOf(oldKeys[i]);
                used[slot] = true;
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }
}
