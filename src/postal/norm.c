/* norm.c: fast folding and the obfuscation normaliser behind the matcher. */
#include "postal/norm.h"

#include "core/cg.h"
#include "core/text.h"

#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

/* The fold of every code point below FOLD_TABLE_END, computed once with
 * text_fold itself so that the two can never disagree. */
#define FOLD_TABLE_END 0x3000
#define FOLD_MAX 11

typedef struct fold_entry {
    unsigned char len; /* bytes of the fold; 0xff: longer, fold it the slow way */
    char s[FOLD_MAX];
} fold_entry;

static fold_entry fold_table[FOLD_TABLE_END];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static size_t enc_utf8(unsigned cp, char *w)
{
    if (cp < 0x80) {
        w[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        w[0] = (char)(0xc0 | (cp >> 6));
        w[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        w[0] = (char)(0xe0 | (cp >> 12));
        w[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        w[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    w[0] = (char)(0xf0 | (cp >> 18));
    w[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    w[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    w[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

static unsigned dec_utf8(const unsigned char *u, size_t n)
{
    if (n == 1)
        return u[0];
    if (n == 2)
        return ((u[0] & 0x1fu) << 6) | (u[1] & 0x3fu);
    if (n == 3)
        return ((u[0] & 0x0fu) << 12) | ((u[1] & 0x3fu) << 6) | (u[2] & 0x3fu);
    return ((u[0] & 0x07u) << 18) | ((u[1] & 0x3fu) << 12) | ((u[2] & 0x3fu) << 6) | (u[3] & 0x3fu);
}

static void fold_init(void)
{
    buf b = BUF_INIT;
    for (unsigned cp = 0x80; cp < FOLD_TABLE_END; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff)
            continue;
        char e[4];
        size_t n = enc_utf8(cp, e);
        buf_reset(&b);
        text_fold(e, n, &b);
        if (b.len <= FOLD_MAX) {
            fold_table[cp].len = (unsigned char)b.len;
            if (b.len)
                memcpy(fold_table[cp].s, b.p, b.len);
        } else {
            fold_table[cp].len = 0xff;
        }
    }
    buf_free(&b);
}

size_t post_fold(const char *s, size_t len, buf *out)
{
    pthread_once(&fold_once, fold_init);
    size_t bad = 0;
    buf_grow(out, len + 1);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            /* The ASCII run: lower-cased in place, no table. */
            size_t j = i;
            char *w;
            while (j < len && (unsigned char)s[j] < 0x80)
                j++;
            buf_grow(out, j - i);
            w = out->p + out->len;
            for (size_t k = i; k < j; k++) {
                char ch = s[k];
                *w++ = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
            }
            out->len += j - i;
            out->p[out->len] = '\0';
            i = j;
            continue;
        }
        size_t n = text_utf8_seq(s + i, len - i);
        if (!n) {
            bad++, i++;
            continue;
        }
        unsigned cp = dec_utf8((const unsigned char *)s + i, n);
        if (cp < FOLD_TABLE_END && fold_table[cp].len <= n) {
            /* Folding never lengthens these (a Vietnamese letter of two or
             * three bytes becomes one): written directly, no call. */
            const fold_entry *fe = &fold_table[cp];
            if (out->len + fe->len + 1 > out->cap)
                buf_grow(out, fe->len + 1);
            for (unsigned k = 0; k < fe->len; k++)
                out->p[out->len + k] = fe->s[k];
            out->len += fe->len;
            out->p[out->len] = '\0';
        } else if (cp < FOLD_TABLE_END && fold_table[cp].len != 0xff) {
            buf_append(out, fold_table[cp].s, fold_table[cp].len);
        } else {
            text_fold(s + i, n, out);
        }
        i += n;
    }
    return bad;
}

int post_has_marks(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n = text_utf8_seq(s + i, len - i);
        if (!n) {
            i++;
            continue;
        }
        unsigned cp = dec_utf8((const unsigned char *)s + i, n);
        if ((cp >= 0xc0 && cp <= 0x24f) || (cp >= 0x300 && cp <= 0x36f) ||
            (cp >= 0x1e00 && cp <= 0x1eff))
            return 1;
        i += n;
    }
    return 0;
}

/* ---- the normaliser ---- */

enum { C_SEP = 0, C_LETTER, C_DIGIT, C_SYM, C_MARK };

static int is_tone(unsigned cp)
{
    return cp == 0x300 || cp == 0x301 || cp == 0x303 || cp == 0x309 || cp == 0x323;
}

static int cls(unsigned cp, unsigned next)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            return C_LETTER;
        if (cp >= '0' && cp <= '9')
            return C_DIGIT;
        if (cp == '@' || cp == '$')
            return C_SYM;
        /* ! and | stand for letters only inside a word, not as punctuation. */
        if ((cp == '!' || cp == '|') &&
            ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
             (next >= '0' && next <= '9') || next >= 0x80))
            return C_SYM;
        return C_SEP;
    }
    if (cp >= 0x300 && cp <= 0x36f)
        return C_MARK;
    if (cp <= 0xbf || (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x303f) ||
        (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff0f) || cp >= 0x1f000 ||
        cp == 0xfffd)
        return C_SEP;
    return C_LETTER;
}

static unsigned homoglyph(unsigned cp)
{
    if (cp < 0x3b1 || cp > 0x4bb)
        return cp;
    switch (cp) {
    case 0x430: return 'a'; /* Cyrillic */
    case 0x435: return 'e';
    case 0x43e: return 'o';
    case 0x440: return 'p';
    case 0x441: return 'c';
    case 0x443: return 'y';
    case 0x445: return 'x';
    case 0x456: return 'i';
    case 0x458: return 'j';
    case 0x455: return 's';
    case 0x4bb: return 'h';
    case 0x43a: return 'k';
    case 0x43c: return 'm';
    case 0x442: return 't';
    case 0x3b1: return 'a'; /* Greek */
    case 0x3bf: return 'o';
    case 0x3b5: return 'e';
    case 0x3b9: return 'i';
    case 0x3ba: return 'k';
    case 0x3bd: return 'v';
    case 0x3c1: return 'p';
    case 0x3c4: return 't';
    case 0x3c5: return 'u';
    case 0x3c7: return 'x';
    default: return cp;
    }
}

static unsigned leet(unsigned cp)
{
    switch (cp) {
    case '0': return 'o';
    case '1': return 'i';
    case '3': return 'e';
    case '4': return 'a';
    case '5': return 's';
    case '7': return 't';
    case '@': return 'a';
    case '$': return 's';
    case '!': return 'i';
    case '|': return 'l';
    default: return cp;
    }
}

static const char *const units[] = {"g",    "kg",  "mg", "ml", "l",  "cm", "mm",  "m",  "gb", "tb",
                                    "mb",   "mah", "w",  "v",  "hz", "k",  "x",   "h",  "p",  "d",
                                    "ngay", "cai", "c",  "th", "t",  "gr", "lit", "oz", "lb", "in"};

typedef struct tok {
    unsigned *cp; /* the token's code points */
    int *cl;
    size_t n;
} tok;

/* Should look-alike digits and symbols in this token be read as letters? */
static int want_leet(const tok *t)
{
    size_t letters = 0, syms = 0, i = 0;
    for (size_t k = 0; k < t->n; k++) {
        if (t->cl[k] == C_LETTER)
            letters++;
        else if (t->cl[k] == C_SYM)
            syms++;
    }
    if (!letters || letters + syms == t->n)
        return letters > 0 && syms > 0;
    if (syms)
        return 1;
    /* digits then a unit: a quantity. */
    while (i < t->n && t->cl[i] == C_DIGIT)
        i++;
    if (i > 0) {
        char u[8];
        size_t m = 0;
        for (size_t k = i; k < t->n && m < 7; k++) {
            if (t->cl[k] != C_LETTER || t->cp[k] >= 0x80)
                break;
            u[m++] = (char)t->cp[k];
        }
        u[m] = '\0';
        if (i + m == t->n)
            for (size_t k = 0; k < CG_ARRAY_LEN(units); k++)
                if (strcmp(units[k], u) == 0)
                    return 0;
    }
    return 1;
}

typedef struct cur_tok {
    buf units;        /* the letters (with their vowel marks) */
    buf tones;        /* tone marks, moved to the end (exact form) */
    size_t last_unit; /* offset of the last unit in units, for collapsing */
    int joinable;     /* made of one-letter tokens only */
    int nonempty;
} cur_tok;

static void flush(cur_tok *c, buf *out)
{
    if (!c->nonempty)
        return;
    buf_append(out, c->units.p, c->units.len);
    if (c->tones.len)
        buf_append(out, c->tones.p, c->tones.len);
    buf_putc(out, ' ');
    buf_reset(&c->units);
    buf_reset(&c->tones);
    c->nonempty = 0;
    c->joinable = 0;
}

/* Tone marks go to the end of the token; the same tone twice in a row
 * (a repeated letter, "phiệện") counts once. */
static void add_tone(cur_tok *c, unsigned cp)
{
    char e[4];
    size_t n = enc_utf8(cp, e);
    if (c->tones.len >= n && memcmp(c->tones.p + c->tones.len - n, e, n) == 0)
        return;
    buf_append(&c->tones, e, n);
}

/* Append a unit (bytes u[0..n)) to the current token unless it repeats the
 * last letter. */
static void add_unit(cur_tok *c, const char *u, size_t n, int letter)
{
    if (letter && c->nonempty && c->units.len - c->last_unit == n &&
        memcmp(c->units.p + c->last_unit, u, n) == 0)
        return;
    c->last_unit = c->units.len;
    buf_append(&c->units, u, n);
    c->nonempty = 1;
}

static void norm_cps(const unsigned *cp, size_t n, int exact, buf *out)
{
    /* The token being built, kept per thread so that its buffers are reused. */
    static __thread cur_tok c;
    buf_reset(&c.units);
    buf_reset(&c.tones);
    c.last_unit = 0, c.joinable = 0, c.nonempty = 0;
    int stack_cl[256];
    int *cl = n <= 256 ? stack_cl : cg_malloc(n * sizeof *cl);
    for (size_t i = 0; i < n; i++)
        cl[i] = cls(cp[i], i + 1 < n ? cp[i + 1] : 0);
    /* A mark with nothing to sit on is a separator. */
    buf_putc(out, ' ');
    size_t i = 0;
    while (i < n) {
        while (i < n && (cl[i] == C_SEP || cl[i] == C_MARK))
            i++;
        if (i >= n)
            break;
        size_t a = i;
        while (i < n && cl[i] != C_SEP)
            i++;
        tok t = {(unsigned *)cp + a, cl + a, i - a};
        int map = want_leet(&t);
        /* How many letters (not marks) the token has decides joining. */
        size_t letters = 0, bases = 0;
        for (size_t k = 0; k < t.n; k++) {
            if (t.cl[k] == C_MARK)
                continue;
            bases++;
            if (t.cl[k] == C_LETTER || (map && leet(t.cp[k]) != t.cp[k]))
                letters++;
        }
        int single = bases == 1 && letters == 1;
        if (!(single && c.joinable))
            flush(&c, out);
        /* Cyrillic and Greek look-alikes in a word of Latin letters ("mа"
         * with a Cyrillic а) are read as the Latin letters they imitate. */
        int latin = 0;
        for (size_t k = 0; k < t.n && !latin; k++)
            latin = t.cp[k] < 0x80 && t.cl[k] == C_LETTER;
        /* Units: a base with the vowel marks that follow it. */
        for (size_t k = 0; k < t.n;) {
            if (t.cl[k] == C_MARK) {
                if (exact && is_tone(t.cp[k]))
                    add_tone(&c, t.cp[k]);
                k++;
                continue;
            }
            char u[32];
            size_t un = 0;
            unsigned b = t.cp[k];
            int letter = t.cl[k] == C_LETTER;
            if (latin || single)
                b = homoglyph(b);
            if (map && (t.cl[k] == C_DIGIT || t.cl[k] == C_SYM) && leet(b) != b)
                b = leet(b), letter = 1;
            if (b >= 'A' && b <= 'Z')
                b += 32;
            un += enc_utf8(b, u);
            k++;
            while (k < t.n && t.cl[k] == C_MARK) {
                if (exact && is_tone(t.cp[k]))
                    add_tone(&c, t.cp[k]);
                else if (exact && un + 4 < sizeof u)
                    un += enc_utf8(t.cp[k], u + un); /* a vowel mark stays on its letter */
                k++;
            }
            add_unit(&c, u, un, letter);
        }
        c.joinable = single;
    }
    flush(&c, out);
    if (cl != stack_cl)
        free(cl);
}

/* Decode valid UTF-8 to code points (invalid bytes dropped) and normalise. */
static void norm_bytes(const char *s, size_t len, int exact, buf *out)
{
    unsigned stack_cp[256];
    unsigned *cp = len <= 256 ? stack_cp : cg_malloc(len * sizeof *cp);
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            cp[n++] = c, i++;
            continue;
        }
        size_t k = text_utf8_seq(s + i, len - i);
        if (!k) {
            i++;
            continue;
        }
        unsigned u = dec_utf8((const unsigned char *)s + i, k);
        i += k;
        /* Invisible characters slipped inside words are no separators. */
        if (u == 0xad || (u >= 0x200b && u <= 0x200d) || u == 0x2060 || u == 0xfeff || u == 0x180e)
            continue;
        cp[n++] = u;
    }
    norm_cps(cp, n, exact, out);
    if (cp != stack_cp)
        free(cp);
}

void post_normalize(const char *s, size_t len, buf *out)
{
    norm_bytes(s, len, 0, out);
}

void post_exact(const char *s, size_t len, buf *out)
{
    buf clean = BUF_INIT;
    for (size_t i = 0; i < len;) {
        size_t n = text_utf8_seq(s + i, len - i);
        if (!n) {
            i++;
            continue;
        }
        buf_append(&clean, s + i, n);
        i += n;
    }
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t r =
        utf8proc_map((const utf8proc_uint8_t *)buf_cstr(&clean), (utf8proc_ssize_t)clean.len, &m,
                     UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD);
    if (r >= 0 && m)
        norm_bytes((const char *)m, (size_t)r, 1, out);
    else
        norm_bytes(buf_cstr(&clean), clean.len, 1, out);
    free(m);
    buf_free(&clean);
}
