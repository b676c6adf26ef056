package sockkill.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import sockkill.core.Diagnosis;
import sockkill.core.ListedSocket;
import sockkill.core.ProbeResult;
import sockkill.core.ThreadWait;
import sockkill.core.WaitedFd;
import sockkill.diag.TcpInfo;
import sockkill.proc.FdOwner;

/**
 * A diagnosis as the JSON object {@code why --json} prints (field names documented in README):
 * {@code pid, comm, thread_given, arch, threads, fds, verdict}.
 */
final class DiagnosisJson {
    private DiagnosisJson() {
    }

    static void object(JsonWriter json, Diagnosis d) {
        object(json, d, null);
    }

    /** With {@code probes} (why --probe), each fd object gets a {@code probe} member (null where not probed). */
    static void object(JsonWriter json, Diagnosis d, Map<Integer, ProbeResult> probes) {
        json.beginObject().field("pid", d.pid()).field("comm", d.comm());
        json.name("thread_given");
        nullable(json, d.givenTid());
        json.field("arch", d.arch());
        json.name("threads").beginArray();
        for (ThreadWait t : d.threads()) {
            thread(json, t);
        }
        json.endArray();
        List<WaitedFd> candidates = d.candidates();
        Set<Integer> candidateFds = candidates.stream().map(WaitedFd::fd).collect(Collectors.toSet());
        json.name("fds").beginArray();
        for (WaitedFd f : d.fds()) {
            fd(json, d, f, candidateFds.contains(f.fd()), probes);
        }
        json.endArray();
        json.name("verdict").beginObject().field("outcome", d.outcome().label());
        json.name("fds");
        numbers(json, candidates.stream().map(WaitedFd::fd).toList());
        json.field("message", d.verdict()).endObject();
        json.endObject();
    }

    private static void thread(JsonWriter json, ThreadWait t) {
        boolean in = t.state() == ThreadWait.State.IN_SYSCALL;
        json.beginObject().field("tid", t.tid()).field("comm", t.comm()).field("state", t.state().label());
        json.name("syscall").value(in ? t.syscall() : null);
        json.name("syscall_nr");
        nullable(json, in ? t.number() : -1);
        json.field("understood", t.understood());
        json.name("fds");
        numbers(json, t.fds());
        json.name("epoll_fd");
        nullable(json, t.epollFd());
        json.name("note").value(t.note().isEmpty() ? null : t.note());
        json.endObject();
    }

    private static void fd(JsonWriter json, Diagnosis d, WaitedFd f, boolean candidate,
            Map<Integer, ProbeResult> probes) {
        json.beginObject().field("fd", f.fd()).field("kind", f.kind().label());
        json.name("target").value(f.target().isEmpty() ? null : f.target());
        json.name("waited_by");
        numbers(json, f.waitedBy());
        json.name("watches");
        numbers(json, f.watches());
        json.field("candidate", candidate);
        json.name("socket");
        if (f.socket().isPresent()) {
            SocketJson.object(json, new ListedSocket(f.socket().get(), List.of(new FdOwner(d.pid(), f.fd(), d.comm()))));
        } else {
            json.nullValue();
        }
        json.name("netns");
        nullable(json, f.netns());
        json.name("tcp_info");
        TcpInfo t = f.socket().flatMap(s -> s.tcpInfo()).orElse(null);
        if (t == null) {
            json.nullValue();
        } else {
            json.beginObject();
            json.name("last_data_recv_ms");
            nullable(json, t.lastDataReceivedMillis());
            json.name("last_data_sent_ms");
            nullable(json, t.lastDataSentMillis());
            json.name("last_ack_recv_ms");
            nullable(json, t.lastAckReceivedMillis());
            json.name("unacked");
            nullable(json, t.unacked());
            json.name("retransmits");
            nullable(json, t.retransmits());
            json.name("backoff");
            nullable(json, t.backoff());
            json.name("probes");
            nullable(json, t.probes());
            json.name("total_retrans");
            nullable(json, t.totalRetransmits());
            json.name("rto_us");
            nullable(json, t.rtoMicros());
            json.endObject();
        }
        json.name("note").value(f.note().isEmpty() ? null : f.note());
        if (probes != null) {
            ProbeJson.member(json, probes.get(f.fd()));
        }
        json.endObject();
    }

    /** A number, or null where it is negative (unknown, or not there). */
    private static void nullable(JsonWriter json, long v) {
        if (v < 0) {
            json.nullValue();
        } else {
            json.value(v);
        }
    }

    private static void numbers(JsonWriter json, List<Integer> values) {
        json.beginArray();
        for (int v : values) {
            json.value(v);
        }
        json.endArray();
    }
}
