/* screen.c: rules, score and decision for postal items at acceptance. */
#include "postal/screen.h"

#include "core/hmap.h"
#include "core/phone.h"
#include "core/ts.h"
#include "postal/ident.h"
#include "postal/norm.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- configuration ---- */

typedef struct conf_key {
    const char *name;
    size_t off;
    int is_int, unit; /* unit: a weight or threshold in [0, 1] */
} conf_key;

#define D(f, u)                                                                                    \
    {                                                                                              \
#f, offsetof(post_config, f), 0, u                                                         \
    }
#define I(f)                                                                                       \
    {                                                                                              \
#f, offsetof(post_config, f), 1, 0                                                         \
    }
static const conf_key keys[] = {
    D(hold_score, 1),
    D(inspect_score, 1),
    D(w_exact, 1),
    D(w_unaccented, 1),
    D(w_mismatch, 1),
    D(w_inspect_goods, 1),
    D(w_document, 1),
    D(w_vague, 1),
    D(w_watchlist, 1),
    D(w_value, 1),
    D(w_burst, 1),
    D(w_identity, 1),
    D(w_watch_name, 1),
    D(w_missing_identity, 1),
    D(invoice_value_vnd, 0),
    D(invoice_value_domestic_vnd, 0),
    D(min_value_per_kg_vnd, 0),
    D(cheap_min_weight_g, 0),
    D(papers_max_weight_g, 0),
    D(cod_ratio_max, 0),
    D(cod_slack_vnd, 0),
    D(weight_ratio_max, 0),
    D(weight_slack_g, 0),
    D(weight_excess_ratio, 0),
    D(weight_excess_g, 0),
    I(burst_items),
    I(burst_recipients),
    I(burst_window_min),
    I(medicine_personal_max),
};
#undef D
#undef I

void post_config_defaults(post_config *c)
{
    memset(c, 0, sizeof *c);
    c->hold_score = 0.85;
    c->inspect_score = 0.5;
    c->w_exact = 0.97;
    c->w_unaccented = 0.9;
    c->w_mismatch = 0.3;
    c->w_inspect_goods = 0.7;
    c->w_document = 0.6;
    c->w_vague = 0.55;
    c->w_watchlist = 0.99;
    c->w_watch_name = 0.3;
    c->w_value = 0.55;
    c->w_burst = 0.55;
    c->w_identity = 0.25;
    c->w_missing_identity = 0.2;
    c->invoice_value_vnd = 50000000;
    c->invoice_value_domestic_vnd = 100000000;
    c->min_value_per_kg_vnd = 2000;
    c->cheap_min_weight_g = 3000;
    c->papers_max_weight_g = 10000;
    c->cod_ratio_max = 3;
    c->cod_slack_vnd = 300000;
    c->weight_ratio_max = 1.25;
    c->weight_slack_g = 300;
    c->weight_excess_ratio = 1.6;
    c->weight_excess_g = 800;
    c->burst_items = 100;
    c->burst_recipients = 80;
    c->burst_window_min = 60;
    c->medicine_personal_max = 3;
}

void post_config_free(post_config *c)
{
    for (size_t i = 0; i < c->ncode_patterns; i++)
        free((char *)c->code_patterns[i]);
    c->ncode_patterns = 0;
}

static char *strip(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

int post_config_load(post_config *c, const char *path, cg_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return cg_err_set(err, CG_EIO, "%s: cannot open the config: %s", path, strerror(errno));
    char line[1024];
    size_t ln = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        ln++;
        char *s = strip(line);
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            rc = cg_err_set(err, CG_EINVAL, "%s:%zu: expected key = value", path, ln);
            break;
        }
        *eq = '\0';
        char *k = strip(s), *v = strip(eq + 1);
        if (strcmp(k, "domestic_code") == 0) {
            if (c->ncode_patterns >= POST_MAX_CODE_PATTERNS || !*v)
                rc = cg_err_set(err, CG_EINVAL, "%s:%zu: %s", path, ln,
                                *v ? "too many domestic_code patterns" : "empty pattern");
            else
                c->code_patterns[c->ncode_patterns++] = cg_strdup(v);
            continue;
        }
        const conf_key *key = NULL;
        for (size_t i = 0; i < CG_ARRAY_LEN(keys); i++)
            if (strcmp(keys[i].name, k) == 0)
                key = &keys[i];
        if (!key) {
            rc = cg_err_set(err, CG_EINVAL, "%s:%zu: unknown key '%s'", path, ln, k);
            break;
        }
        char *end;
        errno = 0;
        double d = strtod(v, &end);
        if (!*v || *end || errno || !isfinite(d) || d < 0 || (key->unit && d > 1) ||
            (key->is_int && (d != floor(d) || d < 1 || d > 1e6))) {
            rc = cg_err_set(err, CG_EINVAL, "%s:%zu: '%s' is not a valid value for %s%s", path, ln,
                            v, k, key->unit ? " (a number in [0, 1])" : "");
            break;
        }
        if (key->is_int)
            *(int *)((char *)c + key->off) = (int)d;
        else
            *(double *)((char *)c + key->off) = d;
    }
    fclose(f);
    if (rc == 0 && c->inspect_score > c->hold_score)
        rc = cg_err_set(err, CG_EINVAL, "%s: inspect_score is above hold_score", path);
    return rc;
}

