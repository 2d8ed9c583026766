/* dict.c: loading the goods dictionary and matching it with Hyperscan over
 * normalised text, with diacritics weighing, exceptions and context. */
#include "postal/dict.h"

#include "core/buf.h"
#include "core/hmap.h"
#include "core/text.h"
#include "postal/norm.h"

#include <ctype.h>
#include <errno.h>
#include <hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FORM_SPACED = 0, FORM_SQUASHED, FORM_SUBSTR };

#define CUE_WINDOW_MAX 8

typedef struct pattern {
    uint32_t entry;
    uint32_t len;
    int form;
} pattern;

typedef struct hs_prefix {
    char digits[12];
    uint32_t len;
    uint32_t entry;
} hs_prefix;

struct post_dict {
    post_entry *e;
    size_t n, cap;
    pattern *pat;
    size_t npat;
    hs_prefix *hs;
    size_t nhs;
    /* Bit 10 * a + b set when some prefix can match an HS code starting
     * with the digits a and b (a one-digit prefix sets all ten of its). */
    uint64_t hs_lead[2];
    hs_database_t *db;
    int ncat;
    /* The squashed forms of goods ("thuoclađientu"), matched anywhere in
     * the text with its spaces removed when words are spelled out: an
     * index into sq_entry per literal. */
    hs_database_t *sqdb;
    uint32_t *sq_entry;
    uint32_t *sq_len;
    size_t nsq;
    /* Names of goods written as one long word ("methamphetamine",
     * "switchblade"), under each of their one-letter deletions and
     * themselves: a token one typo away shares a key (see typo_findings).
     * Values are entry + 1. */
    hmap *typo;
    /* Names keyed by their letters without spaces, as written with one
     * slip of the fingers across their words: the spaces moved ("tiề nmặt",
     * "ketam ine"), two neighbouring letters swapped ("ado găm", "ke
     * nhtậ"), one letter dropped from a long name: entry + 1 (see
     * join_put). */
    hmap *swap;
    /* The same names with letters that sound alike merged ("cầl sa",
     * "đyện tử", "cần xa"): see sound_of. */
    hmap *sound;
    /* Short names one slip away ("ma úty", "cao ổh", "m ãtấu"): found
     * only where a word of the text can be no word of the language (see
     * syllable_ok), so many innocent words are their neighbours. */
    hmap *odd;
};

/* m->drop[i]: 1 when hit i is excused or covered; DROP_NOT_NAMED when
 * its term wants a context word or a whole part that is not there. */
enum { DROP_NOT_NAMED = 2 };

typedef struct raw_hit {
    uint32_t pat;
    uint32_t start, end;
} raw_hit;

/* Results of recent descriptions: MC_SETS sets of two entries, the older
 * of the two replaced on a miss, so that two frequent descriptions of one
 * set do not keep evicting each other. */
#define MC_SETS 16384
#define MC_WAYS 2
#define MC_SLOTS (MC_SETS * MC_WAYS)
#define MC_TEXT 120
#define MC_FIND 6

typedef struct match_cache {
    uint64_t h;
    uint32_t len;
    unsigned char used, nf, vague, empty, pics, papers;
    post_finding f[MC_FIND];
    char text[MC_TEXT];
} match_cache;

struct post_matcher {
    const post_dict *d;
    hs_scratch_t *scratch;
    buf fold, norm, exact;
    raw_hit *hits;
    size_t nhits, hcap;
    post_finding *f;
    size_t fcap;
    unsigned char *drop; /* per hit: cancelled */
    uint64_t neg;        /* categories a negating word cancels in this text */
    int have_exact;      /* m->exact holds the exact form of the current text */
    match_cache *cache;  /* MC_SLOTS entries, set i at [MC_WAYS * i] */
    unsigned char *mru;  /* per set: the way used last */
    size_t dcap;
    buf telex;        /* the text with Telex keystrokes decoded */
    post_finding *f2; /* findings of the first pass, while the second runs */
    int obf;          /* the current text hides words on purpose: -1 not known yet */
    buf sq;           /* the normalised text with its spaces removed */
    buf sqb;          /* per byte of sq: 1 a word starts there, 2 one ends there */
    uint32_t sqhit[16];
    size_t nsqhit;
    size_t f2cap;
    int read_again; /* the text read is decoded or reversed, not as written */
    buf html;       /* the text with HTML character references decoded */
    buf again;      /* the text rewritten for a later reading (lines joined, words apart) */
    buf cjk;        /* the text with the separators inside Chinese dropped */
};

static const struct {
    const char *name;
    post_action act;
} actions[] = {
    {"hold", POST_ACT_HOLD},         {"inspect", POST_ACT_INSPECT},
    {"invoice", POST_ACT_INVOICE},   {"type_approval", POST_ACT_TYPE_APPROVAL},
    {"valuable", POST_ACT_VALUABLE}, {"vague", POST_ACT_VAGUE},
    {"filler", POST_ACT_FILLER},     {"except", POST_ACT_EXCEPT},
    {"papers", POST_ACT_PAPERS},
    {"negate", POST_ACT_NEGATE},
};

void post_dict_free(post_dict *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->e[i].term);
        free(d->e[i].category);
        free(d->e[i].kind);
        free(d->e[i].basis);
        free(d->e[i].exact);
        free(d->e[i].exact_sq);
        free(d->e[i].unacc);
        free(d->e[i].unacc_sq);
        free(d->e[i].literal);
        free(d->e[i].exact_d);
        free(d->e[i].exact_d_sq);
    }
    free(d->e);
    free(d->pat);
    free(d->hs);
    hs_free_database(d->db);
    hmap_free(d->typo);
    hmap_free(d->swap);
    hmap_free(d->sound);
    hmap_free(d->odd);
    hs_free_database(d->sqdb);
    free(d->sq_entry);
    free(d->sq_len);
    free(d);
}

size_t post_dict_count(const post_dict *d)
{
    return d->n;
}

const post_entry *post_dict_entry(const post_dict *d, size_t i)
{
    return &d->e[i];
}

/* Split a line on tabs into at most max fields (in place). */
static size_t split_tabs(char *s, char **f, size_t max)
{
    size_t n = 0;
    while (n < max) {
        f[n++] = s;
        char *t = strchr(s, '\t');
        if (!t)
            break;
        *t = '\0';
        s = t + 1;
    }
    return n;
}

static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static char *squash(const char *s)
{
    /* " a b c " -> " abc" */
    size_t n = strlen(s);
    char *o = cg_malloc(n + 2), *w = o;
    *w++ = ' ';
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ')
            *w++ = s[i];
    *w = '\0';
    return o;
}

/* " " + the exact form of s with its spaces removed, trailing space dropped. */
static char *exact_of_squashed(const char *s, size_t len)
{
    buf t = BUF_INIT, ex = BUF_INIT;
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ')
            buf_putc(&t, s[i]);
    post_exact(buf_cstr(&t), t.len, &ex);
    buf_free(&t);
    char *r = squash(buf_cstr(&ex));
    buf_free(&ex);
    return r;
}

typedef struct builder {
    char **expr;
    size_t *lens;
    unsigned *ids;
    size_t n, cap;
} builder;

static void add_pattern(post_dict *d, builder *b, uint32_t entry, const char *s, size_t len,
                        int form)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 256;
        b->expr = cg_realloc(b->expr, b->cap * sizeof *b->expr);
        b->lens = cg_realloc(b->lens, b->cap * sizeof *b->lens);
        b->ids = cg_realloc(b->ids, b->cap * sizeof *b->ids);
        d->pat = cg_realloc(d->pat, b->cap * sizeof *d->pat);
    }
    b->expr[b->n] = cg_strndup(s, len);
    b->lens[b->n] = len;
    b->ids[b->n] = (unsigned)b->n;
    d->pat[b->n] = (pattern){entry, (uint32_t)len, form};
    b->n++;
}

static int syllable_ok(const char *w, size_t n);

static int add_entry(post_dict *d, builder *b, hmap *cats, char **f, size_t nf, const char *name,
                     size_t line, cg_err *err);

/* "term &N cue|cue|#": the term's entry, flagged POST_F_CUE, then one
 * entry for each cue word (POST_ACT_CUE, pointing back to the term's). */
static int add_cued(post_dict *d, builder *b, hmap *cats, char **f, size_t nf, const char *name,
                    size_t line, char *amp, cg_err *err)
{
    char *term = f[0];
    *amp = '\0';
    char *p = amp + 1;
    unsigned window = 1;
    if (*p >= '0' && *p <= '9') {
        window = 0;
        while (*p >= '0' && *p <= '9')
            window = window * 10 + (unsigned)(*p++ - '0');
        if (window > CUE_WINDOW_MAX)
            return cg_err_set(err, CG_EINVAL, "%s:%zu: a cue window is at most %d words", name,
                              line, CUE_WINDOW_MAX);
    }
    f[0] = trim(term);
    if (!*f[0] || strchr(f[0], '|'))
        return cg_err_set(err, CG_EINVAL, "%s:%zu: no term before '&'", name, line);
    int rc = add_entry(d, b, cats, f, nf, name, line, err);
    if (rc)
        return rc;
    uint32_t main_idx = (uint32_t)d->n - 1;
    post_entry *e = &d->e[main_idx];
    if (e->action != POST_ACT_HOLD && e->action != POST_ACT_INSPECT)
        return cg_err_set(err, CG_EINVAL, "%s:%zu: only hold and inspect terms take cues", name,
                          line);
    e->flags |= POST_F_CUE;
    e->cue_window = window;
    size_t ncue = 0;
    for (char *alt = p; alt;) {
        char *bar = strchr(alt, '|');
        if (bar)
            *bar = '\0';
        char *t = trim(alt);
        if (strcmp(t, "#") == 0 || strcmp(t, "$") == 0) {
            /* "$" a sum of money only ("500k", "2tr"); "#" any number */
            if (t[0] == '#' || !d->e[main_idx].cue_number)
                d->e[main_idx].cue_number = t[0] == '#' ? 1 : 2;
            ncue++;
        } else if (*t) {
            char *g[8];
            for (size_t k = 0; k < nf && k < 8; k++)
                g[k] = f[k];
            g[0] = t;
            g[1] = (char *)"\tcue"; /* no field of a file holds a tab */
            rc = add_entry(d, b, cats, g, nf, name, line, err);
            if (rc)
                return rc;
            d->e[d->n - 1].cue_of = (int)main_idx;
            ncue++;
        }
        alt = bar ? bar + 1 : NULL;
    }
    if (!ncue)
        return cg_err_set(err, CG_EINVAL, "%s:%zu: no cue after '&'", name, line);
    return 0;
}

