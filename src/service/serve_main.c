/* raingan-serve: the program `raingan serve` runs (src/cli/cmd_serve.c),
 * installed in $(pkglibexecdir) like raingan-sign, so that libmicrohttpd
 * is loaded by the service only. Options, the listening socket (loopback
 * only unless --allow-remote), the token, then http_front.c. */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "service/http_front.h"
#include "service/batch_jobs.h"
#include "service/service.h"
#include "util/bounded_int.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan serve [--db FILE] [--listen HOST:PORT] [-j N] [--token-file FILE] [limits]\n"
            "Serve the forms over HTTP (docs/service.md): GET /forms, GET /records,\n"
            "GET /render/FORM/KEY.pdf, POST /render/FORM, POST /batch, GET /batch/ID[.zip], GET /health.\n"
            "  --db FILE             the database, opened read-only (default: $RAINGAN_DB, else ./%s)\n"
            "  --listen HOST:PORT    where to listen (default 127.0.0.1:8080; port 0: any free port)\n"
            "  --allow-remote        allow a --listen address that is not loopback\n"
            "  -j, --workers N       render workers (default: the number of CPUs)\n"
            "  --token-file FILE     require `Authorization: Bearer TOKEN`, TOKEN being the file's first line\n"
            "  --templates DIR       the templates directory (default: $RAINGAN_TEMPLATES, else the installed one)\n"
            "  --max-body BYTES      largest request body (default 1048576)\n"
            "  --request-timeout S   a whole request must arrive within S seconds (default 10)\n"
            "  --render-timeout S    a render running longer is stopped, 503 (default 30)\n"
            "  --max-connections N   open connections at most (default 1024)\n"
            "  --max-per-ip N        connections from one address at most (default 0: no limit)\n"
            "  --max-queue N         requests waiting for a worker at most, then 503 (default 256)\n"
            "  --batch-max-records N records one batch prints at most (default %d)\n"
            "  --batch-max-jobs N    batches kept at most, running or finished (default %d)\n"
            "  --batch-expiry S      a finished batch and its ZIP are dropped after S seconds (default %d)\n"
            "  -q, --quiet           no request log on standard error\n",
            RG_CLI_DEFAULT_DB, RG_BATCH_DEFAULT_MAX_RECORDS, RG_BATCH_DEFAULT_MAX_JOBS, RG_BATCH_DEFAULT_EXPIRY_S);
}

static int fail_usage(const char *message)
{
    fprintf(stderr, "raingan serve: %s\n", message);
    fprintf(stderr, "Try 'raingan serve --help'.\n");
    return 2;
}

static int is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
    return 0;
}

/* HOST:PORT or [V6]:PORT, bound and listening. The host must be loopback
 * unless allow_remote: the service speaks plain HTTP and is meant to sit
 * behind the office's web server on the same machine (docs/service.md). */
