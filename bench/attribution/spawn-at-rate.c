/*
 * Starts RATE processes a second for SECONDS seconds, each `connect-once PROTO ADDRESS PORT` with its own
 * destination port (FIRST_PORT, FIRST_PORT+1, ...), alternating tcp/udp and IPv4/IPv6 (ADDRESS4, ADDRESS6),
 * and writes "port pid proto" per process to PIDS_FILE. Reaps as it goes. Prints how many it started.
 */
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 8) {
        fprintf(stderr, "usage: spawn-at-rate CONNECT_ONCE RATE SECONDS ADDRESS4 ADDRESS6 FIRST_PORT PIDS_FILE\n");
        return 2;
    }
    const char *program = argv[1];
    int rate = atoi(argv[2]), seconds = atoi(argv[3]), first = atoi(argv[6]);
    FILE *pids = fopen(argv[7], "w");
    if (!pids) return 1;
    long total = (long) rate * seconds, started = 0;
    double start = now();
    for (long i = 0; i < total; i++) {
        double due = start + (double) i / rate;
        while (now() < due) {
            while (waitpid(-1, NULL, WNOHANG) > 0) {}
            usleep(100);
        }
        char port[16];
        snprintf(port, sizeof port, "%ld", first + i);
        const char *proto = (i % 4 < 2) ? "tcp" : "udp";
        const char *address = (i % 2) ? argv[5] : argv[4];
        char *args[] = {(char *) program, (char *) proto, (char *) address, port, NULL};
        pid_t pid;
        if (posix_spawn(&pid, program, NULL, NULL, args, environ) == 0) {
            fprintf(pids, "%s %d %s\n", port, pid, proto);
            started++;
        }
    }
    while (wait(NULL) > 0) {}
    fclose(pids);
    printf("%ld %.3f\n", started, now() - start);
    return 0;
}