static int add_entry(post_dict *d, builder *b, hmap *cats, char **f, size_t nf, const char *name,
                     size_t line, cg_err *err)
{
    if (nf < 5)
        return cg_err_set(err, CG_EINVAL,
                          "%s:%zu: expected at least 5 tab-separated fields (term, action, "
                          "category, kind, basis), got %zu",
                          name, line, nf);
    char *term = trim(f[0]), *act = trim(f[1]), *cat = trim(f[2]), *kind = trim(f[3]);
    if (!*term)
        return cg_err_set(err, CG_EINVAL, "%s:%zu: empty term", name, line);
    int a = -1;
    int is_cue = strcmp(f[1], "\tcue") == 0; /* only from add_cued */
    for (size_t i = 0; i < CG_ARRAY_LEN(actions); i++)
        if (strcmp(actions[i].name, act) == 0)
            a = (int)actions[i].act;
    if (is_cue)
        a = POST_ACT_CUE;
    else if (strchr(term, '&')) {
        f[0] = term;
        return add_cued(d, b, cats, f, nf, name, line, strchr(term, '&'), err);
    }
    if (a < 0)
        return cg_err_set(err, CG_EINVAL, "%s:%zu: unknown action '%s'", name, line, act);
    if (!*cat)
        return cg_err_set(err, CG_EINVAL, "%s:%zu: empty category", name, line);
    unsigned flags = 0;
    double minv = 0;
    if (nf > 5) {
        for (const char *p = trim(f[5]); *p; p++) {
            if (*p == 'a')
                flags |= POST_F_AMBIG;
            else if (*p == 'w')
                flags |= POST_F_WORD;
            else if (*p == 's')
                flags |= POST_F_SUBSTR;
            else if (*p == 'p')
                flags |= POST_F_PART;
            else if (*p == 'l')
                flags |= POST_F_LINE;
            else if (*p != '-' && *p != ' ')
                return cg_err_set(err, CG_EINVAL, "%s:%zu: unknown flag '%c'", name, line, *p);
        }
    }
    if (nf > 6 && *trim(f[6])) {
        char *endp;
        minv = strtod(trim(f[6]), &endp);
        if (*endp || minv < 0)
            return cg_err_set(err, CG_EINVAL, "%s:%zu: min_value_vnd '%s' is not a number", name,
                              line, trim(f[6]));
    }
    if (a == POST_ACT_VALUABLE && minv <= 0)
        return cg_err_set(err, CG_EINVAL, "%s:%zu: a valuable entry needs min_value_vnd", name,
                          line);
    if (!text_utf8_valid(term, strlen(term)))
        return cg_err_set(err, CG_EINVAL, "%s:%zu: the term is not valid UTF-8", name, line);
    if (d->n == d->cap) {
        d->cap = d->cap ? 2 * d->cap : 256;
        d->e = cg_realloc(d->e, d->cap * sizeof *d->e);
    }
    post_entry *e = &d->e[d->n];
    memset(e, 0, sizeof *e);
    e->term = cg_strdup(term);
    e->category = cg_strdup(cat);
    e->kind = cg_strdup(kind);
    e->basis = cg_strdup(trim(f[4]));
    e->action = (post_action)a;
    e->flags = flags;
    e->min_value_vnd = minv;
    e->line = line;
    e->cue_of = -1;
    /* A negating word names the categories it cancels; others name their own. */
    for (char *c = cat; c && *c;) {
        char *semi = strchr(c, ';');
        size_t cl = semi ? (size_t)(semi - c) : strlen(c);
        while (cl && c[cl - 1] == ' ')
            cl--;
        int is_new;
        void **slot = hmap_slot(cats, c, cl, &is_new);
        if (is_new) {
            if (d->ncat >= 64)
                return cg_err_set(err, CG_EINVAL, "%s:%zu: more than 64 categories", name, line);
            *slot = (void *)(intptr_t)(++d->ncat);
        }
        e->cat = (int)(intptr_t)*slot - 1;
        e->negmask |= (uint64_t)1 << e->cat;
        if (a != POST_ACT_NEGATE || !semi)
            break;
        c = semi + 1;
        while (*c == ' ')
            c++;
    }
    uint32_t idx = (uint32_t)d->n++;

    if (strncmp(term, "hs:", 3) == 0) {
        hs_prefix h = {{0}, 0, idx};
        size_t k = 0;
        for (const char *p = term + 3; *p; p++) {
            if (*p >= '0' && *p <= '9' && k + 1 < sizeof h.digits)
                h.digits[k++] = *p;
            else if (*p != '.' && *p != ' ')
                return cg_err_set(err, CG_EINVAL, "%s:%zu: bad HS code prefix '%s'", name, line,
                                  term);
        }
        if (!k)
            return cg_err_set(err, CG_EINVAL, "%s:%zu: empty HS code prefix", name, line);
        h.len = (uint32_t)k;
        for (int second = 0; second < 10; second++) {
            if (k >= 2 && second != h.digits[1] - '0')
                continue;
            unsigned bit = (unsigned)(h.digits[0] - '0') * 10 + (unsigned)second;
            d->hs_lead[bit >> 6] |= 1ull << (bit & 63);
        }
        d->hs = cg_realloc(d->hs, (d->nhs + 1) * sizeof *d->hs);
        d->hs[d->nhs++] = h;
        return 0;
    }

    buf fold = BUF_INIT, norm = BUF_INIT, ex = BUF_INIT;
    post_fold(term, strlen(term), &fold);
    post_normalize(fold.p, fold.len, &norm);
    post_exact(term, strlen(term), &ex);
    e->has_marks = post_has_marks(term, strlen(term));
    e->exact = buf_detach(&ex, NULL);
    /* Spelled without spaces, the tone marks of every syllable end up at the
     * end of one token: the squashed form is made from the squashed term. */
    e->exact_sq = exact_of_squashed(term, strlen(term));
    post_exact(fold.p, fold.len, &ex);
    e->unacc = buf_detach(&ex, NULL);
    e->unacc_sq = exact_of_squashed(fold.p, fold.len);
    /* đ typed as d, the other marks kept ("dạn chì"): one keystroke
     * saved, no other word. */
    if (strstr(term, "\xc4\x91") || strstr(term, "\xc4\x90")) {
        char *t = cg_strdup(term);
        size_t w = 0;
        for (size_t r = 0; t[r];) {
            if ((unsigned char)t[r] == 0xc4 && ((unsigned char)t[r + 1] == 0x91 ||
                                                 (unsigned char)t[r + 1] == 0x90)) {
                t[w++] = (unsigned char)t[r + 1] == 0x91 ? 'd' : 'D';
                r += 2;
            } else {
                t[w++] = t[r++];
            }
        }
        t[w] = '\0';
        post_exact(t, w, &ex);
        e->exact_d = buf_detach(&ex, NULL);
        e->exact_d_sq = exact_of_squashed(t, w);
        free(t);
    }
    for (size_t i = 1; i < norm.len && !e->has_marks && !e->foreign;) {
        size_t j = i;
        while (j < norm.len && norm.p[j] != ' ')
            j++;
        int letters = j > i;
        for (size_t k = i; k < j; k++)
            letters &= norm.p[k] >= 'a' && norm.p[k] <= 'z';
        e->foreign = letters && !syllable_ok(norm.p + i, j - i);
        i = j + 1;
    }
    /* Runs of one letter become one ("tuyyyy"), so "aaa" would be any
     * "A" ("[SP-6799-A]") and "đĩa xxx" any "đĩa x": a word the
     * normaliser makes one letter counts only where the sender wrote it. */
    for (size_t i = 0; i < fold.len && !e->literal;) {
        while (i < fold.len && fold.p[i] == ' ')
            i++;
        size_t j = i;
        while (j < fold.len && fold.p[j] != ' ')
            j++;
        int run = j - i > 1;
        for (size_t k = i + 1; k < j && run; k++)
            run = fold.p[k] == fold.p[i] && isalpha((unsigned char)fold.p[k]);
        if (run)
            e->literal = cg_strndup(fold.p + i, j - i);
        i = j;
    }
    if (norm.len < 3) {
        buf_free(&fold), buf_free(&norm);
        return cg_err_set(err, CG_EINVAL, "%s:%zu: the term has no letters or digits", name, line);
    }
    /* Anything outside ASCII after folding (Chinese...) is matched as a
     * substring: those scripts do not separate words with spaces. */
    int nonascii = 0;
    for (size_t i = 0; i < norm.len; i++)
        if ((unsigned char)norm.p[i] >= 0x80)
            nonascii = 1;
    if (nonascii)
        e->flags |= POST_F_SUBSTR;
    if (e->flags & POST_F_SUBSTR) {
        char *sq = squash(norm.p);
        add_pattern(d, b, idx, sq + 1, strlen(sq + 1), FORM_SUBSTR);
        free(sq);
    } else {
        add_pattern(d, b, idx, norm.p, norm.len, FORM_SPACED);
        if (!(e->flags & POST_F_WORD) && a != POST_ACT_VAGUE && a != POST_ACT_FILLER &&
            a != POST_ACT_PAPERS && a != POST_ACT_NEGATE && a != POST_ACT_CUE) {
            char *sq = squash(norm.p);
            /* Short squashed forms would hit inside innocent words: they
             * count only as a whole token ("tê-tê" written as one). */
            size_t sl = strlen(sq);
            if (sl >= 6) {
                add_pattern(d, b, idx, sq, sl, FORM_SQUASHED);
            } else if (sl + 1 < norm.len) {
                sq = cg_realloc(sq, sl + 2);
                sq[sl] = ' ', sq[sl + 1] = '\0';
                add_pattern(d, b, idx, sq, sl + 1, FORM_SQUASHED);
            }
            free(sq);
        } else if ((e->flags & POST_F_WORD) && a != POST_ACT_CUE && a != POST_ACT_VAGUE &&
                   a != POST_ACT_FILLER && a != POST_ACT_PAPERS &&
                   memchr(norm.p + 1, ' ', norm.len - 2)) {
            /* Whole words written as one with a dash or a dot between
             * them ("brass-knuckles", "stun.gun"): the term squashed, as a
             * whole token only. */
            char *sq = squash(norm.p);
            size_t sl = strlen(sq);
            sq = cg_realloc(sq, sl + 2);
            sq[sl] = ' ', sq[sl + 1] = '\0';
            add_pattern(d, b, idx, sq, sl + 1, FORM_SQUASHED);
            free(sq);
        }
    }
    buf_free(&fold), buf_free(&norm);
    return 0;
}

/* Typos: a token of TYPO_MIN letters or more one deletion, insertion,
 * substitution or swap of neighbours away from a name of goods shares one
 * of the keys of its one-letter deletions. Shorter words have too many
 * innocent neighbours ("sung", "dan"). */
#define TYPO_MIN 7
#define TYPO_MAX 40

static int typo_word(const char *t, size_t n)
{
    if (n < TYPO_MIN || n > TYPO_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (t[i] < 'a' || t[i] > 'z')
            return 0;
    return 1;
}

static void fuzzy_put(const post_dict *d, hmap *h, const char *k, size_t n, uint32_t entry)
{
    int is_new;
    void **v = hmap_slot(h, k, n, &is_new);
    uintptr_t old = (uintptr_t)*v;
    /* A key two names of one kind share ("heroin", "hê rô in") names the
     * first; a key names of two kinds share names neither. */
    if (is_new)
        *v = (void *)(uintptr_t)(entry + 1);
    else if (old != UINT32_MAX &&
             (d->e[old - 1].cat != d->e[entry].cat || d->e[old - 1].action != d->e[entry].action))
        *v = (void *)(uintptr_t)UINT32_MAX;
}

#define SWAP_MAX 64
/* Fewer letters than this have innocent neighbours: "tpe hang" (a code
 * and a word) is no "tép hàng". */
#define JOIN_MIN 6
/* Names this long or longer are found one slip away where a word of the
 * text is no word (post_dict.odd). */
#define ODD_MIN 5
/* Names of several words found by sound when this long or longer. */
#define SOUND_MIN 5
/* A dropped letter only in names this long or longer. */
#define JOIN_DROP_MIN 12

/* Letters without spaces s[0..n) with the spellings that sound alike
 * merged: i and y ("đyện", "phym"), s and x ("cần xa"), and l ending a
 * syllable, which no word does, for n ("cầl sa"). Into out (n
 * bytes at most); returns its length. */
static size_t sound_of(const char *s, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == 'y')
            c = 'i';
        else if (c == 'x')
            c = 's';
        else if (c == 'l' && i > 0 && strchr("aeiouy", s[i - 1]) &&
                 (i + 1 == n || !strchr("aeiouy", s[i + 1])))
            c = 'n';
        out[i] = c;
    }
    return n;
}

/* The keys of a name t[0..n) (unaccented, words one space apart) in
 * post_dict.swap: its letters without spaces, with two neighbouring
 * letters swapped (inside a word of four letters or more, or across two
 * words), with one letter dropped. */
static void join_put(post_dict *d, const char *t, size_t n, uint32_t entry)
{
    char sq[SWAP_MAX], k[SWAP_MAX];
    unsigned char wid[SWAP_MAX], wl[SWAP_MAX]; /* per letter: its word, that word's length */
    size_t l = 0, nw = 0;
    if (n >= SWAP_MAX)
        return;
    for (size_t x = 0, w0 = 0; x <= n; x++) {
        if (x == n || t[x] == ' ') {
            for (size_t y = w0; y < l; y++)
                wid[y] = (unsigned char)nw, wl[y] = (unsigned char)(l - w0);
            w0 = l, nw++;
            continue;
        }
        if ((t[x] < 'a' || t[x] > 'z') && (t[x] < '0' || t[x] > '9'))
            return;
        sq[l++] = t[x];
    }
    /* By sound, names of several words (looked for across words only):
     * "cần xa" is as long as its name. */
    if (nw >= 2 && l >= SOUND_MIN)
        fuzzy_put(d, d->sound, k, sound_of(sq, l, k), entry);
    if (l < ODD_MIN)
        return;
    /* Short names one slip away only in Vietnamese: an English word is no
     * syllable either ("puzle" for "pulze"). */
    int odd_ok = d->e[entry].has_marks;
    if (l >= JOIN_MIN)
        fuzzy_put(d, d->swap, sq, l, entry);
    else if (odd_ok)
        fuzzy_put(d, d->odd, sq, l, entry);
    for (size_t x = 0; x + 1 < l; x++) {
        if (sq[x] == sq[x + 1])
            continue;
        memcpy(k, sq, l);
        k[x] = sq[x + 1], k[x + 1] = sq[x];
        int short_word = wid[x] == wid[x + 1] && wl[x] < 4;
        /* Across two words of a short name: too many innocent pairs
         * ("qun áo" for "quả nổ"). */
        if (l < JOIN_MIN && wid[x] != wid[x + 1])
            continue;
        if (l >= JOIN_MIN && !short_word)
            fuzzy_put(d, d->swap, k, l, entry);
        else if (odd_ok)
            fuzzy_put(d, d->odd, k, l, entry);
    }
    if (l < JOIN_DROP_MIN)
        return;
    for (size_t x = 0; x < l; x++) {
        memcpy(k, sq, x);
        memcpy(k + x, sq + x + 1, l - x - 1);
        fuzzy_put(d, d->swap, k, l - 1, entry);
    }
}

/* The indexes of names one typo away (post_dict.typo and .swap): names of
 * goods to hold or inspect that need no context word and no diacritics. */
static void fuzzy_index(post_dict *d)
{
    d->typo = hmap_new();
    d->swap = hmap_new();
    d->sound = hmap_new();
    d->odd = hmap_new();
    for (size_t i = 0; i < d->n; i++) {
        const post_entry *e = &d->e[i];
        if ((e->action != POST_ACT_HOLD && e->action != POST_ACT_INSPECT) ||
            (e->flags & (POST_F_CUE | POST_F_AMBIG | POST_F_SUBSTR)) || !e->unacc)
            continue;
        const char *t = e->unacc + 1; /* " tok " */
        size_t n = strlen(t);
        if (n && t[n - 1] == ' ')
            n--;
        join_put(d, t, n, (uint32_t)i);
        if (!typo_word(t, n))
            continue;
        char k[TYPO_MAX];
        fuzzy_put(d, d->typo, t, n, (uint32_t)i);
        for (size_t x = 0; x < n; x++) {
            memcpy(k, t, x);
            memcpy(k + x, t + x + 1, n - x - 1);
            fuzzy_put(d, d->typo, k, n - 1, (uint32_t)i);
        }
    }
}


/* Compiling the literals of a large dictionary is most of the start-up
 * (a third of a second), and the literals change only with the
 * dictionary or the normaliser. The compiled database is kept in a cache
 * directory under a hash of the literals, their ids and the Hyperscan
 * version: $CANHGAC_CACHE ("off" or empty: none), else
 * $XDG_CACHE_HOME/canhgac, else ~/.cache/canhgac. A missing, unreadable
 * or foreign file is compiled anew; a cache that cannot be written is no
 * error. */
static int cache_path(const char *const *expr, const unsigned *ids, const size_t *lens,
                      size_t n, char *path, size_t cap)
{
    const char *dir = getenv("CANHGAC_CACHE");
    char base[512];
    if (dir) {
        if (!*dir || !strcmp(dir, "off"))
            return -1;
        snprintf(base, sizeof base, "%s", dir);
    } else if ((dir = getenv("XDG_CACHE_HOME")) && *dir) {
        snprintf(base, sizeof base, "%s/canhgac", dir);
    } else if ((dir = getenv("HOME")) && *dir) {
        snprintf(base, sizeof base, "%s/.cache/canhgac", dir);
    } else {
        return -1;
    }
    uint64_t h = cg_hash64(hs_version(), strlen(hs_version()), 0x9e3779b97f4a7c15ull);
    for (size_t i = 0; i < n; i++) {
        h = cg_hash64(expr[i], lens[i], h);
        h = cg_hash64(&ids[i], sizeof ids[i], h);
        h = cg_hash64(&lens[i], sizeof lens[i], h);
    }
    int w = snprintf(path, cap, "%s/postal-%016llx.hsdb", base, (unsigned long long)h);
    return w > 0 && (size_t)w < cap ? 0 : -1;
}

