/* telecom.c: the `canhgac telecom` subcommand: `scan` reads call records
 * and writes SIM-box alerts as JSON Lines (and into the store with --db). */
#include "cli/cli.h"

#include "cases/alert.h"
#include "core/buf.h"
#include "core/progress.h"
#include "store/store.h"
#include "telecom/cdr.h"
#include "telecom/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DB_BATCH 1000

static void usage(FILE *f)
{
    fprintf(f, "usage: canhgac telecom scan [--test-calls FILE] [--config FILE] [--db FILE]\n"
               "                            [--quiet] FILE...\n\n"
               "Reads call records (cdr-csv v1, plain or gzip; '-' is standard input) and\n"
               "writes one JSON line per subscriber that looks like a SIM box (bypass of\n"
               "international call charges), with its score, box, reasons and evidence.\n\n"
               "  --test-calls FILE  test calls placed from abroad (testcall-csv v1): a call\n"
               "                     that arrived showing a local number proves that SIM\n"
               "  --config FILE      thresholds (key = value lines; docs/telecom.md)\n"
               "  --db FILE          also put the alerts into the platform's store\n"
               "                     (scanning the same records again adds no twins)\n"
               "  --quiet            no progress line\n\n"
               "Exit status: 0 all read, 1 some lines were rejected (named on standard\n"
               "error as FILE:LINE: reason), 2 usage, 3 a file or the store failed.\n");
}

typedef struct out_ctx {
    store *db;
    alert_in batch[DB_BATCH];
    char *owned[DB_BATCH][3];
    size_t n, created, sent;
    int failed;
    cg_err err;
} out_ctx;

static void flush(out_ctx *o)
{
    if (!o->n)
        return;
    size_t created = 0;
    if (!o->failed && alert_ingest(o->db, o->batch, o->n, &created, &o->err))
        o->failed = 1;
    o->created += created;
    o->sent += o->n;
    for (size_t i = 0; i < o->n; i++)
        for (int k = 0; k < 3; k++)
            free(o->owned[i][k]);
    o->n = 0;
}

static void emit(void *ctx, const char *json, double score, uint64_t msisdn, int64_t last)
{
    out_ctx *o = ctx;
    fputs(json, stdout);
    fputc('\n', stdout);
    if (!o->db)
        return;
    char ref[64], title[200];
    snprintf(ref, sizeof ref, "telecom.bypass:%llu", (unsigned long long)msisdn);
    snprintf(title, sizeof title,
             "Nghi vấn SIM box: thuê bao %llu gọi đi hàng loạt, hầu như không có cuộc gọi đến",
             (unsigned long long)msisdn);
    alert_in *a = &o->batch[o->n];
    memset(a, 0, sizeof *a);
    a->kind = "telecom.bypass";
    a->source = "telecom.scan";
    a->source_ref = o->owned[o->n][0] = cg_strdup(ref);
    a->title = o->owned[o->n][1] = cg_strdup(title);
    a->detail_json = o->owned[o->n][2] = cg_strdup(json);
    a->score = score;
    a->observed_at = last;
    if (++o->n == DB_BATCH)
        flush(o);
}

static void print_error(void *ctx, const char *msg)
{
    fprintf(stderr, "%s\n", msg);
}

static int scan_cmd(int argc, char **argv)
{
    const char *testcalls = NULL, *config = NULL, *db = NULL;
    int quiet = 0, nfiles = 0;
    char **files = cg_calloc((size_t)argc, sizeof *files);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            free(files);
            return CLI_OK;
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
            quiet = 1;
        } else if (i + 1 < argc && !strcmp(a, "--test-calls")) {
            testcalls = argv[++i];
        } else if (i + 1 < argc && !strcmp(a, "--config")) {
            config = argv[++i];
        } else if (i + 1 < argc && !strcmp(a, "--db")) {
            db = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "canhgac telecom scan: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            free(files);
            return CLI_USAGE;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (!nfiles) {
        fprintf(stderr, "canhgac telecom scan: no input file (give '-' for standard input)\n");
        usage(stderr);
        free(files);
        return CLI_USAGE;
    }
    scan_config cfg;
    scan_config_default(&cfg);
    cg_err err;
    if (config && scan_config_load(&cfg, config, &err)) {
        fprintf(stderr, "canhgac telecom scan: %s\n", err.msg);
        free(files);
        return CLI_USAGE;
    }
    out_ctx *o = cg_calloc(1, sizeof *o);
    if (db && store_open(db, &o->db, &err)) {
        fprintf(stderr, "canhgac telecom scan: %s\n", err.msg);
        free(o);
        free(files);
        return CLI_FATAL;
    }
    scan *s = scan_new(&cfg);
    int status = CLI_OK;
    uint64_t rejected = 0, records = 0;
    if (testcalls) {
        testcall *t;
        size_t n, bad;
        if (testcall_load(testcalls, &t, &n, &bad, print_error, NULL, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            status = CLI_FATAL;
        } else {
            scan_add_testcalls(s, t, n);
            free(t);
            rejected += bad;
        }
    }
    progress pr;
    progress_init(&pr, quiet);
    for (int i = 0; i < nfiles && status != CLI_FATAL; i++) {
        cdr_reader *r;
        if (cdr_open(files[i], &r, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            status = CLI_FATAL;
            break;
        }
        cdr_record rec;
        int rc;
        while ((rc = cdr_next(r, &rec, &err)) != 0) {
            if (rc == CG_EINVAL) {
                progress_done(&pr);
                fprintf(stderr, "%s\n", err.msg);
                rejected++;
                continue;
            }
            if (rc < 0) {
                progress_done(&pr);
                fprintf(stderr, "%s\n", err.msg);
                rejected++;
                break;
            }
            scan_add(s, &rec);
            if ((++records & 0xffff) == 0 && progress_due(&pr))
                progress_show(&pr, "%s: %llu records, %.1f M/s, %llu rejected, %zu subscribers",
                              files[i], (unsigned long long)records,
                              records / progress_elapsed(&pr) / 1e6, (unsigned long long)rejected,
                              scan_subscribers(s));
        }
        cdr_close(r);
    }
    progress_done(&pr);
    size_t flagged = 0;
    if (status != CLI_FATAL) {
        flagged = scan_finish(s, emit, o);
        flush(o);
        if (o->failed) {
            fprintf(stderr, "canhgac telecom scan: %s: %s\n", db, o->err.msg);
            status = CLI_FATAL;
        }
    }
    if (!quiet)
        fprintf(
            stderr,
            "canhgac telecom scan: %llu records, %llu rejected, %zu subscribers, %zu flagged%s\n",
            (unsigned long long)records, (unsigned long long)rejected, scan_subscribers(s), flagged,
            o->db ? "" : "");
    if (o->db && !o->failed && !quiet)
        fprintf(stderr, "canhgac telecom scan: %s: %zu alerts sent, %zu new\n", db, o->sent,
                o->created);
    if (status == CLI_OK && rejected)
        status = CLI_REJECTED;
    if (fflush(stdout)) {
        fprintf(stderr, "canhgac telecom scan: cannot write the output\n");
        status = CLI_FATAL;
    }
    scan_free(s);
    if (o->db)
        store_close(o->db);
    free(o);
    free(files);
    return status;
}

int cli_telecom(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "scan"))
        return scan_cmd(argc - 1, argv + 1);
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return CLI_OK;
    }
    usage(stderr);
    return CLI_USAGE;
}
