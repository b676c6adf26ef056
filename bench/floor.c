/*
 * floor: the fastest this machine does sockkill's two bulk jobs, in plain C over the same
 * netlink requests, so that `make bench` can show sockkill, ss and the floor side by side.
 *
 *   floor list              dump every TCP socket (IPv4, then IPv6) through NETLINK_SOCK_DIAG and
 *                           print one ss-like line each: netid state recv-q send-q local peer
 *   floor kill-dport PORT   dump the TCP sockets whose peer port is PORT (filtered in the kernel,
 *                           listeners left out), and destroy each with SOCK_DESTROY using the exact
 *                           sockid the dump returned, cookie included; the requests go out 128 to
 *                           a datagram while the dump is still being read, each acked; prints
 *                           "killed K, already gone G, failed F"
 *
 * Exit status 0 on success (kill-dport: every socket killed or already gone), 1 on a failure.
 * It does no more than the job: no owners, no options, no error wording.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef SOCK_DESTROY
#define SOCK_DESTROY 21
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

#define BATCH 128
#define RECV_BUF (1 << 16)

static const char *STATE[] = {"UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2",
                              "TIME-WAIT", "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING",
                              "SYN-RECV", "BOUND"};

struct dump_request {
    struct nlmsghdr nh;
    struct inet_diag_req_v2 req;
    struct nlattr bc_attr;
    struct inet_diag_bc_op bc[2];
};

struct destroy_request {
    struct nlmsghdr nh;
    struct inet_diag_req_v2 req;
};

static int open_diag(void)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) {
        perror("socket");
        exit(1);
    }
    int one = 1;
    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
    return fd;
}

/* Sends a dump request for TCP of FAMILY in STATES; with dport >= 0, the kernel filters on it. */
static void send_dump(int fd, int family, unsigned states, int dport)
{
    struct dump_request r;
    memset(&r, 0, sizeof(r));
    size_t len = NLMSG_LENGTH(sizeof(r.req));
    if (dport >= 0) {
        r.bc_attr.nla_type = INET_DIAG_REQ_BYTECODE;
        r.bc_attr.nla_len = NLA_HDRLEN + sizeof(r.bc);
        /* op 0: peer port == dport: on yes go to the end (accept), on no past it (reject) */
        r.bc[0].code = INET_DIAG_BC_D_EQ;
        r.bc[0].yes = sizeof(r.bc);
        r.bc[0].no = sizeof(r.bc) + 4;
        r.bc[1].no = (unsigned short)dport;
        len += NLA_HDRLEN + sizeof(r.bc);
    }
    r.nh.nlmsg_len = len;
    r.nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    r.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    r.nh.nlmsg_seq = 1;
    r.req.sdiag_family = family;
    r.req.sdiag_protocol = IPPROTO_TCP;
    r.req.idiag_states = states;
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    if (sendto(fd, &r, len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
        perror("sendto");
        exit(1);
    }
}

static char *endpoint(char *out, int family, const __be32 *addr, __be16 port)
{
    char text[INET6_ADDRSTRLEN];
    inet_ntop(family, addr, text, sizeof(text));
    unsigned p = ntohs(port);
    if (family == AF_INET6) {
        out += sprintf(out, "[%s]:", text);
    } else {
        out += sprintf(out, "%s:", text);
    }
    return out + (p ? sprintf(out, "%u", p) : sprintf(out, "*"));
}

/* Reads one dump to its end, handing each reply to VISIT. */
static void read_dump(int fd, char *buf, void (*visit)(struct inet_diag_msg *, void *), void *ctx)
{
    for (;;) {
        ssize_t n = recv(fd, buf, RECV_BUF, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("recv");
            exit(1);
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_DONE)
                return;
            if (h->nlmsg_type == NLMSG_ERROR) {
                fprintf(stderr, "dump failed: %s\n", strerror(-((struct nlmsgerr *)NLMSG_DATA(h))->error));
                exit(1);
            }
            visit(NLMSG_DATA(h), ctx);
        }
    }
}

