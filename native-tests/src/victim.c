/*
 * victim - block in a socket call the way real programs do, then report
 * exactly what the call returned when the socket is killed under it.
 *
 * Output (stdout, one line at a time, flushed):
 *   READY pid=<pid> fd=<fd> inode=<ino> local=<addr> peer=<addr> tid=<tid> [fds=<fd>,<fd>...]
 *   RESULT op=<op> ret=<n> errno=<n> name=<NAME|OK|EOF|TIMEOUT> ms=<ms> [revents=0x..|fd=<fd>]
 *   ACCEPTED fd=<fd> peer=<addr> inode=<ino> local=<addr>      (tcp-serve, tcp-talk, tcp-echo)
 *   OPTS fd=<fd> keepalive=<0|1> idle=<s> intvl=<s> cnt=<n> user_timeout=<ms>   (--control)
 *   DATA fd=<fd> bytes=<n>                                     (--control)
 *   SETUP_ERROR op=<call> errno=<n> name=<NAME>                (exit 2)
 */
#define _GNU_SOURCE
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define EXIT_SETUP 2
#define EXIT_TIMEOUT 3

static volatile const char *g_op = "setup";
static volatile int64_t g_start_ns;
static int g_loop;
static int g_thread;
static int g_control;          /* --control: tcp-loop takes commands on stdin, reports data */
static int g_keepalive[4];     /* --keepalive IDLE:INTVL:CNT:USER_TIMEOUT_MS */
static int g_keepalive_set;
static int g_protocol;            /* 0, or IPPROTO_MPTCP with --mptcp (stream sockets only) */
static const char *g_netns_path;  /* --netns: where the sockets are made */
static int g_home_netns = -1;     /* with --netns: our own namespace, to return to after setup */
static int g_reuseport;           /* --reuseport: SO_REUSEPORT before bind (tcp-accept, tcp-serve, udp-bound) */

static void leave_netns(void);

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: victim [--timeout-sec N] [--loop] [--thread] [--mptcp] [--netns PATH] [--reuseport]\n"
        "              MODE ARGS...\n"
        "Modes:\n"
        "  tcp-recv ADDR PORT     connect, then block in recv(fd, buf, 4096, 0)\n"
        "  tcp-poll ADDR PORT     connect, then poll(POLLIN, -1) followed by read()\n"
        "  tcp-send ADDR PORT     connect, READY, wait for a line on stdin, send 4096 bytes\n"
        "                         (prints SENT), then block in recv(): data left unacknowledged\n"
        "  tcp-connect ADDR PORT  socket(), print READY, then block in connect()\n"
        "  udp-recv ADDR PORT     connect()ed UDP socket, send \"hello\", block in recv()\n"
        "  tcp-accept ADDR PORT   listen, then block in accept()\n"
        "  tcp-serve ADDR PORT    silent server: accept forever, hold connections, never read/write\n"
        "  tcp-drain ADDR PORT    server that reads and discards: accept one connection at a time, read it to EOF\n"
        "  tcp-blast ADDR PORT    bulk sender: connect, READY, then send() 64 KiB at a time as fast as the\n"
        "                         peer takes it, never reading; RESULT op=send when a send fails\n"
        "  unix-recv PATH         connect to UNIX stream socket PATH (@name = abstract), block in recv()\n"
        "  udp-bound ADDR PORT    bound, unconnected UDP socket, block in recv()\n"
        "  udp-unbound 4|6        UDP socket never bound nor connected, block in recv()\n"
        "  tcp-wait OP ADDR PORT  connect, then block in OP (the system call of that name):\n"
        "                         read readv recvfrom recvmsg recvmmsg: wait for data;\n"
        "                         poll ppoll select pselect6 epoll_wait epoll_pwait epoll_pwait2: wait for\n"
        "                         the socket or a wake-up pipe, then read();\n"
        "                         write writev sendto sendmsg sendmmsg: fill the send buffer first (the peer\n"
        "                         must not read), then block sending\n"
        "  tcp-accept4 ADDR PORT  listen, then block in accept4()\n"
        "  tcp-loop OP ADDR PORT [ADDR PORT]...  an event loop (OP poll or epoll) over one connection to\n"
        "                         each server and a wake-up pipe: reads whatever comes; a connection whose\n"
        "                         read fails gets a RESULT line and is dropped; exits when none is left\n"
        "  tcp-talk ADDR PORT     server that writes one byte every 100 ms to every connection it accepted\n"
        "  tcp-echo ADDR PORT     server that sends back whatever each connection sends it\n"
        "  pipe-read              block in read() on a pipe nobody writes to\n"
        "  tty-read               block in read() on a pseudo-terminal nobody types on\n"
        "Options:\n"
        "  --timeout-sec N  give up after N seconds: print RESULT ... name=TIMEOUT, exit 3\n"
        "  --loop           keep going while the blocking call succeeds (data/connection);\n"
        "                   without it the victim exits 0 after the first RESULT\n"
        "  --control        tcp-loop: also read commands on stdin, one a line: 'opts' prints an OPTS line\n"
        "                   per connection, anything else is sent (with its newline) on every connection;\n"
        "                   data a connection receives is reported as DATA lines\n"
        "  --keepalive I:N:C:U  tcp-loop, tcp-recv: turn keepalive on in each connection with TCP_KEEPIDLE I,\n"
        "                   TCP_KEEPINTVL N, TCP_KEEPCNT C and TCP_USER_TIMEOUT U (ms)\n"
        "  --thread         run the mode in a second thread (\"worker\"), beside a third (\"ticker\") in\n"
        "                   clock_nanosleep; the main thread waits for the worker in pthread_join (futex)\n"
        "  --mptcp          TCP modes make Multipath TCP sockets (IPPROTO_MPTCP) instead\n"
        "  --netns PATH     make the socket inside the network namespace PATH names\n"
        "                   (/run/netns/NAME, /proc/PID/ns/net), then return to our own\n"
        "                   before READY: the socket lives where the process does not\n"
        "  --reuseport      SO_REUSEPORT before bind (tcp-accept, tcp-serve, udp-bound):\n"
        "                   join a group of sockets sharing the port\n"
        "Output lines:\n"
        "  READY pid=<pid> fd=<fd> inode=<ino> local=<addr> peer=<addr> tid=<tid> [fds=<fd>,...]\n"
        "  RESULT op=<call> ret=<n> errno=<n> name=<NAME|OK|EOF|TIMEOUT> ms=<ms>\n"
        "         (op=poll and the other waits end with revents=0x<hex>; tcp-loop's read with fd=<fd>)\n"
        "  ACCEPTED fd=<fd> peer=<addr> inode=<ino> local=<addr>   (tcp-serve, tcp-talk, tcp-echo)\n"
        "  OPTS fd=<fd> keepalive=<0|1> idle=<s> intvl=<s> cnt=<n> user_timeout=<ms>   (--control)\n"
        "  DATA fd=<fd> bytes=<n>   (--control)\n"
        "  SETUP_ERROR op=<call> errno=<n> name=<NAME>   (exit 2)\n");
}