static hs_database_t *cache_load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    hs_database_t *db = NULL;
    char *bytes = NULL;
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (size > 0 && fseek(f, 0, SEEK_SET) == 0) {
        bytes = cg_malloc((size_t)size);
        if (fread(bytes, 1, (size_t)size, f) != (size_t)size ||
            hs_deserialize_database(bytes, (size_t)size, &db) != HS_SUCCESS)
            db = NULL;
    }
    free(bytes);
    fclose(f);
    return db;
}

/* Make every missing directory of path's parent. */
static void make_parents(const char *path)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s", path);
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return;
        *p = '/';
    }
}

static void cache_store(const char *path, const hs_database_t *db)
{
    char *bytes = NULL, tmp[640];
    size_t size = 0;
    if (hs_serialize_database(db, &bytes, &size) != HS_SUCCESS)
        return;
    make_parents(path);
    /* Written aside and renamed: a reader never sees half a file. */
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (f) {
        int ok = fwrite(bytes, 1, size, f) == size;
        ok = fclose(f) == 0 && ok;
        if (!ok || rename(tmp, path) != 0)
            remove(tmp);
    }
    free(bytes);
}

static hs_error_t compile_lits(const char *const *expr, const unsigned *ids, const size_t *lens,
                               size_t n, hs_database_t **db, hs_compile_error_t **ce)
{
    char path[600];
    int cached = cache_path(expr, ids, lens, n, path, sizeof path) == 0;
    if (cached && (*db = cache_load(path)))
        return HS_SUCCESS;
    unsigned *flags = cg_calloc(n, sizeof *flags);
    hs_error_t r =
        hs_compile_lit_multi(expr, flags, ids, lens, (unsigned)n, HS_MODE_BLOCK, NULL, db, ce);
    free(flags);
    if (r == HS_SUCCESS && cached)
        cache_store(path, *db);
    return r;
}

static int compile(post_dict *d, builder *b, const char *name, cg_err *err)
{
    if (!b->n)
        return cg_err_set(err, CG_EINVAL, "%s: the dictionary has no terms", name);
    hs_compile_error_t *ce = NULL;
    hs_error_t r = compile_lits((const char *const *)b->expr, b->ids, b->lens, b->n, &d->db, &ce);
    if (r != HS_SUCCESS) {
        int rc = cg_err_set(err, CG_EINVAL, "%s: the matcher could not be built: %s", name,
                            ce && ce->message ? ce->message : "unknown error");
        hs_free_compile_error(ce);
        return rc;
    }
    d->npat = b->n;
    /* The squashed forms of goods, without the space that anchors them at
     * a word's start. */
    const char **sx = cg_malloc(b->n * sizeof *sx);
    size_t *sl = cg_malloc(b->n * sizeof *sl);
    unsigned *sid = cg_malloc(b->n * sizeof *sid);
    d->sq_entry = cg_malloc(b->n * sizeof *d->sq_entry);
    d->sq_len = cg_malloc(b->n * sizeof *d->sq_len);
    for (size_t i = 0; i < b->n; i++) {
        const post_entry *e = &d->e[d->pat[i].entry];
        /* Names of whole words ("thc vape", "air rifle") count too in a
         * run of letters spelled out, where no innocent word holds them:
         * their squashed form is kept as a whole token for the main
         * matcher, without its closing space here. */
        size_t tail = b->lens[i] && b->expr[i][b->lens[i] - 1] == ' ';
        if (d->pat[i].form != FORM_SQUASHED || b->lens[i] < 7 || (tail && b->lens[i] < 9) ||
            (tail && !(e->flags & POST_F_WORD)) ||
            (e->action != POST_ACT_HOLD && e->action != POST_ACT_INSPECT) ||
            (e->flags & POST_F_CUE))
            continue;
        /* Letters repeated across the name's words written once, as the
         * text's are (see squashed_findings). */
        char *c = cg_malloc(b->lens[i]);
        size_t cl = 0;
        for (size_t k = 1; k < b->lens[i] - tail; k++)
            if (!cl || c[cl - 1] != b->expr[i][k] || b->expr[i][k] < 'a' || b->expr[i][k] > 'z')
                c[cl++] = b->expr[i][k];
        sx[d->nsq] = c;
        sl[d->nsq] = cl;
        sid[d->nsq] = (unsigned)d->nsq;
        d->sq_len[d->nsq] = (uint32_t)cl;
        d->sq_entry[d->nsq++] = d->pat[i].entry;
    }
    r = HS_SUCCESS;
    if (d->nsq)
        r = compile_lits(sx, sid, sl, d->nsq, &d->sqdb, &ce);
    for (size_t i = 0; i < d->nsq; i++)
        free((char *)sx[i]);
    free(sx);
    free(sl);
    free(sid);
    fuzzy_index(d);
    if (r != HS_SUCCESS) {
        int rc = cg_err_set(err, CG_EINVAL, "%s: the matcher could not be built: %s", name,
                            ce && ce->message ? ce->message : "unknown error");
        hs_free_compile_error(ce);
        return rc;
    }
    return 0;
}

static void builder_free(builder *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->expr[i]);
    free(b->expr);
    free(b->lens);
    free(b->ids);
}

int post_dict_load_text(const char *name, const char *text, size_t len, post_dict **out,
                        cg_err *err)
{
    post_dict *d = cg_calloc(1, sizeof *d);
    builder b = {0};
    hmap *cats = hmap_new();
    int rc = 0;
    size_t line = 0;
    for (size_t i = 0; i < len && rc == 0;) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        line++;
        char *l = cg_strndup(text + i, j - i);
        char *t = trim(l);
        if (*t && *t != '#') {
            char *f[8];
            size_t nf = split_tabs(t, f, 8);
            rc = add_entry(d, &b, cats, f, nf, name, line, err);
        }
        free(l);
        i = j + 1;
    }
    if (rc == 0)
        rc = compile(d, &b, name, err);
    builder_free(&b);
    hmap_free(cats);
    if (rc) {
        post_dict_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

int post_dict_load(const char *path, post_dict **out, cg_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cg_err_set(err, CG_EIO, "%s: cannot open the dictionary: %m", path);
    buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        buf_free(&b);
        return cg_err_set(err, CG_EIO, "%s: read error", path);
    }
    int rc = post_dict_load_text(path, buf_cstr(&b), b.len, out, err);
    buf_free(&b);
    return rc;
}

post_matcher *post_matcher_new(const post_dict *d)
{
    post_matcher *m = cg_calloc(1, sizeof *m);
    m->d = d;
    m->cache = cg_calloc(MC_SLOTS, sizeof *m->cache);
    m->mru = cg_calloc(MC_SETS, 1);
    if (hs_alloc_scratch(d->db, &m->scratch) != HS_SUCCESS ||
        (d->sqdb && hs_alloc_scratch(d->sqdb, &m->scratch) != HS_SUCCESS)) {
        hs_free_scratch(m->scratch);
        free(m->cache);
        free(m->mru);
        free(m);
        return NULL;
    }
    return m;
}

void post_matcher_free(post_matcher *m)
{
    if (!m)
        return;
    hs_free_scratch(m->scratch);
    buf_free(&m->fold);
    buf_free(&m->norm);
    buf_free(&m->exact);
    buf_free(&m->telex);
    buf_free(&m->html);
    buf_free(&m->cjk);
    buf_free(&m->again);
    buf_free(&m->sq);
    buf_free(&m->sqb);
    free(m->f2);
    free(m->hits);
    free(m->f);
    free(m->drop);
    free(m->cache);
    free(m->mru);
    free(m);
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                    void *ctx)
{
    (void)from, (void)flags;
    post_matcher *m = ctx;
    if (m->nhits == m->hcap) {
        m->hcap = m->hcap ? 2 * m->hcap : 64;
        m->hits = cg_realloc(m->hits, m->hcap * sizeof *m->hits);
    }
    uint32_t len = m->d->pat[id].len;
    m->hits[m->nhits++] = (raw_hit){id, (uint32_t)to - len, (uint32_t)to};
    return m->nhits > 100000; /* a pathological text: stop scanning */
}

/* Runs of letters longer than SQ_LONG_RUN bytes hold words whose ends
 * were lost when they were spelled out letter by letter. */
#define SQ_LONG_RUN 8
#define SQ_LONG_NAME 6

static int on_sq(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                 void *ctx)
{
    (void)from, (void)flags;
    post_matcher *m = ctx;
    uint32_t e = m->d->sq_entry[id], l = m->d->sq_len[id];
    /* From a word's start to a word's end: "tienmatgiaonhanh" does not
     * hold "tiền mặt giả". Inside a run of letters too long to be a word
     * ("s|o|d|i|u|m|c|y|a|n|i|d|e" spelled out as one), the words' ends
     * are lost: a name of SQ_LONG_NAME letters or more counts anywhere. */
    if (to < l)
        return 0;
    int whole = (m->sqb.p[to - l] & 1) && (m->sqb.p[to - 1] & 2);
    int inside = l >= SQ_LONG_NAME && (m->sqb.p[to - l] & 4) && (m->sqb.p[to - 1] & 4);
    if (!whole && !inside)
        return 0;
    for (size_t i = 0; i < m->nsqhit; i++)
        if (m->sqhit[i] == e)
            return 0;
    if (m->nsqhit < CG_ARRAY_LEN(m->sqhit))
        m->sqhit[m->nsqhit++] = e;
    return 0;
}

/* Length of the run of tone marks (U+0300 U+0301 U+0303 U+0309 U+0323,
 * two bytes each in UTF-8) that ends at s[len). */
static size_t tone_tail(const char *s, size_t len)
{
    size_t n = 0;
    while (len - n >= 2) {
        unsigned char a = (unsigned char)s[len - n - 2], b = (unsigned char)s[len - n - 1];
        int tone = (a == 0xcc && (b == 0x80 || b == 0x81 || b == 0x83 || b == 0x89)) ||
                   (a == 0xcc && b == 0xa3);
        if (!tone)
            break;
        n += 2;
    }
    return n;
}

/* Is squashed form sq (" " + letters + tones) at the start of a token of
 * t? Spelled-out words are one long token whose tone marks all sit at its
 * end ("s.ú.n.g n.g.ắ.n K.54" -> "sungngănk" + tones): the letters must
 * begin the token and the term's tones appear, in order, among the
 * token's. */
static int sq_in(const char *t, const char *sq, int whole)
{
    size_t sl = strlen(sq), stl = tone_tail(sq, sl), su = sl - stl - 1;
    const char *su_p = sq + 1, *st_p = sq + 1 + su;
    for (const char *p = strchr(t, ' '); p && p[1]; p = strchr(p + 1, ' ')) {
        const char *tok = p + 1, *end = strchr(tok, ' ');
        size_t tl = end ? (size_t)(end - tok) : strlen(tok);
        size_t ttl = tone_tail(tok, tl), tu = tl - ttl;
        if (tu < su || memcmp(tok, su_p, su) != 0)
            continue;
        if (whole) {
            if (tu == su && ttl == stl && memcmp(tok + tu, st_p, stl) == 0)
                return 1;
            continue;
        }
        /* The term's tones as a subsequence of the token's. */
        size_t k = 0;
        for (size_t j = 0; j < ttl && k < stl; j += 2)
            if (memcmp(tok + tu + j, st_p + k, 2) == 0)
                k += 2;
        if (k == stl)
            return 1;
    }
    return 0;
}

/* Does folded text t hold w as a word of its own (no letter or digit
 * either side)? */
static int word_in(const char *t, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = strstr(t, w); p; p = strstr(p + 1, w))
        if ((p == t || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n]))
            return 1;
    return 0;
}

/* Is a form of the entry (spaced, squashed) in the exact text? */
static int form_in(const post_entry *e, const char *spaced, const char *sq, const buf *ex)
{
    const char *t = buf_cstr(ex);
    if (e->flags & POST_F_SUBSTR)
        return strstr(t, sq + 1) != NULL;
    if (strstr(t, spaced))
        return 1;
    if (e->flags & POST_F_WORD)
        return strchr(spaced + 1, ' ')[1] && sq_in(t, sq, 1);
    /* A word that folds like others, or needs a context word, is itself
     * when squashed: the start of a longer word ("giảm") is no "giả". */
    if ((e->flags & (POST_F_AMBIG | POST_F_CUE)) && !strchr(spaced + 1, ' ')[1])
        return 0;
    if (strlen(sq) >= 6)
        return sq_in(t, sq, 0);
    /* Short squashed forms of words written together only as a whole
     * token (see add_entry). */
    size_t n = strlen(spaced);
    const char *inner = n > 2 ? memchr(spaced + 1, ' ', n - 2) : NULL;
    return inner && sq_in(t, sq, 1);
}

/* Whether the current text hides words on purpose, worked out once. */
static int obfuscated(post_matcher *m, const char *s, size_t len)
{
    if (m->obf < 0)
        m->obf = post_obfuscated(s, len);
    return m->obf;
}

/* The term's tokens found in a row in exact text t, each written either
 * as in the dictionary (ex, " tok tok ") or without its diacritics (un),
 * at least one without: "tien mặt", "ma tấu", "đ4n chì" (the token with a
 * look-alike is written bare). The term counts as written without
 * diacritics, as it does written with none at all; a term whose bare
 * form is another phrase ("hàng giả", "hàng gia dụng") is flagged 'a' and
 * needs its diacritics either way. */
static int mixed_in(const char *t, const char *ex, const char *un)
{
    for (const char *p = strchr(t, ' '); p && p[1]; p = strchr(p + 1, ' ')) {
        const char *tp = p + 1, *ep = ex + 1, *up = un + 1;
        int bare = 0, ok = 1;
        while (ok && *ep && *up) {
            const char *te = strchr(tp, ' '), *ee = strchr(ep, ' '), *ue = strchr(up, ' ');
            if (!te || !ee || !ue)
                return 0;
            size_t tl = (size_t)(te - tp), el = (size_t)(ee - ep), ul = (size_t)(ue - up);
            if (tl == el && memcmp(tp, ep, el) == 0) {
                ;
            } else if (tl == ul && memcmp(tp, up, ul) == 0) {
                bare = 1;
            } else {
                ok = 0;
            }
            tp = te + 1, ep = ee + 1, up = ue + 1;
        }
        if (ok && bare && !*ep && !*up)
            return 1;
    }
    return 0;
}

