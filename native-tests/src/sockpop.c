/*
 * sockpop - build a known population of real sockets and hold them.
 *
 * Test/benchmark helper for sockkill: creates the sockets described by the
 * SPEC arguments, prints one "SOCK ..." line per socket (fd, inode, addresses
 * obtained independently of the tool under test), "TIMEWAIT ..." lines for
 * connections left in TIME-WAIT, then "READY pid=<pid> sockets=<n>", and holds
 * everything until stdin reaches EOF or SIGTERM/SIGINT arrives.
 */
#define _GNU_SOURCE
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define LISTEN_BACKLOG 4096
#define CONNECT_TIMEOUT_MS 10000
#define ACCEPT_TIMEOUT_MS 10000
#define EOF_TIMEOUT_MS 5000
#define TIMEWAIT_TIMEOUT_MS 5000
#define MAX_COUNT 1000000L

enum spec_kind {
    SP_TCP_LISTEN,
    SP_TCP_PAIRS,
    SP_TCP_CONNECT,
    SP_TCP_TIMEWAIT,
    SP_UDP_BOUND,
    SP_UDP_CONNECTED,
    SP_UNIX_LISTEN,
    SP_UNIX_PAIR,
    SP_UNIX_DGRAM,
    SP_SOCKETPAIR,
    SP_TCP_REUSEPORT,
    SP_UDP_REUSEPORT,
    SP_TCP_BOUND,
    SP_TCP_UNBOUND,
    SP_UDP_UNBOUND,
};

struct spec {
    const char *text;          /* argv string, for error messages */
    enum spec_kind kind;
    long count;                /* N for tcp-pairs/-connect/-timewait */
    struct sockaddr_storage addr;
    socklen_t addrlen;
    struct sockaddr_storage peer;  /* udp-connected only */
    socklen_t peerlen;
    const char *path;          /* unix specs */
};

struct sock_rec {
    int fd;
    const char *proto;         /* tcp | udp | unix */
    const char *role;          /* listen | client | server | bound | connected | pair */
};

struct tw_rec {
    struct sockaddr_storage local, peer;
    socklen_t locallen, peerlen;
    char key[112];             /* /proc/net/tcp{,6} "LOCAL:PORT REM:PORT" */
};

static struct sock_rec *socks;
static size_t nsocks, capsocks;
static struct tw_rec *tws;
static size_t ntws, captws;

static char outbuf[1 << 20];

static void usage(FILE *f)
{
    fprintf(f,
        "Usage: sockpop [--hold] [--comm NAME] SPEC...\n"
        "       sockpop --help\n"
        "\n"
        "Creates real sockets, prints one line per socket, then holds them until\n"
        "stdin reaches EOF (or, with --hold, until SIGTERM/SIGINT) and exits 0.\n"
        "--comm NAME sets the process name (prctl PR_SET_NAME; any bytes, cut to 15).\n"
        "\n"
        "SPEC (ADDR numeric IPv4/IPv6, IPv6 bare like ::1 or in [brackets];\n"
        "PORT 0 = kernel-chosen; PATH starting with @ = abstract namespace):\n"
        "  tcp-listen:ADDR:PORT          one TCP listener (SO_REUSEADDR, backlog 4096)\n"
        "  tcp-pairs:N:ADDR:PORT         listener + N established connections (both ends held)\n"
        "  tcp-connect:N:ADDR:PORT       N client connections to someone else's listener\n"
        "  tcp-timewait:N:ADDR:PORT      listener + N connections left in TIME-WAIT\n"
        "  udp-bound:ADDR:PORT           bound, unconnected UDP socket\n"
        "  udp-connected:ADDR:PORT:PEERADDR:PEERPORT\n"
        "                                UDP socket bound to ADDR:PORT, connect()ed to peer\n"
        "  unix-listen:PATH              UNIX stream listener\n"
        "  unix-pair:PATH                UNIX stream listener + connected client + accepted server\n"
        "  unix-dgram:PATH               bound UNIX datagram socket\n"
        "  socketpair                    socketpair(AF_UNIX, SOCK_STREAM)\n"
        "  tcp-reuseport:N:ADDR:PORT     N TCP listeners sharing one port (SO_REUSEPORT)\n"
        "  udp-reuseport:N:ADDR:PORT     N bound UDP sockets sharing one port (SO_REUSEPORT)\n"
        "  tcp-bound:ADDR:PORT           TCP socket bound, neither listening nor connected\n"
        "  tcp-unbound:4|6               fresh TCP socket, never bound\n"
        "  udp-unbound:4|6               fresh UDP socket, never bound\n"
        "\n"
        "Output (stdout, after all SPECs are set up):\n"
        "  SOCK fd=<fd> inode=<ino> proto=<tcp|udp|unix> family=<4|6|unix>\n"
        "       role=<listen|client|server|bound|connected|pair|unbound> local=<addr> peer=<addr>\n"
        "  TIMEWAIT local=<addr>:<port> peer=<addr>:<port>\n"
        "  READY pid=<pid> sockets=<number of SOCK lines>\n"
        "inet addresses: 127.0.0.1:5000, [::1]:5000, unconnected peer *:0;\n"
        "unix addresses: /path, @abstract or * (peer is always *).\n"
        "On failure: 'ERROR <spec>: <message>' on stderr, exit 1.\n");
}