static int open_listener(const char *listen_arg, int allow_remote, char *name, size_t name_size, rg_error *err)
{
    char host[256];
    const char *colon = strrchr(listen_arg, ':');
    if (!colon || colon == listen_arg || (size_t)(colon - listen_arg) >= sizeof host)
        return rg_error_set(err, RG_ERR_USAGE, "--listen %s: expected HOST:PORT, e.g. 127.0.0.1:8080", listen_arg);
    memcpy(host, listen_arg, (size_t)(colon - listen_arg));
    host[colon - listen_arg] = '\0';
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = '\0';
    }
    long long port;
    if (rg_parse_bounded_int(colon + 1, 0, 65535, &port) != RG_INT_OK)
        return rg_error_set(err, RG_ERR_USAGE, "--listen %s: the port must be a number 0..65535", listen_arg);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *res;
    int gai = getaddrinfo(host, colon + 1, &hints, &res);
    if (gai != 0)
        return rg_error_set(err, RG_ERR_USAGE, "--listen %s: %s", listen_arg, gai_strerror(gai));
    int fd = -1;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        if (!allow_remote && !is_loopback(a->ai_addr)) {
            freeaddrinfo(res);
            return rg_error_set(err, RG_ERR_USAGE,
                                "--listen %s: not a loopback address; the service speaks plain HTTP and is "
                                "meant to be reached through the office's web server on this machine "
                                "(docs/service.md). Give --allow-remote to listen there anyway", listen_arg);
        }
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 511) != 0) {
            int e = errno;
            close(fd);
            fd = -1;
            freeaddrinfo(res);
            return rg_error_set(err, RG_ERR_IO, "--listen %s: %s", listen_arg, strerror(e));
        }
    }
    freeaddrinfo(res);
    if (fd < 0)
        return rg_error_set(err, RG_ERR_IO, "--listen %s: no address to listen on", listen_arg);
    /* The port actually bound (port 0 asks for any free one). */
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    char addr[INET6_ADDRSTRLEN] = "?";
    int bound = 0;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
        if (ss.ss_family == AF_INET) {
            struct sockaddr_in *in = (struct sockaddr_in *)&ss;
            inet_ntop(AF_INET, &in->sin_addr, addr, sizeof addr);
            bound = ntohs(in->sin_port);
        } else {
            struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
            inet_ntop(AF_INET6, &in6->sin6_addr, addr, sizeof addr);
            bound = ntohs(in6->sin6_port);
        }
    }
    snprintf(name, name_size, ss.ss_family == AF_INET6 ? "[%s]:%d" : "%s:%d", addr, bound);
    return fd;
}