/* ---- sender bursts ---- */

typedef struct sev {
    int64_t t;
    uint64_t r;
} sev;

#define SEV_INLINE 2

typedef struct sstate {
    uint64_t key;
    int64_t last;
    sev *heap; /* the events once more than SEV_INLINE */
    uint32_t n, cap;
    sev in[SEV_INLINE]; /* most senders send one or two items: no allocation */
} sstate;

static sev *events(sstate *s)
{
    return s->cap > SEV_INLINE ? s->heap : s->in;
}

typedef struct burst {
    sstate *tab; /* open addressing on key; key 0 = empty */
    size_t cap, used;
    sstate *spare; /* cap zeroed entries: the next sweep's table */
    int64_t max_t;
    uint64_t *set; /* scratch hash set for counting distinct recipients */
    size_t setcap;
} burst;

/* How many distinct recipients ev[0..n) has: a hash set (linear probing
 * on the recipient keys; the key 0 is tracked apart). */
static uint32_t distinct(burst *b, const sev *ev, uint32_t n)
{
    size_t cap = 16;
    while (cap < 2 * (size_t)n)
        cap *= 2;
    if (cap > b->setcap) {
        free(b->set);
        b->set = cg_malloc(cap * sizeof *b->set);
        b->setcap = cap;
    }
    memset(b->set, 0, cap * sizeof *b->set);
    uint32_t d = 0;
    int zero = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint64_t r = ev[k].r;
        if (!r) {
            d += !zero;
            zero = 1;
            continue;
        }
        size_t i = (size_t)((r ^ (r >> 29)) * 0x9e3779b97f4a7c15ull >> 20) & (cap - 1);
        while (b->set[i] && b->set[i] != r)
            i = (i + 1) & (cap - 1);
        if (!b->set[i]) {
            b->set[i] = r;
            d++;
        }
    }
    return d;
}

/* Bring the sender's slot toward the cache while other rules run. */
static void burst_prefetch(const burst *b, uint64_t key)
{
    if (!key)
        key = 1;
    if (b->cap)
        __builtin_prefetch(&b->tab[key & (b->cap - 1)]);
}

static void burst_free(burst *b)
{
    free(b->set);
    for (size_t i = 0; i < b->cap; i++)
        if (b->tab[i].cap > SEV_INLINE)
            free(b->tab[i].heap);
    free(b->tab);
    free(b->spare);
}

static void burst_insert(sstate *tab, size_t cap, const sstate *s)
{
    size_t i = s->key & (cap - 1);
    while (tab[i].key)
        i = (i + 1) & (cap - 1);
    tab[i] = *s;
}

/* Rebuild at cap, dropping senders idle for longer than the window.
 * Most senders send once, so the table fills with idle ones and is swept
 * every few thousand items: a sweep at the same size moves the live
 * senders into the spare table, which is zeroed already, and clears the
 * old one entry by entry as it reads it, to be the next spare. A megabyte
 * allocated and freed at each sweep cost page faults and a memset. */
static void burst_rehash(burst *b, size_t cap, int64_t window)
{
    sstate *nt;
    if (cap == b->cap && b->spare) {
        nt = b->spare;
    } else {
        nt = cg_calloc(cap, sizeof *nt);
        free(b->spare);
        b->spare = NULL;
    }
    size_t used = 0;
    for (size_t i = 0; i < b->cap; i++) {
        sstate *s = &b->tab[i];
        if (!s->key)
            continue;
        if (s->last < b->max_t - window) {
            if (s->cap > SEV_INLINE)
                free(s->heap);
        } else {
            burst_insert(nt, cap, s);
            used++;
        }
        memset(s, 0, sizeof *s);
    }
    if (cap == b->cap) {
        b->spare = b->tab; /* now all zero */
    } else {
        free(b->tab);
        b->spare = NULL; /* made at the next sweep at this size */
    }
    b->tab = nt;
    b->cap = cap;
    b->used = used;
}

/* Record an item; returns the sender's items and distinct recipients in
 * the window ending at t. */
static void burst_add(burst *b, uint64_t key, uint64_t rcpt, int64_t t, int64_t window,
                      uint32_t keep, uint32_t need, uint32_t *items, uint32_t *rcpts)
{
    if (!key)
        key = 1;
    if (t > b->max_t)
        b->max_t = t;
    if ((b->used + 1) * 2 > b->cap) {
        /* Full: first forget idle senders, then grow if that was not enough.
         * A sweep frees at least a quarter of the table or doubles it, so
         * its cost spreads over as many inserts. */
        if (b->cap)
            burst_rehash(b, b->cap, window);
        if ((b->used + 1) * 4 > b->cap)
            burst_rehash(b, b->cap ? b->cap * 2 : 1024, window);
    }
    size_t i = key & (b->cap - 1);
    while (b->tab[i].key && b->tab[i].key != key)
        i = (i + 1) & (b->cap - 1);
    sstate *s = &b->tab[i];
    if (!s->key) {
        s->key = key;
        s->cap = SEV_INLINE;
        b->used++;
    }
    if (t > s->last)
        s->last = t;
    /* Drop events out of the window, and the oldest beyond `keep`. */
    sev *ev = events(s);
    uint32_t w = 0;
    for (uint32_t k = 0; k < s->n; k++)
        if (ev[k].t >= t - window && ev[k].t <= t + window)
            ev[w++] = ev[k];
    s->n = w;
    if (s->n >= keep) {
        memmove(ev, ev + 1, (s->n - 1) * sizeof *ev);
        s->n--;
    }
    if (s->n == s->cap) {
        sev *grown = cg_malloc(2 * s->cap * sizeof *grown);
        memcpy(grown, ev, s->n * sizeof *ev);
        if (s->cap > SEV_INLINE)
            free(s->heap);
        s->heap = grown;
        s->cap *= 2;
        ev = grown;
    }
    ev[s->n++] = (sev){t, rcpt};
    *items = s->n;
    /* The distinct recipients matter only from `need` items on; below that
     * they are not counted (reported as 0). */
    if (s->n < need) {
        *rcpts = 0;
        return;
    }
    *rcpts = distinct(b, ev, s->n);
}

