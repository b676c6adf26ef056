/*
 * measure: run one command and report its wall time and peak memory.
 *
 *   measure [--stdin FILE] -- CMD ARGS...
 *
 * Forks and execs CMD with stdout and stderr on /dev/null and stdin on /dev/null (or FILE), waits
 * for it with wait4() and prints one line on stdout:
 *
 *   wall_ms=<float> maxrss_kb=<n> status=<exit status>
 *
 * wall_ms is CLOCK_MONOTONIC from just before fork() to just after wait4() returns. maxrss_kb is
 * ru_maxrss from wait4(): the largest resident set of the child or of any descendant it waited
 * for (a shell pipeline reports its biggest member, not the sum). status is the exit status, or
 * 128+N when the command was killed by signal N; 127 when it could not be executed.
 * measure itself exits 0 when it could run the command, 2 on a usage error, 1 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void usage(void)
{
    fprintf(stderr, "usage: measure [--stdin FILE] -- CMD ARGS...\n");
    exit(2);
}

static double now_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        perror("measure: clock_gettime");
        exit(1);
    }
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    const char *stdin_path = "/dev/null";
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "--stdin") == 0 && i + 1 < argc) {
            stdin_path = argv[++i];
        } else {
            usage();
        }
    }
    if (i >= argc)
        usage();
    char **cmd = &argv[i];

    /* Open everything the child needs before the clock starts. */
    int in = open(stdin_path, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        fprintf(stderr, "measure: %s: %s\n", stdin_path, strerror(errno));
        return 1;
    }
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null < 0) {
        fprintf(stderr, "measure: /dev/null: %s\n", strerror(errno));
        return 1;
    }
    fflush(NULL);

    double start = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        perror("measure: fork");
        return 1;
    }
    if (pid == 0) {
        /* dup2 clears FD_CLOEXEC on the new descriptors; the originals close at exec. */
        if (dup2(in, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
            _exit(126);
        execvp(cmd[0], cmd);
        _exit(127);
    }

    int status;
    struct rusage ru;
    pid_t r;
    do {
        r = wait4(pid, &status, 0, &ru);
    } while (r < 0 && errno == EINTR);
    double end = now_ms();
    if (r < 0) {
        perror("measure: wait4");
        return 1;
    }

    int code;
    if (WIFEXITED(status))
        code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        code = 128 + WTERMSIG(status);
    else
        code = 255;
    printf("wall_ms=%.3f maxrss_kb=%ld status=%d\n", end - start, ru.ru_maxrss, code);
    return 0;
}