/* The term's tokens (exact form ex, " tok tok ", two or more) in a row in
 * exact text t, each as in the term or with another tone mark only, one at
 * least as in the term: "cấn sa", "kỉp nổ", "chật nổ" (a tone typed
 * amiss; vowel letters such as ơ, ă stay apart: "bơm" is no "bom"). Only
 * the first word, the head of the name: the words after it tell goods
 * apart by a tone ("tiền giá sỉ" is no "tiền giả", "hàng kệ" no "hàng
 * ke"). And not "hàng", whose "hãng" (a brand) is as common: "chính hãng
 * trắng" is no "hàng trắng". */
static int tone_slip_in(const char *t, const char *ex)
{
    for (const char *p = strchr(t, ' '); p && p[1]; p = strchr(p + 1, ' ')) {
        const char *tp = p + 1, *ep = ex + 1;
        size_t same = 0, slips = 0;
        int ok = 1;
        while (ok && *ep) {
            const char *te = strchr(tp, ' '), *ee = strchr(ep, ' ');
            if (!te || !ee)
                return 0;
            size_t tl = (size_t)(te - tp), el = (size_t)(ee - ep);
            size_t tb = tl - tone_tail(tp, tl), eb = el - tone_tail(ep, el);
            if (tl == el && memcmp(tp, ep, el) == 0)
                same++;
            else if (tb == eb && memcmp(tp, ep, eb) == 0 && tb > 0 && ep == ex + 1 &&
                     !(eb == 4 && memcmp(ep, "hang", 4) == 0))
                slips++;
            else
                ok = 0;
            tp = te + 1, ep = ee + 1;
        }
        if (ok && same && slips == 1)
            return 1;
    }
    return 0;
}

/* How the sender wrote entry e in s: with its diacritics, without any
 * (even inside a text with marks elsewhere), or with other marks, which
 * makes it another word ("bơm" is not "bom"); ex is the exact form of the
 * text or of the words of one hit. */
static post_conf conf_in(post_matcher *m, const post_entry *e, const buf *ex)
{
    if (e->literal && !word_in(buf_cstr(&m->fold), e->literal))
        return POST_CONF_MISMATCH;
    if (form_in(e, e->exact, e->exact_sq, ex))
        return POST_CONF_EXACT;
    if (e->exact_d && form_in(e, e->exact_d, e->exact_d_sq, ex))
        return POST_CONF_UNACCENTED;
    if (e->has_marks && form_in(e, e->unacc, e->unacc_sq, ex))
        return POST_CONF_UNACCENTED;
    if (e->has_marks && !(e->flags & POST_F_SUBSTR) && strchr(e->exact + 1, ' ')[1] &&
        mixed_in(buf_cstr(ex), e->exact, e->unacc))
        return POST_CONF_UNACCENTED;
    if (e->has_marks && !(e->flags & (POST_F_AMBIG | POST_F_SUBSTR)) &&
        strchr(e->exact + 1, ' ')[1] && tone_slip_in(buf_cstr(ex), e->exact))
        return POST_CONF_UNACCENTED;
    /* "môrphinh", "cơcaine": marks on a foreign name hide it (in the text
     * as written: read backwards, "đưa" is no "aud"). */
    if (e->foreign && !m->read_again)
        return POST_CONF_UNACCENTED;
    return POST_CONF_MISMATCH;
}

/* The exact form of the text being read, made once per text, on its
 * first use. */
static const buf *exact_form(post_matcher *m, const char *s, size_t len)
{
    if (!m->have_exact) {
        buf_reset(&m->exact);
        post_exact(s, len, &m->exact);
        m->have_exact = 1;
    }
    return &m->exact;
}

/* The same for the whole text. */
static post_conf conf_of(post_matcher *m, const post_entry *e, const char *s, size_t len)
{
    return conf_in(m, e, exact_form(m, s, len));
}

/* Count the tokens of " tok tok " text t[0..n). */
static size_t tokens_of(const char *t, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i + 1 < n; i++)
        k += t[i] == ' ' && t[i + 1] != ' ';
    return k;
}

/* How the sender wrote an entry where its hits are, not anywhere in the
 * text: "[SKU-3322] Đồ bộ - Đỏ đô" has "đô" written exactly in an
 * innocent colour, and the "đồ" after a number is another word. The best
 * of its live hits, each read from the same words of the exact form;
 * the whole text's when the two forms do not split into the same words. */
static post_conf hits_conf(post_matcher *m, uint32_t ei, const char *s, size_t len)
{
    const post_dict *d = m->d;
    const post_entry *e = &d->e[ei];
    post_conf global = conf_of(m, e, s, len);
    /* Words spelled out or hidden are read in several ways that need not
     * fall on the same words of the two forms. */
    if (global == POST_CONF_MISMATCH || (e->flags & POST_F_SUBSTR) || obfuscated(m, s, len))
        return global;
    const char *nt = m->norm.p, *xt = m->exact.p;
    if (tokens_of(nt, m->norm.len) != tokens_of(xt, m->exact.len))
        return global;
    post_conf best = POST_CONF_MISMATCH;
    buf sub = BUF_INIT;
    for (size_t i = 0; i < m->nhits && best != global; i++) {
        const raw_hit *h = &m->hits[i];
        const pattern *p = &d->pat[h->pat];
        if (p->entry != ei || m->drop[i])
            continue;
        if (p->form != FORM_SPACED) {
            best = global;
            break;
        }
        size_t first = tokens_of(nt, h->start + 1), count = tokens_of(nt + h->start, h->end - h->start);
        /* The same words in the exact form: from the space before the
         * first to the space after the last. */
        size_t xl = m->exact.len, a = 0, seen = 0;
        for (; a + 1 < xl; a++)
            if (xt[a] == ' ' && xt[a + 1] != ' ' && seen++ == first)
                break;
        size_t b = a + 1, c = 0;
        for (; b < xl; b++)
            if (xt[b] == ' ' && ++c == count)
                break;
        if (b >= xl) {
            best = global;
            break;
        }
        buf_reset(&sub);
        buf_append(&sub, xt + a, b + 1 - a);
        post_conf c2 = conf_in(m, e, &sub);
        if (c2 > best)
            best = c2;
    }
    buf_free(&sub);
    return best;
}

/* Does an innocent phrase excuse what it covers? When the sender wrote
 * it, or wrote it without diacritics; in a text hiding words on purpose
 * only as written with its diacritics ("s u n g" is no "sưng"). */
static int except_holds(post_matcher *m, const post_entry *xe, const char *s, size_t len)
{
    post_conf c = conf_of(m, xe, s, len);
    if (c == POST_CONF_MISMATCH)
        return 0;
    return c == POST_CONF_EXACT || !obfuscated(m, s, len);
}

/* Which part of a description a position of the normalised text is in:
 * goods listed together ("A kèm B", "A và B", "A cùng B", "A, B", "A +
 * B", one a line: the normaliser writes a "," token for the list's marks,
 * a ":" token after a heading) are separate parts, and so is what a cover
 * holds ("Sách cũ (kẹp tiền mặt)", "Hộp trà (bên trong ...)", "giấu", "gói
 * chung"). */
static const char *const part_seps[] = {" kem ", " va ",   " cung ",       " , ",
                                        " : ",   " kep ", " giau ", " ben trong ", " trong co ",
                                        " trong la ", " goi chung ", " gui chung ", " de chung "};
/* The first PART_LIST of them list goods; the others say what a cover
 * holds, which a context word may stand across ("phong bì kẹp 5 triệu"). */
#define PART_LIST 5

/* The containers of "trong hộp có", "trong túi là": what a cover holds. */
static const char *const containers[] = {"hop", "tui", "thung", "goi", "bich",
                                         "kien", "bao", "hom", "vali", "balo"};

static size_t part_sep_at(const char *t, size_t i, size_t nseps)
{
    for (size_t k = 0; k < nseps; k++) {
        size_t n = strlen(part_seps[k]);
        if (!strncmp(t + i, part_seps[k], n))
            return n;
    }
    if (nseps > PART_LIST && !strncmp(t + i, " trong ", 7)) {
        for (size_t k = 0; k < CG_ARRAY_LEN(containers); k++) {
            size_t n = strlen(containers[k]);
            if (!strncmp(t + i + 7, containers[k], n) &&
                (!strncmp(t + i + 7 + n, " co ", 4) || !strncmp(t + i + 7 + n, " la ", 4)))
                return 7 + n + 4;
        }
    }
    return 0;
}

static size_t part_of(const char *t, size_t pos, size_t nseps)
{
    size_t seg = 0;
    /* A joining word opening the text joins nothing ("Cung tên cho bé"
     * is a bow, "cung" folded alike with "cùng"). */
    for (size_t i = 1; i < pos; i++) {
        size_t n = t[i] == ' ' ? part_sep_at(t, i, nseps) : 0;
        if (n && i + n <= pos + 1)
            seg++;
    }
    return seg;
}

/* The part for negating words: lists and covers cut. */
static size_t segment_of(const char *t, size_t pos)
{
    return part_of(t, pos, CG_ARRAY_LEN(part_seps));
}

/* The part for context words: only lists cut. */
static size_t list_part_of(const char *t, size_t pos)
{
    return part_of(t, pos, PART_LIST);
}

/* Does a negating phrase ending at end of normalised text t take as its
 * object what stands at pos, across "và" only ("Sách Tác hại của thuốc lá
 * và thuốc lá điện tử": the harms of both)? Only a phrase followed by
 * "của" or "về" takes an object; "và" elsewhere lists goods ("Sách giáo
 * khoa và tài liệu phản động"). Money is no such object: "Sách về ma tuý
 * và tiền mặt" sends cash with a book. */
static int topic_of(const char *t, size_t end, size_t pos)
{
    if (pos < end || (strncmp(t + end - 1, " cua ", 5) != 0 && strncmp(t + end - 1, " ve ", 4) != 0))
        return 0;
    for (size_t i = end - 1; i < pos; i++) {
        size_t n = t[i] == ' ' ? part_sep_at(t, i, CG_ARRAY_LEN(part_seps)) : 0;
        if (n && strncmp(t + i, " va ", 4) != 0)
            return 0;
    }
    return 1;
}

/* Does the normalised text t end at i with a note's marker ("Sách vở -
 * lưu ý: ...", "ghi chú:", "note:")? What follows it is no list the
 * words before it head, but what the sender adds. The normaliser writes
 * "lưu" as "lu" (doubled letters are one). */
static int note_before(const char *t, size_t i)
{
    static const char *const marks[] = {" lu y", " luu y", " ghi chu", " chu y", " note",
                                         " nb", " ps"};
    for (size_t k = 0; k < CG_ARRAY_LEN(marks); k++) {
        size_t n = strlen(marks[k]);
        if (i >= n && !strncmp(t + i - n, marks[k], n))
            return 1;
    }
    return 0;
}

/* Is the name ending at end of normalised text t said to be hidden
 * ("IVORY GIẤU ĐÁY HỘP", "lưỡi lê để dưới đáy hộp", "nhét trong gối")? */
static int hidden_after(const char *t, size_t end)
{
    static const char *const marks[] = {" giau ", " de duoi ", " duoi day ", " nhet ",
                                        " de trong "};
    for (size_t k = 0; k < CG_ARRAY_LEN(marks); k++)
        if (!strncmp(t + end - 1, marks[k], strlen(marks[k])))
            return 1;
    return 0;
}

/* Does the word at start of normalised text t follow "khai là", "ghi
 * là", "ngụy trang (trong)", "giả làm", "giấu trong": the cover the
 * sender declares or hides the goods in ("súng tự chế (khai là đồ
 * chơi)", "SÚng k59 ngụy trang trong Sách cũ"), which negates nothing? */
static int declared_as(const char *t, size_t start)
{
    static const char *const marks[] = {" khai la ",    " ghi la ",    " ghi ",
                                        " nguy trang ", " gia lam ",   " khai thanh ",
                                        " nguy trang trong ", " giau trong ", " nhet trong "};
    for (size_t k = 0; k < CG_ARRAY_LEN(marks); k++) {
        size_t n = strlen(marks[k]);
        if (start + 1 >= n && !strncmp(t + start + 1 - n, marks[k], n))
            return 1;
    }
    return 0;
}

/* Does a word at [start, end) of normalised text t head a list ("Bộ đồ
 * chơi cảnh sát: súng, còng tay"): is the part it is in closed by a ":"
 * with pos after it, and is the word the heading's head? A noun phrase
 * starts with its head, after at most a word of measure ("bộ", "hộp"):
 * "Đồ dùng học tập cho bé:" is a list of school things, not of things
 * for children. Then the list is of what it names. */
static int heads_list(const char *t, size_t start, size_t end, size_t pos)
{
    size_t words = 0;
    for (size_t i = start; i > 1 && words < 2; i--) {
        if (t[i - 1] != ' ')
            continue;
        if (part_sep_at(t, i - 1, PART_LIST))
            break;
        words += t[i - 2] != ' ';
    }
    if (words >= 2)
        return 0;
    for (size_t i = end ? end - 1 : 0; i < pos && t[i]; i++) {
        size_t n = t[i] == ' ' ? part_sep_at(t, i, PART_LIST) : 0;
        if (n)
            return t[i + 1] == ':' && !note_before(t, i);
    }
    return 0;
}

/* Does s[0..n) hold one of the bytes of set? */
static int strpbrk_n(const char *s, size_t n, const char *set)
{
    for (size_t i = 0; i < n; i++)
        if (strchr(set, s[i]))
            return 1;
    return 0;
}

/* A number ("2", "x3", "500ml") or a word of measure; with grades, a
 * seller's grade too ("ivory premium", "hàng xăng"). */