/* ---- screening ---- */

typedef struct signal {
    double w;
    const char *kind;
    size_t off, len; /* reason text in the screener's text buffer */
    long group;      /* signals of one group count once; 0: none */
} signal;

struct post_screener {
    const post_dict *dict;
    const post_watch *watch;
    post_config cfg;
    post_matcher *m;
    signal *sig;
    size_t nsig, sigcap;
    buf text, tmp;
    burst burst;
    int64_t year_day; /* the day (Vietnam time) whose year is cached */
    int year, year_day_set;
};

post_screener *post_screener_new(const post_dict *dict, const post_watch *watch,
                                 const post_config *cfg)
{
    post_screener *s = cg_calloc(1, sizeof *s);
    s->dict = dict;
    s->watch = watch;
    s->cfg = *cfg;
    s->m = post_matcher_new(dict);
    if (!s->m) {
        free(s);
        return NULL;
    }
    return s;
}

void post_screener_free(post_screener *s)
{
    if (!s)
        return;
    post_matcher_free(s->m);
    free(s->sig);
    buf_free(&s->text);
    buf_free(&s->tmp);
    burst_free(&s->burst);
    free(s);
}

void post_decision_init(post_decision *d)
{
    memset(d, 0, sizeof *d);
}

void post_decision_free(post_decision *d)
{
    buf_free(&d->reasons);
}

const char *post_decision_name(post_decision_kind k)
{
    return k == POST_HOLD ? "hold" : k == POST_INSPECT ? "inspect" : "accept";
}

static void vadd_signal(post_screener *s, long group, double w, const char *kind, const char *fmt,
                        va_list ap)
{
    if (w <= 0)
        return;
    size_t off = s->text.len;
    buf_vprintf(&s->text, fmt, ap);
    size_t len = s->text.len - off;
    /* One signal per group (several terms of one category in one item are
     * one finding, not independent evidence), and the same reason twice
     * counts once. The strongest, then the most specific, reason stays. */
    for (size_t i = 0; i < s->nsig; i++) {
        signal *g = &s->sig[i];
        int same = (group > 0 && g->group == group) ||
                   (g->len == len && memcmp(s->text.p + g->off, s->text.p + off, len) == 0);
        if (!same)
            continue;
        if (w > g->w || (w == g->w && len > g->len)) {
            g->w = w, g->kind = kind, g->off = off, g->len = len;
        } else {
            s->text.len = off;
            s->text.p[off] = '\0';
        }
        return;
    }
    if (s->nsig == s->sigcap) {
        s->sigcap = s->sigcap ? s->sigcap * 2 : 16;
        s->sig = cg_realloc(s->sig, s->sigcap * sizeof *s->sig);
    }
    s->sig[s->nsig++] = (signal){w, kind, off, len, group};
}

/* Identity notes: weak hints that together weigh at most w_identity, so
 * that they never stop an item on their own. */
#define SOFT_GROUP (-1L)

static void add_signal(post_screener *s, double w, const char *kind, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add_signal(post_screener *s, double w, const char *kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd_signal(s, 0, w, kind, fmt, ap);
    va_end(ap);
}

/* A signal that stands for its group: one per group and item. */
static void add_group(post_screener *s, long group, double w, const char *kind, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));
static void add_group(post_screener *s, long group, double w, const char *kind, const char *fmt,
                      ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd_signal(s, group, w, kind, fmt, ap);
    va_end(ap);
}

/* Money as Vietnamese write it: 1.250.000 đ. */
#define VND_MAX 64

static const char *vnd(double v, char out[VND_MAX])
{
    /* Beyond a million billion a figure is a typing error or a test of
     * limits; it is shown as such rather than with 40 digits. */
    if (v >= 1e15) {
        snprintf(out, VND_MAX, "%.3g đ", v);
        return out;
    }
    char digits[24];
    snprintf(digits, sizeof digits, "%.0f", v < 0 ? 0 : v);
    size_t n = strlen(digits), w = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            out[w++] = '.';
        out[w++] = digits[i];
    }
    strcpy(out + w, " đ");
    return out;
}

/* Document kinds as acceptance systems write them: the contract's words in
 * any case, and the usual synonyms. */
