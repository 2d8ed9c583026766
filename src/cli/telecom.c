/* telecom.c: the `canhgac telecom` subcommand: `scan` reads call records
 * and writes SIM-box alerts as JSON Lines (and into the store with --db). */
#include "cli/cli.h"

#include "cases/alert.h"
#include "core/buf.h"
#include "core/progress.h"
#include "store/store.h"
#include "telecom/cdr.h"
#include "telecom/scan.h"
#include "telecom/sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    /* The records to expect, from the files' sizes (about 90 bytes a
     * record, five times fewer bytes when compressed). */
    uint64_t expect = 0;
    for (int i = 0; i < nfiles; i++) {
        struct stat st;
        if (strcmp(files[i], "-") && stat(files[i], &st) == 0) {
            size_t len = strlen(files[i]);
            int gz = len > 3 && !strcmp(files[i] + len - 3, ".gz");
            expect += (uint64_t)st.st_size * (gz ? 5 : 1) / 90;
        }
    }
    scan_expect(s, expect);
    progress pr;
    progress_init(&pr, quiet);
    for (int i = 0; i < nfiles && status != CLI_FATAL; i++) {
        cdr_reader *r;
        if (cdr_open(files[i], &r, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            status = CLI_FATAL;
            break;
        }
        cdr_record batch[32];
        size_t nb = 0;
        int rc;
        while ((rc = cdr_next(r, &batch[nb], &err)) != 0) {
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
            if (++nb == CG_ARRAY_LEN(batch)) {
                scan_add_batch(s, batch, nb);
                nb = 0;
            }
            if ((++records & 0xffff) == 0 && progress_due(&pr))
                progress_show(&pr, "%s: %llu records, %.1f M/s, %llu rejected, %zu subscribers",
                              files[i], (unsigned long long)records,
                              records / progress_elapsed(&pr) / 1e6, (unsigned long long)rejected,
                              scan_subscribers(s));
        }
        scan_add_batch(s, batch, nb);
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

static int gen_cmd(int argc, char **argv)
{
    sim_config c = {100000, 7, 0.002, SIM_MIXED, 1, 0};
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("usage: canhgac telecom gen --out DIR [--subscribers N] [--days D]\n"
                   "                           [--fraud-rate R] [--level L] [--seed S] [--gzip]\n\n"
                   "Writes DIR/cdr.csv (cdr-csv v1), DIR/testcalls.csv and DIR/truth.csv for\n"
                   "N ordinary subscribers (default 100000) over D days (7), with call centres,\n"
                   "taxi drivers, M2M devices and shops, and SIM boxes holding the share R of\n"
                   "all SIMs (0.002). L: naive, caps, social, unique_imei, moving, rotation,\n"
                   "all (every imitation at once) or mixed (each box one level; default).\n");
            return CLI_OK;
        } else if (!strcmp(a, "--gzip")) {
            c.gzip = 1;
        } else if (v && !strcmp(a, "--out")) {
            dir = argv[++i];
        } else if (v && !strcmp(a, "--subscribers")) {
            c.subscribers = strtoull(argv[++i], NULL, 10);
        } else if (v && !strcmp(a, "--days")) {
            c.days = atoi(argv[++i]);
        } else if (v && !strcmp(a, "--fraud-rate")) {
            c.fraud_rate = atof(argv[++i]);
        } else if (v && !strcmp(a, "--seed")) {
            c.seed = strtoull(argv[++i], NULL, 10);
        } else if (v && !strcmp(a, "--level")) {
            c.level = sim_level_parse(argv[++i]);
            if (c.level < 0) {
                fprintf(stderr, "canhgac telecom gen: --level: unknown level '%s'\n", argv[i]);
                return CLI_USAGE;
            }
        } else {
            fprintf(stderr, "canhgac telecom gen: unknown or incomplete option '%s'\n", a);
            return CLI_USAGE;
        }
    }
    if (!dir) {
        fprintf(stderr, "canhgac telecom gen: --out DIR is required\n");
        return CLI_USAGE;
    }
    uint64_t records;
    cg_err err;
    if (sim_generate(&c, dir, &records, &err)) {
        fprintf(stderr, "canhgac telecom gen: %s\n", err.msg);
        return err.code == CG_EINVAL ? CLI_USAGE : CLI_FATAL;
    }
    fprintf(stderr, "canhgac telecom gen: %s: %llu records\n", dir, (unsigned long long)records);
    return CLI_OK;
}

static int eval_cmd(int argc, char **argv)
{
    const char *truth = NULL, *tests = NULL, *alerts = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && !strcmp(argv[i], "--truth"))
            truth = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--test-calls"))
            tests = argv[++i];
        else if (argv[i][0] != '-')
            alerts = argv[i];
        else {
            fprintf(stderr, "usage: canhgac telecom eval --truth DIR/truth.csv "
                            "[--test-calls DIR/testcalls.csv] ALERTS.jsonl\n");
            return strcmp(argv[i], "--help") ? CLI_USAGE : CLI_OK;
        }
    }
    if (!truth || !alerts) {
        fprintf(stderr, "usage: canhgac telecom eval --truth DIR/truth.csv "
                        "[--test-calls DIR/testcalls.csv] ALERTS.jsonl\n");
        return CLI_USAGE;
    }
    sim_eval e;
    cg_err err;
    if (sim_evaluate(truth, tests, alerts, &e, &err)) {
        fprintf(stderr, "canhgac telecom eval: %s\n", err.msg);
        return CLI_FATAL;
    }
    printf("SIM level: %llu flagged, %llu right, %llu wrong, %llu missed\n",
           (unsigned long long)e.flagged, (unsigned long long)e.true_pos,
           (unsigned long long)e.false_pos, (unsigned long long)e.false_neg);
    printf("  precision %.4f  recall %.4f  F1 %.4f\n", e.precision, e.recall, e.f1);
    printf("box level: %llu of %llu boxes found (most of their SIMs flagged)\n",
           (unsigned long long)e.boxes_found, (unsigned long long)e.boxes);
    if (e.tested_boxes)
        printf("  boxes hit by a test call found whole: %llu of %llu\n",
               (unsigned long long)e.tested_whole, (unsigned long long)e.tested_boxes);
    for (int l = 0; l < 7; l++)
        if (e.level_sims[l])
            printf("  %-12s %llu of %llu SIMs found\n", sim_level_name(l),
                   (unsigned long long)e.level_found[l], (unsigned long long)e.level_sims[l]);
    return CLI_OK;
}

int cli_telecom(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "scan"))
        return scan_cmd(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "gen"))
        return gen_cmd(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "eval"))
        return eval_cmd(argc - 1, argv + 1);
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return CLI_OK;
    }
    usage(stderr);
    return CLI_USAGE;
}
