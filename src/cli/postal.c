/* postal.c: the `canhgac postal` subcommand: screen items at acceptance,
 * generate items with ground truth, evaluate decisions against it. */
#include "cli/cli.h"

#include "core/buf.h"
#include "core/input.h"
#include "core/progress.h"
#include "postal/dict.h"
#include "postal/eval.h"
#include "postal/gen.h"
#include "postal/item.h"
#include "postal/screen.h"
#include "postal/sink.h"
#include "postal/watch.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(
        f,
        "usage: canhgac postal screen [--watchlist FILE]... [--config FILE] [--dict FILE]\n"
        "                             [--db FILE] [--quiet] FILE...\n"
        "       canhgac postal gen [--items N] [--seed N] [--truth FILE] [--watchlist-out FILE]\n"
        "                          [--hold-rate R] [--inspect-rate R] [--lookalike-rate R]\n"
        "       canhgac postal eval --truth FILE DECISIONS\n"
        "A FILE of - is standard input; gzip files are read as well.\n");
}

/* Where the data files are: $CANHGAC_DATA, ./data, next to the binary. */
static int find_data(const char *name, char *out, size_t cap)
{
    const char *env = getenv("CANHGAC_DATA");
    if (env && *env) {
        snprintf(out, cap, "%s/postal/%s", env, name);
        if (access(out, R_OK) == 0)
            return 0;
    }
    snprintf(out, cap, "data/postal/%s", name);
    if (access(out, R_OK) == 0)
        return 0;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            static const char *up[] = {"/../data", "/../../data", "/../share/canhgac"};
            for (size_t i = 0; i < CG_ARRAY_LEN(up); i++) {
                int w = snprintf(out, cap, "%s%s/postal/%s", exe, up[i], name);
                if (w > 0 && (size_t)w < cap && access(out, R_OK) == 0)
                    return 0;
            }
        }
    }
    snprintf(out, cap, "/usr/share/canhgac/postal/%s", name);
    return access(out, R_OK) == 0 ? 0 : -1;
}

static void report_line(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "%s\n", msg);
}