static int doc_is(post_str k, const char *want)
{
    static const struct {
        const char *want, *alias;
    } syn[] = {{"invoice", "invoice"},
               {"invoice", "commercial_invoice"},
               {"invoice", "hoa_don"},
               {"invoice", "receipt"},
               {"origin", "origin"},
               {"origin", "certificate_of_origin"},
               {"origin", "c/o"},
               {"origin", "co"},
               {"type_approval", "type_approval"},
               {"type_approval", "hop_quy"},
               {"type_approval", "conformity"},
               {"type_approval", "certificate_of_conformity"},
               {"licence", "licence"},
               {"licence", "license"},
               {"licence", "permit"},
               {"licence", "giay_phep"}};
    char low[40];
    if (!k.p || k.len >= sizeof low)
        return 0;
    for (size_t i = 0; i < k.len; i++) {
        char c = k.p[i];
        low[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : (c == '-' || c == ' ') ? '_' : c);
    }
    low[k.len] = '\0';
    for (size_t i = 0; i < CG_ARRAY_LEN(syn); i++)
        if (strcmp(syn[i].want, want) == 0 && strcmp(syn[i].alias, low) == 0)
            return 1;
    return 0;
}

static int has_doc(const post_item *it, const char *k1, const char *k2)
{
    for (size_t i = 0; i < it->ndocs; i++)
        if (doc_is(it->docs[i].kind, k1) || (k2 && doc_is(it->docs[i].kind, k2)))
            return 1;
    return 0;
}

/* A short quote of the sender's text for a reason. */
static int quote_len(post_str s)
{
    size_t n = s.len < 60 ? s.len : 60;
    /* Do not cut a UTF-8 sequence in two. */
    while (n < s.len && n > 0 && ((unsigned char)s.p[n] & 0xc0) == 0x80)
        n--;
    return (int)n;
}

/* Does a medicine's description say it is a personal quantity: a count
 * of packs ("2 vỉ", "1 hộp", "2 pcs") no larger than max, and no word of a
 * medicine sold only on prescription or in quantity ("kê đơn", "kháng
 * sinh", "tiêm", "Rx")? Sending one's own medicine needs no invoice; a
 * count of pills ("500 viên") is no count of packs. */
static int personal_quantity(post_str d, int max)
{
    static const char *const units[] = {"vi",   "hop",   "goi",    "chai",   "lo",    "tuyp",
                                        "tube", "pcs",   "pc",     "box",    "boxes", "pack",
                                        "packs", "bottle", "bottles", "strip", "strips", "cai"};
    static const char *const rx[] = {"ke don", "rx", "prescription", "khang sinh", "antibiotic",
                                     "tiem", "injection", "gay nghien", "huong than"};
    if (max <= 0 || !d.len)
        return 0;
    buf f = {0};
    post_fold(d.p, d.len, &f);
    const char *t = buf_cstr(&f);
    int found = 0, ok = 1;
    for (size_t k = 0; k < CG_ARRAY_LEN(rx) && ok; k++) {
        size_t n = strlen(rx[k]);
        for (const char *p = strstr(t, rx[k]); p && ok; p = strstr(p + 1, rx[k]))
            ok = !((p == t || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n]));
    }
    for (const char *p = t; *p && ok; p++) {
        if (!isdigit((unsigned char)*p) || (p > t && isalnum((unsigned char)p[-1])))
            continue;
        char *end;
        long v = strtol(p, &end, 10);
        const char *u = end;
        while (*u == ' ')
            u++;
        for (size_t k = 0; k < CG_ARRAY_LEN(units); k++) {
            size_t n = strlen(units[k]);
            if (!strncmp(u, units[k], n) && !isalnum((unsigned char)u[n])) {
                found = 1;
                ok = v > 0 && v <= max;
                break;
            }
        }
        p = end - 1;
    }
    buf_free(&f);
    return found && ok;
}