/* ---- async-signal-safe timeout report --------------------------------- */

static size_t put_str(char *buf, size_t pos, size_t cap, const char *s)
{
    while (*s && pos + 1 < cap)
        buf[pos++] = *s++;
    return pos;
}

static size_t put_i64(char *buf, size_t pos, size_t cap, int64_t v)
{
    char tmp[24];
    int n = 0;
    int neg = v < 0;
    uint64_t u = neg ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u && n < (int)sizeof(tmp));
    if (neg && pos + 1 < cap)
        buf[pos++] = '-';
    while (n > 0 && pos + 1 < cap)
        buf[pos++] = tmp[--n];
    return pos;
}

static void on_alarm(int sig)
{
    (void)sig;
    char line[160];
    size_t p = 0;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t now = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
    p = put_str(line, p, sizeof(line), "RESULT op=");
    p = put_str(line, p, sizeof(line), (const char *)g_op);
    p = put_str(line, p, sizeof(line), " ret=-1 errno=0 name=TIMEOUT ms=");
    p = put_i64(line, p, sizeof(line), (now - g_start_ns) / 1000000LL);
    p = put_str(line, p, sizeof(line), "\n");
    ssize_t w = write(STDOUT_FILENO, line, p);
    (void)w;
    _exit(EXIT_TIMEOUT);
}

/* ---- reporting helpers ------------------------------------------------ */

static void begin(const char *op)
{
    g_op = op;
    g_start_ns = now_ns();
}

static int64_t elapsed_ms(void)
{
    return (now_ns() - g_start_ns) / 1000000LL;
}

static void setup_error(const char *op, int err)
{
    char nb[16];
    printf("SETUP_ERROR op=%s errno=%d name=%s\n", op, err, errno_name(err, nb, sizeof(nb)));
    fflush(stdout);
    exit(EXIT_SETUP);
}

/* ret/err from a blocking call; data_ok: ret > 0 means success with data,
 * ret == 0 means EOF (recv/read); otherwise ret >= 0 means OK. */
static void result(const char *op, long ret, int err, int eof_on_zero, int64_t ms,
                   const char *extra)
{
    char nb[16];
    const char *name;
    if (ret < 0)
        name = errno_name(err, nb, sizeof(nb));
    else if (ret == 0 && eof_on_zero)
        name = "EOF";
    else
        name = "OK";
    printf("RESULT op=%s ret=%ld errno=%d name=%s ms=%lld%s%s\n", op, ret, ret < 0 ? err : 0,
           name, (long long)ms, extra ? " " : "", extra ? extra : "");
    fflush(stdout);
}

static void ready(int fd, const char *peer_override)
{
    char local[ADDR_TEXT_MAX], peer[ADDR_TEXT_MAX];
    leave_netns();
    format_local(fd, local, sizeof(local));
    if (peer_override != NULL)
        snprintf(peer, sizeof(peer), "%s", peer_override);
    else
        format_peer(fd, peer, sizeof(peer));
    printf("READY pid=%ld fd=%d inode=%llu local=%s peer=%s tid=%ld\n", (long)getpid(), fd,
           fd_inode(fd), local, peer, (long)syscall(SYS_gettid));
    fflush(stdout);
}

/* ---- --netns: make the socket elsewhere ------------------------------- */

static void enter_netns(const char *path)
{
    g_home_netns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (g_home_netns < 0)
        setup_error("open own netns", errno);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        setup_error("open netns", errno);
    if (setns(fd, CLONE_NEWNET) < 0)
        setup_error("setns", errno);
    close(fd);
}

/* Back to the namespace we started in; the sockets made meanwhile stay where they were made. */
static void leave_netns(void)
{
    if (g_home_netns < 0)
        return;
    if (setns(g_home_netns, CLONE_NEWNET) < 0)
        setup_error("setns back", errno);
    close(g_home_netns);
    g_home_netns = -1;
}

/* ---- modes ------------------------------------------------------------ */