static void die_spec(const char *spec, const char *msg)
{
    fflush(stdout);
    fprintf(stderr, "ERROR %s: %s\n", spec, msg);
    exit(1);
}

static void die_errno(const char *spec, int err)
{
    die_spec(spec, strerror(err));
}

static void add_sock(int fd, const char *proto, const char *role)
{
    if (nsocks == capsocks) {
        capsocks = capsocks ? capsocks * 2 : 256;
        socks = realloc(socks, capsocks * sizeof(*socks));
        if (socks == NULL) {
            fprintf(stderr, "ERROR: out of memory\n");
            exit(1);
        }
    }
    socks[nsocks++] = (struct sock_rec){ .fd = fd, .proto = proto, .role = role };
}

/* ---- spec parsing ---------------------------------------------------- */

static int parse_count(const char *s, size_t len, long *out)
{
    if (len == 0 || len > 7)
        return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (v > MAX_COUNT)
        return -1;
    *out = v;
    return 0;
}

/* "ADDR:PORT" (split at the last colon). */
static int parse_addr_port(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
    const char *c = strrchr(s, ':');
    if (c == NULL || c == s)
        return -1;
    char addr[128];
    size_t n = (size_t)(c - s);
    if (n >= sizeof(addr))
        return -1;
    memcpy(addr, s, n);
    addr[n] = '\0';
    return parse_inet(addr, c + 1, ss, len);
}

/* "ADDR:PORT:PEERADDR:PEERPORT" where bare IPv6 addresses contain colons:
 * try every split and accept exactly one consistent interpretation. */
static int parse_udp_connected(const char *s, struct spec *sp)
{
    const char *last = strrchr(s, ':');
    if (last == NULL)
        return -1;
    size_t head_len = (size_t)(last - s);
    char head[256];
    if (head_len >= sizeof(head))
        return -1;
    memcpy(head, s, head_len);
    head[head_len] = '\0';
    const char *peerport = last + 1;

    int found = 0;
    struct sockaddr_storage a, p;
    socklen_t alen = 0, plen = 0;
    /* j = colon separating PORT from PEERADDR, i = colon before PORT. */
    for (size_t j = 1; j < head_len; j++) {
        if (head[j] != ':')
            continue;
        size_t i = j;
        while (i > 0 && head[i - 1] != ':')
            i--;
        if (i == 0)
            continue;
        i--;                    /* head[i] == ':' */
        if (i == 0 || i + 1 == j)
            continue;
        char addr[128], port[8], paddr[128];
        if (i >= sizeof(addr) || j - i - 1 >= sizeof(port) || head_len - j - 1 >= sizeof(paddr))
            continue;
        memcpy(addr, head, i);
        addr[i] = '\0';
        memcpy(port, head + i + 1, j - i - 1);
        port[j - i - 1] = '\0';
        memcpy(paddr, head + j + 1, head_len - j - 1);
        paddr[head_len - j - 1] = '\0';

        struct sockaddr_storage ta, tp;
        socklen_t tal, tpl;
        if (parse_inet(addr, port, &ta, &tal) < 0 || parse_inet(paddr, peerport, &tp, &tpl) < 0)
            continue;
        if (ta.ss_family != tp.ss_family)
            continue;
        found++;
        a = ta;
        alen = tal;
        p = tp;
        plen = tpl;
    }
    if (found != 1)
        return found == 0 ? -1 : -2;
    sp->addr = a;
    sp->addrlen = alen;
    sp->peer = p;
    sp->peerlen = plen;
    return 0;
}