static int measure_word(const char *w, size_t n, int grades)
{
    static const char *const words[] = {
        "lit",  "l",     "ml",    "can", "chai", "binh", "thung", "kg",  "g",    "gr",
        "goi",  "hop",   "cai",   "co",  "gom",  "cay",  "bo",    "thanh", "chiec", "doi",
        "cap",  "tui",   "vien",  "kien", "tep", "lo",   "bich",  "qua", "tam",  "cuon",
        "sl",   "so",    "luong", "bag", "bags", "box",  "boxes", "pcs", "pc",   "pack",
        "packs", "pach", "set",  "x"}; /* "pack" reads "pach" (ck as ch) */
    /* ... and a seller's calls around the name ("ivory - ib zalo", "ke
     * hàng đẹp - giao nhanh", "ship kín"), which name no goods. */
    static const char *const grade[] = {"hang", "loai", "premium", "xin",   "chuan", "sku",
                                        "dep",  "ib",   "inbox",   "zalo",  "giao",  "nhanh",
                                        "ship", "kin",  "order",   "sp",    "san"};
    for (size_t k = 0; k < n; k++)
        if (w[k] >= '0' && w[k] <= '9')
            return 1;
    for (size_t k = 0; k < CG_ARRAY_LEN(words); k++)
        if (strlen(words[k]) == n && !memcmp(w, words[k], n))
            return 1;
    for (size_t k = 0; grades && k < CG_ARRAY_LEN(grade); k++)
        if (strlen(grade[k]) == n && !memcmp(w, grade[k], n))
            return 1;
    return 0;
}

/* Is hit h all of its part of normalised text t, but for numbers and
 * words of measure ("xăng 2 lít", "Bánh kẹo; xăng", "bên trong có
 * xăng"), not a word of a longer name ("lọc xăng", "bình xăng con")? */
static int fills_part(const char *t, const raw_hit *h)
{
    size_t len = strlen(t), nseps = CG_ARRAY_LEN(part_seps);
    size_t a = h->start, b = h->end;
    while (a > 0 && t[a] != ' ')
        a--;
    if (b > 0 && t[b - 1] == ' ')
        b--;
    while (b < len && t[b] != ' ')
        b++;
    /* a and b: the spaces around the hit. Leftwards to the part's start. */
    while (a > 0) {
        size_t ps = a;
        while (ps > 0 && t[ps - 1] != ' ')
            ps--;
        if (ps == 0)
            break;
        /* A separator of one or two words ends right before the hit's
         * words ("... , xang", "... ben trong xang"). */
        size_t q = ps - 1, sep = part_sep_at(t, q, nseps);
        if (!sep && q > 0) {
            size_t pq = q;
            while (pq > 0 && t[pq - 1] != ' ')
                pq--;
            if (pq > 0 && part_sep_at(t, pq - 1, nseps) == a - (pq - 1) + 1)
                break;
        }
        if (sep == a - q + 1)
            break;
        if (!measure_word(t + ps, a - ps, 1))
            return 0;
        a = q;
    }
    /* Rightwards to its end. */
    while (b + 1 < len && !part_sep_at(t, b, nseps)) {
        size_t ne = b + 1;
        while (ne < len && t[ne] != ' ')
            ne++;
        if (!measure_word(t + b + 1, ne - b - 1, 1))
            return 0;
        b = ne;
    }
    return 1;
}

/* Words strictly between the hits [a0, a1) and [b0, b1) of normalised
 * text t (spaced hits hold the spaces around their words). */
static size_t words_between(const char *t, uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1)
{
    uint32_t lo = a0 <= b0 ? a1 : b1, hi = a0 <= b0 ? b0 : a0;
    if (lo > 0)
        lo--; /* the space ending the first hit */
    if (hi <= lo)
        return 0;
    size_t sp = 0;
    for (uint32_t i = lo; i <= hi; i++)
        sp += t[i] == ' ';
    return sp > 1 ? sp - 1 : 0;
}

/* An amount: a token of digits, with a unit or a currency sign stuck to
 * it ("300", "2tr", "500k", "$500", "100usd"). With money set, only a sum
 * of money: a currency sign or unit stuck to the digits. */
static int amount_token(const char *t, size_t n, int money)
{
    static const char *const cur[] = {"k",   "tr",   "trieu", "cu",    "usd",  "do",
                                      "d",   "vnd",  "dong",  "nghin", "ngan", "ty",
                                      "eur", "euro", "yen",   "te",    "ndt",  "$"};
    size_t d = 0, i = 0;
    for (size_t k = 0; k < n; k++)
        d += t[k] >= '0' && t[k] <= '9';
    if (!d || !((t[0] >= '0' && t[0] <= '9') || t[0] == '$'))
        return 0;
    if (!money || t[0] == '$')
        return 1;
    while (i < n && ((t[i] >= '0' && t[i] <= '9') || t[i] == '.' || t[i] == ','))
        i++;
    for (size_t k = 0; k < CG_ARRAY_LEN(cur); k++)
        if (strlen(cur[k]) == n - i && memcmp(cur[k], t + i, n - i) == 0)
            return 1;
    return 0;
}

/* Is a cue of entry ei next to its hit h (same part of the text, at most
 * the entry's window of words between)? */
static int cue_near(post_matcher *m, uint32_t ei, const raw_hit *h, const char *s, size_t len)
{
    const post_dict *d = m->d;
    const post_entry *e = &d->e[ei];
    const char *t = m->norm.p;
    size_t seg = list_part_of(t, h->start);
    for (size_t x = 0; x < m->nhits; x++) {
        const post_entry *ce = &d->e[d->pat[m->hits[x].pat].entry];
        if (ce->action != POST_ACT_CUE || ce->cue_of != (int)ei)
            continue;
        const raw_hit *c = &m->hits[x];
        if (words_between(t, h->start, h->end, c->start, c->end) > e->cue_window ||
            list_part_of(t, c->start) != seg)
            continue;
        /* The cue of a term flagged 'a' is written with its diacritics
         * too ("kẹo lắc", not "kẹo lac", peanut candy), unless the text
         * hides words on purpose; others with them or without. */
        post_conf cc = conf_of(m, ce, s, len);
        if (cc == POST_CONF_MISMATCH || ((e->flags & POST_F_AMBIG) && ce->has_marks &&
                                         cc != POST_CONF_EXACT && !obfuscated(m, s, len)))
            continue;
        return 1;
    }
    if (e->cue_number) {
        /* Tokens around the hit, up to the window away. */
        size_t nt = m->norm.len;
        uint32_t a = h->start, b = h->end;
        for (unsigned w = 0; w <= e->cue_window; w++) {
            /* after: the token starting at b (b is past the hit's space) */
            if (b > 0 && b - 1 < nt && t[b - 1] == ' ' && b < nt) {
                size_t j = b;
                while (j < nt && t[j] != ' ')
                    j++;
                /* "Euro 2024" is a football championship: a year after
                 * the word is no amount. */
                int year = j - b == 4 && (t[b] == '1' || t[b] == '2') &&
                           (t[b + 1] == '9' || t[b + 1] == '0') && t[b + 2] >= '0' &&
                           t[b + 2] <= '9' && t[b + 3] >= '0' && t[b + 3] <= '9';
                if (j > b && !year && amount_token(t + b, j - b, e->cue_number == 2) &&
                    list_part_of(t, b) == seg)
                    return 1;
                b = (uint32_t)j + 1;
            }
            /* before: the token ending at a */
            if (a > 1 && t[a] == ' ') {
                size_t i = a;
                while (i > 0 && t[i - 1] != ' ')
                    i--;
                if (i < a && amount_token(t + i, a - i, e->cue_number == 2))
                    return 1;
                a = i > 0 ? (uint32_t)i - 1 : 0;
            }
        }
    }
    return 0;
}

/* Is the term of entry e (flagged 'l'), found at h, all the text
 * without diacritics s[0..len) says, but for amounts and words of
 * measure ("ho chieu gia x2", "sua gia 3 hop")? Written so, a line is
 * the goods' name, not a phrase the folding made of others. */
static int said_alone(post_matcher *m, const post_entry *e, const raw_hit *h, const char *s,
                      size_t len)
{
    if (!(e->flags & POST_F_LINE) || post_has_marks(s, len))
        return 0;
    const char *t = m->norm.p;
    size_t n = m->norm.len;
    for (size_t i = 0; i < n;) {
        while (i < n && t[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && t[j] != ' ')
            j++;
        if (j == i)
            break;
        int inside = i >= h->start && j <= h->end;
        /* A number of things ("x2", "3"), not a sum of money ("iphone
         * gia 5tr" is a price) nor a code ("n2o"); or a word of measure. */
        int number = amount_token(t + i, j - i, 0) ||
                     (j - i >= 2 && t[i] == 'x' && t[i + 1] >= '0' && t[i + 1] <= '9');
        int measured = number ? !amount_token(t + i, j - i, 1)
                              : !strpbrk_n(t + i, j - i, "0123456789") && measure_word(t + i, j - i, 0);
        if (!inside && !measured)
            return 0;
        i = j;
    }
    return 1;
}

/* A context word flagged 'a' ("đơn giá", which folds to "đơn giả") counts
 * only as written in the dictionary or without diacritics, not with other
 * ones. */
static int neg_ok(post_matcher *m, const post_entry *e, const char *s, size_t len)
{
    return !(e->flags & POST_F_AMBIG) || conf_of(m, e, s, len) != POST_CONF_MISMATCH;
}

/* Does s[0..len) have a letter standing alone (one character between
 * spaces or punctuation, its marks apart)? A quick look before the
 * squashed reading, which only words spelled out letter by letter need. */
static int lone_letter(const char *s, size_t len)
{
    size_t run = 0; /* characters of the current word, combining marks apart */
    for (size_t i = 0; i <= len;) {
        unsigned char c = i < len ? (unsigned char)s[i] : ' ';
        size_t n = 1;
        unsigned cp = i < len ? post_cp_at(s, len, i, &n) : ' ';
        /* Invisible characters inside a word are no part of it, and cut
         * nothing ("vo\u200bi"). */
        if (post_invisible(cp)) {
            i += n;
            continue;
        }
        int sep = (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) || post_symbol(cp);
        if (sep) {
            if (run == 1)
                return 1;
            run = 0;
        } else if (!(c == 0xcc || (c == 0xcd && i + 1 < len && (unsigned char)s[i + 1] < 0xb0))) {
            run++;
        }
        i += n;
    }
    return 0;
}

/* Does raw text s[0..len) hold a hashtag ("#hangbay", "#phaodien"):
 * words glued behind a '#', as social networks write them? */
static int hashtag(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] != '#')
            continue;
        /* Six letters or more, no digit: "#A20946" is an order number. */
        size_t j = i + 1, letters = 0;
        while (j < len && (isalpha((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80)) {
            letters += ((unsigned char)s[j] & 0xc0) != 0x80;
            j++;
        }
        if (letters >= 6 && (j == len || !isdigit((unsigned char)s[j])))
            return 1;
    }
    return 0;
}

/* Does raw text s[0..len) glue words written with diacritics into one
 * ("sữabộtgiả", "áoGuccihànggiả"): a token of three vowel groups or more,
 * eight letters or more, one of them with a diacritic? No word of the
 * language is so written; an English word has no diacritic. */
static int glued(const char *s, size_t len)
{
    size_t letters = 0, groups = 0;
    int marked = 0, in_vowel = 0;
    for (size_t i = 0; i <= len;) {
        unsigned char c = i < len ? (unsigned char)s[i] : ' ';
        size_t n = 1;
        unsigned cp = i < len ? post_cp_at(s, len, i, &n) : ' ';
        /* Latin letters with diacritics only (U+00C0-024F, U+1E00-1EFF):
         * "【Sale】Sơn" is no word glued. */
        int letter = (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7) ||
                     (cp >= 0x1e00 && cp <= 0x1eff) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        if (!letter) {
            if (letters >= 8 && groups >= 3 && marked)
                return 1;
            letters = groups = 0, marked = in_vowel = 0;
            i += n;
            continue;
        }
        /* Letters with diacritics (precomposed, two or three bytes) are
         * vowels, but đ. */
        int vowel = c >= 0x80 ? !(c == 0xc4 && i + 1 < len && ((unsigned char)s[i + 1] | 1) == 0x91)
                              : strchr("aeiouyAEIOUY", c) != NULL;
        marked |= c >= 0x80;
        letters++;
        groups += vowel && !in_vowel;
        in_vowel = vowel;
        i += n;
    }
    return 0;
}

/* A finding of a slip or of words read squashed counts as written
 * without diacritics: not for an entry flagged 'a', which needs them
 * ("Kẹo lạc Tresemmé" is peanut candy, whatever the glued brand name
 * makes the text read as), unless the text hides words on purpose. */
static int ambiguous_bare(post_matcher *m, uint32_t entry, const char *s, size_t len)
{
    return (m->d->e[entry].flags & POST_F_AMBIG) && !obfuscated(m, s, len);
}

/* Words spelled out one letter at a time among whole words ("thuốc lá
 * đ i ệ n t ử", "sừng t ê g i á c"): the letters join one another but not
 * the words around them, so the goods are also looked for in the text with
 * every space removed. Only in a text that hides words on purpose, and
 * only terms long enough to be no accident. Adds to m->f[0..*nf). */
static int squashed_findings(post_matcher *m, const char *s, size_t len, size_t *nfp, cg_err *err)
{
    const post_dict *d = m->d;
    size_t nf = *nfp;
    if (!d->sqdb || m->norm.len <= 8 ||
        ((!lone_letter(s, len) || !obfuscated(m, s, len)) && !glued(s, len) &&
         !hashtag(s, len)))
        return 0;
    buf_reset(&m->sq);
    buf_reset(&m->sqb);
    size_t run = 0; /* bytes of the token i is in */
    for (size_t i = 0; i < m->norm.len; i++) {
        if (m->norm.p[i] == ' ') {
            run = 0;
            continue;
        }
        if (!run)
            while (i + run < m->norm.len && m->norm.p[i + run] != ' ')
                run++;
        char fl = (char)((i > 0 && m->norm.p[i - 1] == ' ' ? 1 : 0) |
                         (i + 1 < m->norm.len && m->norm.p[i + 1] == ' ' ? 2 : 0) |
                         (run > SQ_LONG_RUN ? 4 : 0));
        /* A letter repeated across two words is one, as inside a word
         * ("air rifle" and "a.i.r.r.i.f.l.e" both "airifle"). */
        if (m->sq.len && m->sq.p[m->sq.len - 1] == m->norm.p[i] && m->norm.p[i] >= 'a' &&
            m->norm.p[i] <= 'z') {
            m->sqb.p[m->sqb.len - 1] |= fl;
            continue;
        }
        buf_putc(&m->sq, m->norm.p[i]);
        buf_putc(&m->sqb, fl);
    }
    m->nsqhit = 0;
    if (m->sq.len &&
        hs_scan(d->sqdb, m->sq.p, (unsigned)m->sq.len, 0, m->scratch, on_sq, m) != HS_SUCCESS)
        return cg_err_set(err, CG_EIO, "the matcher failed on a text of %zu bytes", len);
    for (size_t h = 0; h < m->nsqhit; h++) {
        int dup = 0;
        for (size_t k = 0; k < nf && !dup; k++)
            dup = m->f[k].entry == m->sqhit[h];
        /* A hashtag glues words on purpose ("#hangbay"). */
        if (dup || (!hashtag(s, len) && ambiguous_bare(m, m->sqhit[h], s, len)))
            continue;
        if (nf == m->fcap) {
            m->fcap = m->fcap ? 2 * m->fcap : 16;
            m->f = cg_realloc(m->f, m->fcap * sizeof *m->f);
        }
        m->f[nf++] = (post_finding){m->sqhit[h], POST_CONF_UNACCENTED};
    }
    *nfp = nf;
    return 0;
}

