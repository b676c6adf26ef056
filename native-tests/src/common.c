/* Shared helpers for the sockkill native test programs (sockpop, victim). */
#define _GNU_SOURCE
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const struct {
    int err;
    const char *name;
} errno_table[] = {
    { ECONNABORTED, "ECONNABORTED" },
    { ECONNRESET, "ECONNRESET" },
    { ETIMEDOUT, "ETIMEDOUT" },
    { EINVAL, "EINVAL" },
    { EPIPE, "EPIPE" },
    { ENOTCONN, "ENOTCONN" },
    { EBADF, "EBADF" },
    { ECONNREFUSED, "ECONNREFUSED" },
    { EHOSTUNREACH, "EHOSTUNREACH" },
    { ENETUNREACH, "ENETUNREACH" },
    { EAGAIN, "EAGAIN" },
    { EINTR, "EINTR" },
    { EINPROGRESS, "EINPROGRESS" },
    { EALREADY, "EALREADY" },
    { EISCONN, "EISCONN" },
    { ENOTSOCK, "ENOTSOCK" },
    { EADDRINUSE, "EADDRINUSE" },
    { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
    { EAFNOSUPPORT, "EAFNOSUPPORT" },
    { EPROTO, "EPROTO" },
    { ENETDOWN, "ENETDOWN" },
    { ENETRESET, "ENETRESET" },
    { EHOSTDOWN, "EHOSTDOWN" },
    { ESHUTDOWN, "ESHUTDOWN" },
    { ENOBUFS, "ENOBUFS" },
    { ENOMEM, "ENOMEM" },
    { EMFILE, "EMFILE" },
    { ENFILE, "ENFILE" },
    { ENOENT, "ENOENT" },
    { EACCES, "EACCES" },
    { EPERM, "EPERM" },
    { ENAMETOOLONG, "ENAMETOOLONG" },
    { EOPNOTSUPP, "EOPNOTSUPP" },
    { EMSGSIZE, "EMSGSIZE" },
    { EIO, "EIO" },
};

const char *errno_name(int err, char *buf, size_t len)
{
    for (size_t i = 0; i < sizeof(errno_table) / sizeof(errno_table[0]); i++)
        if (errno_table[i].err == err)
            return errno_table[i].name;
    snprintf(buf, len, "E%d", err);
    return buf;
}

int parse_port(const char *s)
{
    if (s == NULL || *s == '\0' || strlen(s) > 5)
        return -1;
    long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v > 65535 ? -1 : (int)v;
}

int parse_inet_addr(const char *addr, struct sockaddr_storage *ss, socklen_t *sslen)
{
    char tmp[128];
    size_t n = strlen(addr);

    if (n == 0 || n >= sizeof(tmp))
        return -1;
    memcpy(tmp, addr, n + 1);
    if (tmp[0] == '[') {
        if (n < 3 || tmp[n - 1] != ']')
            return -1;
        memmove(tmp, tmp + 1, n - 2);
        tmp[n - 2] = '\0';
    }
    memset(ss, 0, sizeof(*ss));

    struct sockaddr_in *sin = (struct sockaddr_in *)ss;
    if (inet_pton(AF_INET, tmp, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        *sslen = sizeof(*sin);
        return 0;
    }

    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
    char *pct = strchr(tmp, '%');
    if (pct != NULL) {
        *pct++ = '\0';
        if (*pct == '\0')
            return -1;
        char *end;
        unsigned long idx = strtoul(pct, &end, 10);
        if (*end != '\0')
            idx = if_nametoindex(pct);
        if (idx == 0)
            return -1;
        sin6->sin6_scope_id = (uint32_t)idx;
    }
    if (inet_pton(AF_INET6, tmp, &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        *sslen = sizeof(*sin6);
        return 0;
    }
    return -1;
}

int parse_inet(const char *addr, const char *port, struct sockaddr_storage *ss,
               socklen_t *sslen)
{
    int p = parse_port(port);
    if (p < 0 || parse_inet_addr(addr, ss, sslen) < 0)
        return -1;
    if (ss->ss_family == AF_INET)
        ((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)p);
    else
        ((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)p);
    return 0;
}

void format_inet(const struct sockaddr *sa, socklen_t len, char *buf, size_t buflen)
{
    char host[INET6_ADDRSTRLEN];

    if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
        snprintf(buf, buflen, "%s:%u", host, ntohs(sin->sin_port));
    } else if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
        if (sin6->sin6_scope_id != 0)
            snprintf(buf, buflen, "[%s%%%u]:%u", host, sin6->sin6_scope_id,
                     ntohs(sin6->sin6_port));
        else
            snprintf(buf, buflen, "[%s]:%u", host, ntohs(sin6->sin6_port));
    } else {
        snprintf(buf, buflen, "*:0");
    }
}

void format_unix(const struct sockaddr_un *sun, socklen_t len, char *buf, size_t buflen)
{
    size_t off = offsetof(struct sockaddr_un, sun_path);

    if (len <= (socklen_t)off || sun->sun_family != AF_UNIX) {
        snprintf(buf, buflen, "*");
        return;
    }
    size_t plen = (size_t)len - off;
    if (plen > sizeof(sun->sun_path))
        plen = sizeof(sun->sun_path);
    if (sun->sun_path[0] != '\0')
        plen = strnlen(sun->sun_path, plen);
    if (plen == 0) {
        snprintf(buf, buflen, "*");
        return;
    }
    /* Abstract names: leading NUL shown as '@' (like ss); any other NUL or
     * non-printable byte or blank is shown as '?' so the line stays parseable. */
    size_t o = 0;
    for (size_t i = 0; i < plen && o + 1 < buflen; i++) {
        unsigned char c = (unsigned char)sun->sun_path[i];
        if (i == 0 && c == '\0')
            buf[o++] = '@';
        else if (c <= ' ' || c >= 0x7f)
            buf[o++] = '?';
        else
            buf[o++] = (char)c;
    }
    buf[o] = '\0';
}

static void format_any(int fd, int peer, char *buf, size_t buflen)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    int r;

    memset(&ss, 0, sizeof(ss));
    r = peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
             : getsockname(fd, (struct sockaddr *)&ss, &len);
    if (r < 0) {
        /* Unconnected: need the family to choose the "unset" spelling. */
        len = sizeof(ss);
        if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0 && ss.ss_family == AF_UNIX)
            snprintf(buf, buflen, "*");
        else
            snprintf(buf, buflen, "*:0");
        return;
    }
    if (ss.ss_family == AF_UNIX)
        format_unix((struct sockaddr_un *)&ss, len, buf, buflen);
    else
        format_inet((struct sockaddr *)&ss, len, buf, buflen);
}