static void parse_spec(const char *text, struct spec *sp)
{
    memset(sp, 0, sizeof(*sp));
    sp->text = text;

    static const struct {
        const char *prefix;
        enum spec_kind kind;
        const char *syntax;
    } kinds[] = {
        { "tcp-listen:", SP_TCP_LISTEN, "tcp-listen:ADDR:PORT" },
        { "tcp-pairs:", SP_TCP_PAIRS, "tcp-pairs:N:ADDR:PORT" },
        { "tcp-connect:", SP_TCP_CONNECT, "tcp-connect:N:ADDR:PORT" },
        { "tcp-timewait:", SP_TCP_TIMEWAIT, "tcp-timewait:N:ADDR:PORT" },
        { "udp-bound:", SP_UDP_BOUND, "udp-bound:ADDR:PORT" },
        { "udp-connected:", SP_UDP_CONNECTED, "udp-connected:ADDR:PORT:PEERADDR:PEERPORT" },
        { "unix-listen:", SP_UNIX_LISTEN, "unix-listen:PATH" },
        { "unix-pair:", SP_UNIX_PAIR, "unix-pair:PATH" },
        { "unix-dgram:", SP_UNIX_DGRAM, "unix-dgram:PATH" },
        { "tcp-reuseport:", SP_TCP_REUSEPORT, "tcp-reuseport:N:ADDR:PORT" },
        { "udp-reuseport:", SP_UDP_REUSEPORT, "udp-reuseport:N:ADDR:PORT" },
        { "tcp-bound:", SP_TCP_BOUND, "tcp-bound:ADDR:PORT" },
        { "tcp-unbound:", SP_TCP_UNBOUND, "tcp-unbound:4|6" },
        { "udp-unbound:", SP_UDP_UNBOUND, "udp-unbound:4|6" },
    };
    char msg[160];

    if (strcmp(text, "socketpair") == 0) {
        sp->kind = SP_SOCKETPAIR;
        return;
    }
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        size_t plen = strlen(kinds[k].prefix);
        if (strncmp(text, kinds[k].prefix, plen) != 0)
            continue;
        const char *rest = text + plen;
        sp->kind = kinds[k].kind;
        snprintf(msg, sizeof(msg), "Invalid argument (expected %s)", kinds[k].syntax);
        switch (sp->kind) {
        case SP_TCP_LISTEN:
        case SP_UDP_BOUND:
        case SP_TCP_BOUND:
            if (parse_addr_port(rest, &sp->addr, &sp->addrlen) < 0)
                die_spec(text, msg);
            return;
        case SP_TCP_UNBOUND:
        case SP_UDP_UNBOUND:
            if (strcmp(rest, "4") != 0 && strcmp(rest, "6") != 0)
                die_spec(text, msg);
            sp->addr.ss_family = rest[0] == '4' ? AF_INET : AF_INET6;
            return;
        case SP_TCP_REUSEPORT:
        case SP_UDP_REUSEPORT:
        case SP_TCP_PAIRS:
        case SP_TCP_CONNECT:
        case SP_TCP_TIMEWAIT: {
            const char *c = strchr(rest, ':');
            if (c == NULL || parse_count(rest, (size_t)(c - rest), &sp->count) < 0 ||
                parse_addr_port(c + 1, &sp->addr, &sp->addrlen) < 0)
                die_spec(text, msg);
            if (sp->kind == SP_TCP_CONNECT) {
                int port = sp->addr.ss_family == AF_INET
                    ? ntohs(((struct sockaddr_in *)&sp->addr)->sin_port)
                    : ntohs(((struct sockaddr_in6 *)&sp->addr)->sin6_port);
                if (port == 0)
                    die_spec(text, "Invalid argument (tcp-connect needs a non-zero PORT)");
            }
            if ((sp->kind == SP_TCP_REUSEPORT || sp->kind == SP_UDP_REUSEPORT) && sp->count < 1)
                die_spec(text, "Invalid argument (a reuseport group needs N >= 1)");
            return;
        }
        case SP_UDP_CONNECTED: {
            int r = parse_udp_connected(rest, sp);
            if (r == -2)
                die_spec(text, "Invalid argument (ambiguous; write IPv6 addresses as [ADDR])");
            if (r < 0)
                die_spec(text, msg);
            return;
        }
        case SP_UNIX_LISTEN:
        case SP_UNIX_PAIR:
        case SP_UNIX_DGRAM: {
            struct sockaddr_un sun;
            socklen_t l;
            if (make_unix_addr(rest, &sun, &l) < 0)
                die_errno(text, errno);
            sp->path = rest;
            return;
        }
        case SP_SOCKETPAIR:
            break;
        }
    }
    die_spec(text, "Invalid argument (unknown SPEC; see sockpop --help)");
}

