/* Shared helpers for the sockkill native test programs (sockpop, victim). */
#ifndef SOCKKILL_NATIVE_COMMON_H
#define SOCKKILL_NATIVE_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>

/* Enough for "[" + INET6_ADDRSTRLEN + "%scope" + "]:65535" or a unix path. */
#define ADDR_TEXT_MAX 256

/* Symbolic errno name ("ECONNABORTED", ...) or "E<number>" written into buf. */
const char *errno_name(int err, char *buf, size_t len);

/* Parse a numeric IPv4/IPv6 address (IPv6 optionally in [brackets], optional
 * %scope) and a decimal port into ss. Returns 0 on success, -1 otherwise. */
int parse_inet(const char *addr, const char *port, struct sockaddr_storage *ss,
               socklen_t *sslen);

/* Parse a numeric address only (port set to 0). */
int parse_inet_addr(const char *addr, struct sockaddr_storage *ss, socklen_t *sslen);

/* Parse a decimal port 0..65535. Returns -1 on error. */
int parse_port(const char *s);

/* Format an inet sockaddr: "127.0.0.1:5000" / "[::1]:5000". */
void format_inet(const struct sockaddr *sa, socklen_t len, char *buf, size_t buflen);

/* Format a unix sockaddr: "/path", "@abstract" or "*" (unnamed). */
void format_unix(const struct sockaddr_un *sun, socklen_t len, char *buf, size_t buflen);

/* Format the local (getsockname) or peer (getpeername) address of fd.
 * Unconnected inet peers are "*:0", unnamed/unknown unix addresses are "*". */
void format_local(int fd, char *buf, size_t buflen);
void format_peer(int fd, char *buf, size_t buflen);

/* Build a unix sockaddr from PATH ("@name" = abstract). Returns -1 with
 * errno=ENAMETOOLONG/EINVAL on error. */
int make_unix_addr(const char *path, struct sockaddr_un *sun, socklen_t *len);

/* Is the address the wildcard (0.0.0.0 or ::)? */
int is_any_addr(const struct sockaddr_storage *ss);

/* Replace a wildcard address with the loopback address of the same family. */
void any_to_loopback(struct sockaddr_storage *ss);

/* Inode number of the socket fd (st_ino from fstat), 0 on error. */
unsigned long long fd_inode(int fd);

/* Raise RLIMIT_NOFILE soft limit to the hard limit (best effort). */
void raise_nofile_limit(void);

/* Make sure fds 0, 1 and 2 are open (on /dev/null) so that sockets never
 * land on a standard fd number. */
void ensure_std_fds(void);

/* Monotonic clock in milliseconds / nanoseconds. */
int64_t now_ns(void);

/* Blocking connect with a timeout (ms, <=0 = no timeout). The socket is left
 * in blocking mode. Returns 0 or -1 with errno set (ETIMEDOUT on timeout). */
int connect_timeout(int fd, const struct sockaddr *sa, socklen_t len, int timeout_ms);

#endif