static int inet_socket(const struct sockaddr_storage *ss, int type)
{
    int fd = socket(ss->ss_family, type, type == SOCK_STREAM ? g_protocol : 0);
    if (fd < 0)
        setup_error("socket", errno);
    return fd;
}

static void connect_or_die(int fd, const struct sockaddr *sa, socklen_t len)
{
    begin("connect");
    if (connect(fd, sa, len) < 0)
        setup_error("connect", errno);
}

/* Block in recv() (or poll()+read()) until it returns EOF/error. */
static int recv_loop(int fd, int use_poll)
{
    char buf[4096];
    for (;;) {
        if (use_poll) {
            struct pollfd pfd = { .fd = fd, .events = POLLIN };
            begin("poll");
            int r = poll(&pfd, 1, -1);
            int err = errno;
            int64_t ms = elapsed_ms();
            char extra[32];
            snprintf(extra, sizeof(extra), "revents=0x%x", r > 0 ? (unsigned)pfd.revents : 0u);
            result("poll", r, err, 0, ms, extra);

            begin("read");
            ssize_t n = read(fd, buf, sizeof(buf));
            err = errno;
            result("read", (long)n, err, 1, elapsed_ms(), NULL);
            if (!(g_loop && n > 0))
                return 0;
        } else {
            begin("recv");
            ssize_t n = recv(fd, buf, sizeof(buf), 0);
            int err = errno;
            result("recv", (long)n, err, 1, elapsed_ms(), NULL);
            if (!(g_loop && n > 0))
                return 0;
        }
    }
}

static int listen_socket(const struct sockaddr_storage *ss, socklen_t len)
{
    int fd = inet_socket(ss, SOCK_STREAM);
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
        setup_error("setsockopt", errno);
    if (g_reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0)
        setup_error("setsockopt", errno);
    if (bind(fd, (const struct sockaddr *)ss, len) < 0)
        setup_error("bind", errno);
    if (listen(fd, 4096) < 0)
        setup_error("listen", errno);
    return fd;
}

static int accept_transient(int err)
{
    /* Errors accept(2) says to treat like EAGAIN, plus EINTR. */
    switch (err) {
    case EINTR:
    case ECONNABORTED:
    case EPROTO:
    case ENETDOWN:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case ENETUNREACH:
    case EAGAIN:
        return 1;
    default:
        return 0;
    }
}

static int mode_tcp_serve(const struct sockaddr_storage *ss, socklen_t len)
{
    int lfd = listen_socket(ss, len);
    ready(lfd, NULL);
    for (;;) {
        begin("accept");
        int c = accept(lfd, NULL, NULL);
        int err = errno;
        if (c < 0) {
            result("accept", -1, err, 0, elapsed_ms(), NULL);
            if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM) {
                struct timespec ts = { 0, 100 * 1000000L };
                nanosleep(&ts, NULL);
                continue;
            }
            if (accept_transient(err))
                continue;
            return 0;
        }
        char local[ADDR_TEXT_MAX], peer[ADDR_TEXT_MAX];
        format_peer(c, peer, sizeof(peer));
        format_local(c, local, sizeof(local));
        printf("ACCEPTED fd=%d peer=%s inode=%llu local=%s\n", c, peer, fd_inode(c), local);
        fflush(stdout);
        /* hold c: never read, never write, never close */
    }
}

/* A server that reads: one connection at a time, everything it sends discarded, until its EOF. */
static int mode_tcp_drain(const struct sockaddr_storage *ss, socklen_t len)
{
    int lfd = listen_socket(ss, len);
    ready(lfd, NULL);
    static char buf[65536];
    for (;;) {
        begin("accept");
        int c = accept(lfd, NULL, NULL);
        if (c < 0) {
            int err = errno;
            if (accept_transient(err))
                continue;
            result("accept", -1, err, 0, elapsed_ms(), NULL);
            return 0;
        }
        char local[ADDR_TEXT_MAX], peer[ADDR_TEXT_MAX];
        format_peer(c, peer, sizeof(peer));
        format_local(c, local, sizeof(local));
        printf("ACCEPTED fd=%d peer=%s inode=%llu local=%s\n", c, peer, fd_inode(c), local);
        fflush(stdout);
        for (;;) {
            ssize_t n = read(c, buf, sizeof(buf));
            if (n > 0 || (n < 0 && errno == EINTR))
                continue;
            break;
        }
        close(c);
    }
}

/* ---- tcp-wait: one blocking call of a chosen name ---------------------- */

static const char *const READ_OPS[] = { "read", "readv", "recvfrom", "recvmsg", "recvmmsg", NULL };
static const char *const WAIT_OPS[] = { "poll", "ppoll", "select", "pselect6", "epoll_wait",
                                        "epoll_pwait", "epoll_pwait2", NULL };
static const char *const SEND_OPS[] = { "write", "writev", "sendto", "sendmsg", "sendmmsg", NULL };

static int one_of(const char *op, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(op, *list) == 0)
            return 1;
    return 0;
}

