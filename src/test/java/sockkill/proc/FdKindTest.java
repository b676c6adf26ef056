package sockkill.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FdKindTest {
    @Test
    void theLinkTextTellsWhatAnFdIs() {
        assertEquals(FdKind.SOCKET, FdKind.of("socket:[156611]"));
        assertEquals(FdKind.PIPE, FdKind.of("pipe:[88498]"));
        assertEquals(FdKind.EPOLL, FdKind.of("anon_inode:[eventpoll]"));
        assertEquals(FdKind.EVENTFD, FdKind.of("anon_inode:[eventfd]"));
        assertEquals(FdKind.TIMERFD, FdKind.of("anon_inode:[timerfd]"));
        assertEquals(FdKind.SIGNALFD, FdKind.of("anon_inode:[signalfd]"));
        assertEquals(FdKind.INOTIFY, FdKind.of("anon_inode:inotify"));
        assertEquals(FdKind.PIDFD, FdKind.of("anon_inode:[pidfd]"));
        assertEquals(FdKind.PIDFD, FdKind.of("pidfd:[1234]"));
        assertEquals(FdKind.IO_URING, FdKind.of("anon_inode:[io_uring]"));
        assertEquals(FdKind.ANON, FdKind.of("anon_inode:bpf-map"));
        assertEquals(FdKind.TTY, FdKind.of("/dev/pts/1"));
        assertEquals(FdKind.TTY, FdKind.of("/dev/tty"));
        assertEquals(FdKind.TTY, FdKind.of("/dev/ttyS0"));
        assertEquals(FdKind.TTY, FdKind.of("/dev/console"));
        assertEquals(FdKind.FILE, FdKind.of("/dev/null"));
        assertEquals(FdKind.FILE, FdKind.of("/var/log/app.log (deleted)"));
        assertEquals(FdKind.OTHER, FdKind.of("net:[4026531840]"));
    }
}
