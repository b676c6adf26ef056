/*
 * victim - block in a socket call the way real programs do, then report
 * exactly what the call returned when the socket is killed under it.
 *
 * Output (stdout, one line at a time, flushed):
 *   READY pid=<pid> fd=<fd> inode=<ino> local=<addr> peer=<addr>
 *   RESULT op=<op> ret=<n> errno=<n> name=<NAME|OK|EOF|TIMEOUT> ms=<ms> [revents=0x..]
 *   ACCEPTED fd=<fd> peer=<addr> inode=<ino> local=<addr>      (tcp-serve only)
 *   SETUP_ERROR op=<call> errno=<n> name=<NAME>                (exit 2)
 */
#define _GNU_SOURCE
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define EXIT_SETUP 2
#define EXIT_TIMEOUT 3

static volatile const char *g_op = "setup";
static volatile int64_t g_start_ns;
static int g_loop;
static int g_protocol;            /* 0, or IPPROTO_MPTCP with --mptcp (stream sockets only) */
static int g_home_netns = -1;     /* with --netns: our own namespace, to return to after setup */
static int g_reuseport;           /* --reuseport: SO_REUSEPORT before bind (tcp-accept, tcp-serve, udp-bound) */
static int g_thread;              /* --thread: the mode runs on a second thread; READY names its tid */

static void leave_netns(void);
static int run_mode(const char *netns_path);

static const char *g_mode;        /* the MODE and its arguments, for run_mode */
static char **g_args;

static void *run_thread(void *netns_path)
{
    return (void *)(intptr_t)run_mode((const char *)netns_path);
}

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: victim [--timeout-sec N] [--loop] [--mptcp] [--netns PATH] [--reuseport] [--thread]\n"
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
        "  unix-recv PATH         connect to UNIX stream socket PATH (@name = abstract), block in recv()\n"
        "  udp-bound ADDR PORT    bound, unconnected UDP socket, block in recv()\n"
        "  udp-unbound 4|6        UDP socket never bound nor connected, block in recv()\n"
        "Options:\n"
        "  --timeout-sec N  give up after N seconds: print RESULT ... name=TIMEOUT, exit 3\n"
        "  --loop           keep going while the blocking call succeeds (data/connection);\n"
        "                   without it the victim exits 0 after the first RESULT\n"
        "  --mptcp          TCP modes make Multipath TCP sockets (IPPROTO_MPTCP) instead\n"
        "  --netns PATH     make the socket inside the network namespace PATH names\n"
        "                   (/run/netns/NAME, /proc/PID/ns/net), then return to our own\n"
        "                   before READY: the socket lives where the process does not\n"
        "  --reuseport      SO_REUSEPORT before bind (tcp-accept, tcp-serve, udp-bound):\n"
        "                   join a group of sockets sharing the port\n"
        "  --thread         run the mode on a second thread; READY adds tid=<its thread id>\n"
        "Output lines:\n"
        "  READY pid=<pid> fd=<fd> inode=<ino> local=<addr> peer=<addr>\n"
        "  RESULT op=<recv|poll|read|connect|accept> ret=<n> errno=<n> name=<NAME|OK|EOF|TIMEOUT> ms=<ms>\n"
        "         (op=poll additionally ends with revents=0x<hex>)\n"
        "  ACCEPTED fd=<fd> peer=<addr> inode=<ino> local=<addr>   (tcp-serve)\n"
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
    if (g_thread)
        printf("READY pid=%ld tid=%ld fd=%d inode=%llu local=%s peer=%s\n", (long)getpid(), (long)gettid(),
               fd, fd_inode(fd), local, peer);
    else
        printf("READY pid=%ld fd=%d inode=%llu local=%s peer=%s\n", (long)getpid(), fd,
               fd_inode(fd), local, peer);
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

int main(int argc, char **argv)
{
    int argi = 1;
    long timeout = 0;
    const char *netns_path = NULL;

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
        } else if (strcmp(argv[argi], "--reuseport") == 0) {
            g_reuseport = 1;
            argi++;
        } else if (strcmp(argv[argi], "--thread") == 0) {
            g_thread = 1;
            argi++;
        } else if (strcmp(argv[argi], "--mptcp") == 0) {
            g_protocol = IPPROTO_MPTCP;
            argi++;
        } else if (strcmp(argv[argi], "--netns") == 0 && argi + 1 < argc) {
            netns_path = argv[argi + 1];
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
    int one_arg = strcmp(mode, "unix-recv") == 0 || strcmp(mode, "udp-unbound") == 0;
    int known = one_arg || strcmp(mode, "tcp-recv") == 0 || strcmp(mode, "tcp-poll") == 0 ||
                strcmp(mode, "tcp-send") == 0 ||
                strcmp(mode, "tcp-connect") == 0 || strcmp(mode, "udp-recv") == 0 ||
                strcmp(mode, "udp-bound") == 0 ||
                strcmp(mode, "tcp-accept") == 0 || strcmp(mode, "tcp-serve") == 0;
    if (!known || nargs != (one_arg ? 1 : 2)) {
        fprintf(stderr, "victim: %s '%s'\n", known ? "wrong arguments for mode" : "unknown mode",
                mode);
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
    g_mode = mode;
    g_args = argv + argi;
    if (!g_thread)
        return run_mode(netns_path);
    /* strace -f shows such a thread's id, not the process's: what 'sockkill pid TID fd F' gets */
    pthread_t t;
    void *status;
    int err = pthread_create(&t, NULL, run_thread, (void *)netns_path);
    if (err != 0)
        setup_error("pthread_create", err);
    pthread_join(t, &status);
    return (int)(intptr_t)status;
}

static int run_mode(const char *netns_path)
{
    const char *mode = g_mode;
    char **argv = g_args;
    int argi = 0;
    if (netns_path != NULL)
        enter_netns(netns_path);

    if (strcmp(mode, "udp-unbound") == 0) {
        if (strcmp(argv[argi], "4") != 0 && strcmp(argv[argi], "6") != 0) {
            fprintf(stderr, "victim: udp-unbound wants 4 or 6, not '%s'\n", argv[argi]);
            return EXIT_SETUP;
        }
        int fd = socket(argv[argi][0] == '4' ? AF_INET : AF_INET6, SOCK_DGRAM, 0);
        if (fd < 0)
            setup_error("socket", errno);
        ready(fd, NULL);
        return recv_loop(fd, 0);
    }

    if (strcmp(mode, "unix-recv") == 0) {
        struct sockaddr_un sun;
        socklen_t slen;
        if (make_unix_addr(argv[argi], &sun, &slen) < 0)
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

    struct sockaddr_storage ss;
    socklen_t slen;
    if (parse_inet(argv[argi], argv[argi + 1], &ss, &slen) < 0) {
        fprintf(stderr, "victim: bad address/port '%s' '%s'\n", argv[argi], argv[argi + 1]);
        return EXIT_SETUP;
    }

    if (strcmp(mode, "tcp-recv") == 0 || strcmp(mode, "tcp-poll") == 0) {
        int fd = inet_socket(&ss, SOCK_STREAM);
        connect_or_die(fd, (struct sockaddr *)&ss, slen);
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

    if (strcmp(mode, "tcp-accept") == 0) {
        int lfd = listen_socket(&ss, slen);
        ready(lfd, NULL);
        for (;;) {
            begin("accept");
            int c = accept(lfd, NULL, NULL);
            int err = errno;
            result("accept", c, err, 0, elapsed_ms(), NULL);
            if (!(g_loop && c >= 0))
                return 0;
        }
    }

    return mode_tcp_serve(&ss, slen);
}
