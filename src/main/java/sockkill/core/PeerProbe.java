package sockkill.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jnr.constants.platform.Errno;
import sockkill.diag.TcpCounters;
import sockkill.proc.FdLink;
import sockkill.sys.ForeignFd;
import sockkill.sys.Kernel;
import sockkill.sys.NativeException;

/**
 * Asks the kernel whether the peers of TCP connections are alive, with no privilege beyond ptrace
 * rights over their holders: on a duplicate of a holder's fd (pidfd_getfd), which shares the
 * holder's socket, it remembers the connection's keepalive settings, turns keepalive on with a
 * probe at once and one a second ({@link ProbeSettings}), and watches the connection's tcp_info
 * (getsockopt TCP_INFO, which takes nothing from the holder, unlike SO_ERROR) until the peer
 * answers, the kernel ends the connection, or the time is up ({@link ProbeWatch} decides).
 * Whatever did not end gets its remembered settings back as soon as its verdict is in, and they
 * are read again to check it. Many connections are probed at once: the whole probe takes the time
 * of one.
 */
public final class PeerProbe {
    /** How often each connection is looked at. */
    private static final long LOOK_EVERY_MILLIS = 50;
    /** Duplicates held at once; more connections are probed in turns. */
    static final int AT_ONCE = 1000;

    private final ProbeSettings settings;

    public PeerProbe(ProbeSettings settings) {
        this.settings = settings;
    }

    public ProbeSettings settings() {
        return settings;
    }