static void contents_rules(post_screener *s, const post_item *it, const post_content *c,
                           const post_entry *e, post_conf conf, int via_hs)
{
    const post_config *cfg = &s->cfg;
    const char *where = via_hs ? "mã HS" : "nội dung";
    /* What is quoted: the declared HS code (a span of the line, not a C
     * string, and shortened) or the dictionary's term. */
    const char *shown = via_hs ? c->hs_code.p : e->term;
    int shown_len = via_hs ? quote_len(c->hs_code) : (int)strlen(e->term);
    double w = conf == POST_CONF_EXACT        ? cfg->w_exact
               : conf == POST_CONF_UNACCENTED ? cfg->w_unaccented
                                              : cfg->w_mismatch;
    const char *kind = strcmp(e->kind, "-") ? e->kind : "postal.contraband";
    /* One finding per category and action, however many of its terms match. */
    long grp = 1 + (long)e->cat * 16 + (long)e->action;
    switch (e->action) {
    case POST_ACT_HOLD:
        if (conf == POST_CONF_MISMATCH)
            add_group(s, grp, w, kind, "nội dung gần giống '%s' (%s) nhưng khác dấu", e->term,
                      e->category);
        else
            add_group(s, grp, w, kind, "%s: '%.*s' (%s)", where, shown_len, shown, e->category);
        break;
    case POST_ACT_INSPECT:
        /* Restricted goods are what a licence is for: shown one, they
         * pass (prohibited goods never do). */
        if (!has_doc(it, "licence", NULL))
            add_group(s, grp, w < cfg->w_inspect_goods ? w : cfg->w_inspect_goods, kind,
                      "%s: '%.*s' (%s)", where, shown_len, shown, e->category);
        break;
    case POST_ACT_INVOICE:
        if (conf != POST_CONF_MISMATCH && !has_doc(it, "invoice", NULL) &&
            !personal_quantity(c->description, cfg->medicine_personal_max))
            add_group(s, grp, cfg->w_document, kind, "%s: '%.*s' (%s) không có hoá đơn", where,
                      shown_len, shown, e->category);
        break;
    case POST_ACT_TYPE_APPROVAL:
        if (conf != POST_CONF_MISMATCH && it->direction == POST_IMPORT &&
            !has_doc(it, "type_approval", "licence"))
            add_group(s, grp, cfg->w_document, kind,
                      "%s: '%.*s' (%s) nhập khẩu không có chứng nhận hợp quy", where, shown_len,
                      shown, e->category);
        break;
    case POST_ACT_VALUABLE: {
        /* value_vnd may be the line's total or a unit's price: only a value
         * under one unit's minimum is suspect either way. */
        double v = -1;
        if (c->has & POST_HAS_VALUE)
            v = c->value_vnd;
        else if (it->ncontents == 1 && (it->has & POST_HAS_VALUE))
            v = it->declared_value_vnd;
        if (conf != POST_CONF_MISMATCH && v >= 0 && v < e->min_value_vnd) {
            char a[VND_MAX], b[VND_MAX];
            add_group(s, grp, cfg->w_value, kind,
                      "'%s' khai giá %s, thấp hơn mức tối thiểu %s một đơn vị", e->term, vnd(v, a),
                      vnd(e->min_value_vnd, b));
        }
        break;
    }
    default: break;
    }
}

static uint64_t fold_key(post_screener *s, post_str a, post_str b)
{
    buf_reset(&s->tmp);
    if (a.p)
        post_fold(a.p, a.len, &s->tmp);
    buf_putc(&s->tmp, '|');
    if (b.p)
        post_fold(b.p, b.len, &s->tmp);
    return cg_hash64(s->tmp.p, s->tmp.len, 7);
}

/* e164: the party's phone normalised, or "" when none or invalid. */
static uint64_t party_key(post_screener *s, const post_party *p, const char *e164, size_t elen)
{
    /* The phone first: senders give it far more often than an ID number. */
    if (elen)
        return cg_hash64(e164, elen, 2);
    if (p->id_number.p && p->id_number.len)
        return cg_hash64(p->id_number.p, p->id_number.len, 1);
    if (!p->name.p && !p->address.p)
        return 0;
    return fold_key(s, p->name, p->address);
}

static int is_vn(post_str country)
{
    /* Two bytes compared inline: no string length to measure. */
    return !country.p || country.len == 0 ||
           (country.len == 2 && ((country.p[0] == 'V' && country.p[1] == 'N') ||
                                 (country.p[0] == 'v' && country.p[1] == 'n')));
}

/* The party's phone normalised into e164 ("" when none or invalid);
 * returns its length. */
static size_t phone_of(const post_party *p, char e164[PHONE_MAX + 1])
{
    const char *why;
    e164[0] = '\0';
    if (!p->phone.p || !p->phone.len)
        return 0;
    int n = post_phone_normalize(p->phone.p, p->phone.len, e164, &why);
    if (n <= 0) {
        e164[0] = '\0';
        return 0;
    }
    return (size_t)n;
}

/* The year (Vietnam time) of t; the last day's answer is kept, since items
 * come in acceptance order. */
static int year_of(post_screener *s, int64_t t)
{
    int64_t local = t + (int64_t)TS_VN_OFFSET_MIN * 60;
    int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    if (!s->year_day_set || day != s->year_day) {
        int year, mo, d, h, mi, se;
        ts_to_civil(t, TS_VN_OFFSET_MIN, &year, &mo, &d, &h, &mi, &se);
        s->year_day = day, s->year = year, s->year_day_set = 1;
    }
    return s->year;
}