struct printer {
    char *out;
    size_t used;
};

static void print_one(struct inet_diag_msg *m, void *ctx)
{
    struct printer *p = ctx;
    if (p->used > (1 << 20) - 256) {
        fwrite(p->out, 1, p->used, stdout);
        p->used = 0;
    }
    char *o = p->out + p->used;
    o += sprintf(o, "tcp %s %u %u ", m->idiag_state < 14 ? STATE[m->idiag_state] : "?", m->idiag_rqueue,
                 m->idiag_wqueue);
    o = endpoint(o, m->idiag_family, m->id.idiag_src, m->id.idiag_sport);
    *o++ = ' ';
    o = endpoint(o, m->idiag_family, m->id.idiag_dst, m->id.idiag_dport);
    *o++ = '\n';
    p->used = o - p->out;
}

static int list(void)
{
    int fd = open_diag();
    char *buf = malloc(RECV_BUF);
    struct printer p = {malloc(1 << 20), 0};
    fputs("Netid State Recv-Q Send-Q Local Peer\n", stdout);
    for (int family = AF_INET; family; family = family == AF_INET ? AF_INET6 : 0) {
        send_dump(fd, family, ~0u, -1);
        read_dump(fd, buf, print_one, &p);
    }
    fwrite(p.out, 1, p.used, stdout);
    return fflush(stdout) == 0 ? 0 : 1;
}

struct killer {
    int fd;
    struct destroy_request batch[BATCH];
    int pending;
    unsigned seq;
    char *buf;
    long killed, gone, failed;
};

/* Sends the pending destroys in one datagram and reads one ack for each. */
static void flush(struct killer *k)
{
    if (k->pending == 0)
        return;
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    if (sendto(k->fd, k->batch, k->pending * sizeof(k->batch[0]), 0, (struct sockaddr *)&kernel,
               sizeof(kernel)) < 0) {
        perror("sendto");
        exit(1);
    }
    int acked = 0;
    while (acked < k->pending) {
        ssize_t n = recv(k->fd, k->buf, RECV_BUF, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            perror("recv");
            exit(1);
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *)k->buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type != NLMSG_ERROR)
                continue;
            int err = -((struct nlmsgerr *)NLMSG_DATA(h))->error;
            if (err == 0)
                k->killed++;
            else if (err == ENOENT)
                k->gone++;
            else
                k->failed++;
            acked++;
        }
    }
    k->pending = 0;
}

static void destroy_one(struct inet_diag_msg *m, void *ctx)
{
    struct killer *k = ctx;
    struct destroy_request *d = &k->batch[k->pending++];
    memset(d, 0, sizeof(*d));
    d->nh.nlmsg_len = sizeof(*d);
    d->nh.nlmsg_type = SOCK_DESTROY;
    d->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    d->nh.nlmsg_seq = ++k->seq;
    d->req.sdiag_family = m->idiag_family;
    d->req.sdiag_protocol = IPPROTO_TCP;
    d->req.idiag_states = ~0u;
    d->req.id = m->id; /* the exact sockid, cookie included */
    if (k->pending == BATCH)
        flush(k);
}

static int kill_dport(int port)
{
    int dump_fd = open_diag();
    struct killer k = {.fd = open_diag(), .buf = malloc(RECV_BUF)};
    char *buf = malloc(RECV_BUF);
    unsigned states = ~0u & ~(1u << 10); /* not listeners */
    for (int family = AF_INET; family; family = family == AF_INET ? AF_INET6 : 0) {
        send_dump(dump_fd, family, states, port);
        read_dump(dump_fd, buf, destroy_one, &k);
    }
    flush(&k);
    printf("killed %ld, already gone %ld, failed %ld\n", k.killed, k.gone, k.failed);
    return k.failed == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "list") == 0)
        return list();
    if (argc == 3 && strcmp(argv[1], "kill-dport") == 0)
        return kill_dport(atoi(argv[2]));
    fprintf(stderr, "usage: floor list | floor kill-dport PORT\n");
    return 2;
}