/* The entry + 1 a fuzzy index gives key k, or 0 (none, or shared). */
static uint32_t fuzzy_get(const hmap *h, const char *k, size_t n)
{
    void *v = hmap_get(h, k, n);
    uint32_t e = v ? (uint32_t)(uintptr_t)v : 0;
    return e == UINT32_MAX ? 0 : e;
}

/* Can folded letters w[0..n) be a syllable of the language: an onset,
 * one to three vowels, a coda? "cna", "uty", "oh" cannot; "tep" can. */
static int syllable_ok(const char *w, size_t n)
{
    static const char *const onsets[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu",
                                         "th",  "tr", "b",  "c",  "d",  "g",  "h",  "k",  "l",
                                         "m",   "n",  "p",  "r",  "s",  "t",  "v",  "x",  ""};
    static const char *const codas[] = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"};
    for (size_t o = 0; o < CG_ARRAY_LEN(onsets); o++) {
        size_t ol = strlen(onsets[o]), v = ol;
        if (ol > n || memcmp(w, onsets[o], ol))
            continue;
        while (v < n && strchr("aeiouy", w[v]))
            v++;
        /* "gi" before no other vowel is "g" and the vowel "i". */
        if (v == ol && !(ol == 2 && w[0] == 'g' && w[1] == 'i'))
            continue;
        if (v - ol > 3)
            continue;
        for (size_t c = 0; c < CG_ARRAY_LEN(codas); c++)
            if (strlen(codas[c]) == n - v && !memcmp(w + v, codas[c], n - v))
                return 1;
    }
    return 0;
}

/* Is the folded word w[0..n) written in capitals in raw text s[0..len),
 * as a word of its own ("TPE")? */
static int in_capitals(const char *s, size_t len, const char *w, size_t n)
{
    for (size_t i = 0; i + n <= len; i++) {
        if (i > 0 && isalnum((unsigned char)s[i - 1]))
            continue;
        size_t k = 0;
        while (k < n && s[i + k] == w[k] - 'a' + 'A')
            k++;
        if (k == n && (i + n == len || !isalnum((unsigned char)s[i + n])))
            return 1;
    }
    return 0;
}

/* Is t[0..n) the entry's own name as written without diacritics? Then
 * the matcher judged it already, with its context: no typo of it. */
static int names_itself(const post_entry *e, const char *t, size_t n)
{
    return !strncmp(t, e->unacc + 1, n) && e->unacc[1 + n] == ' ';
}

/* Does a word excuse a name found by its typo at [a, b) of the normalised
 * text: an innocent phrase holding it, or a negating word of its category
 * in its part of the list? Then the text speaks of something else. */
static int typo_excused(post_matcher *m, uint32_t entry, size_t a, size_t b)
{
    const post_dict *d = m->d;
    uint64_t bit = (uint64_t)1 << d->e[entry].cat;
    size_t part = SIZE_MAX; /* a's part of the list, found when first needed */
    for (size_t i = 0; i < m->nhits; i++) {
        const post_entry *xe = &d->e[d->pat[m->hits[i].pat].entry];
        if (xe->action == POST_ACT_EXCEPT && m->hits[i].start <= a && m->hits[i].end >= b)
            return 1;
        if (xe->action != POST_ACT_NEGATE || !(xe->negmask & bit))
            continue;
        if (part == SIZE_MAX)
            part = list_part_of(m->norm.p, a);
        if (list_part_of(m->norm.p, m->hits[i].start) == part ||
            heads_list(m->norm.p, m->hits[i].start, m->hits[i].end, a))
            return 1;
    }
    return 0;
}

static size_t add_typo(post_matcher *m, size_t nf, uint32_t entry)
{
    for (size_t f = 0; f < nf; f++)
        if (m->f[f].entry == entry)
            return nf;
    if (nf == m->fcap) {
        m->fcap = m->fcap ? 2 * m->fcap : 16;
        m->f = cg_realloc(m->f, m->fcap * sizeof *m->f);
    }
    m->f[nf++] = (post_finding){entry, POST_CONF_UNACCENTED};
    return nf;
}

/* When nothing was found: a long word one typo away from a name of goods
 * ("methamphetamyne", "switkhblade", "calnabis"), else one to four words
 * that are a name with one slip across its words (see join_put: "tiề
 * nmặt", "ado găm", "ke nhtậ", "tiềnmặt"), unless a word in the same part
 * of the list excuses or negates (then that part speaks of something
 * else). The finding counts as written without diacritics. Returns the
 * new count. */
/* Are the letters of exact form ex (" tok tok ", unaccented) those of
 * sq[0..l), spaces aside? Then only spaces moved, not a letter spelled by
 * sound ("ma tui" is "ma tuý" by sound; "quần o" is no "quầno"). */
static int same_letters(const char *ex, const char *sq, size_t l)
{
    size_t k = 0;
    for (; *ex; ex++) {
        if (*ex == ' ')
            continue;
        if (k >= l || *ex != sq[k])
            return 0;
        k++;
    }
    return k == l;
}

/* Are words a..b of the normalised text written without diacritics in a
 * text written with them ("Gói ma tui hàng chuẩn")? A short name by sound
 * counts only so: "mã túi" is a pocket, and "ma tui" in a text with no
 * marks at all may be one too. */
static int bare_among_marks(post_matcher *m, const char *s, size_t len, size_t a, size_t b)
{
    if (!post_has_marks(s, len))
        return 0;
    const char *x = exact_form(m, s, len)->p;
    size_t w = 0;
    for (size_t i = 1; i < m->exact.len; i++) {
        if (x[i - 1] != ' ' || x[i] == ' ')
            continue;
        if (w >= a && w <= b)
            for (size_t j = i; j < m->exact.len && x[j] != ' '; j++)
                if ((unsigned char)x[j] >= 0x80)
                    return 0;
        w++;
    }
    return 1;
}

static size_t typo_findings(post_matcher *m, const char *s, size_t len, size_t nf)
{
    const post_dict *d = m->d;
    const char *t = m->norm.p;
    uint32_t ts[64], te[64];
    size_t nt = 0;
    for (size_t i = 0; i < m->norm.len && nt < 64;) {
        while (i < m->norm.len && t[i] == ' ')
            i++;
        if (i >= m->norm.len)
            break;
        ts[nt] = (uint32_t)i;
        while (i < m->norm.len && t[i] != ' ')
            i++;
        te[nt++] = (uint32_t)i;
    }
    for (size_t w = 0; w < nt; w++) {
        size_t a = ts[w], n = te[w] - ts[w];
        if (!typo_word(t + a, n))
            continue;
        uint32_t v = fuzzy_get(d->typo, t + a, n);
        if (v && names_itself(&d->e[v - 1], t + a, n))
            continue;
        char k[TYPO_MAX];
        for (size_t x = 0; x < n && !v; x++) {
            memcpy(k, t + a, x);
            memcpy(k + x, t + a + x + 1, n - x - 1);
            v = fuzzy_get(d->typo, k, n - 1);
        }
        if (v && !typo_excused(m, v - 1, a, a + n) && !ambiguous_bare(m, v - 1, s, len))
            nf = add_typo(m, nf, v - 1);
    }
    if (nf)
        return nf;
    /* Which words can be no word of the language (see post_dict.odd), once
     * for all the runs they are in. */
    unsigned char tok_odd[64];
    int any_odd = 0;
    for (size_t w = 0; w < nt; w++) {
        size_t n = te[w] - ts[w];
        tok_odd[w] = !m->read_again && !strpbrk_n(t + ts[w], n, "0123456789") &&
                     !syllable_ok(t + ts[w], n) && !in_capitals(s, len, t + ts[w], n);
        any_odd |= tok_odd[w];
    }
    char sq[SWAP_MAX];
    for (size_t a = 0; a < nt && !nf; a++) {
        size_t l = 0;
        for (size_t b = a; b < nt && b < a + 4; b++) {
            size_t n = te[b] - ts[b], letters = 1;
            for (size_t x = ts[b]; x < te[b] && letters; x++)
                letters = (t[x] >= 'a' && t[x] <= 'z') || (t[x] >= '0' && t[x] <= '9');
            if (!letters || l + n >= SWAP_MAX)
                break;
            memcpy(sq + l, t + ts[b], n);
            l += n;
            if (l < ODD_MIN)
                continue;
            uint32_t e = l >= JOIN_MIN ? fuzzy_get(d->swap, sq, l) : 0;
            /* By sound only across words: an English word of its own
             * ends in l ("piston" is no "pistol"). */
            if (!e && b > a) {
                /* A short name only when a letter of it was spelled by
                 * sound: moved spaces alone make too many ("quần o"). */
                char k[SWAP_MAX];
                size_t kl = sound_of(sq, l, k);
                e = fuzzy_get(d->sound, k, kl);
                if (e && l < JOIN_MIN && !memcmp(k, sq, l) &&
                    (same_letters(d->e[e - 1].unacc, sq, l) || !bare_among_marks(m, s, len, a, b)))
                    e = 0;
            }
            /* Only in the text as written: a decoded or reversed reading
             * makes odd words of its own; a code in capitals ("TPE") is
             * no misspelled word. */
            if (!e && any_odd) {
                int odd = 0;
                for (size_t w = a; w <= b && !odd; w++)
                    odd = tok_odd[w];
                e = odd ? fuzzy_get(d->odd, sq, l) : 0;
            }
            if (e && names_itself(&d->e[e - 1], t + ts[a], te[b] - ts[a]))
                continue;
            if (e && !typo_excused(m, e - 1, ts[a], te[b]) && !ambiguous_bare(m, e - 1, s, len))
                nf = add_typo(m, nf, e - 1);
        }
    }
    return nf;
}

#define ACTS(a) (1u << POST_ACT_##a)

/* Is hit i inside a longer hit of an entry whose action is in the mask
 * acts, written as itself (not another word folded alike), and, with
 * live_only, not itself dropped? An excused name still holds its words
 * ("thuốc" in "không thuốc nổ"); a term with no context word near, or not
 * all of its part of a list, names nothing ("pills" in "blue pills"
 * without a cue is a medicine's word). */
static int covered_by_longer(post_matcher *m, size_t i, unsigned acts, int live_only,
                             const char *s, size_t len)
{
    const post_dict *d = m->d;
    const raw_hit *h = &m->hits[i];
    for (size_t x = 0; x < m->nhits; x++) {
        const raw_hit *o = &m->hits[x];
        const post_entry *xe = &d->e[d->pat[o->pat].entry];
        if ((acts & (1u << xe->action)) && !(live_only && m->drop[x]) &&
            m->drop[x] != DROP_NOT_NAMED && o->start <= h->start &&
            o->end >= h->end && o->end - o->start > h->end - h->start &&
            conf_of(m, xe, s, len) != POST_CONF_MISMATCH)
            return 1;
    }
    return 0;
}

/* Does the text hold a picture that may stand for goods ("🍄", "💵",
 * "🔪", "❄️")? Not those shops decorate with ("🔥 Sale", "✨", "❤️",
 * "✅", "🎁"). */
static int pictures_in(const char *s, size_t len)
{
    static const unsigned decor[] = {0x1f525, 0x2728, 0x2764, 0x1f495, 0x1f496, 0x1f497,
                                     0x2b50,  0x1f31f, 0x2705, 0x2714, 0x2611, 0x1f381,
                                     0x1f389, 0x1f6d2, 0x1f4e6, 0x1f69a, 0x1f449, 0x1f44d,
                                     0x1f4af, 0x1f195, 0x1f193, 0x26a1, 0x1f4e2, 0x1f6cd,
                                     0x1f64f, 0x1f60a, 0x1f970, 0x1f60d, 0x2757, 0x203c};
    for (size_t i = 0; i < len;) {
        /* Those pictures are three bytes from 0xe2 or four from 0xf0: the
         * letters of a description are skipped without decoding them. */
        unsigned char lead = (unsigned char)s[i];
        if (lead != 0xe2 && lead != 0xf0) {
            i++;
            continue;
        }
        size_t n;
        unsigned cp = post_cp_at(s, len, i, &n);
        i += n;
        if (!((cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x2600 && cp <= 0x27bf)))
            continue;
        int deco = 0;
        for (size_t k = 0; k < CG_ARRAY_LEN(decor) && !deco; k++)
            deco = cp == decor[k];
        if (!deco)
            return 1;
    }
    return 0;
}