static void identity_rules(post_screener *s, const post_item *it, const char *sender_e164)
{
    const post_config *cfg = &s->cfg;
    /* The item ID. */
    post_str id = it->item_id;
    int s10_shape = id.len == 13;
    for (size_t i = 0; s10_shape && i < 13; i++) {
        char c = id.p[i];
        int letter = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
        s10_shape = (i < 2 || i > 10) ? letter : digit;
    }
    if (s10_shape) {
        if (!post_s10_valid(id.p, id.len))
            add_group(s, SOFT_GROUP, cfg->w_identity, "postal.trade_fraud",
                      "mã bưu gửi '%.*s' sai chuẩn S10 (chữ số kiểm tra, chữ cái dịch vụ "
                      "hay mã nước)",
                      (int)id.len, id.p);
    } else {
        int ok = 0;
        for (size_t i = 0; i < cfg->ncode_patterns && !ok; i++)
            ok = post_code_match(cfg->code_patterns[i], id.p, id.len);
        if (!ok || it->direction != POST_DOMESTIC)
            add_group(s, SOFT_GROUP, cfg->w_identity, "postal.trade_fraud",
                      it->direction != POST_DOMESTIC
                          ? "bưu gửi quốc tế mà mã '%.*s' không theo chuẩn S10"
                          : "mã bưu gửi '%.*s' không theo chuẩn S10 hay mẫu mã trong nước",
                      quote_len(id), id.p);
    }
    /* The sender, who must be identifiable when the item leaves from here. */
    const post_party *p = &it->sender;
    if (is_vn(p->country) && it->direction != POST_IMPORT) {
        if (p->id_number.p && p->id_number.len) {
            const char *why;
            int year = 0;
            /* The year matters only to a citizen ID's birth year (12 digits). */
            if (it->accepted_at && p->id_number.len == 12)
                year = year_of(s, it->accepted_at);
            if (post_id_check(p->id_number.p, p->id_number.len, year, &why) == POST_ID_IMPOSSIBLE)
                add_group(s, SOFT_GROUP, cfg->w_identity, "postal.trade_fraud",
                          "giấy tờ người gửi '%.*s': %s", quote_len(p->id_number), p->id_number.p,
                          why);
        } else if (it->direction == POST_EXPORT) {
            add_group(s, SOFT_GROUP, cfg->w_missing_identity, "postal.trade_fraud",
                      "bưu gửi xuất khẩu thiếu số giấy tờ tuỳ thân người gửi");
        }
        if (!p->name.p || !p->name.len ||
            ((!p->phone.p || !p->phone.len) && (!p->address.p || !p->address.len)))
            add_group(s, SOFT_GROUP, cfg->w_missing_identity, "postal.trade_fraud",
                      "thiếu họ tên hay cách liên lạc của người gửi");
        if (p->phone.p && p->phone.len) {
            phone_kind k = sender_e164[0] ? post_phone_classify(sender_e164, strlen(sender_e164))
                                          : PHONE_INVALID;
            if (k != PHONE_VN_MOBILE && k != PHONE_VN_FIXED)
                add_group(s, SOFT_GROUP, cfg->w_identity, "postal.trade_fraud",
                          "số điện thoại người gửi '%.*s' không phải số Việt Nam hợp lệ",
                          quote_len(p->phone), p->phone.p);
        }
    }
}

/* papers: every line of the contents names documents or letters. */
static void value_rules(post_screener *s, const post_item *it, int papers)
{
    const post_config *cfg = &s->cfg;
    char a[VND_MAX], b[VND_MAX];
    double sum_v = 0, sum_w = 0;
    int all_v = it->ncontents > 0, all_w = it->ncontents > 0;
    for (size_t i = 0; i < it->ncontents; i++) {
        const post_content *c = &it->contents[i];
        if (c->has & POST_HAS_VALUE)
            sum_v += c->value_vnd;
        else
            all_v = 0;
        if (c->has & POST_HAS_WEIGHT)
            sum_w += c->weight_g;
        else
            all_w = 0;
    }
    int has_v = (it->has & POST_HAS_VALUE) || all_v;
    double v = (it->has & POST_HAS_VALUE) ? it->declared_value_vnd : sum_v;
    double w = (it->has & POST_HAS_WEIGHT) ? it->weight_g : all_w ? sum_w : -1;
    double limit =
        it->direction == POST_DOMESTIC ? cfg->invoice_value_domestic_vnd : cfg->invoice_value_vnd;
    if (has_v && limit > 0 && v >= limit && !has_doc(it, "invoice", "origin"))
        add_signal(s, cfg->w_document, "postal.trade_fraud",
                   "giá khai %s từ ngưỡng %s trở lên mà không có hoá đơn hay chứng từ nguồn gốc",
                   vnd(v, a), vnd(limit, b));
    /* Within the country a value of 0 says no value was declared (nothing
     * insured), as on letters and documents: it prices nothing. */
    int priced = has_v && !(v == 0 && it->direction == POST_DOMESTIC);
    /* Documents and letters are declared at no value (CN22/CN23 have a
     * box for them): their weight prices nothing, up to what papers weigh
     * (not 30 kg of "Thư tay"). */
    if (priced && !(papers && w <= cfg->papers_max_weight_g) && w >= cfg->cheap_min_weight_g &&
        w > 0 &&
        v / (w / 1000.0) < cfg->min_value_per_kg_vnd)
        add_signal(s, cfg->w_value, "postal.trade_fraud",
                   "nặng %.4g kg mà giá khai chỉ %s (dưới %s một kg)", w / 1000.0, vnd(v, a),
                   vnd(cfg->min_value_per_kg_vnd, b));
    /* Nor is cash on delivery weighed against a value never declared: a
     * document sent cash on delivery collects a fee. */
    if ((it->has & POST_HAS_COD) && priced &&
        it->cod_vnd > v * cfg->cod_ratio_max + cfg->cod_slack_vnd)
        add_signal(s, cfg->w_value, "postal.trade_fraud", "tiền thu hộ %s không khớp giá khai %s",
                   vnd(it->cod_vnd, a), vnd(v, b));
    if (all_w && (it->has & POST_HAS_WEIGHT) &&
        sum_w > it->weight_g * cfg->weight_ratio_max + cfg->weight_slack_g)
        add_signal(s, cfg->w_value, "postal.trade_fraud",
                   "tổng khối lượng khai trong nội dung %.6g g vượt khối lượng bưu gửi %.6g g",
                   sum_w, it->weight_g);
    /* The other way: the item weighs far more than what is declared in
     * it, something undeclared may travel with the goods. */
    if (all_w && sum_w > 0 && (it->has & POST_HAS_WEIGHT) && cfg->weight_excess_ratio > 0 &&
        it->weight_g > sum_w * cfg->weight_excess_ratio + cfg->weight_excess_g)
        add_signal(s, cfg->w_value, "postal.trade_fraud",
                   "bưu gửi nặng %.6g g mà nội dung khai chỉ %.6g g", it->weight_g, sum_w);
}