void format_local(int fd, char *buf, size_t buflen)
{
    format_any(fd, 0, buf, buflen);
}

void format_peer(int fd, char *buf, size_t buflen)
{
    format_any(fd, 1, buf, buflen);
}

int make_unix_addr(const char *path, struct sockaddr_un *sun, socklen_t *len)
{
    size_t n = strlen(path);

    memset(sun, 0, sizeof(*sun));
    sun->sun_family = AF_UNIX;
    if (n == 0) {
        errno = EINVAL;
        return -1;
    }
    if (path[0] == '@') {
        if (n > sizeof(sun->sun_path)) {
            errno = ENAMETOOLONG;
            return -1;
        }
        sun->sun_path[0] = '\0';
        memcpy(sun->sun_path + 1, path + 1, n - 1);
        *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
    } else {
        if (n >= sizeof(sun->sun_path)) {
            errno = ENAMETOOLONG;
            return -1;
        }
        memcpy(sun->sun_path, path, n + 1);
        *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
    }
    return 0;
}

int is_any_addr(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET)
        return ((const struct sockaddr_in *)ss)->sin_addr.s_addr == htonl(INADDR_ANY);
    if (ss->ss_family == AF_INET6)
        return IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)ss)->sin6_addr);
    return 0;
}

void any_to_loopback(struct sockaddr_storage *ss)
{
    if (!is_any_addr(ss))
        return;
    if (ss->ss_family == AF_INET)
        ((struct sockaddr_in *)ss)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else
        ((struct sockaddr_in6 *)ss)->sin6_addr = in6addr_loopback;
}

unsigned long long fd_inode(int fd)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return 0;
    return (unsigned long long)st.st_ino;
}

void raise_nofile_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
    }
}

void ensure_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
            if (n >= 0 && n != fd) {
                dup2(n, fd);
                close(n);
            }
        }
    }
}

int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int connect_timeout(int fd, const struct sockaddr *sa, socklen_t len, int timeout_ms)
{
    if (timeout_ms <= 0)
        return connect(fd, sa, len);

    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return -1;

    int ret = 0, saved = 0;
    if (connect(fd, sa, len) < 0) {
        if (errno != EINPROGRESS) {
            ret = -1;
            saved = errno;
        } else {
            int64_t deadline = now_ns() + (int64_t)timeout_ms * 1000000LL;
            for (;;) {
                int64_t left = (deadline - now_ns()) / 1000000LL;
                if (left < 0)
                    left = 0;
                struct pollfd pfd = { .fd = fd, .events = POLLOUT };
                int pr = poll(&pfd, 1, (int)left);
                if (pr < 0 && errno == EINTR)
                    continue;
                if (pr < 0) {
                    ret = -1;
                    saved = errno;
                } else if (pr == 0) {
                    ret = -1;
                    saved = ETIMEDOUT;
                } else {
                    int err = 0;
                    socklen_t elen = sizeof(err);
                    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0) {
                        ret = -1;
                        saved = errno;
                    } else if (err != 0) {
                        ret = -1;
                        saved = err;
                    }
                }
                break;
            }
        }
    }
    (void)fcntl(fd, F_SETFL, flags);
    errno = saved;
    return ret;
}