static int cmd_screen(int argc, char **argv)
{
    const char *watchfiles[64];
    size_t nwatch = 0;
    const char *config = NULL, *dictpath = NULL, *db = NULL;
    int quiet = 0, i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--watchlist") == 0 && i + 1 < argc && nwatch < 64)
            watchfiles[nwatch++] = argv[++i];
        else if (strcmp(a, "--config") == 0 && i + 1 < argc)
            config = argv[++i];
        else if (strcmp(a, "--dict") == 0 && i + 1 < argc)
            dictpath = argv[++i];
        else if (strcmp(a, "--db") == 0 && i + 1 < argc)
            db = argv[++i];
        else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
            quiet = 1;
        else if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "canhgac postal screen: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return CLI_USAGE;
        } else
            break;
    }
    if (i >= argc) {
        fprintf(stderr, "canhgac postal screen: no input file (use - for standard input)\n");
        usage(stderr);
        return CLI_USAGE;
    }
    char path[PATH_MAX];
    cg_err err = {0};
    post_config cfg;
    post_config_defaults(&cfg);
    if (!config && find_data("screen.conf", path, sizeof path) == 0)
        config = path;
    if (config && post_config_load(&cfg, config, &err) < 0) {
        fprintf(stderr, "canhgac postal screen: %s\n", err.msg);
        post_config_free(&cfg);
        return CLI_FATAL;
    }
    char dpath[PATH_MAX];
    if (!dictpath) {
        if (find_data("dictionary.tsv", dpath, sizeof dpath) < 0) {
            fprintf(stderr, "canhgac postal screen: cannot find data/postal/dictionary.tsv "
                            "(give --dict FILE or set CANHGAC_DATA)\n");
            post_config_free(&cfg);
            return CLI_FATAL;
        }
        dictpath = dpath;
    }
    post_dict *dict = NULL;
    if (post_dict_load(dictpath, &dict, &err) < 0) {
        fprintf(stderr, "canhgac postal screen: %s\n", err.msg);
        post_config_free(&cfg);
        return CLI_FATAL;
    }
    int status = CLI_OK;
    size_t rejected = 0;
    post_watch *watch = post_watch_new();
    post_sink *sink = NULL;
    post_screener *scr = NULL;
    post_parser *parser = post_parser_new();
    for (size_t k = 0; k < nwatch; k++) {
        if (post_watch_load_csv(watch, watchfiles[k], report_line, NULL, &rejected, &err) < 0) {
            fprintf(stderr, "canhgac postal screen: %s\n", err.msg);
            status = CLI_FATAL;
            goto out;
        }
    }
    if (db && post_sink_open(db, watch, report_line, NULL, &sink, &err) < 0) {
        fprintf(stderr, "canhgac postal screen: %s\n", err.msg);
        status = CLI_FATAL;
        goto out;
    }
    scr = post_screener_new(dict, watch, &cfg);
    if (!scr) {
        fprintf(stderr, "canhgac postal screen: the matcher could not be set up\n");
        status = CLI_FATAL;
        goto out;
    }
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    progress prog;
    progress_init(&prog, quiet);
    uint64_t items = 0, held = 0, inspected = 0;
    post_decision dec;
    post_decision_init(&dec);
    buf line_out = BUF_INIT;
    for (; i < argc && status != CLI_FATAL; i++) {
        input *in;
        if (input_open(argv[i], &in, &err) < 0) {
            fprintf(stderr, "canhgac postal screen: %s\n", err.msg);
            status = CLI_FATAL;
            break;
        }
        char *line;
        size_t len;
        int rc;
        while ((rc = input_next(in, &line, &len, &err)) != 0) {
            if (rc < 0) {
                fprintf(stderr, "%s\n", err.msg);
                rejected++;
                if (rc == CG_ETOOBIG)
                    continue;
                break;
            }
            size_t j = 0;
            while (j < len && (line[j] == ' ' || line[j] == '\t' || line[j] == '\r'))
                j++;
            if (j == len)
                continue; /* a blank line is no item */
            post_item it;
            if (post_parse_line(parser, line, len, &it, &err) < 0) {
                fprintf(stderr, "%s:%llu: %s\n", input_name(in),
                        (unsigned long long)input_lineno(in), err.msg);
                rejected++;
                continue;
            }
            if (post_screen_item(scr, &it, &dec, &err) < 0) {
                fprintf(stderr, "%s:%llu: %s\n", input_name(in),
                        (unsigned long long)input_lineno(in), err.msg);
                rejected++;
                continue;
            }
            /* Decision lines gather in line_out and go out a megabyte at a
             * time: a call per line was 3% of the run. */
            size_t at = line_out.len;
            post_decision_json(&it, &dec, &line_out);
            buf_putc(&line_out, '\n');
            items++;
            held += dec.decision == POST_HOLD;
            inspected += dec.decision == POST_INSPECT;
            if (sink &&
                post_sink_add(sink, &it, &dec, line_out.p + at, line_out.len - at - 1, &err) < 0) {
                fprintf(stderr, "canhgac postal screen: %s\n", err.msg);
                status = CLI_FATAL;
                break;
            }
            if (line_out.len >= (1u << 20)) {
                fwrite(line_out.p, 1, line_out.len, stdout);
                buf_reset(&line_out);
            }
            if ((items & 4095) == 0 && progress_due(&prog))
                progress_show(&prog,
                              "%llu bưu gửi, %.0f/s, %zu dòng lỗi, %llu giữ lại, %llu kiểm tra",
                              (unsigned long long)items, items / progress_elapsed(&prog), rejected,
                              (unsigned long long)held, (unsigned long long)inspected);
        }
        input_close(in);
    }
    fwrite(line_out.p ? line_out.p : "", 1, line_out.len, stdout);
    progress_done(&prog);
    post_decision_free(&dec);
    buf_free(&line_out);
    if (sink && status != CLI_FATAL && post_sink_flush(sink, &err) < 0) {
        fprintf(stderr, "canhgac postal screen: %s\n", err.msg);
        status = CLI_FATAL;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "canhgac postal screen: writing the decisions failed\n");
        status = CLI_FATAL;
    }
    if (!quiet)
        fprintf(stderr,
                "canhgac postal screen: %llu items, %llu hold, %llu inspect, %zu rejected%s\n",
                (unsigned long long)items, (unsigned long long)held, (unsigned long long)inspected,
                rejected, "");
    if (sink && !quiet) {
        size_t sent, created;
        post_sink_counts(sink, &sent, &created);
        fprintf(stderr, "canhgac postal screen: %zu alerts sent to %s, %zu new\n", sent, db,
                created);
    }
    if (status == CLI_OK && rejected)
        status = CLI_REJECTED;
out:
    post_screener_free(scr);
    post_parser_free(parser);
    post_watch_free(watch);
    post_sink_close(sink);
    post_dict_free(dict);
    post_config_free(&cfg);
    return status;
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || *s == '-')
        return -1;
    *out = v;
    return 0;
}

static int parse_rate(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || v < 0 || v > 1)
        return -1;
    *out = v;
    return 0;
}

static int write_file(const char *path, const buf *b)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    size_t n = fwrite(b->p ? b->p : "", 1, b->len, f);
    return (fclose(f) == 0 && n == b->len) ? 0 : -1;
}