int post_screen_item(post_screener *s, const post_item *it, post_decision *d, cg_err *err)
{
    const post_config *cfg = &s->cfg;
    s->nsig = 0;
    buf_reset(&s->text);
    buf_putc(&s->text, ' ');

    /* Watch list: a hit holds. */
    char snd_phone[PHONE_MAX + 1], rcp_phone[PHONE_MAX + 1];
    size_t snd_len = phone_of(&it->sender, snd_phone),
           rcp_len = phone_of(&it->recipient, rcp_phone);
    post_watch_hit hits[8];
    /* The sender's key for the burst rule, known now so that its slot is
     * fetched while the other rules run. Imports come from shops abroad
     * that send to many people by trade: no burst rule. */
    int burst_on = cfg->burst_items > 0 && it->direction != POST_IMPORT;
    uint64_t sk = 0;
    if (burst_on) {
        sk = party_key(s, &it->sender, snd_phone, snd_len);
        if (sk)
            burst_prefetch(&s->burst, sk);
    }
    size_t nh = post_watch_check_e164(s->watch, it, snd_phone, rcp_phone, hits, 8);
    for (size_t i = 0; i < nh; i++) {
        /* A name alone is shared by many people: it stops an item only with
         * another hit on the same person (the address, the phone...). */
        double w = cfg->w_watchlist;
        if (hits[i].kind == POST_W_NAME) {
            int other = 0;
            for (size_t k = 0; k < nh; k++)
                other |= k != i && hits[k].party == hits[i].party;
            if (!other)
                w = cfg->w_watch_name;
        }
        add_signal(s, w, "postal.contraband", "danh sách theo dõi: %s %s '%s'%s%s",
                   post_watch_kind_name(hits[i].kind),
                   hits[i].party == 0   ? "người gửi"
                   : hits[i].party == 1 ? "người nhận"
                                        : "",
                   hits[i].value, hits[i].note[0] ? " — " : "", hits[i].note);
    }

    /* Contents. The rule on vague or missing descriptions is the customs
     * declaration's (CN22/CN23): it applies to items crossing the border,
     * not to domestic ones, where "quà", "hàng", "đồ" are ordinary. */
    int customs = it->direction != POST_DOMESTIC;
    int papers = it->ncontents > 0;
    if (it->ncontents == 0 && customs)
        add_signal(s, cfg->w_vague, "postal.trade_fraud", "không khai nội dung hàng hoá");
    for (size_t i = 0; i < it->ncontents; i++) {
        const post_content *c = &it->contents[i];
        post_match_result r;
        if (c->description.p) {
            int rc = post_match(s->m, c->description.p, c->description.len, &r, err);
            if (rc)
                return rc;
        } else {
            memset(&r, 0, sizeof r);
            r.empty = 1;
        }
        papers &= r.papers;
        for (size_t k = 0; k < r.n; k++)
            contents_rules(s, it, c, post_dict_entry(s->dict, r.f[k].entry), r.f[k].conf, 0);
        if (c->hs_code.p && c->hs_code.len) {
            uint32_t hs[8];
            size_t n = post_match_hs(s->dict, c->hs_code.p, c->hs_code.len, hs, 8);
            for (size_t k = 0; k < n; k++)
                contents_rules(s, it, c, post_dict_entry(s->dict, hs[k]), POST_CONF_EXACT, 1);
        }
        /* Goods named by pictures only hide their name, whatever the
         * direction. */
        if (r.said_by_pictures && r.n == 0)
            add_signal(s, cfg->w_vague, "postal.contraband",
                       "nội dung chỉ ghi bằng hình, không nêu tên hàng: '%.*s'",
                       quote_len(c->description), c->description.p);
        else if (!customs)
            ;
        else if (r.empty)
            add_signal(s, cfg->w_vague, "postal.trade_fraud",
                       "dòng nội dung %zu không có mô tả hàng hoá", i + 1);
        else if (r.vague && r.n == 0)
            add_signal(s, cfg->w_vague, "postal.trade_fraud", "mô tả hàng hoá chung chung: '%.*s'",
                       quote_len(c->description), c->description.p);
    }

    value_rules(s, it, papers);
    identity_rules(s, it, snd_phone);

    /* One sender, many recipients, a short time. */
    if (burst_on) {
        if (sk) {
            uint64_t rk = party_key(s, &it->recipient, rcp_phone, rcp_len);
            uint32_t items, rcpts;
            int64_t window = (int64_t)cfg->burst_window_min * 60;
            burst_add(&s->burst, sk, rk, it->accepted_at, window, (uint32_t)cfg->burst_items * 2,
                      (uint32_t)cfg->burst_items, &items, &rcpts);
            if (items >= (uint32_t)cfg->burst_items && rcpts >= (uint32_t)cfg->burst_recipients)
                add_signal(s, cfg->w_burst, "postal.trade_fraud",
                           "người gửi gửi %u bưu gửi cho %u người nhận trong %d phút", items, rcpts,
                           cfg->burst_window_min);
        }
    }

    /* Score: independent signals combined (noisy-or); decision by thresholds. */
    for (size_t i = 1; i < s->nsig; i++) { /* strongest first; lists are short */
        signal x = s->sig[i];
        size_t j = i;
        while (j > 0 && s->sig[j - 1].w < x.w) {
            s->sig[j] = s->sig[j - 1];
            j--;
        }
        s->sig[j] = x;
    }
    double keep = 1, soft_keep = 1;
    for (size_t i = 0; i < s->nsig; i++) {
        if (s->sig[i].group == SOFT_GROUP)
            soft_keep *= 1 - s->sig[i].w;
        else
            keep *= 1 - s->sig[i].w;
    }
    double soft = 1 - soft_keep;
    if (soft > cfg->w_identity)
        soft = cfg->w_identity;
    d->score = 1 - keep * (1 - soft);
    d->decision = d->score >= cfg->hold_score      ? POST_HOLD
                  : d->score >= cfg->inspect_score ? POST_INSPECT
                                                   : POST_ACCEPT;
    d->nkinds = 0;
    if (d->decision != POST_ACCEPT) {
        for (int pass = 0; pass < 2 && d->nkinds == 0; pass++)
            for (size_t i = 0; i < s->nsig && d->nkinds < CG_ARRAY_LEN(d->kinds); i++) {
                if (pass == 0 && s->sig[i].w < cfg->inspect_score)
                    continue;
                int dup = 0;
                for (size_t k = 0; k < d->nkinds; k++)
                    dup |= strcmp(d->kinds[k], s->sig[i].kind) == 0;
                if (!dup)
                    d->kinds[d->nkinds++] = s->sig[i].kind;
            }
    }
    buf_reset(&d->reasons);
    d->nreasons = 0;
    for (size_t i = 0; i < s->nsig; i++) {
        if (d->nreasons)
            buf_putc(&d->reasons, ',');
        buf_json_str(&d->reasons, s->text.p + s->sig[i].off, s->sig[i].len);
        d->nreasons++;
    }
    return 0;
}