/* The call named op on fd, reading or writing len bytes of buf; returns what it returned. */
static long transfer(const char *op, int fd, char *buf, size_t len)
{
    struct iovec iov = { .iov_base = buf, .iov_len = len };
    struct msghdr msg;
    memset(&msg, 0, sizeof(msg));
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    struct mmsghdr mm;
    memset(&mm, 0, sizeof(mm));
    mm.msg_hdr = msg;
    int r;

    if (strcmp(op, "read") == 0)
        return read(fd, buf, len);
    if (strcmp(op, "readv") == 0)
        return readv(fd, &iov, 1);
    if (strcmp(op, "recvfrom") == 0)
        return recvfrom(fd, buf, len, 0, NULL, NULL);
    if (strcmp(op, "recvmsg") == 0)
        return recvmsg(fd, &msg, 0);
    if (strcmp(op, "recvmmsg") == 0) {
        r = recvmmsg(fd, &mm, 1, 0, NULL);
        return r < 0 ? -1 : (long)mm.msg_len;
    }
    if (strcmp(op, "write") == 0)
        return write(fd, buf, len);
    if (strcmp(op, "writev") == 0)
        return writev(fd, &iov, 1);
    if (strcmp(op, "sendto") == 0)
        return sendto(fd, buf, len, 0, NULL, 0);
    if (strcmp(op, "sendmsg") == 0)
        return sendmsg(fd, &msg, 0);
    r = sendmmsg(fd, &mm, 1, 0);
    return r < 0 ? -1 : (long)mm.msg_len;
}

/* Sends until the send buffer stays full: the peer reads nothing, so once its window is shut and
 * the last acks are in, no byte more fits and the next blocking send waits for good. */
static void fill_send_buffer(int fd)
{
    static char chunk[65536];
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        setup_error("fcntl", errno);
    memset(chunk, 'x', sizeof(chunk));
    for (int quiet = 0; quiet < 3;) {
        long sent = 0;
        for (;;) {
            ssize_t n = send(fd, chunk, sizeof(chunk), 0);
            if (n > 0) {
                sent += n;
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            setup_error("send", errno);
        }
        quiet = sent == 0 ? quiet + 1 : 0;
        struct timespec ts = { 0, 100 * 1000000L };
        nanosleep(&ts, NULL);
    }
    if (fcntl(fd, F_SETFL, flags) < 0)
        setup_error("fcntl", errno);
}

/* One wait of the named kind on the socket and a wake-up pipe nobody writes to: returns what the
 * call returned and sets *revents to the socket's events. */
static long wait_named(const char *op, int fd, int wake, unsigned *revents)
{
    long r = -1;
    *revents = 0;
    if (strcmp(op, "poll") == 0 || strcmp(op, "ppoll") == 0) {
        struct pollfd p[2] = { { .fd = wake, .events = POLLIN }, { .fd = fd, .events = POLLIN } };
        if (op[0] == 'p' && op[1] == 'o') {
#ifdef SYS_poll
            r = syscall(SYS_poll, p, 2, -1);
#else
            setup_error("poll", ENOSYS);
#endif
        } else {
            r = syscall(SYS_ppoll, p, 2, NULL, NULL, (size_t)8);
        }
        *revents = (unsigned)p[1].revents;
        return r;
    }
    if (strcmp(op, "select") == 0 || strcmp(op, "pselect6") == 0) {
        fd_set in;
        FD_ZERO(&in);
        FD_SET(wake, &in);
        FD_SET(fd, &in);
        int nfds = (fd > wake ? fd : wake) + 1;
        if (op[0] == 's') {
#ifdef SYS_select
            r = syscall(SYS_select, nfds, &in, NULL, NULL, NULL);
#else
            setup_error("select", ENOSYS);
#endif
        } else {
            r = syscall(SYS_pselect6, nfds, &in, NULL, NULL, NULL, NULL);
        }
        *revents = FD_ISSET(fd, &in) ? POLLIN : 0;
        return r;
    }
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0)
        setup_error("epoll_create1", errno);
    struct epoll_event ev = { .events = EPOLLIN, .data.fd = wake };
    if (epoll_ctl(ep, EPOLL_CTL_ADD, wake, &ev) < 0)
        setup_error("epoll_ctl", errno);
    ev.data.fd = fd;
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
        setup_error("epoll_ctl", errno);
    struct epoll_event out[4];
    if (strcmp(op, "epoll_wait") == 0) {
#ifdef SYS_epoll_wait
        r = syscall(SYS_epoll_wait, ep, out, 4, -1);
#else
        setup_error("epoll_wait", ENOSYS);
#endif
    } else if (strcmp(op, "epoll_pwait") == 0) {
        r = syscall(SYS_epoll_pwait, ep, out, 4, -1, NULL, (size_t)8);
    } else {
#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif
        r = syscall(SYS_epoll_pwait2, ep, out, 4, NULL, NULL, (size_t)8);
    }
    for (long i = 0; i < r; i++)
        if (out[i].data.fd == fd)
            *revents = out[i].events;
    return r;
}

static int mode_tcp_wait(const char *op, const struct sockaddr_storage *ss, socklen_t slen)
{
    static char buf[65536];
    int fd = inet_socket(ss, SOCK_STREAM);
    connect_or_die(fd, (const struct sockaddr *)ss, slen);
    if (one_of(op, SEND_OPS)) {
        fill_send_buffer(fd);
        memset(buf, 'y', sizeof(buf));
        ready(fd, NULL);
        begin(op);
        long n = transfer(op, fd, buf, sizeof(buf));
        int err = errno;
        result(op, n, err, 0, elapsed_ms(), NULL);
        return 0;
    }
    if (one_of(op, READ_OPS)) {
        ready(fd, NULL);
        begin(op);
        long n = transfer(op, fd, buf, sizeof(buf));
        int err = errno;
        result(op, n, err, 1, elapsed_ms(), NULL);
        return 0;
    }
    int wake[2];
    if (pipe2(wake, O_CLOEXEC) < 0)
        setup_error("pipe", errno);
    ready(fd, NULL);
    begin(op);
    unsigned revents;
    long r = wait_named(op, fd, wake[0], &revents);
    int err = errno;
    char extra[32];
    snprintf(extra, sizeof(extra), "revents=0x%x", revents);
    result(op, r, err, 0, elapsed_ms(), extra);
    begin("read");
    ssize_t n = read(fd, buf, sizeof(buf));
    err = errno;
    result("read", (long)n, err, 1, elapsed_ms(), NULL);
    return 0;
}