static int match_reading(post_matcher *m, const char *s, size_t len, post_match_result *r,
                         cg_err *err)
{
    m->have_exact = 0;
    m->obf = -1;
    const post_dict *d = m->d;
    buf_reset(&m->fold);
    buf_reset(&m->norm);
    post_fold(s, len, &m->fold);
    post_normalize_marked(m->fold.p ? m->fold.p : "", m->fold.len, post_has_marks(s, len),
                          &m->norm);
    m->nhits = 0;
    memset(r, 0, sizeof *r);
    if (m->norm.len <= 1) {
        r->empty = 1;
        r->said_by_pictures = !m->read_again && pictures_in(s, len);
        return 0;
    }
    if (hs_scan(d->db, m->norm.p, (unsigned)m->norm.len, 0, m->scratch, on_match, m) !=
            HS_SUCCESS &&
        m->nhits <= 100000)
        return cg_err_set(err, CG_EIO, "the matcher failed on a text of %zu bytes", len);
    if (m->nhits > m->dcap) {
        m->dcap = m->nhits;
        m->drop = cg_realloc(m->drop, m->dcap);
    }
    if (m->nhits)
        memset(m->drop, 0, m->nhits);
    m->neg = 0;
    int any_goods = 0, any_vague = 0;
    for (size_t i = 0; i < m->nhits; i++) {
        const post_entry *e = &d->e[d->pat[m->hits[i].pat].entry];
        if (e->action == POST_ACT_NEGATE && neg_ok(m, e, s, len))
            m->neg |= e->negmask;
        else if (e->action == POST_ACT_VAGUE)
            any_vague = 1;
        else if (e->action == POST_ACT_PAPERS)
            /* A noun phrase starts with its head: "Hồ sơ nhập học" is
             * papers, "Bìa hồ sơ" a thing. (A spaced pattern holds the
             * space before the word.) */
            r->papers |= m->hits[i].start <= 1;
        else if (e->action != POST_ACT_EXCEPT && e->action != POST_ACT_FILLER &&
                 e->action != POST_ACT_CUE)
            any_goods = 1;
    }
    /* Vague: every token is covered by a vague or filler word, or is a
     * number. Worked out also where pictures may stand for the goods. */
    int pics = !m->read_again && pictures_in(s, len);
    if (any_vague || pics) {
        const char *t = m->norm.p;
        int vague = 1;
        for (size_t i = 1; i < m->norm.len && vague;) {
            size_t j = i;
            while (j < m->norm.len && t[j] != ' ')
                j++;
            int covered = 1;
            for (size_t k = i; k < j; k++)
                if (t[k] < '0' || t[k] > '9')
                    covered = 0;
            for (size_t h = 0; h < m->nhits && !covered; h++) {
                const pattern *p = &d->pat[m->hits[h].pat];
                post_action a = d->e[p->entry].action;
                if ((a == POST_ACT_VAGUE || a == POST_ACT_FILLER) && m->hits[h].start <= i &&
                    m->hits[h].end >= j) /* spaced patterns hold the spaces around */
                    covered = 1;
            }
            vague = covered;
            i = j + 1;
        }
        r->vague = vague && any_vague;
        r->said_by_pictures = vague && pics;
    }
    if (!any_goods) {
        size_t nf = 0;
        if (squashed_findings(m, s, len, &nf, err))
            return CG_EIO;
        if (!nf)
            nf = typo_findings(m, s, len, nf);
        r->f = m->f;
        r->n = nf;
        return 0;
    }
    /* Exceptions cancel the hits they cover; negating words the hits of
     * their category. */
    for (size_t i = 0; i < m->nhits; i++) {
        const pattern *p = &d->pat[m->hits[i].pat];
        const post_entry *e = &d->e[p->entry];
        if (e->action == POST_ACT_EXCEPT || e->action == POST_ACT_NEGATE ||
            e->action == POST_ACT_VAGUE || e->action == POST_ACT_FILLER ||
            e->action == POST_ACT_PAPERS || e->action == POST_ACT_CUE) {
            m->drop[i] = 1;
            continue;
        }
        /* A term that needs a context word ("đá" with "chỉ", "phao" with
         * "nổ") and has none near is nothing: dropped before the costlier
         * checks. */
        /* ... unless said to be hidden ("IVORY GIẤU ĐÁY HỘP"). */
        if ((e->flags & POST_F_PART) && !fills_part(m->norm.p, &m->hits[i]) &&
            !hidden_after(m->norm.p, m->hits[i].end)) {
            m->drop[i] = DROP_NOT_NAMED;
            continue;
        }
        if ((e->flags & POST_F_CUE) &&
            !cue_near(m, d->pat[m->hits[i].pat].entry, &m->hits[i], s, len)) {
            m->drop[i] = DROP_NOT_NAMED;
            continue;
        }
        if (m->neg & ((uint64_t)1 << e->cat)) {
            /* A negating word speaks of what is next to it: "sách về tác
             * hại ma tuý", not the second of two goods ("sách giáo khoa kèm
             * tài liệu phản động", "đồ chơi kèm tiền mặt"). Its part is
             * where it ends: "phòng, chống" is one negating phrase. A
             * heading speaks of its list. */
            int negated = 0;
            /* A name may hold a joining word ("bộ cung tên": "cùng"):
             * every part it spans is its own. */
            size_t seg = segment_of(m->norm.p, m->hits[i].start),
                   seg_end = segment_of(m->norm.p, m->hits[i].end - 1);
            for (size_t x = 0; x < m->nhits && !negated; x++) {
                const post_entry *xe = &d->e[d->pat[m->hits[x].pat].entry];
                size_t xseg = segment_of(m->norm.p, m->hits[x].end - 1);
                /* A prohibited name that holds the negating words is not
                 * negated by them ("đồ chơi nóng", "tem chống hàng giả làm
                 * giả"); a restricted one is ("tai nghe bluetooth"). */
                int inside = e->action == POST_ACT_HOLD && m->hits[x].start >= m->hits[i].start &&
                             m->hits[x].end <= m->hits[i].end;
                negated = xe->action == POST_ACT_NEGATE && !inside &&
                          !declared_as(m->norm.p, m->hits[x].start) &&
                          (xe->negmask & ((uint64_t)1 << e->cat)) &&
                          ((xseg >= seg && xseg <= seg_end) ||
                           heads_list(m->norm.p, m->hits[x].start, m->hits[x].end, m->hits[i].start) ||
                           (topic_of(m->norm.p, m->hits[x].end, m->hits[i].start) &&
                            strcmp(e->category, "tiền, giấy tờ có giá") != 0)) &&
                          neg_ok(m, xe, s, len);
            }
            /* Goods the sender says are hidden ("Áo thun nam (magic
             * mushrooms giấu đáy hộp)") are what the cover is for. */
            if (negated && hidden_after(m->norm.p, m->hits[i].end))
                negated = 0;
            if (negated) {
                m->drop[i] = 1;
                continue;
            }
        }
        for (size_t x = 0; x < m->nhits; x++) {
            const post_entry *xe = &d->e[d->pat[m->hits[x].pat].entry];
            /* An innocent phrase counts when the sender wrote it, not a
             * phrase that only folds to it ("mặt gấu" does not excuse
             * "mật gấu"). */
            /* A word that folds alike ("sưng", "sung" for "súng" next to
             * "bút") excuses a term that needs a cue only as written: the
             * cue tells which the sender meant. */
            int same = (e->flags & POST_F_CUE) && m->hits[x].start == m->hits[i].start &&
                       m->hits[x].end == m->hits[i].end;
            /* A term written exactly with its diacritics ("bom xăng") is
             * excused only by a phrase that holds it so written, not by
             * one that folds to it ("bơm xăng"). */
            int spelt = xe->action == POST_ACT_EXCEPT && e->has_marks &&
                        !strstr(xe->exact, e->exact) && conf_of(m, e, s, len) == POST_CONF_EXACT;
            if (xe->action == POST_ACT_EXCEPT && m->hits[x].start <= m->hits[i].start &&
                m->hits[x].end >= m->hits[i].end && !spelt &&
                (same ? conf_of(m, xe, s, len) == POST_CONF_EXACT : except_holds(m, xe, s, len))) {
                m->drop[i] = 1;
                break;
            }
        }
    }
    /* A restricted good named in full is what the sender sends: its name
     * decides over a prohibited word inside it ("súng bắn đạn thạch", a gel
     * blaster, is inspected, not held as "súng"; "thuốc đạn" is a
     * medicine). And a medicine's word inside the name of other goods is a
     * word of that name ("thuốc" in "thuốc nổ", "thuốc lá"), even where the
     * name itself was excused ("không thuốc nổ"). */
    for (size_t i = 0; i < m->nhits; i++) {
        post_action a = d->e[d->pat[m->hits[i].pat].entry].action;
        if (m->drop[i])
            continue;
        if (a == POST_ACT_HOLD)
            m->drop[i] = covered_by_longer(m, i, ACTS(INSPECT) | ACTS(INVOICE) | ACTS(TYPE_APPROVAL),
                                           1, s, len);
        else if (a == POST_ACT_INVOICE)
            m->drop[i] = covered_by_longer(m, i, ACTS(HOLD) | ACTS(INSPECT), 0, s, len);
    }
    size_t nf = 0;
    for (size_t i = 0; i < m->nhits; i++) {
        if (m->drop[i])
            continue;
        uint32_t ei = d->pat[m->hits[i].pat].entry;
        const post_entry *e = &d->e[ei];
        int dup = 0;
        for (size_t k = 0; k < nf; k++)
            if (m->f[k].entry == ei)
                dup = 1;
        if (dup)
            continue;
        /* A term that needs a context word (one is near: see above),
         * written as itself, not as another word. */
        post_conf conf = hits_conf(m, ei, s, len);
        if ((e->flags & POST_F_CUE) && conf == POST_CONF_MISMATCH)
            continue;
        /* An ambiguous term ("súng" / "sung") counts with its diacritics;
         * one that has none ("bom": "bơm" without its marks) only in a
         * text written with marks. Unless the sender hid the word on
         * purpose ("ph@o", "s u n g"): innocent words are not written so. */
        if ((e->flags & POST_F_AMBIG) &&
            ((conf != POST_CONF_EXACT &&
              !(conf == POST_CONF_UNACCENTED &&
                (obfuscated(m, s, len) || said_alone(m, e, &m->hits[i], s, len)))) ||
             (!e->has_marks && !post_has_marks(s, len) && !obfuscated(m, s, len))))
            continue;
        if (nf == m->fcap) {
            m->fcap = m->fcap ? 2 * m->fcap : 16;
            m->f = cg_realloc(m->f, m->fcap * sizeof *m->f);
        }
        m->f[nf++] = (post_finding){ei, conf};
    }
    if (squashed_findings(m, s, len, &nf, err))
        return CG_EIO;
    if (!nf)
        nf = typo_findings(m, s, len, nf);
    /* Terms that needed a context word last: where a full name was also
     * found ("súng ngắn"), the reason quotes it rather than "súng". */
    for (size_t i = 0, w = 0; i < nf; i++) {
        if (d->e[m->f[i].entry].flags & POST_F_CUE)
            continue;
        post_finding x = m->f[i];
        memmove(m->f + w + 1, m->f + w, (i - w) * sizeof *m->f);
        m->f[w++] = x;
    }
    r->f = m->f;
    r->n = nf;
    return 0;
}

/* Match the text as written and, when some of its words are Telex
 * keystrokes typed without the input method ("mas tuys", "sungs"), the text
 * with them decoded; an entry found both ways keeps the surer finding.
 * Whether the text is vague or empty is the first reading's. */
/* After a later reading of a text, what the first said of the text
 * itself: vague, empty, goods named by pictures. */
static void keep_first(post_match_result *r, const post_match_result *first)
{
    r->vague = first->vague;
    r->empty = first->empty;
    r->said_by_pictures = first->said_by_pictures;
    r->papers = first->papers;
}

static int match_readings(post_matcher *m, const char *s, size_t len, post_match_result *r,
                          cg_err *err)
{
    m->read_again = 0;
    int rc = match_reading(m, s, len, r, err);
    if (rc)
        return rc;
    buf_reset(&m->telex);
    size_t keyed = 0;
    if (!post_telex_keys(s, len, &m->telex, &keyed))
        return 0;
    if (keyed) {
        /* Typed in VNI or VIQR: read as written, its digits and signs
         * would pass for look-alikes hiding words ("Phao bo7i" is a
         * swimming float, not "pháo" hidden), so only the decoded text
         * counts, its marks as the sender typed them. */
        m->read_again = 1;
        return match_reading(m, m->telex.p, m->telex.len, r, err);
    }
    size_t n1 = r->n;
    post_match_result first = *r;
    if (n1 > m->f2cap) {
        m->f2cap = n1;
        m->f2 = cg_realloc(m->f2, m->f2cap * sizeof *m->f2);
    }
    if (n1)
        memcpy(m->f2, r->f, n1 * sizeof *m->f2);
    m->read_again = 1;
    rc = match_reading(m, m->telex.p, m->telex.len, r, err);
    if (rc)
        return rc;
    /* m->f holds the second reading's findings; add the first's. The
     * sender typed no marks at all: a tone typed amiss ("mas tuys" for "ma
     * tuý") is no other word, as it is when marks were written. */
    size_t nf = r->n;
    for (size_t i = 0; i < nf; i++)
        if (m->f[i].conf == POST_CONF_MISMATCH)
            m->f[i].conf = POST_CONF_UNACCENTED;
    for (size_t i = 0; i < n1; i++) {
        size_t k = 0;
        while (k < nf && m->f[k].entry != m->f2[i].entry)
            k++;
        if (k < nf) {
            if (m->f2[i].conf > m->f[k].conf)
                m->f[k].conf = m->f2[i].conf;
            continue;
        }
        if (nf == m->fcap) {
            m->fcap = m->fcap ? 2 * m->fcap : 16;
            m->f = cg_realloc(m->f, m->fcap * sizeof *m->f);
        }
        m->f[nf++] = m->f2[i];
    }
    r->f = m->f;
    r->n = nf;
    keep_first(r, &first);
    return 0;
}

/* Does folded text t[0..n) hold a word written backwards? Vietnamese
 * words end in "ng", "nh", "ch" and start with "th", "ph", "kh", "tr",
 * "ch": reversed, they start with what no word starts with ("gnàh
 * gnắrt")... */
static int looks_reversed(const char *t, size_t n)
{
    static const char *const heads[] = {"gn", "hn", "hc", "ht", "hp", "hk", "rt"};
    /* ... and end in what no word ends in ("íhc", "uêihk"). */
    static const char *const tails[] = {"hc", "hk", "hp", "hn"};
    for (size_t i = 0; i + 3 <= n; i++) {
        if (i > 0 && t[i - 1] != ' ')
            continue;
        size_t j = i;
        while (j < n && t[j] != ' ')
            j++;
        /* Codes ("HN91009-TR") are no words. */
        int letters = j - i >= 3;
        for (size_t k = i; k < j && letters; k++)
            letters = (t[k] >= 'a' && t[k] <= 'z') || (unsigned char)t[k] >= 0x80;
        if (!letters)
            continue;
        for (size_t k = 0; k < CG_ARRAY_LEN(heads); k++)
            if (t[i] == heads[k][0] && t[i + 1] == heads[k][1])
                return 1;
        /* A word no syllable can be, whose letters backwards are one
         * ("yab", "aoh", "iạol"). */
        char back[8];
        if (j - i <= sizeof back && !syllable_ok(t + i, j - i)) {
            for (size_t k = 0; k < j - i; k++)
                back[k] = t[j - 1 - k];
            if (syllable_ok(back, j - i))
                return 1;
        }
        for (size_t k = 0; k < CG_ARRAY_LEN(tails); k++)
            if (t[j - 2] == tails[k][0] && t[j - 1] == tails[k][1])
                return 1;
    }
    return 0;
}