void post_decision_json(const post_item *it, const post_decision *d, buf *out)
{
    const char *id = it->item_id.p;
    size_t idl = it->item_id.len;
    /* An item ID needing no escape (all of them, in practice) is copied
     * with the fixed text around it in one reservation. A plain line's
     * strings need none (valid UTF-8 is written as it is); others are
     * checked. */
    int plain = 1;
    for (size_t i = 0; i < idl && plain && !it->plain; i++) {
        unsigned char c = (unsigned char)id[i];
        plain = c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
    }
    const char *name = post_decision_name(d->decision);
    size_t nl = strlen(name);
    /* The score with two decimals, without printf on the hot path. */
    int sc = (int)(d->score * 100 + 0.5);
    if (sc > 100)
        sc = 100;
    char v[4] = {(char)('0' + sc / 100), '.', (char)('0' + sc / 10 % 10), (char)('0' + sc % 10)};
    if (plain) {
        static const char a[] = "{\"item_id\":\"", b[] = "\",\"decision\":\"",
                          c[] = "\",\"score\":", k[] = ",\"kinds\":[";
        buf_grow(out, idl + nl + 64);
        char *w = out->p + out->len;
        memcpy(w, a, sizeof a - 1), w += sizeof a - 1;
        memcpy(w, id, idl), w += idl;
        memcpy(w, b, sizeof b - 1), w += sizeof b - 1;
        memcpy(w, name, nl), w += nl;
        memcpy(w, c, sizeof c - 1), w += sizeof c - 1;
        memcpy(w, v, 4), w += 4;
        memcpy(w, k, sizeof k - 1), w += sizeof k - 1;
        out->len = (size_t)(w - out->p);
        out->p[out->len] = '\0';
    } else {
        buf_puts(out, "{\"item_id\":");
        buf_json_str(out, id, idl);
        buf_puts(out, ",\"decision\":\"");
        buf_append(out, name, nl);
        buf_puts(out, "\",\"score\":");
        buf_append(out, v, 4);
        buf_puts(out, ",\"kinds\":[");
    }
    for (size_t i = 0; i < d->nkinds; i++) {
        if (i)
            buf_putc(out, ',');
        buf_json_str(out, d->kinds[i], strlen(d->kinds[i]));
    }
    /* The rest (nothing but brackets for most items) in one reservation. */
    static const char r[] = "],\"reasons\":[";
    buf_grow(out, sizeof r + d->reasons.len + 2);
    char *w = out->p + out->len;
    memcpy(w, r, sizeof r - 1), w += sizeof r - 1;
    if (d->reasons.len)
        memcpy(w, d->reasons.p, d->reasons.len), w += d->reasons.len;
    memcpy(w, "]}", 2), w += 2;
    out->len = (size_t)(w - out->p);
    out->p[out->len] = '\0';
}