/* ---- --keepalive and --control: keepalive settings set and reported ------ */

/* --keepalive: keepalive on, with the given idle time, interval, count and user timeout. */
static void apply_keepalive(int fd)
{
    if (!g_keepalive_set)
        return;
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)) < 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &g_keepalive[0], sizeof(int)) < 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &g_keepalive[1], sizeof(int)) < 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &g_keepalive[2], sizeof(int)) < 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &g_keepalive[3], sizeof(int)) < 0)
        setup_error("setsockopt-keepalive", errno);
}

static int int_option(int fd, int level, int name)
{
    int v = -1;
    socklen_t len = sizeof(v);
    if (getsockopt(fd, level, name, &v, &len) < 0)
        return -1;
    return v;
}

/* OPTS fd=.. keepalive=.. idle=.. intvl=.. cnt=.. user_timeout=..: the connection's own settings. */
static void print_opts(int fd)
{
    printf("OPTS fd=%d keepalive=%d idle=%d intvl=%d cnt=%d user_timeout=%d\n", fd,
           int_option(fd, SOL_SOCKET, SO_KEEPALIVE), int_option(fd, IPPROTO_TCP, TCP_KEEPIDLE),
           int_option(fd, IPPROTO_TCP, TCP_KEEPINTVL), int_option(fd, IPPROTO_TCP, TCP_KEEPCNT),
           int_option(fd, IPPROTO_TCP, TCP_USER_TIMEOUT));
    fflush(stdout);
}

/* Reads what stdin has and runs each complete line: 'opts', or text to send on every connection.
 * Returns 0 at end of input. */
static int control(const int *fds, int npeers)
{
    static char line[1024];
    static size_t used;
    ssize_t n = read(0, line + used, sizeof(line) - 1 - used);
    if (n <= 0)
        return n < 0 && errno == EINTR;
    used += (size_t)n;
    char *nl;
    while ((nl = memchr(line, '\n', used)) != NULL) {
        size_t len = (size_t)(nl - line) + 1;
        if (len == 5 && memcmp(line, "opts\n", 5) == 0) {
            for (int i = 0; i < npeers; i++)
                print_opts(fds[i]);
        } else {
            for (int i = 0; i < npeers; i++)
                if (send(fds[i], line, len, MSG_NOSIGNAL) < 0)
                    printf("SEND_ERROR fd=%d errno=%d\n", fds[i], errno);
            fflush(stdout);
        }
        memmove(line, line + len, used - len);
        used -= len;
    }
    if (used == sizeof(line) - 1)
        used = 0; /* a line too long: dropped */
    return 1;
}

/* ---- tcp-loop: an event loop over several connections ------------------ */

#define LOOP_MAX 16

static int mode_tcp_loop(const char *op, int npeers, char **peers)
{
    int fds[LOOP_MAX];
    char list[LOOP_MAX * 8] = "";
    int wake[2];
    if (npeers > LOOP_MAX)
        setup_error("too-many-peers", EINVAL);
    for (int i = 0; i < npeers; i++) {
        struct sockaddr_storage ss;
        socklen_t slen;
        if (parse_inet(peers[2 * i], peers[2 * i + 1], &ss, &slen) < 0)
            setup_error("address", EINVAL);
        fds[i] = inet_socket(&ss, SOCK_STREAM);
        connect_or_die(fds[i], (struct sockaddr *)&ss, slen);
        apply_keepalive(fds[i]);
        snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%d", i ? "," : "", fds[i]);
    }
    if (pipe2(wake, O_CLOEXEC) < 0)
        setup_error("pipe", errno);
    int ep = -1;
    if (strcmp(op, "epoll") == 0) {
        ep = epoll_create1(EPOLL_CLOEXEC);
        if (ep < 0)
            setup_error("epoll_create1", errno);
        for (int i = g_control ? -2 : -1; i < npeers; i++) {
            int fd = i == -2 ? 0 : i < 0 ? wake[0] : fds[i];
            struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };
            if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
                setup_error("epoll_ctl", errno);
        }
    } else if (strcmp(op, "poll") != 0) {
        setup_error("loop-op", EINVAL);
    }
    char local[ADDR_TEXT_MAX], peer[ADDR_TEXT_MAX];
    format_local(fds[0], local, sizeof(local));
    format_peer(fds[0], peer, sizeof(peer));
    printf("READY pid=%ld fd=%d inode=%llu local=%s peer=%s tid=%ld fds=%s\n", (long)getpid(), fds[0],
           fd_inode(fds[0]), local, peer, (long)syscall(SYS_gettid), list);
    fflush(stdout);
    char buf[4096];
    int stdin_open = g_control;
    for (;;) {
        int ready_fds[LOOP_MAX + 2];
        int nready = 0;
        begin(op);
        if (ep >= 0) {
            struct epoll_event out[LOOP_MAX + 2];
            int r = epoll_wait(ep, out, LOOP_MAX + 2, -1);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                setup_error("epoll_wait", errno);
            for (int i = 0; i < r; i++)
                ready_fds[nready++] = out[i].data.fd;
        } else {
            struct pollfd p[LOOP_MAX + 2];
            p[0].fd = wake[0];
            p[0].events = POLLIN;
            for (int i = 0; i < npeers; i++) {
                p[i + 1].fd = fds[i];
                p[i + 1].events = POLLIN;
            }
            p[npeers + 1].fd = stdin_open ? 0 : -1;
            p[npeers + 1].events = POLLIN;
            int r = poll(p, (nfds_t)npeers + 2, -1);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                setup_error("poll", errno);
            for (int i = 0; i <= npeers + 1; i++)
                if (p[i].revents)
                    ready_fds[nready++] = p[i].fd;
        }
        for (int i = 0; i < nready; i++) {
            if (ready_fds[i] == 0 && stdin_open) {
                if (!control(fds, npeers)) {
                    stdin_open = 0;
                    if (ep >= 0)
                        epoll_ctl(ep, EPOLL_CTL_DEL, 0, NULL);
                }
                continue;
            }
            begin("read");
            ssize_t n = read(ready_fds[i], buf, sizeof(buf));
            int err = errno;
            if (n > 0) {
                if (g_control) {
                    printf("DATA fd=%d bytes=%zd\n", ready_fds[i], n);
                    fflush(stdout);
                }
                continue;
            }
            char extra[32];
            snprintf(extra, sizeof(extra), "fd=%d", ready_fds[i]);
            result("read", (long)n, err, 1, elapsed_ms(), extra);
            /* that connection is done: the loop goes on with the others, and ends with the last */
            for (int k = 0; k < npeers; k++) {
                if (fds[k] == ready_fds[i]) {
                    if (ep >= 0)
                        epoll_ctl(ep, EPOLL_CTL_DEL, fds[k], NULL);
                    close(fds[k]);
                    fds[k] = fds[--npeers];
                    break;
                }
            }
            if (npeers == 0)
                return 0;
        }
    }
}