/* The readings of match_readings and, when they find nothing and the
 * text looks written backwards, the text with each word read from its
 * end: found so, a name counts as written without diacritics. */
/* Is c (a code point) a Chinese character or a Japanese kana? */
static int is_cjk(unsigned c)
{
    return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) ||
           (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

/* The code point of the three-byte UTF-8 sequence at s, or 0. */
static unsigned utf8_3(const unsigned char *s, size_t n)
{
    if (n < 3 || (s[0] & 0xf0) != 0xe0 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
        return 0;
    return ((unsigned)(s[0] & 0x0f) << 12) | ((unsigned)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
}

/* Does s[0..len) hold a Chinese character or a kana (the lead bytes of
 * U+3000-U+9FFF; Vietnamese letters lead with 0xe1 at most)? */
static int has_cjk(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0xe3 && (unsigned char)s[i] <= 0xe9)
            return 1;
    return 0;
}

/* Chinese written with spaces (or other separators of one character)
 * between its characters ("鞭 炮", "冰 毒"): Chinese has no spaces, so
 * into out the text with the separators between two characters dropped.
 * With words, only spaces between words of two characters or more ("烟花
 * 图案"), not characters spelled out one by one, which the normaliser
 * joins ("大•麻", "A 货 手 表"). Returns 1 when one was dropped. */
static int cjk_joined(const char *s, size_t len, int words, buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    int dropped = 0;
    size_t run = 0; /* Chinese characters in a row before i */
    buf_reset(out);
    for (size_t i = 0; i < len;) {
        unsigned c = utf8_3(u + i, len - i);
        if (c && is_cjk(c)) {
            buf_append(out, s + i, 3);
            i += 3;
            run++;
            /* A run of spaces and ASCII symbols, then another character. */
            size_t j = i;
            while (j < len && j - i < 4 && u[j] < 0x80 && !isalnum(u[j]) && (!words || u[j] == ' '))
                j++;
            unsigned d = j > i ? utf8_3(u + j, len - j) : 0;
            unsigned d2 = d ? utf8_3(u + j + 3, len - j - 3) : 0;
            if (d && is_cjk(d) && (!words || (run >= 2 && d2 && is_cjk(d2)))) {
                i = j;
                dropped = 1;
                run = 0;
            }
            continue;
        }
        run = 0;
        buf_putc(out, s[i++]);
    }
    return dropped;
}

/* Does the text break a line between two words, or inside one ("gậy\r\ntự\r\nvệ",
 * "hero\nin")? Then out gets it with those breaks made spaces. A line is
 * a part of a list as much as a comma makes one, so this is a second
 * reading, for when the first found nothing: a sender's text box or a
 * shop's export wrapped what was one name. */
static int line_wrapped(const char *s, size_t len, buf *out)
{
    buf_reset(out);
    int wrapped = 0;
    for (size_t i = 0; i < len;) {
        if (s[i] != '\r' && s[i] != '\n') {
            buf_putc(out, s[i++]);
            continue;
        }
        size_t j = i;
        while (j < len && (s[j] == '\r' || s[j] == '\n'))
            j++;
        unsigned char before = i ? (unsigned char)s[i - 1] : 0;
        unsigned char after = j < len ? (unsigned char)s[j] : 0;
        int word_before = before >= 0x80 || (before < 0x80 && isalnum(before));
        int word_after = after >= 0x80 || (after < 0x80 && after && isalnum(after));
        if (word_before && word_after) {
            buf_putc(out, ' ');
            wrapped = 1;
        } else {
            buf_append(out, s + i, j - i);
        }
        i = j;
    }
    return wrapped;
}

/* Is cp a letter of a word: ASCII, or outside ASCII no symbol? */
static int word_letter(unsigned cp)
{
    if (cp < 0x80)
        return isalpha((int)cp) != 0;
    return cp != 0xfffd && !post_symbol(cp) && !post_invisible(cp);
}

/* How many letters (marks apart) the word at s[i] has, or 0 when it has
 * a digit (a code: "MPS-QJ67737"). */
static size_t word_letters(const char *s, size_t len, size_t i)
{
    size_t letters = 0, n;
    for (; i < len; i += n) {
        unsigned cp = post_cp_at(s, len, i, &n);
        if (cp >= '0' && cp <= '9')
            return 0;
        if (cp >= 0x300 && cp <= 0x36f)
            continue;
        if (!word_letter(cp))
            break;
        letters++;
    }
    return letters;
}

/* How many words the dash at s[i] joins with the others next to it
 * ("cà-phê-pha-ma-túy": 5; "Séc-măng": 2). */
static size_t dash_chain(const char *s, size_t len, size_t i)
{
    size_t a = i, b = i, words = 1;
    while (a > 0 && (unsigned char)s[a - 1] != ' ') {
        words += s[a - 1] == '-';
        a--;
    }
    while (b < len && (unsigned char)s[b] != ' ') {
        words += s[b] == '-';
        b++;
    }
    return words;
}

/* Is the dash at s[i] between two Vietnamese syllables, as in a word
 * taken from French ("Séc-măng", "bu-lông"), not "hàng-JAV"? */
static int french_word(const char *s, size_t len, size_t i)
{
    size_t a = i, b = i + 1;
    while (a > 0 && (unsigned char)s[a - 1] != ' ' && s[a - 1] != '-')
        a--;
    while (b < len && (unsigned char)s[b] != ' ' && s[b] != '-')
        b++;
    buf f = BUF_INIT;
    int ok = 1;
    for (int side = 0; side < 2 && ok; side++) {
        buf_reset(&f);
        if (side == 0)
            post_fold(s + a, i - a, &f);
        else
            post_fold(s + i + 1, b - i - 1, &f);
        for (size_t k = 0; k < f.len && ok; k++)
            ok = f.p[k] >= 'a' && f.p[k] <= 'z';
        ok = ok && f.len && syllable_ok(f.p, f.len);
    }
    buf_free(&f);
    return ok;
}

/* Words joined with dashes, underscores or dots ("cà-phê-pha-ma-túy",
 * "tài_liệu_tuyên_truyền"): the first reading joins them into one word,
 * as it joins letters spelled out so ("m.a-t_u"). Into out the text with
 * such a separator between two words of two letters or more, the second
 * no code, made a space; returns 1 when one was. Not one dash between
 * two syllables: that writes a word taken from French ("Séc-măng",
 * "bu-lông"), unless more words are joined on. */
static int words_dashed(const char *s, size_t len, buf *out)
{
    int dashed = 0;
    size_t run = 0;    /* letters of the word before */
    buf_reset(out);
    for (size_t i = 0, n; i < len; i += n) {
        unsigned cp = post_cp_at(s, len, i, &n);
        /* "Vape-free", "smoke-less" say the goods are without it. */
        int without = i + 5 <= len && (strncasecmp(s + i + 1, "free", 4) == 0 ||
                                       strncasecmp(s + i + 1, "less", 4) == 0);
        int sep = cp == '_' || cp == '.' ||
                  (cp == '-' && !without &&
                   (dash_chain(s, len, i) >= 3 || !french_word(s, len, i)));
        if (sep && run >= 2 && word_letters(s, len, i + 1) >= 2) {
            buf_putc(out, ' ');
            dashed = 1;
            run = 0;
            continue;
        }
        buf_append(out, s + i, n);
        if (!(cp >= 0x300 && cp <= 0x36f))
            run = word_letter(cp) ? run + 1 : 0;
    }
    return dashed;
}

static int match_text(post_matcher *m, const char *s, size_t len, post_match_result *r, cg_err *err)
{
    /* The references stand for the letters: the sender wrote those. */
    buf_reset(&m->html);
    if (post_html_decode(s, len, &m->html)) {
        s = m->html.p;
        len = m->html.len;
    }
    /* Chinese has no spaces: one between its words ("烟花 图案") is a
     * sender's, and names and innocent phrases are read whole. */
    int cjk = has_cjk(s, len);
    if (cjk && cjk_joined(s, len, 1, &m->cjk)) {
        s = m->cjk.p;
        len = m->cjk.len;
    }
    int rc = match_readings(m, s, len, r, err);
    if (rc || r->n)
        return rc;
    post_match_result first = *r;
    /* The text rewritten: its wrapped lines joined, its Chinese characters
     * joined, its words joined with dashes apart, each read when the
     * readings before found nothing. */
    for (int way = 0; way < 3; way++) {
        int rewritten = way == 0   ? memchr(s, '\n', len) && line_wrapped(s, len, &m->again)
                        : way == 1 ? cjk && cjk_joined(s, len, 0, &m->again)
                                   : words_dashed(s, len, &m->again);
        if (!rewritten)
            continue;
        rc = match_readings(m, m->again.p, m->again.len, r, err);
        if (rc || r->n) {
            keep_first(r, &first);
            return rc;
        }
    }
    /* The folded text of the last reading (decoded keystrokes change no
     * word's ends). */
    if (!looks_reversed(m->fold.p, m->fold.len)) {
        /* Then its words run together taken apart. */
        buf_reset(&m->again);
        if (!post_unglue(s, len, &m->again))
            return 0;
        rc = match_readings(m, m->again.p, m->again.len, r, err);
        keep_first(r, &first);
        return rc;
    }
    /* Each word's letters backwards, the words in their order. */
    buf_reset(&m->telex);
    for (size_t a = 0; a < len;) {
        size_t b = a;
        while (b < len && (unsigned char)s[b] > ' ')
            b++;
        for (size_t i = b; i > a;) {
            size_t k = i - 1;
            while (k > a && ((unsigned char)s[k] & 0xc0) == 0x80)
                k--;
            buf_append(&m->telex, s + k, i - k);
            i = k;
        }
        while (b < len && (unsigned char)s[b] <= ' ')
            buf_putc(&m->telex, s[b++]);
        a = b;
    }
    m->read_again = 1;
    rc = match_reading(m, m->telex.p, m->telex.len, r, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < r->n; i++)
        if (m->f[i].conf == POST_CONF_EXACT)
            m->f[i].conf = POST_CONF_UNACCENTED;
    keep_first(r, &first);
    return 0;
}

/* Descriptions repeat (a shop sends the same product to many people): the
 * results of recent ones are kept in a small direct-mapped cache. */
/* The cache's hash: three fixed-size loads (start, middle, end) and the
 * length. A hit is confirmed by comparing the whole text, so the hash only
 * spreads descriptions over the sets. */
static inline uint64_t cache_hash(const char *s, size_t len)
{
    uint64_t a = 0, b = 0, c = 0;
    if (len >= 8) {
        memcpy(&a, s, 8);
        memcpy(&b, s + (len - 8) / 2, 8);
        memcpy(&c, s + len - 8, 8);
    } else {
        for (size_t i = 0; i < len; i++)
            a = a << 8 | (unsigned char)s[i];
    }
    uint64_t h = (a * 0x9e3779b97f4a7c15ull) ^ (b * 0xc2b2ae3d27d4eb4full) ^
                 (c * 0x165667b19e3779f9ull) ^ len;
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 29);
}

int post_match(post_matcher *m, const char *s, size_t len, post_match_result *r, cg_err *err)
{
    match_cache *c = NULL;
    uint64_t h = 0;
    if (len <= MC_TEXT) {
        h = cache_hash(s, len);
        size_t set = h & (MC_SETS - 1);
        match_cache *ways = &m->cache[set * MC_WAYS];
        for (unsigned w = 0; w < MC_WAYS; w++) {
            match_cache *x = &ways[w];
            if (x->used && x->h == h && x->len == len && memcmp(x->text, s, len) == 0) {
                m->mru[set] = (unsigned char)w;
                if (m->fcap < MC_FIND) {
                    m->fcap = MC_FIND;
                    m->f = cg_realloc(m->f, m->fcap * sizeof *m->f);
                }
                memcpy(m->f, x->f, x->nf * sizeof *m->f);
                r->f = m->f;
                r->n = x->nf;
                r->vague = x->vague;
                r->empty = x->empty;
                r->said_by_pictures = x->pics;
                r->papers = x->papers;
                return 0;
            }
        }
        /* The way to fill: a free one, else the one not used last. */
        unsigned v = !ways[0].used ? 0 : !ways[1].used ? 1 : 1u - m->mru[set];
        c = &ways[v];
        m->mru[set] = (unsigned char)v;
    }
    int rc = match_text(m, s, len, r, err);
    if (rc == 0 && c && r->n <= MC_FIND) {
        c->used = 1;
        c->h = h;
        c->len = (uint32_t)len;
        memcpy(c->text, s, len);
        c->nf = (unsigned char)r->n;
        c->vague = (unsigned char)r->vague;
        c->empty = (unsigned char)r->empty;
        c->pics = (unsigned char)r->said_by_pictures;
        c->papers = (unsigned char)r->papers;
        if (r->n)
            memcpy(c->f, r->f, r->n * sizeof *c->f);
    }
    return rc;
}

size_t post_match_hs(const post_dict *d, const char *s, size_t len, uint32_t *out, size_t max)
{
    char digits[16];
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < sizeof digits; i++)
        if (s[i] >= '0' && s[i] <= '9')
            digits[k++] = s[i];
    digits[k] = '\0';
    if (k >= 2) {
        /* Most goods are in chapters no prefix names. */
        unsigned bit = (unsigned)(digits[0] - '0') * 10 + (unsigned)(digits[1] - '0');
        if (!((d->hs_lead[bit >> 6] >> (bit & 63)) & 1))
            return 0;
    }
    size_t n = 0;
    for (size_t i = 0; i < d->nhs && n < max; i++) {
        size_t pl = d->hs[i].len;
        if (pl <= k && digits[0] == d->hs[i].digits[0] && memcmp(digits, d->hs[i].digits, pl) == 0)
            out[n++] = d->hs[i].entry;
    }
    return n;
}