static int cmd_gen(int argc, char **argv)
{
    post_gen_opts o;
    post_gen_defaults(&o);
    uint64_t items = 10000;
    const char *truth = NULL, *watch = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int ok = i + 1 < argc;
        if (ok && strcmp(a, "--items") == 0)
            ok = parse_u64(argv[++i], &items) == 0;
        else if (ok && strcmp(a, "--seed") == 0)
            ok = parse_u64(argv[++i], &o.seed) == 0;
        else if (ok && strcmp(a, "--truth") == 0)
            truth = argv[++i];
        else if (ok && strcmp(a, "--watchlist-out") == 0)
            watch = argv[++i];
        else if (ok && strcmp(a, "--hold-rate") == 0)
            ok = parse_rate(argv[++i], &o.hold_rate) == 0;
        else if (ok && strcmp(a, "--inspect-rate") == 0)
            ok = parse_rate(argv[++i], &o.inspect_rate) == 0;
        else if (ok && strcmp(a, "--lookalike-rate") == 0)
            ok = parse_rate(argv[++i], &o.lookalike_rate) == 0;
        else
            ok = 0;
        if (!ok) {
            fprintf(stderr, "canhgac postal gen: bad or incomplete option '%s'\n", a);
            fprintf(stderr, "usage: canhgac postal gen [--items N] [--seed N] [--truth FILE]\n"
                            "         [--watchlist-out FILE] [--hold-rate R] [--inspect-rate R]\n"
                            "         [--lookalike-rate R]   (items on standard output)\n");
            return CLI_USAGE;
        }
    }
    if (o.hold_rate + o.inspect_rate > 1) {
        fprintf(stderr, "canhgac postal gen: --hold-rate plus --inspect-rate is above 1\n");
        return CLI_USAGE;
    }
    FILE *tf = NULL;
    if (truth && !(tf = fopen(truth, "w"))) {
        fprintf(stderr, "canhgac postal gen: cannot write %s\n", truth);
        return CLI_FATAL;
    }
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    post_gen *g = post_gen_new(&o);
    buf line = BUF_INIT, tl = BUF_INIT;
    if (tf)
        fputs("item_id,truth,class\n", tf);
    int status = CLI_OK;
    for (uint64_t n = 0; n < items; n++) {
        buf_reset(&line);
        buf_reset(&tl);
        post_gen_next(g, &line, &tl);
        buf_putc(&line, '\n');
        if (fwrite(line.p, 1, line.len, stdout) != line.len) {
            status = CLI_FATAL;
            break;
        }
        if (tf) {
            buf_putc(&tl, '\n');
            fwrite(tl.p, 1, tl.len, tf);
        }
    }
    if (watch) {
        buf_reset(&line);
        post_gen_watchlist(g, &line);
        if (write_file(watch, &line) < 0) {
            fprintf(stderr, "canhgac postal gen: cannot write %s\n", watch);
            status = CLI_FATAL;
        }
    }
    if (tf && (ferror(tf) | fclose(tf))) {
        fprintf(stderr, "canhgac postal gen: writing %s failed\n", truth);
        status = CLI_FATAL;
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "canhgac postal gen: writing the items failed\n");
        status = CLI_FATAL;
    }
    buf_free(&line);
    buf_free(&tl);
    post_gen_free(g);
    return status;
}

static int cmd_eval(int argc, char **argv)
{
    const char *truth = NULL, *decisions = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--truth") == 0 && i + 1 < argc)
            truth = argv[++i];
        else if (!decisions && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0))
            decisions = argv[i];
        else {
            decisions = NULL;
            break;
        }
    }
    if (!truth || !decisions) {
        fprintf(stderr, "usage: canhgac postal eval --truth FILE DECISIONS\n"
                        "  (DECISIONS: the output of postal screen, - for standard input)\n");
        return CLI_USAGE;
    }
    cg_err err = {0};
    post_eval *e = post_eval_new();
    input *in = NULL;
    int status = CLI_OK;
    if (post_eval_load_truth(e, truth, &err) < 0 || input_open(decisions, &in, &err) < 0) {
        fprintf(stderr, "canhgac postal eval: %s\n", err.msg);
        post_eval_free(e);
        return CLI_FATAL;
    }
    char *line;
    size_t len;
    int rc;
    while ((rc = input_next(in, &line, &len, &err)) != 0) {
        if (rc < 0) {
            fprintf(stderr, "%s\n", err.msg);
            status = CLI_REJECTED;
            if (rc == CG_ETOOBIG)
                continue;
            break;
        }
        if (len && post_eval_decision(e, line, len, &err) < 0) {
            fprintf(stderr, "%s:%llu: %s\n", input_name(in), (unsigned long long)input_lineno(in),
                    err.msg);
            status = CLI_REJECTED;
        }
    }
    input_close(in);
    post_eval_summary s;
    buf out = BUF_INIT;
    post_eval_report(e, &s, &out);
    fputs(buf_cstr(&out), stdout);
    buf_free(&out);
    post_eval_free(e);
    return status;
}

int cli_postal(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    if (strcmp(argv[1], "screen") == 0)
        return cmd_screen(argc - 1, argv + 1);
    if (strcmp(argv[1], "gen") == 0)
        return cmd_gen(argc - 1, argv + 1);
    if (strcmp(argv[1], "eval") == 0)
        return cmd_eval(argc - 1, argv + 1);
    fprintf(stderr, "canhgac postal: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
