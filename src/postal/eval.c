/* eval.c: must-stop recall and false-stop rate against ground truth. */
#include "postal/eval.h"

#include "core/hmap.h"
#include "core/input.h"
#include "postal/gen.h"

#include <stdio.h>
#include <string.h>

typedef struct truth_rec {
    unsigned char truth; /* post_truth */
    unsigned char seen;
    unsigned char decision; /* 0 accept, 1 inspect, 2 hold */
    char cls[29];
} truth_rec;

struct post_eval {
    hmap *items;   /* item_id -> truth_rec */
    hmap *classes; /* class -> counts */
};

typedef struct class_count {
    uint64_t total, stopped;
    int truth;
} class_count;

post_eval *post_eval_new(void)
{
    post_eval *e = cg_calloc(1, sizeof *e);
    e->items = hmap_new();
    e->classes = hmap_new();
    return e;
}

static void free_values(hmap *m)
{
    const char *k;
    size_t kl;
    void *v;
    for (size_t i = 0; hmap_next(m, &i, &k, &kl, &v);)
        free(v);
    hmap_free(m);
}

void post_eval_free(post_eval *e)
{
    if (!e)
        return;
    free_values(e->items);
    free_values(e->classes);
    free(e);
}

int post_eval_load_truth(post_eval *e, const char *path, cg_err *err)
{
    input *in;
    int rc = input_open(path, &in, err);
    if (rc)
        return rc;
    char *line;
    size_t len;
    while ((rc = input_next(in, &line, &len, err)) > 0) {
        if (len == 0 || strncmp(line, "item_id,", 8) == 0)
            continue;
        char *c1 = memchr(line, ',', len);
        char *c2 = c1 ? memchr(c1 + 1, ',', len - (size_t)(c1 + 1 - line)) : NULL;
        if (!c1 || !c2) {
            rc = cg_err_set(err, CG_EINVAL, "%s:%llu: expected item_id,truth,class", path,
                            (unsigned long long)input_lineno(in));
            break;
        }
        truth_rec *t = cg_calloc(1, sizeof *t);
        size_t tl = (size_t)(c2 - c1 - 1);
        if (tl == 4 && memcmp(c1 + 1, "hold", 4) == 0)
            t->truth = POST_TRUTH_HOLD;
        else if (tl == 7 && memcmp(c1 + 1, "inspect", 7) == 0)
            t->truth = POST_TRUTH_INSPECT;
        else if (tl == 5 && memcmp(c1 + 1, "clean", 5) == 0)
            t->truth = POST_TRUTH_CLEAN;
        else {
            free(t);
            rc = cg_err_set(err, CG_EINVAL, "%s:%llu: truth must be hold, inspect or clean", path,
                            (unsigned long long)input_lineno(in));
            break;
        }
        size_t cl = len - (size_t)(c2 + 1 - line);
        if (cl >= sizeof t->cls)
            cl = sizeof t->cls - 1;
        memcpy(t->cls, c2 + 1, cl);
        free(hmap_put(e->items, line, (size_t)(c1 - line), t));
    }
    input_close(in);
    return rc < 0 ? rc : 0;
}

/* The string value of "key":"..." in our own output line (no escapes in
 * item IDs or decisions are expected; an escaped one is taken verbatim). */
static int field(const char *line, size_t len, const char *key, const char **v, size_t *vl)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i + kl + 3 < len; i++) {
        if (line[i] == '"' && memcmp(line + i + 1, key, kl) == 0 && line[i + 1 + kl] == '"' &&
            line[i + 2 + kl] == ':' && line[i + 3 + kl] == '"') {
            const char *s = line + i + 4 + kl, *end = line + len;
            const char *q = s;
            while (q < end && *q != '"')
                q++;
            if (q >= end)
                return -1;
            *v = s;
            *vl = (size_t)(q - s);
            return 0;
        }
    }
    return -1;
}

int post_eval_decision(post_eval *e, const char *line, size_t len, cg_err *err)
{
    const char *id, *d;
    size_t il, dl;
    if (field(line, len, "item_id", &id, &il) < 0)
        return cg_err_set(err, CG_EINVAL, "no item_id");
    if (field(line, len, "decision", &d, &dl) < 0)
        return cg_err_set(err, CG_EINVAL, "no decision");
    truth_rec *t = hmap_get(e->items, id, il);
    if (!t)
        return cg_err_set(err, CG_ENOTFOUND, "item '%.*s' is not in the truth", (int)il, id);
    t->seen = 1;
    t->decision = (dl == 4 && memcmp(d, "hold", 4) == 0)      ? 2
                  : (dl == 7 && memcmp(d, "inspect", 7) == 0) ? 1
                                                              : 0;
    return 0;
}

void post_eval_report(post_eval *e, post_eval_summary *s, buf *out)
{
    memset(s, 0, sizeof *s);
    const char *k;
    size_t kl;
    void *v;
    for (size_t i = 0; hmap_next(e->items, &i, &k, &kl, &v);) {
        truth_rec *t = v;
        if (!t->seen) {
            s->missing++;
            continue;
        }
        int stop = t->decision > 0;
        if (t->truth == POST_TRUTH_HOLD)
            s->must_stop++, s->stopped += stop;
        else if (t->truth == POST_TRUTH_INSPECT)
            s->inspect++, s->inspect_hit += stop;
        else
            s->clean++, s->false_stops += stop;
        char key[48];
        int n = snprintf(key, sizeof key, "%s/%s", post_truth_name(t->truth), t->cls);
        class_count **c = (class_count **)hmap_slot(e->classes, key, (size_t)n, NULL);
        if (!*c)
            *c = cg_calloc(1, sizeof **c);
        (*c)->total++;
        (*c)->stopped += stop;
    }
    s->recall = s->must_stop ? (double)s->stopped / (double)s->must_stop : 1;
    s->false_stop_rate = s->clean ? (double)s->false_stops / (double)s->clean : 0;
    if (!out)
        return;
    buf_printf(out, "must_stop_recall %.4f (%llu of %llu)\n", s->recall,
               (unsigned long long)s->stopped, (unsigned long long)s->must_stop);
    buf_printf(out, "false_stop_rate %.4f (%llu of %llu)\n", s->false_stop_rate,
               (unsigned long long)s->false_stops, (unsigned long long)s->clean);
    buf_printf(out, "inspect_worthy_stopped %.4f (%llu of %llu)\n",
               s->inspect ? (double)s->inspect_hit / (double)s->inspect : 1,
               (unsigned long long)s->inspect_hit, (unsigned long long)s->inspect);
    if (s->missing)
        buf_printf(out, "without_decision %llu\n", (unsigned long long)s->missing);
    buf_puts(out, "by class (stopped / total):\n");
    for (size_t i = 0; hmap_next(e->classes, &i, &k, &kl, &v);) {
        class_count *c = v;
        buf_printf(out, "  %-40.*s %llu / %llu\n", (int)kl, k, (unsigned long long)c->stopped,
                   (unsigned long long)c->total);
    }
}