    /** Probes every target (each socket once), in the order given. */
    public List<ProbeResult> probe(List<ProbeTarget> targets) throws IOException {
        List<ProbeResult> out = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i += AT_ONCE) {
            out.addAll(turn(targets.subList(i, Math.min(targets.size(), i + AT_ONCE))));
        }
        return out;
    }

    private List<ProbeResult> turn(List<ProbeTarget> targets) throws IOException {
        List<Probed> probes = new ArrayList<>(targets.size());
        try {
            for (ProbeTarget t : targets) {
                Probed p = new Probed(t);
                probes.add(p);
                start(p);
            }
            watch(probes);
        } finally {
            IOException failure = null;
            for (Probed p : probes) {
                try {
                    p.finish();
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        List<ProbeResult> out = new ArrayList<>(probes.size());
        for (Probed p : probes) {
            out.add(p.result());
        }
        return out;
    }

    private Probed start(Probed p) throws IOException {
        ProbeTarget t = p.target;
        try {
            p.dup = ForeignFd.take(t.pid(), t.fd());
        } catch (NativeException e) {
            if (e.is(Errno.EPERM) || e.is(Errno.EACCES)) {
                return p.decided(PeerVerdict.notProbed(PeerVerdict.Kind.NO_RIGHTS, "no ptrace rights over pid "
                        + t.pid() + ", which probing its connection through a duplicate of fd " + t.fd() + " needs"));
            }
            if (e.is(Errno.ESRCH) || e.is(Errno.EBADF)) {
                return p.decided(PeerVerdict.notProbed(PeerVerdict.Kind.GONE, "socket already gone: "
                        + (e.is(Errno.ESRCH) ? "pid " + t.pid() + " exited" : "pid " + t.pid() + " closed fd " + t.fd())));
            }
            if (e.is(Errno.ENOSYS)) {
                return p.decided(PeerVerdict.notProbed(PeerVerdict.Kind.NOT_PROBED, "this kernel has no pidfd_getfd "
                        + "(Linux 5.6), which probing needs"));
            }
            throw e;
        }
        if (FdLink.socketInode(p.dup.linkTarget()) != t.inode()) {
            return p.decided(PeerVerdict.notProbed(PeerVerdict.Kind.GONE, "socket already gone: fd " + t.fd()
                    + " of pid " + t.pid() + " no longer holds socket inode " + t.inode()));
        }
        Optional<String> why = notTcp(p.dup);
        if (why.isPresent()) {
            return p.decided(PeerVerdict.notProbed(PeerVerdict.Kind.NOT_PROBED, why.get()));
        }
        p.before = TcpCounters.decode(p.dup.tcpInfo());
        why = ProbeWatch.unprobeable(p.before);
        if (why.isPresent()) {
            return p.decided(PeerVerdict.notProbed(PeerVerdict.Kind.NOT_PROBED, why.get()));
        }
        p.saved = KeepaliveSettings.read(p.dup);
        p.watch = new ProbeWatch(p.before, settings);
        p.changed = true;
        try {
            settings.keepalive(p.before.probes()).startOn(p.dup);
        } catch (NativeException e) {
            p.restore();
            return p.decided(PeerVerdict.notProbed(PeerVerdict.Kind.NOT_PROBED, "the kernel refused its keepalive "
                    + "settings (" + e.getMessage() + ")"));
        }
        p.startNanos = System.nanoTime();
        return p;
    }

    /** Why the socket is no TCP connection keepalive can probe; empty for TCP. */
    private static Optional<String> notTcp(ForeignFd dup) throws NativeException {
        int domain = dup.domain();
        if (domain == Kernel.AF_UNIX) {
            return Optional.of("a UNIX socket: keepalive probes belong to TCP");
        }
        if (domain != Kernel.AF_INET && domain != Kernel.AF_INET6) {
            return Optional.of("not an internet socket (family " + domain + ")");
        }
        int protocol = dup.protocol();
        return switch (protocol) {
            case Kernel.IPPROTO_TCP -> Optional.empty();
            case Kernel.IPPROTO_UDP, Kernel.IPPROTO_UDPLITE -> Optional.of("UDP has no keepalive: nothing tells "
                    + "whether its peer is alive, and sockkill does not guess");
            case Kernel.IPPROTO_MPTCP -> Optional.of("an MPTCP connection: keepalive runs on its subflows, which "
                    + "sockkill does not probe");
            default -> Optional.of("a socket of protocol " + protocol + " has no keepalive to probe with");
        };
    }

    private void watch(List<Probed> probes) throws IOException {
        while (true) {
            boolean open = false;
            for (Probed p : probes) {
                open |= p.verdict == null;
            }
            if (!open) {
                return;
            }
            try {
                Thread.sleep(LOOK_EVERY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (Probed p : probes) {
                if (p.verdict == null) {
                    look(p);
                }
            }
        }
    }

    private void look(Probed p) throws IOException {
        long elapsed = (System.nanoTime() - p.startNanos) / 1_000_000;
        TcpCounters now = TcpCounters.decode(p.dup.tcpInfo());
        Optional<PeerVerdict> v = p.watch.observe(now, elapsed);
        if (v.isEmpty() && elapsed >= p.watch.deadlineMillis()) {
            v = Optional.of(p.watch.conclude(now, elapsed));
        }
        if (v.isPresent()) {
            p.decided(v.get());
            if (!p.verdict.ended()) {
                p.restore();
            }
        }
    }

    /** One connection being probed. */
    private static final class Probed {
        final ProbeTarget target;
        ForeignFd dup;
        TcpCounters before;
        KeepaliveSettings saved;
        ProbeWatch watch;
        long startNanos;
        boolean changed;
        PeerVerdict verdict;
        Boolean restored;
        String note = "";

        Probed(ProbeTarget target) {
            this.target = target;
        }

        Probed decided(PeerVerdict v) {
            verdict = v;
            return this;
        }

        /** Puts the remembered settings back (once), then reads them again to check. */
        void restore() {
            if (!changed || restored != null) {
                return;
            }
            try {
                saved.restoreOn(dup);
                KeepaliveSettings now = KeepaliveSettings.read(dup);
                restored = now.equals(saved);
                if (!restored) {
                    note = "its keepalive settings are now " + now + ", not " + saved + " as before";
                }
            } catch (NativeException e) {
                restored = false;
                note = "its keepalive settings could not all be put back (" + e.getMessage() + "): before the probe: "
                        + saved;
            }
        }

        /** Settings back where the connection still exists (an interrupted probe included), the duplicate closed. */
        void finish() throws IOException {
            if (verdict == null) {
                verdict = new PeerVerdict(PeerVerdict.Kind.UNDECIDED, (System.nanoTime() - startNanos) / 1_000_000,
                        "not proven: the probe was interrupted");
            }
            if (!verdict.ended()) {
                restore();
            }
            if (dup != null) {
                dup.close();
                dup = null;
            }
        }

        ProbeResult result() {
            return new ProbeResult(reported(), verdict, saved, verdict.ended() ? null : restored, note);
        }

        /**
         * The target as reported: where the kernel could not be asked about the socket (its namespace
         * out of reach) its state is unknown, and tcp_info, read before the probe, says it.
         */
        private ProbeTarget reported() {
            SocketEntry s = target.listed().socket();
            if (before == null || s.state() != 0 || !s.netid().isInet()) {
                return target;
            }
            SocketEntry known = SocketEntry.inet(s.netid(), s.family(), before.state(), s.tuple(), s.receiveQueue(),
                    s.sendQueue(), s.inode(), s.uid(), s.source());
            return new ProbeTarget(target.pid(), target.fd(), target.inode(),
                    new ListedSocket(known, target.listed().owners()));
        }
    }
}