/* ---- socket helpers --------------------------------------------------- */

static int tcp_listener(const struct spec *sp)
{
    int fd = socket(sp->addr.ss_family, SOCK_STREAM, 0);
    if (fd < 0)
        die_errno(sp->text, errno);
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
        die_errno(sp->text, errno);
    if (bind(fd, (const struct sockaddr *)&sp->addr, sp->addrlen) < 0)
        die_errno(sp->text, errno);
    if (listen(fd, LISTEN_BACKLOG) < 0)
        die_errno(sp->text, errno);
    add_sock(fd, "tcp", "listen");
    return fd;
}

/* Address clients should connect to for listener lfd bound from sp. */
static void listener_target(const struct spec *sp, int lfd, struct sockaddr_storage *t,
                            socklen_t *tlen)
{
    socklen_t l = sizeof(*t);
    if (getsockname(lfd, (struct sockaddr *)t, &l) < 0)
        die_errno(sp->text, errno);
    *tlen = l;
    any_to_loopback(t);
}

static int tcp_client(const struct spec *sp, const struct sockaddr_storage *t, socklen_t tlen)
{
    int fd = socket(t->ss_family, SOCK_STREAM, 0);
    if (fd < 0)
        die_errno(sp->text, errno);
    if (connect_timeout(fd, (const struct sockaddr *)t, tlen, CONNECT_TIMEOUT_MS) < 0)
        die_errno(sp->text, errno);
    return fd;
}

/* Accept one connection from a listener that was set O_NONBLOCK. */
static int accept_one(const struct spec *sp, int lfd)
{
    int64_t deadline = now_ns() + (int64_t)ACCEPT_TIMEOUT_MS * 1000000LL;
    for (;;) {
        int fd = accept(lfd, NULL, NULL);
        if (fd >= 0)
            return fd;
        if (errno == EINTR || errno == ECONNABORTED)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            die_errno(sp->text, errno);
        int64_t left = (deadline - now_ns()) / 1000000LL;
        if (left <= 0)
            die_spec(sp->text, "Connection timed out (accept)");
        struct pollfd pfd = { .fd = lfd, .events = POLLIN };
        if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
            die_errno(sp->text, errno);
    }
}

static void set_nonblock(const struct spec *sp, int fd, int on)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK)) < 0)
        die_errno(sp->text, errno);
}

/* Wait until fd (server end whose peer closed) reads EOF. */
static void wait_eof(const struct spec *sp, int fd)
{
    int64_t deadline = now_ns() + (int64_t)EOF_TIMEOUT_MS * 1000000LL;
    char c;
    for (;;) {
        ssize_t r = recv(fd, &c, 1, MSG_DONTWAIT);
        if (r == 0)
            return;
        if (r > 0)
            continue;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            die_errno(sp->text, errno);
        int64_t left = (deadline - now_ns()) / 1000000LL;
        if (left <= 0)
            die_spec(sp->text, "Connection timed out (waiting for client FIN)");
        struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLRDHUP };
        if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
            die_errno(sp->text, errno);
    }
}

/* /proc/net/tcp key for a tuple: "LLLLLLLL:PPPP RRRRRRRR:PPPP" (hex as the
 * kernel prints it: each 32-bit address word in host byte order). */
static void proc_key(const struct sockaddr_storage *l, const struct sockaddr_storage *r,
                     char *buf, size_t len)
{
    char a[2][40];
    unsigned port[2];
    const struct sockaddr_storage *s[2] = { l, r };
    for (int k = 0; k < 2; k++) {
        if (s[k]->ss_family == AF_INET) {
            const struct sockaddr_in *sin = (const struct sockaddr_in *)s[k];
            snprintf(a[k], sizeof(a[k]), "%08X", (unsigned)sin->sin_addr.s_addr);
            port[k] = ntohs(sin->sin_port);
        } else {
            const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)s[k];
            uint32_t w[4];
            memcpy(w, &sin6->sin6_addr, sizeof(w));
            snprintf(a[k], sizeof(a[k]), "%08X%08X%08X%08X", (unsigned)w[0], (unsigned)w[1],
                     (unsigned)w[2], (unsigned)w[3]);
            port[k] = ntohs(sin6->sin6_port);
        }
    }
    snprintf(buf, len, "%s:%04X %s:%04X", a[0], port[0], a[1], port[1]);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Count how many of keys[] are currently listed in TIME-WAIT (state 06). */
