/* serve.c: the `canhgac serve` subcommand: open the store, optionally load
 * the demo province or fill it for a benchmark, and run the HTTP server
 * until SIGINT or SIGTERM. */
#include "cli/cli.h"

#include "cases/demo.h"
#include "http/http.h"
#include "store/store.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    stop_requested = sig;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: canhgac serve [--db FILE] [--listen ADDR:PORT] [--demo] [--threads N]\n"
               "                     [--secure-cookies] [--evidence-max BYTES]\n"
               "       canhgac serve --db FILE --fill CASES,ALERTS\n\n"
               "Runs the case platform: the JSON API under /api (docs/openapi.json) and the\n"
               "web UI, until interrupted.\n\n"
               "  --db FILE           the SQLite store (default canhgac.db; created and\n"
               "                      migrated as needed; evidence files go to FILE.files/)\n"
               "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080)\n"
               "  --demo              load the demo province (Tiền Giang, a year of history)\n"
               "                      into an empty store, or give the demo users new\n"
               "                      passwords on a store that has it; prints the logins\n"
               "  --threads N         worker threads (default: the number of cores)\n"
               "  --secure-cookies    mark the session cookie Secure (behind a TLS proxy)\n"
               "  --evidence-max B    the largest evidence file accepted (default 64 MiB)\n"
               "  --fill C,A          add C cases and A alerts for a benchmark, then exit\n"
               "  --routes            list the API's routes (METHOD PATTERN) and exit\n");
}

static void print_users(const demo_user *u, size_t n, const char *listen)
{
    printf("Tài khoản thử nghiệm / demo accounts (mật khẩu chỉ in một lần / passwords "
           "are shown once):\n");
    printf("  %-10s %-20s %-9s %s\n", "login", "role", "org", "password");
    for (size_t i = 0; i < n; i++)
        printf("  %-10s %-20s %-9s %s\n", u[i].login, u[i].role, u[i].org, u[i].password);
    printf("\nMở trình duyệt / open http://%s/\n", listen);
    fflush(stdout);
}

static void fill_progress(void *ctx, int64_t done, int64_t total)
{
    fprintf(stderr, "\rfilling: %lld / %lld rows", (long long)done, (long long)total);
}

int cli_serve(int argc, char **argv)
{
    const char *db = "canhgac.db", *listen = "127.0.0.1:8080", *fill = NULL;
    int demo = 0;
    http_config cfg = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return CLI_OK;
        } else if (!strcmp(a, "--routes")) {
            const char *m, *pat;
            for (size_t k = 0; http_route_at(k, &m, &pat); k++)
                printf("%s %s\n", m, pat);
            return CLI_OK;
        } else if (!strcmp(a, "--demo")) {
            demo = 1;
        } else if (!strcmp(a, "--secure-cookies")) {
            cfg.secure_cookies = 1;
        } else if (v && !strcmp(a, "--db")) {
            db = argv[++i];
        } else if (v && !strcmp(a, "--listen")) {
            listen = argv[++i];
        } else if (v && !strcmp(a, "--fill")) {
            fill = argv[++i];
        } else if (v && !strcmp(a, "--threads")) {
            cfg.threads = (unsigned)atoi(argv[++i]);
            if (cfg.threads < 1 || cfg.threads > 256) {
                fprintf(stderr, "canhgac serve: --threads: give 1 to 256\n");
                return CLI_USAGE;
            }
        } else if (v && !strcmp(a, "--evidence-max")) {
            cfg.evidence_max = strtoull(argv[++i], NULL, 10);
            if (!cfg.evidence_max) {
                fprintf(stderr, "canhgac serve: --evidence-max: give a number of bytes\n");
                return CLI_USAGE;
            }
        } else {
            fprintf(stderr, "canhgac serve: unknown or incomplete argument '%s'\n", a);
            usage(stderr);
            return CLI_USAGE;
        }
    }
    long long n_cases = 0, n_alerts = 0;
    if (fill &&
        (sscanf(fill, "%lld,%lld", &n_cases, &n_alerts) != 2 || n_cases < 0 || n_alerts < 0)) {
        fprintf(stderr, "canhgac serve: --fill: give CASES,ALERTS (e.g. 1000000,5000000)\n");
        return CLI_USAGE;
    }

    cg_err err;
    store *s;
    if (store_open(db, &s, &err)) {
        fprintf(stderr, "canhgac serve: %s\n", err.msg);
        return CLI_FATAL;
    }
    int64_t now = (int64_t)time(NULL);
    int rc = CLI_OK;
    if (fill) {
        if (demo_province(s, &err) ||
            demo_bulk_fill(s, n_cases, n_alerts, now, 1, isatty(2) ? fill_progress : NULL, NULL,
                           &err)) {
            fprintf(stderr, "\ncanhgac serve: --fill: %s\n", err.msg);
            rc = CLI_FATAL;
        } else {
            fprintf(stderr, "\n%s: %lld cases and %lld alerts added\n", db, n_cases, n_alerts);
        }
        store_close(s);
        return rc;
    }

    demo_user users[DEMO_USERS];
    size_t n_users = 0;
    if (demo) {
        int lr = demo_load(s, now, 365, 20261123, users, &n_users, &err);
        if (lr == CG_ECONFLICT)
            lr = demo_reset_passwords(s, users, &n_users, &err);
        if (lr) {
            fprintf(stderr, "canhgac serve: demo: %s\n", err.msg);
            store_close(s);
            return CLI_FATAL;
        }
    }

    cfg.listen = listen;
    cfg.store = s;
    http_server *srv;
    if (http_start(&cfg, &srv, &err)) {
        fprintf(stderr, "canhgac serve: %s\n", err.msg);
        store_close(s);
        return CLI_FATAL;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    fprintf(stderr, "canhgac serve: %s, listening on port %u\n", db, http_port(srv));
    if (demo)
        print_users(users, n_users, listen);
    while (!stop_requested)
        pause();
    fprintf(stderr, "canhgac serve: stopping\n");
    http_stop(srv);
    store_close(s);
    return CLI_OK;
}