/* The token: the file's first line, at least 16 bytes. */
static char *read_token(const char *path, rg_error *err)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        rg_error_set(err, RG_ERR_IO, "--token-file %s: %s", path, strerror(errno));
        return NULL;
    }
    char line[1024];
    char *got = fgets(line, sizeof line, fp);
    fclose(fp);
    if (got)
        line[strcspn(line, "\r\n")] = '\0';
    if (!got || strlen(line) < 16) {
        rg_error_set(err, RG_ERR_USAGE, "--token-file %s: the first line must hold the token, "
                     "at least 16 characters", path);
        return NULL;
    }
    return strdup(line);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},          {"listen", required_argument, NULL, 'l'},
        {"allow-remote", no_argument, NULL, 'R'},      {"workers", required_argument, NULL, 'j'},
        {"token-file", required_argument, NULL, 't'},  {"templates", required_argument, NULL, 'T'},
        {"max-body", required_argument, NULL, 'B'},    {"request-timeout", required_argument, NULL, 'r'},
        {"render-timeout", required_argument, NULL, 'x'}, {"max-connections", required_argument, NULL, 'C'},
        {"max-per-ip", required_argument, NULL, 'I'},  {"max-queue", required_argument, NULL, 'Q'},
        {"batch-max-records", required_argument, NULL, 'N'}, {"batch-max-jobs", required_argument, NULL, 'J'},
        {"batch-expiry", required_argument, NULL, 'E'},
        {"quiet", no_argument, NULL, 'q'},             {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db_option = NULL, *listen_arg = "127.0.0.1:8080", *token_file = NULL, *templates = NULL;
    int allow_remote = 0, c;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    rg_serve_config cfg = {
        .workers = cpus > 0 ? (int)cpus : 2, .max_body = 1 << 20, .request_timeout_s = 10,
        .render_timeout_s = 30, .max_connections = 1024, .max_per_ip = 0, .max_queue = 256,
    };
    unsigned long batch_records = RG_BATCH_DEFAULT_MAX_RECORDS, batch_jobs = RG_BATCH_DEFAULT_MAX_JOBS,
                  batch_expiry = RG_BATCH_DEFAULT_EXPIRY_S;
    long long v = 0;   /* an option's value, within its bounds once read */
    optind = 1;
    while ((c = getopt_long(argc, argv, "j:qh", options, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'd': db_option = optarg; break;
        case 'l': listen_arg = optarg; break;
        case 'R': allow_remote = 1; break;
        case 't': token_file = optarg; break;
        case 'T': templates = optarg; break;
        case 'q': cfg.quiet = 1; break;
        case 'j': bad = rg_parse_bounded_int(optarg, 1, 256, &v) != RG_INT_OK; cfg.workers = (int)v; break;
        case 'B': bad = rg_parse_bounded_int(optarg, 1, 1LL << 30, &v) != RG_INT_OK; cfg.max_body = v; break;
        case 'r': bad = rg_parse_bounded_int(optarg, 1, 3600, &v) != RG_INT_OK; cfg.request_timeout_s = (unsigned)v; break;
        case 'x': bad = rg_parse_bounded_int(optarg, 1, 3600, &v) != RG_INT_OK; cfg.render_timeout_s = (unsigned)v; break;
        case 'C': bad = rg_parse_bounded_int(optarg, 1, 1000000, &v) != RG_INT_OK; cfg.max_connections = (unsigned)v; break;
        case 'I': bad = rg_parse_bounded_int(optarg, 0, 1000000, &v) != RG_INT_OK; cfg.max_per_ip = (unsigned)v; break;
        case 'Q': bad = rg_parse_bounded_int(optarg, 1, 1000000, &v) != RG_INT_OK; cfg.max_queue = v; break;
        case 'N': bad = rg_parse_bounded_int(optarg, 1, 1000000, &v) != RG_INT_OK; batch_records = v; break;
        case 'J': bad = rg_parse_bounded_int(optarg, 1, 10000, &v) != RG_INT_OK; batch_jobs = v; break;
        case 'E': bad = rg_parse_bounded_int(optarg, 1, 30 * 86400, &v) != RG_INT_OK; batch_expiry = v; break;
        case 'h': usage(stdout); return 0;
        default: return fail_usage("unknown option");
        }
        if (bad) {
            char m[200];
            snprintf(m, sizeof m, "%.100s: expected a whole number within the option's range (see --help)", optarg);
            return fail_usage(m);
        }
    }
    if (optind != argc)
        return fail_usage("no operands are taken (options only)");
    rg_cli_install_warning_sink();
    rg_error err;
    rg_error_clear(&err);
    /* 1,000 idle connections must not run the process out of descriptors. */
    struct rlimit nofile;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
        nofile.rlim_cur = nofile.rlim_max;
        setrlimit(RLIMIT_NOFILE, &nofile);
    }
    char *token = NULL;
    if (token_file && !(token = read_token(token_file, &err)))
        return rg_cli_fail("serve", &err);
    cfg.token = token;
    const char *db_path = rg_cli_db_path(db_option);
    /* The database must open now: a typo in --db is a start-up error, not
     * a 503 on every request. */
    rg_store *probe = rg_store_open(db_path, RG_STORE_READ_ONLY, &err);
    if (!probe) {
        free(token);
        return rg_cli_fail("serve", &err);
    }
    rg_store_close(probe);
    rg_service svc;
    if (rg_service_load(&svc, db_path, templates, &err) < 0) {
        rg_service_free(&svc);
        free(token);
        return rg_cli_fail("serve", &err);
    }
    svc.worker_count = cfg.workers;
    svc.batch_max_records = batch_records;
    svc.batch_max_jobs = batch_jobs;
    svc.batch_expiry_s = (unsigned)batch_expiry;
    rg_service_warm_up(&svc, NULL);
    char name[300];
    cfg.listen_fd = open_listener(listen_arg, allow_remote, name, sizeof name, &err);
    cfg.listen_name = name;
    int rc = cfg.listen_fd < 0 ? -1 : rg_serve_run(&svc, &cfg, &err);
    rg_service_free(&svc);
    free(token);
    return rc < 0 ? rg_cli_fail("serve", &err) : 0;
}