static size_t count_timewait(char **keys, size_t nkeys, unsigned char *seen)
{
    static const char *files[] = { "/proc/net/tcp", "/proc/net/tcp6" };
    size_t hits = 0;
    memset(seen, 0, nkeys);
    for (int f = 0; f < 2; f++) {
        FILE *fp = fopen(files[f], "r");
        if (fp == NULL)
            continue;
        char line[512];
        while (fgets(line, sizeof(line), fp) != NULL) {
            char loc[64], rem[64], st[8];
            if (sscanf(line, " %*[0-9]: %63s %63s %7s", loc, rem, st) != 3)
                continue;
            if (strcmp(st, "06") != 0)
                continue;
            char key[140];
            snprintf(key, sizeof(key), "%s %s", loc, rem);
            char *kp = key;
            char **hit = bsearch(&kp, keys, nkeys, sizeof(char *), cmp_str);
            if (hit != NULL && !seen[hit - keys]) {
                seen[hit - keys] = 1;
                hits++;
            }
        }
        fclose(fp);
    }
    return hits;
}

static void add_tw(const struct sockaddr_storage *l, socklen_t ll,
                   const struct sockaddr_storage *r, socklen_t rl)
{
    if (ntws == captws) {
        captws = captws ? captws * 2 : 64;
        tws = realloc(tws, captws * sizeof(*tws));
        if (tws == NULL) {
            fprintf(stderr, "ERROR: out of memory\n");
            exit(1);
        }
    }
    struct tw_rec *t = &tws[ntws++];
    t->local = *l;
    t->locallen = ll;
    t->peer = *r;
    t->peerlen = rl;
    proc_key(l, r, t->key, sizeof(t->key));
}

/* ---- spec execution --------------------------------------------------- */

