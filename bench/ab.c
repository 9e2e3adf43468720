/* Compare two commands' wall times on a noisy machine: runs them
 * alternately N times (after 3 warm-ups each), output to /dev/null, and
 * prints each one's median, mean and 10th percentile in milliseconds.
 * Alternating keeps both exposed to the same minute-to-minute noise, which
 * on the 2-vCPU build VM moves a 15 ms render by 1-2 ms (docs/performance.md).
 *
 *   bench/ab N COMMAND_A... -- COMMAND_B...      (commands by full path) */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One run of argv; exits if the command fails (a benchmark of an error is no benchmark). */
static double run(char **argv)
{
    double start = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
        fprintf(stderr, "ab: %s failed\n", argv[0]);
        exit(1);
    }
    return now_ms() - start;
}

static void report(const char *name, double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, compare);
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += t[i];
    printf("%s median %.2f mean %.2f p10 %.2f", name, t[n / 2], sum / n, t[n / 10]);
}

int main(int argc, char **argv)
{
    int sep = 2;
    while (sep < argc && strcmp(argv[sep], "--"))
        sep++;
    int n = argc > 1 ? atoi(argv[1]) : 0;
    if (n < 1 || sep == 2 || sep >= argc - 1) {
        fprintf(stderr, "usage: ab N COMMAND_A... -- COMMAND_B...\n");
        return 2;
    }
    argv[sep] = NULL;
    char **a = argv + 2, **b = argv + sep + 1;
    double *ta = malloc((size_t)n * sizeof *ta), *tb = malloc((size_t)n * sizeof *tb);
    if (!ta || !tb)
        return 1;
    for (int i = 0; i < 3; i++) {
        run(a);
        run(b);
    }
    for (int i = 0; i < n; i++) {
        ta[i] = run(a);
        tb[i] = run(b);
    }
    report("A", ta, n);
    printf(" | ");
    report("B", tb, n);
    printf("\n");
    free(ta);
    free(tb);
    return 0;
}