/* ---- tcp-talk: a live peer that keeps talking --------------------------- */

static int mode_tcp_talk(const struct sockaddr_storage *ss, socklen_t len)
{
    int lfd = listen_socket(ss, len);
    int conns[1024];
    int n = 0;
    ready(lfd, NULL);
    for (;;) {
        struct pollfd p = { .fd = lfd, .events = POLLIN };
        if (poll(&p, 1, 100) > 0 && n < 1024) {
            int c = accept(lfd, NULL, NULL);
            if (c >= 0) {
                char local[ADDR_TEXT_MAX], peer[ADDR_TEXT_MAX];
                format_peer(c, peer, sizeof(peer));
                format_local(c, local, sizeof(local));
                printf("ACCEPTED fd=%d peer=%s inode=%llu local=%s\n", c, peer, fd_inode(c), local);
                fflush(stdout);
                conns[n++] = c;
            }
        }
        for (int i = 0; i < n;) {
            if (send(conns[i], "x", 1, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 && errno != EAGAIN) {
                close(conns[i]);
                conns[i] = conns[--n];
            } else {
                i++;
            }
        }
    }
    return 0; /* not reached */
}

/* ---- tcp-echo: a live, quiet peer that sends back what it gets ----------- */

#define ECHO_MAX 1024

static int mode_tcp_echo(const struct sockaddr_storage *ss, socklen_t len)
{
    int lfd = listen_socket(ss, len);
    struct pollfd p[ECHO_MAX + 1];
    int n = 0;
    ready(lfd, NULL);
    static char buf[4096];
    for (;;) {
        p[0].fd = lfd;
        p[0].events = n < ECHO_MAX ? POLLIN : 0;
        for (int i = 1; i <= n; i++)
            p[i].events = POLLIN;
        begin("poll");
        if (poll(p, (nfds_t)n + 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            setup_error("poll", errno);
        }
        for (int i = 1; i <= n;) {
            if (p[i].revents) {
                ssize_t got = read(p[i].fd, buf, sizeof(buf));
                if (got > 0) {
                    ssize_t w = send(p[i].fd, buf, (size_t)got, MSG_NOSIGNAL);
                    (void)w;
                } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
                    close(p[i].fd);
                    p[i] = p[n--];
                    continue;
                }
            }
            i++;
        }
        if (p[0].revents & POLLIN) {
            int c = accept(lfd, NULL, NULL);
            if (c >= 0) {
                char local[ADDR_TEXT_MAX], peer[ADDR_TEXT_MAX];
                format_peer(c, peer, sizeof(peer));
                format_local(c, local, sizeof(local));
                printf("ACCEPTED fd=%d peer=%s inode=%llu local=%s\n", c, peer, fd_inode(c), local);
                fflush(stdout);
                n++;
                p[n].fd = c;
                p[n].revents = 0;
            }
        }
    }
    return 0; /* not reached */
}

/* ---- pipe-read, tty-read: blocked on no socket at all ------------------- */

static int block_reading(int fd)
{
    char buf[256];
    ready(fd, "-");
    begin("read");
    ssize_t n = read(fd, buf, sizeof(buf));
    int err = errno;
    result("read", (long)n, err, 1, elapsed_ms(), NULL);
    return 0;
}

static int mode_pipe_read(void)
{
    int p[2];
    if (pipe(p) < 0)
        setup_error("pipe", errno);
    return block_reading(p[0]); /* p[1] stays open: no end of file */
}

static int mode_tty_read(void)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
        setup_error("posix_openpt", errno);
    const char *name = ptsname(master);
    if (name == NULL)
        setup_error("ptsname", errno);
    int slave = open(name, O_RDWR | O_NOCTTY);
    if (slave < 0)
        setup_error("open", errno);
    return block_reading(slave); /* the master stays open: nobody types, nobody hangs up */
}

/* ---- modes and threads -------------------------------------------------- */