static void run_spec(const struct spec *sp)
{
    switch (sp->kind) {
    case SP_TCP_LISTEN:
        tcp_listener(sp);
        break;

    case SP_TCP_PAIRS: {
        int lfd = tcp_listener(sp);
        struct sockaddr_storage t;
        socklen_t tlen;
        listener_target(sp, lfd, &t, &tlen);
        set_nonblock(sp, lfd, 1);
        for (long i = 0; i < sp->count; i++) {
            int c = tcp_client(sp, &t, tlen);
            add_sock(c, "tcp", "client");
            int s = accept_one(sp, lfd);
            add_sock(s, "tcp", "server");
        }
        set_nonblock(sp, lfd, 0);
        break;
    }

    case SP_TCP_CONNECT: {
        struct sockaddr_storage t = sp->addr;
        any_to_loopback(&t);
        for (long i = 0; i < sp->count; i++) {
            int c = tcp_client(sp, &t, sp->addrlen);
            add_sock(c, "tcp", "client");
        }
        break;
    }

    case SP_TCP_TIMEWAIT: {
        int lfd = tcp_listener(sp);
        struct sockaddr_storage t;
        socklen_t tlen;
        listener_target(sp, lfd, &t, &tlen);
        set_nonblock(sp, lfd, 1);
        size_t first = ntws;
        for (long i = 0; i < sp->count; i++) {
            int c = tcp_client(sp, &t, tlen);
            int s = accept_one(sp, lfd);
            struct sockaddr_storage l, r;
            socklen_t ll = sizeof(l), rl = sizeof(r);
            if (getsockname(c, (struct sockaddr *)&l, &ll) < 0 ||
                getpeername(c, (struct sockaddr *)&r, &rl) < 0)
                die_errno(sp->text, errno);
            add_tw(&l, ll, &r, rl);
            close(c);           /* active close: client goes FIN-WAIT -> TIME-WAIT */
            wait_eof(sp, s);    /* server has seen the client's FIN */
            close(s);           /* server LAST-ACK, client receives FIN */
        }
        set_nonblock(sp, lfd, 0);

        /* Wait until every client tuple shows up in TIME-WAIT. */
        size_t n = ntws - first;
        if (n == 0)
            break;
        char **keys = malloc(n * sizeof(char *));
        unsigned char *seen = malloc(n);
        if (keys == NULL || seen == NULL)
            die_errno(sp->text, ENOMEM);
        for (size_t k = 0; k < n; k++)
            keys[k] = tws[first + k].key;
        qsort(keys, n, sizeof(char *), cmp_str);
        int64_t deadline = now_ns() + (int64_t)TIMEWAIT_TIMEOUT_MS * 1000000LL;
        size_t hits;
        while ((hits = count_timewait(keys, n, seen)) < n) {
            if (now_ns() > deadline) {
                char msg[160];
                snprintf(msg, sizeof(msg),
                         "Connection timed out (only %zu of %zu client sockets reached TIME-WAIT)",
                         hits, n);
                die_spec(sp->text, msg);
            }
            struct timespec ts = { 0, 10 * 1000000L };
            nanosleep(&ts, NULL);
        }
        free(keys);
        free(seen);
        break;
    }

    case SP_UDP_BOUND:
    case SP_UDP_CONNECTED: {
        int fd = socket(sp->addr.ss_family, SOCK_DGRAM, 0);
        if (fd < 0)
            die_errno(sp->text, errno);
        if (bind(fd, (const struct sockaddr *)&sp->addr, sp->addrlen) < 0)
            die_errno(sp->text, errno);
        if (sp->kind == SP_UDP_CONNECTED &&
            connect(fd, (const struct sockaddr *)&sp->peer, sp->peerlen) < 0)
            die_errno(sp->text, errno);
        add_sock(fd, "udp", sp->kind == SP_UDP_BOUND ? "bound" : "connected");
        break;
    }

    case SP_UNIX_LISTEN:
    case SP_UNIX_PAIR:
    case SP_UNIX_DGRAM: {
        struct sockaddr_un sun;
        socklen_t slen;
        if (make_unix_addr(sp->path, &sun, &slen) < 0)
            die_errno(sp->text, errno);
        if (sp->path[0] != '@' && unlink(sp->path) < 0 && errno != ENOENT)
            die_errno(sp->text, errno);
        int type = sp->kind == SP_UNIX_DGRAM ? SOCK_DGRAM : SOCK_STREAM;
        int fd = socket(AF_UNIX, type, 0);
        if (fd < 0)
            die_errno(sp->text, errno);
        if (bind(fd, (struct sockaddr *)&sun, slen) < 0)
            die_errno(sp->text, errno);
        if (sp->kind == SP_UNIX_DGRAM) {
            add_sock(fd, "unix", "bound");
            break;
        }
        if (listen(fd, LISTEN_BACKLOG) < 0)
            die_errno(sp->text, errno);
        add_sock(fd, "unix", "listen");
        if (sp->kind == SP_UNIX_PAIR) {
            int c = socket(AF_UNIX, SOCK_STREAM, 0);
            if (c < 0)
                die_errno(sp->text, errno);
            if (connect_timeout(c, (struct sockaddr *)&sun, slen, CONNECT_TIMEOUT_MS) < 0)
                die_errno(sp->text, errno);
            add_sock(c, "unix", "client");
            set_nonblock(sp, fd, 1);
            int s = accept_one(sp, fd);
            set_nonblock(sp, fd, 0);
            add_sock(s, "unix", "server");
        }
        break;
    }

    case SP_TCP_REUSEPORT:
    case SP_UDP_REUSEPORT: {
        /* The first member binds the port (which PORT 0 lets the kernel choose); the others
         * join it on that very port. */
        int tcp = sp->kind == SP_TCP_REUSEPORT;
        struct sockaddr_storage at = sp->addr;
        socklen_t atlen = sp->addrlen;
        for (long i = 0; i < sp->count; i++) {
            int fd = socket(at.ss_family, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
            if (fd < 0)
                die_errno(sp->text, errno);
            int one = 1;
            if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0)
                die_errno(sp->text, errno);
            if (bind(fd, (const struct sockaddr *)&at, atlen) < 0)
                die_errno(sp->text, errno);
            if (tcp && listen(fd, LISTEN_BACKLOG) < 0)
                die_errno(sp->text, errno);
            if (i == 0) {
                atlen = sizeof(at);
                if (getsockname(fd, (struct sockaddr *)&at, &atlen) < 0)
                    die_errno(sp->text, errno);
            }
            add_sock(fd, tcp ? "tcp" : "udp", tcp ? "listen" : "bound");
        }
        break;
    }

    case SP_TCP_BOUND: {
        int fd = socket(sp->addr.ss_family, SOCK_STREAM, 0);
        if (fd < 0)
            die_errno(sp->text, errno);
        if (bind(fd, (const struct sockaddr *)&sp->addr, sp->addrlen) < 0)
            die_errno(sp->text, errno);
        add_sock(fd, "tcp", "bound");
        break;
    }

    case SP_TCP_UNBOUND:
    case SP_UDP_UNBOUND: {
        int tcp = sp->kind == SP_TCP_UNBOUND;
        int fd = socket(sp->addr.ss_family, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
        if (fd < 0)
            die_errno(sp->text, errno);
        add_sock(fd, tcp ? "tcp" : "udp", "unbound");
        break;
    }

    case SP_SOCKETPAIR: {
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
            die_errno(sp->text, errno);
        add_sock(sv[0], "unix", "pair");
        add_sock(sv[1], "unix", "pair");
        break;
    }
    }
}

static void on_term(int sig)
{
    (void)sig;
    _exit(0);
}

int main(int argc, char **argv)
{
    int hold = 0;
    int argi = 1;

    ensure_std_fds();
    setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
    signal(SIGPIPE, SIG_IGN);

    for (; argi < argc; argi++) {
        if (strcmp(argv[argi], "--help") == 0 || strcmp(argv[argi], "-h") == 0) {
            usage(stdout);
            fflush(stdout);
            return 0;
        } else if (strcmp(argv[argi], "--hold") == 0) {
            hold = 1;
        } else if (strcmp(argv[argi], "--comm") == 0 && argi + 1 < argc) {
            /* the process name others see (/proc/PID/comm): any bytes, at most 15 */
            if (prctl(PR_SET_NAME, argv[argi + 1], 0, 0, 0) < 0) {
                perror("prctl(PR_SET_NAME)");
                return 1;
            }
            argi++;
        } else if (strcmp(argv[argi], "--") == 0) {
            argi++;
            break;
        } else {
            break;
        }
    }
    if (argi >= argc) {
        usage(stderr);
        return 2;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_term;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    int nspecs = argc - argi;
    struct spec *specs = calloc((size_t)nspecs, sizeof(*specs));
    if (specs == NULL) {
        fprintf(stderr, "ERROR: out of memory\n");
        return 1;
    }
    /* Validate every SPEC before creating anything. */
    for (int i = 0; i < nspecs; i++)
        parse_spec(argv[argi + i], &specs[i]);

    raise_nofile_limit();

    for (int i = 0; i < nspecs; i++)
        run_spec(&specs[i]);
    free(specs);

    char local[ADDR_TEXT_MAX], peer[ADDR_TEXT_MAX];
    for (size_t i = 0; i < nsocks; i++) {
        const struct sock_rec *s = &socks[i];
        struct sockaddr_storage ss;
        socklen_t l = sizeof(ss);
        const char *fam = "?";
        memset(&ss, 0, sizeof(ss));
        if (getsockname(s->fd, (struct sockaddr *)&ss, &l) == 0)
            fam = ss.ss_family == AF_INET ? "4" : ss.ss_family == AF_INET6 ? "6" : "unix";
        format_local(s->fd, local, sizeof(local));
        if (ss.ss_family == AF_UNIX)
            snprintf(peer, sizeof(peer), "*");
        else
            format_peer(s->fd, peer, sizeof(peer));
        printf("SOCK fd=%d inode=%llu proto=%s family=%s role=%s local=%s peer=%s\n", s->fd,
               fd_inode(s->fd), s->proto, fam, s->role, local, peer);
    }
    for (size_t i = 0; i < ntws; i++) {
        format_inet((struct sockaddr *)&tws[i].local, tws[i].locallen, local, sizeof(local));
        format_inet((struct sockaddr *)&tws[i].peer, tws[i].peerlen, peer, sizeof(peer));
        printf("TIMEWAIT local=%s peer=%s\n", local, peer);
    }
    printf("READY pid=%ld sockets=%zu\n", (long)getpid(), nsocks);
    fflush(stdout);

    if (hold) {
        for (;;)
            pause();
    }
    char buf[4096];
    for (;;) {
        ssize_t r = read(STDIN_FILENO, buf, sizeof(buf));
        if (r > 0)
            continue;
        if (r < 0 && errno == EINTR)
            continue;
        break;                  /* EOF (or unreadable stdin) */
    }
    return 0;
}
