package sockkill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import sockkill.core.Diagnosis;
import sockkill.core.Netid;
import sockkill.core.SocketEntry;
import sockkill.core.ThreadWait;
import sockkill.core.WaitedFd;
import sockkill.diag.SockId;
import sockkill.diag.TcpInfo;
import sockkill.proc.FdKind;
import sockkill.proc.SyscallTable.Shape;
import sockkill.sys.Kernel;

class DiagnosisJsonTest {
    @Test
    void aDiagnosisHasTheDocumentedFields() {
        SocketEntry tcp = SocketEntry.inet(Netid.TCP, Kernel.AF_INET, Kernel.TCP_ESTABLISHED,
                new SockId(40114, 143, new byte[] {10, 77, 0, 1}, new byte[] {10, 77, 0, 2}, 0, 0xd20eL), 0, 0, 156611,
                0, SocketEntry.Source.SOCK_DIAG, new TcpInfo(0, 0, 4601, 4602, 4603, 0, 0, 0, -1));
        Diagnosis d = new Diagnosis(42, "mu\"tt", 43, "x86_64", List.of(
                new ThreadWait(42, "mutt", ThreadWait.State.IN_SYSCALL, "futex", 202, Shape.OTHER, List.of(), -1, ""),
                new ThreadWait(43, "io", ThreadWait.State.IN_SYSCALL, "epoll_wait", 232, Shape.EPOLL, List.of(3, 4), 6,
                        "fd 9 in epoll fd 6 was closed or replaced since it was added"),
                ThreadWait.notInSyscall(44, "gc", ThreadWait.State.RUNNING)), List.of(
                new WaitedFd(3, FdKind.SOCKET, "socket:[156611]", Netid.TCP, tcp, 4026532301L, List.of(43), List.of(),
                        ""),
                new WaitedFd(4, FdKind.PIPE, "pipe:[77]", null, null, -1, List.of(43), List.of(), ""),
                new WaitedFd(6, FdKind.EPOLL, "anon_inode:[eventpoll]", null, null, -1, List.of(43), List.of(3, 4), "")));
        JsonWriter json = new JsonWriter(new Utf8Text(1024));

        DiagnosisJson.object(json, d);

        String verdict = d.verdict().replace("\"", "\\\"");
        assertEquals("{\"pid\":42,\"comm\":\"mu\\\"tt\",\"thread_given\":43,\"arch\":\"x86_64\",\"threads\":["
                + "{\"tid\":42,\"comm\":\"mutt\",\"state\":\"in-syscall\",\"syscall\":\"futex\",\"syscall_nr\":202,"
                + "\"understood\":false,\"fds\":[],\"epoll_fd\":null,\"note\":null},"
                + "{\"tid\":43,\"comm\":\"io\",\"state\":\"in-syscall\",\"syscall\":\"epoll_wait\",\"syscall_nr\":232,"
                + "\"understood\":true,\"fds\":[3,4],\"epoll_fd\":6,"
                + "\"note\":\"fd 9 in epoll fd 6 was closed or replaced since it was added\"},"
                + "{\"tid\":44,\"comm\":\"gc\",\"state\":\"running\",\"syscall\":null,\"syscall_nr\":null,"
                + "\"understood\":false,\"fds\":[],\"epoll_fd\":null,\"note\":null}],"
                + "\"fds\":["
                + "{\"fd\":3,\"kind\":\"socket\",\"target\":\"socket:[156611]\",\"waited_by\":[43],\"watches\":[],"
                + "\"candidate\":true,\"socket\":{\"netid\":\"tcp\",\"state\":\"ESTAB\",\"local_address\":\"10.77.0.1\","
                + "\"local_port\":40114,\"peer_address\":\"10.77.0.2\",\"peer_port\":143,\"inode\":156611,\"uid\":0,"
                + "\"cookie\":53774,\"recv_q\":0,\"send_q\":0,\"processes\":[{\"pid\":42,\"fd\":3,\"comm\":\"mu\\\"tt\"}]},"
                + "\"netns\":4026532301,\"tcp_info\":{\"last_data_recv_ms\":4602,\"last_data_sent_ms\":4601,"
                + "\"last_ack_recv_ms\":4603,\"unacked\":0,\"retransmits\":0,\"backoff\":0,\"probes\":0,"
                + "\"total_retrans\":0,\"rto_us\":null},\"note\":null},"
                + "{\"fd\":4,\"kind\":\"pipe\",\"target\":\"pipe:[77]\",\"waited_by\":[43],\"watches\":[],"
                + "\"candidate\":false,\"socket\":null,\"netns\":null,\"tcp_info\":null,\"note\":null},"
                + "{\"fd\":6,\"kind\":\"epoll\",\"target\":\"anon_inode:[eventpoll]\",\"waited_by\":[43],"
                + "\"watches\":[3,4],\"candidate\":false,\"socket\":null,\"netns\":null,\"tcp_info\":null,\"note\":null}],"
                + "\"verdict\":{\"outcome\":\"one\",\"fds\":[3],\"message\":\"" + verdict + "\"}}",
                json.text().toString());
    }
}