static const struct {
    const char *name;
    int min_args, max_args; /* after the mode */
} MODES[] = {
    { "tcp-recv", 2, 2 },    { "tcp-poll", 2, 2 },   { "tcp-send", 2, 2 },
    { "tcp-connect", 2, 2 }, { "udp-recv", 2, 2 },   { "tcp-accept", 2, 2 },
    { "tcp-serve", 2, 2 },   { "unix-recv", 1, 1 },  { "tcp-wait", 3, 3 },
    { "tcp-accept4", 2, 2 }, { "tcp-loop", 3, 1 + 2 * LOOP_MAX },
    { "tcp-talk", 2, 2 },    { "pipe-read", 0, 0 },  { "tty-read", 0, 0 },
    { "udp-bound", 2, 2 },   { "udp-unbound", 1, 1 },
    { "tcp-drain", 2, 2 },   { "tcp-blast", 2, 2 },
    { "tcp-echo", 2, 2 },
};

static int run_mode(const char *mode, int nargs, char **args)
{
    /* on the thread that makes the sockets: a namespace belongs to a thread */
    if (g_netns_path != NULL)
        enter_netns(g_netns_path);
    if (strcmp(mode, "udp-unbound") == 0) {
        if (strcmp(args[0], "4") != 0 && strcmp(args[0], "6") != 0) {
            fprintf(stderr, "victim: udp-unbound wants 4 or 6, not '%s'\n", args[0]);
            exit(EXIT_SETUP);
        }
        int fd = socket(args[0][0] == '4' ? AF_INET : AF_INET6, SOCK_DGRAM, 0);
        if (fd < 0)
            setup_error("socket", errno);
        ready(fd, NULL);
        return recv_loop(fd, 0);
    }
    if (strcmp(mode, "pipe-read") == 0)
        return mode_pipe_read();
    if (strcmp(mode, "tty-read") == 0)
        return mode_tty_read();
    if (strcmp(mode, "tcp-loop") == 0) {
        if ((nargs - 1) % 2 != 0)
            setup_error("arguments", EINVAL);
        return mode_tcp_loop(args[0], (nargs - 1) / 2, args + 1);
    }

    if (strcmp(mode, "unix-recv") == 0) {
        struct sockaddr_un sun;
        socklen_t slen;
        if (make_unix_addr(args[0], &sun, &slen) < 0)
            setup_error("address", errno);
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0)
            setup_error("socket", errno);
        connect_or_die(fd, (struct sockaddr *)&sun, slen);
        char peer[ADDR_TEXT_MAX];
        format_peer(fd, peer, sizeof(peer));
        ready(fd, peer);
        return recv_loop(fd, 0);
    }

    const char *op = NULL;
    if (strcmp(mode, "tcp-wait") == 0) {
        op = args[0];
        args++;
        if (!one_of(op, READ_OPS) && !one_of(op, WAIT_OPS) && !one_of(op, SEND_OPS)) {
            fprintf(stderr, "victim: tcp-wait: unknown call '%s'\n", op);
            exit(EXIT_SETUP);
        }
    }

    struct sockaddr_storage ss;
    socklen_t slen;
    if (parse_inet(args[0], args[1], &ss, &slen) < 0) {
        fprintf(stderr, "victim: bad address/port '%s' '%s'\n", args[0], args[1]);
        exit(EXIT_SETUP);
    }

    if (op != NULL)
        return mode_tcp_wait(op, &ss, slen);
    if (strcmp(mode, "tcp-talk") == 0)
        return mode_tcp_talk(&ss, slen);
    if (strcmp(mode, "tcp-echo") == 0)
        return mode_tcp_echo(&ss, slen);

    if (strcmp(mode, "tcp-recv") == 0 || strcmp(mode, "tcp-poll") == 0) {
        int fd = inet_socket(&ss, SOCK_STREAM);
        connect_or_die(fd, (struct sockaddr *)&ss, slen);
        apply_keepalive(fd);
        ready(fd, NULL);
        return recv_loop(fd, mode[4] == 'p');
    }

    if (strcmp(mode, "tcp-send") == 0) {
        int fd = inet_socket(&ss, SOCK_STREAM);
        connect_or_die(fd, (struct sockaddr *)&ss, slen);
        ready(fd, NULL);
        char go;
        begin("stdin");
        if (read(0, &go, 1) != 1)
            setup_error("read stdin", errno);
        static char data[4096];
        memset(data, 'x', sizeof(data));
        begin("send");
        ssize_t n = send(fd, data, sizeof(data), 0);
        if (n < 0)
            setup_error("send", errno);
        printf("SENT bytes=%zd\n", n);
        fflush(stdout);
        return recv_loop(fd, 0);
    }

    if (strcmp(mode, "udp-bound") == 0) {
        int fd = inet_socket(&ss, SOCK_DGRAM);
        int one = 1;
        if (g_reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0)
            setup_error("setsockopt", errno);
        if (bind(fd, (struct sockaddr *)&ss, slen) < 0)
            setup_error("bind", errno);
        ready(fd, NULL);
        return recv_loop(fd, 0);
    }

    if (strcmp(mode, "udp-recv") == 0) {
        int fd = inet_socket(&ss, SOCK_DGRAM);
        connect_or_die(fd, (struct sockaddr *)&ss, slen);
        begin("send");
        if (send(fd, "hello", 5, 0) < 0)
            setup_error("send", errno);
        ready(fd, NULL);
        return recv_loop(fd, 0);
    }

    if (strcmp(mode, "tcp-connect") == 0) {
        int fd = inet_socket(&ss, SOCK_STREAM);
        char target[ADDR_TEXT_MAX];
        format_inet((struct sockaddr *)&ss, slen, target, sizeof(target));
        ready(fd, target);
        begin("connect");
        int r = connect(fd, (struct sockaddr *)&ss, slen);
        int err = errno;
        result("connect", r, err, 0, elapsed_ms(), NULL);
        return 0;
    }

    if (strcmp(mode, "tcp-accept") == 0 || strcmp(mode, "tcp-accept4") == 0) {
        int four = mode[10] == '4';
        int lfd = listen_socket(&ss, slen);
        ready(lfd, NULL);
        for (;;) {
            const char *name = four ? "accept4" : "accept";
            begin(name);
            int c = four ? accept4(lfd, NULL, NULL, SOCK_CLOEXEC) : accept(lfd, NULL, NULL);
            int err = errno;
            result(name, c, err, 0, elapsed_ms(), NULL);
            if (!(g_loop && c >= 0))
                return 0;
        }
    }

    if (strcmp(mode, "tcp-drain") == 0)
        return mode_tcp_drain(&ss, slen);

    if (strcmp(mode, "tcp-blast") == 0) {
        int fd = inet_socket(&ss, SOCK_STREAM);
        connect_or_die(fd, (struct sockaddr *)&ss, slen);
        ready(fd, NULL);
        static char data[65536];
        memset(data, 'x', sizeof(data));
        for (;;) {
            begin("send");
            ssize_t n = send(fd, data, sizeof(data), 0);
            if (n < 0) {
                int err = errno;
                if (err == EINTR)
                    continue;
                result("send", -1, err, 0, elapsed_ms(), NULL);
                return 0;
            }
        }
    }

    return mode_tcp_serve(&ss, slen);
}

struct mode_call {
    const char *mode;
    int nargs;
    char **args;
    int status;
};

static void *worker_main(void *arg)
{
    struct mode_call *c = arg;
    pthread_setname_np(pthread_self(), "worker");
    c->status = run_mode(c->mode, c->nargs, c->args);
    return NULL;
}

static void *ticker_main(void *arg)
{
    (void)arg;
    pthread_setname_np(pthread_self(), "ticker");
    for (;;) {
        struct timespec ts = { 3600, 0 };
        clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int argi = 1;
    long timeout = 0;

    ensure_std_fds();
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);

    while (argi < argc && strncmp(argv[argi], "--", 2) == 0) {
        if (strcmp(argv[argi], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[argi], "--loop") == 0) {
            g_loop = 1;
            argi++;
        } else if (strcmp(argv[argi], "--thread") == 0) {
            g_thread = 1;
            argi++;
        } else if (strcmp(argv[argi], "--control") == 0) {
            g_control = 1;
            argi++;
        } else if (strcmp(argv[argi], "--keepalive") == 0 && argi + 1 < argc) {
            if (sscanf(argv[argi + 1], "%d:%d:%d:%d", &g_keepalive[0], &g_keepalive[1], &g_keepalive[2],
                       &g_keepalive[3]) != 4) {
                fprintf(stderr, "victim: bad --keepalive value '%s' (IDLE:INTVL:CNT:USER_TIMEOUT_MS)\n",
                        argv[argi + 1]);
                return EXIT_SETUP;
            }
            g_keepalive_set = 1;
            argi += 2;
        } else if (strcmp(argv[argi], "--mptcp") == 0) {
            g_protocol = IPPROTO_MPTCP;
            argi++;
        } else if (strcmp(argv[argi], "--reuseport") == 0) {
            g_reuseport = 1;
            argi++;
        } else if (strcmp(argv[argi], "--netns") == 0 && argi + 1 < argc) {
            g_netns_path = argv[argi + 1];
            argi += 2;
        } else if (strcmp(argv[argi], "--timeout-sec") == 0 && argi + 1 < argc) {
            char *end;
            timeout = strtol(argv[argi + 1], &end, 10);
            if (*argv[argi + 1] == '\0' || *end != '\0' || timeout < 0 || timeout > 1000000) {
                fprintf(stderr, "victim: bad --timeout-sec value '%s'\n", argv[argi + 1]);
                return EXIT_SETUP;
            }
            argi += 2;
        } else {
            fprintf(stderr, "victim: unknown option '%s'\n", argv[argi]);
            usage(stderr);
            return EXIT_SETUP;
        }
    }
    if (argi >= argc) {
        usage(stderr);
        return EXIT_SETUP;
    }

    const char *mode = argv[argi++];
    int nargs = argc - argi;
    int known = 0, fits = 0;
    for (size_t i = 0; i < sizeof(MODES) / sizeof(MODES[0]); i++) {
        if (strcmp(mode, MODES[i].name) == 0) {
            known = 1;
            fits = nargs >= MODES[i].min_args && nargs <= MODES[i].max_args;
        }
    }
    if (!fits) {
        fprintf(stderr, "victim: %s '%s'\n", known ? "wrong arguments for mode" : "unknown mode", mode);
        usage(stderr);
        return EXIT_SETUP;
    }

    raise_nofile_limit();

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    begin("setup");
    if (timeout > 0)
        alarm((unsigned)timeout);

    if (!g_thread)
        return run_mode(mode, nargs, argv + argi);

    struct mode_call call = { mode, nargs, argv + argi, 0 };
    pthread_t worker, ticker;
    if (pthread_create(&ticker, NULL, ticker_main, NULL) != 0 ||
        pthread_create(&worker, NULL, worker_main, &call) != 0)
        setup_error("pthread_create", errno);
    pthread_join(worker, NULL);
    return call.status;
}
