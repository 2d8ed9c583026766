/* norm.c: fast folding and the obfuscation normaliser behind the matcher. */
#include "postal/norm.h"

#include "core/cg.h"
#include "core/text.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
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

/* Put between letters spelled out one by one with dots or dashes: a
 * separator whose letters always join ("2 c-h-ỉ"). */
#define SOFT_JOIN 0x1fu

/* Characters that show nothing, slipped inside words to split them: soft
 * hyphen, combining grapheme joiner, zero-width space, non-joiner and
 * joiner, word joiner and invisible operators, byte order mark,
 * Mongolian vowel separator, Hangul fillers. */
int post_invisible(unsigned u)
{
    return u == 0xad || u == 0x34f || (u >= 0x200b && u <= 0x200d) ||
           (u >= 0x2060 && u <= 0x2064) || u == 0xfeff || u == 0x180e || u == 0x115f ||
           u == 0x1160 || u == 0x3164 || u == 0xffa0;
}

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
    if (cp <= 0xbf || cp == 0xd7 || cp == 0xf7 || /* × and ÷ are signs */
        (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x303f) ||
        (cp >= 0xfe00 && cp <= 0xfe0f) || /* variation selectors: a picture's "️" */
        (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff0f) || cp >= 0x1f000 ||
        cp == 0xfffd)
        return C_SEP;
    return C_LETTER;
}

int post_symbol(unsigned cp)
{
    return cp >= 0x80 && cls(cp, 0) == C_SEP;
}

unsigned post_cp_at(const char *s, size_t len, size_t i, size_t *n)
{
    size_t k = text_utf8_seq(s + i, len - i);
    *n = k ? k : 1;
    return k ? dec_utf8((const unsigned char *)s + i, k) : 0xfffd;
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
    case 0x43d: return 'h'; /* a capital Н folded */
    case 0x432: return 'b'; /* a capital В folded */
    case 0x442: return 't';
    case 0x410: return 'a'; /* Cyrillic capitals */
    case 0x412: return 'b';
    case 0x415: return 'e';
    case 0x41a: return 'k';
    case 0x41c: return 'm';
    case 0x41d: return 'h';
    case 0x41e: return 'o';
    case 0x420: return 'p';
    case 0x421: return 'c';
    case 0x422: return 't';
    case 0x423: return 'y';
    case 0x425: return 'x';
    case 0x406: return 'i';
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
    case '8': return 'b';
    case '9': return 'g';
    case '@': return 'a';
    case '$': return 's';
    case '!': return 'i';
    case '|': return 'l';
    default: return cp;
    }
}

static const char *const units[] = {
    "g", "kg", "mg", "ml", "l", "cm", "mm", "m", "gb", "tb", "mb", "mah", "w", "v", "hz", "k", "x",
    "h", "p", "d", "ngay", "cai", "c", "th", "t", "gr", "lit", "oz", "lb", "in",
    /* money: "5tr", "300do", "100usd" */
    "tr", "trieu", "cu", "nghin", "ngan", "ty", "vnd", "dong", "do", "usd", "eur", "euro", "yen",
    "won", "te", "ndt", "baht", "bath"};

typedef struct tok {
    unsigned *cp; /* the token's code points */
    int *cl;
    size_t n;
} tok;

/* Should look-alike digits and symbols in this token be read as letters? */
static int want_leet(const tok *t)
{
    size_t letters = 0, syms = 0, i = 0;
    /* "m @ t u y": an @ standing alone among spelled-out letters. */
    if (t->n == 1 && t->cp[0] == '@')
        return 1;
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
    /* "x20", "x2": a multiplier. */
    if (t->n >= 2 && (t->cp[0] == 'x' || t->cp[0] == 'X') && letters == 1) {
        size_t k = 1;
        while (k < t->n && t->cl[k] == C_DIGIT)
            k++;
        if (k == t->n)
            return 0;
    }
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
    int soft_built; /* letters joined by dots or dashes ("m.a-t_u") */
    int marked;     /* the text has diacritics: long runs spelled with spaces are read too */
    int hashtag;    /* the token follows a '#': words glued behind it are read too */
    size_t joined;  /* letters spelled out one by one joined into it */
    /* Each tone added and where in units its letter starts, to give
     * the tones back to their syllables. */
    unsigned tone_cp[64];
    size_t tone_at[64], ntones;
    size_t dup_at[16], ndup; /* where repeated letters were collapsed */
    int last_dup;
} cur_tok;

static int tx_vowel_cp(unsigned c)
{
    c |= 0x20;
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Can letter b follow letter a inside a Vietnamese syllable (a vowel
 * after a vowel, a final after a vowel, "ng", "nh", "ch")? a is the first
 * byte of a unit: a letter outside ASCII (đ, a vowel with its marks kept
 * in the exact form) counts as a vowel unless it is đ. */
static int syllable_goes_on(unsigned char a, unsigned b)
{
    int av = a >= 0x80 ? a != 0xc4 : tx_vowel_cp(a);
    unsigned lb = b | 0x20;
    if (b >= 0x80)
        return av; /* a vowel with its marks after a vowel ("u ý") */
    if (av)
        return tx_vowel_cp(b) || lb == 'c' || lb == 'm' || lb == 'n' || lb == 'p' || lb == 't';
    return (a == 'n' && (lb == 'g' || lb == 'h')) || (a == 'c' && lb == 'h');
}

/* k where Vietnamese spells c, as young people type it ("kần sa",
 * "thuốk"): before a, o, u, or ending a word after a vowel. Done on the
 * whole token, so that letters spelled out one by one ("k u s h") and the
 * dictionary ("kush") read alike. */
static void k_as_c(buf *u)
{
    for (size_t p = 0; p < u->len; p++) {
        if (u->p[p] != 'k')
            continue;
        unsigned char nx = p + 1 < u->len ? (unsigned char)u->p[p + 1] : 0;
        size_t q = p;
        /* the base letter before it, past combining marks (U+0300-036F) */
        while (q >= 2 && ((unsigned char)u->p[q - 2] == 0xcc || (unsigned char)u->p[q - 2] == 0xcd))
            q -= 2;
        int after_vowel = q > 0 && tx_vowel_cp((unsigned char)u->p[q - 1]);
        if (nx == 'a' || nx == 'o' || nx == 'u' || (p + 1 == u->len && after_vowel))
            u->p[p] = 'c';
    }
}

static int tx_vowel(char c);
static int tx_in(const char *s, size_t n, const char *const *set, size_t count);

/* Is s[0..n) (small ASCII letters, marks stripped) one Vietnamese
 * syllable as written without diacritics: an onset the spelling allows
 * before its vowel, a nucleus Vietnamese writes, a final? *onset gets
 * whether it has an onset. */
static int plain_syllable(const char *s, size_t n, int *onset)
{
    static const char *const onsets[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu",
                                         "th",  "tr", "b",  "c",  "d",  "g",  "h",  "k",  "l",
                                         "m",   "n",  "p",  "r",  "s",  "t",  "v",  "x"};
    static const char *const nuclei[] = {
        "a",   "e",   "i",   "o",   "u",   "y",   "ai",  "ao",  "au",  "ay",  "eo",  "eu", "ia",
        "ie",  "iu",  "oa",  "oe",  "oi",  "oo",  "ua",  "ue",  "ui",  "uo",  "uu",  "uy", "ye",
        "ieu", "oai", "oao", "oay", "oeo", "uay", "uoi", "uou", "uya", "uye", "uyu", "yeu"};
    static const char *const finals[] = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"};
    if (n == 0 || n > 7)
        return 0;
    size_t a = 0;
    for (size_t k = 0; k < CG_ARRAY_LEN(onsets) && !a; k++) {
        size_t l = strlen(onsets[k]);
        if (l < n && memcmp(s, onsets[k], l) == 0)
            a = l;
    }
    /* "gi" and "qu" before no other vowel: g or q and the vowel i, u
     * ("gin" is gìn: gi + n is read gi + in). */
    if (a == 2 && (s[0] == 'g' || s[0] == 'q') && s[1] != 'h' && !tx_vowel(s[2]))
        a = 1;
    if (a == 1 && s[0] == 'q')
        return 0;
    size_t b = a;
    while (b < n && tx_vowel(s[b]))
        b++;
    if (b == a || b - a > 3)
        return 0;
    /* The spelling rules of the onsets: k, gh, ngh before e, i, y only;
     * c, g, ng not before them. */
    char v = s[a];
    int front = v == 'e' || v == 'i' || v == 'y';
    if (a > 0 && !(a == 2 && s[0] == 'g' && s[1] == 'i')) {
        int needs_front =
            (a == 1 && s[0] == 'k') || (a == 2 && s[0] == 'g' && s[1] == 'h') || a == 3;
        int no_front =
            (a == 1 && (s[0] == 'c' || s[0] == 'g')) || (a == 2 && s[0] == 'n' && s[1] == 'g');
        if ((needs_front && !front) || (no_front && front))
            return 0;
    }
    if (!tx_in(s + a, b - a, nuclei, CG_ARRAY_LEN(nuclei)) ||
        !tx_in(s + b, n - b, finals, CG_ARRAY_LEN(finals)))
        return 0;
    /* A nucleus ending in a glide takes no final. */
    static const char *const open[] = {"ai",  "ao",  "au",  "ay",  "eo",  "eu",  "ia",  "iu",
                                       "oi",  "ui",  "uu",  "ieu", "oai", "oao", "oay", "oeo",
                                       "uay", "uoi", "uou", "uya", "uyu", "yeu"};
    if (n > b && tx_in(s + a, b - a, open, CG_ARRAY_LEN(open)))
        return 0;
    /* iê, yê, uô, uyê take a final ("tien", not "tie"), and not nh or
     * ch ("tienh" is no syllable). */
    static const char *const closed[] = {"ie", "ye", "uo", "uye"};
    if (tx_in(s + a, b - a, closed, CG_ARRAY_LEN(closed)) &&
        (n == b || (n - b == 2 && s[n - 1] == 'h' && (s[b] == 'n' || s[b] == 'c'))))
        return 0;
    *onset = a > 0;
    return 1;
}

/* Letters spelled out one by one and run together ("vienkeolac",
 * "phaodien"): the words' ends were lost. When the whole run s[0..n)
 * reads as Vietnamese syllables, they are cut so (the fewest syllables,
 * and of those the fewest with no onset or with a final: "tiengia" is
 * "tien gia", not "tieng ia"; "cothuoc" is "co thuoc", not "cot huoc"):
 * one word that is no syllable may stand among them ("cho con podle con
 * song"), two syllables at least. cut[i] is set where a syllable starts;
 * returns 1, or 0 (English, model codes: left as one word). Short runs
 * ("coke", "vape") stay whole. */
enum { SPLIT_MAX = 64, FOREIGN_COST = 30 };

static int split_syllables(const char *s, size_t n, char *cut)
{
    /* cost[i][w]: the cheapest reading of s[0..i) with w foreign words. */
    unsigned cost[SPLIT_MAX + 1][2];
    unsigned char from[SPLIT_MAX + 1][2];
    if (n < 6 || n > SPLIT_MAX)
        return 0;
    cost[0][0] = 0, cost[0][1] = UINT_MAX;
    for (size_t i = 1; i <= n; i++) {
        for (int w = 0; w < 2; w++) {
            cost[i][w] = UINT_MAX;
            for (size_t l = 1; l <= 7 && l <= i; l++) {
                int on;
                if (cost[i - l][w] == UINT_MAX || !plain_syllable(s + i - l, l, &on))
                    continue;
                int final = !tx_vowel(s[i - 1]);
                unsigned c = cost[i - l][w] + 4 + (on ? 0 : 1) + (final ? 1 : 0);
                if (c < cost[i][w])
                    cost[i][w] = c, from[i][w] = (unsigned char)l;
            }
            /* One word that is no syllable among them ("chocon podle
             * consong"): dearer than any syllables. */
            for (size_t l = 3; w == 1 && l <= 12 && l <= i; l++) {
                unsigned c = cost[i - l][0] + FOREIGN_COST + 6 * (unsigned)l;
                if (cost[i - l][0] != UINT_MAX && c < cost[i][w])
                    cost[i][w] = c, from[i][w] = (unsigned char)(l | 0x80);
            }
        }
    }
    int w = cost[n][1] < cost[n][0];
    if (cost[n][w] == UINT_MAX)
        return 0;
    size_t syllables = 0;
    for (size_t i = n, v = (size_t)w; i > 0;) {
        unsigned char f = from[i][v];
        syllables += !(f & 0x80);
        v = f & 0x80 ? 0 : v;
        i -= f & 0x7f;
    }
    if (syllables < 2)
        return 0;
    memset(cut, 0, n);
    for (size_t i = n; i > 0;) {
        unsigned char f = from[i][w];
        size_t l = f & 0x7f;
        cut[i - l] = 1;
        if (f & 0x80)
            w = 0;
        i -= l;
    }
    return 1;
}

/* Append a token joined from letters spelled out one by one as the
 * syllables it reads as, each with its own tones (exact form); returns 0
 * when it reads as none (out may then hold part of it). */
static int flush_split(const cur_tok *c, buf *out)
{
    char base[SPLIT_MAX] = {0}, cut[SPLIT_MAX];
    size_t bs[SPLIT_MAX + 1], be[SPLIT_MAX + 1], n = 0, d = 0;
    const unsigned char *u = (const unsigned char *)c->units.p;
    for (size_t i = 0; i < c->units.len;) {
        if (n + 2 >= SPLIT_MAX)
            return 0;
        if (u[i] >= 'a' && u[i] <= 'z') {
            bs[n] = i, base[n++] = (char)u[i++];
        } else if (u[i] == 0xc4 && i + 1 < c->units.len && u[i + 1] == 0x91) {
            bs[n] = i, base[n++] = 'd', i += 2; /* đ */
        } else if ((u[i] == 0xcc || u[i] == 0xcd) && n > 0 && i + 1 < c->units.len) {
            i += 2; /* a vowel mark on the letter before */
            continue;
        } else {
            return 0;
        }
        /* A letter that ends a word and opens the next, made one when
         * repeats were collapsed ("kichhoat"): counted twice here. */
        while (d < c->ndup && c->dup_at[d] < bs[n - 1])
            d++;
        size_t end = i;
        while (end < c->units.len && (u[end] == 0xcc || u[end] == 0xcd))
            end += 2;
        if (d < c->ndup && c->dup_at[d] == end) {
            bs[n] = bs[n - 1], base[n] = base[n - 1], n++;
            d++;
        }
    }
    for (size_t k = 0; k < n; k++) {
        size_t e = bs[k] + 1;
        if ((unsigned char)c->units.p[bs[k]] == 0xc4)
            e++;
        while (e < c->units.len && (u[e] == 0xcc || u[e] == 0xcd))
            e += 2;
        be[k] = e;
    }
    if (!split_syllables(base, n, cut))
        return 0;
    size_t t = 0;
    for (size_t k = 0; k < n;) {
        size_t e = k + 1;
        while (e < n && !cut[e])
            e++;
        if (k > 0)
            buf_putc(out, ' ');
        for (size_t j = k; j < e; j++)
            buf_append(out, c->units.p + bs[j], be[j] - bs[j]);
        /* The tones typed on this syllable's letters, at its end. */
        size_t bound = e == n ? SIZE_MAX : bs[e] == bs[e - 1] ? be[e] : bs[e];
        unsigned last = 0;
        for (; t < c->ntones && c->tone_at[t] < bound; t++) {
            char b[4];
            if (c->tone_cp[t] != last)
                buf_append(out, b, enc_utf8(c->tone_cp[t], b));
            last = c->tone_cp[t];
        }
        k = e;
    }
    return 1;
}

/* Words run together in text written with diacritics ("sữabộtgiả",
 * "thuốcláđiếuJet", "tiền500kgiả"). */
enum { UG_MAX = 64 };

typedef struct ug_unit {
    size_t at, end; /* the unit's bytes in the raw text, marks included */
    char base;      /* a-z; '0' for a digit */
    unsigned char marked, tone, upper;
    unsigned char open; /* ă or â, which end no syllable */
} ug_unit;

/* What the combining mark cp adds to the letter u. */
static void ug_mark(unsigned cp, ug_unit *u)
{
    int viet = is_tone(cp) || cp == 0x302 || cp == 0x306 || cp == 0x31b;
    u->marked |= (unsigned char)viet;
    u->tone |= (unsigned char)is_tone(cp);
    u->open |= (unsigned char)(u->base == 'a' && (cp == 0x302 || cp == 0x306));
}

/* The letter the code point cp is, in *u; 0 when it is no Latin letter
 * or digit (a Chinese character, a Cyrillic letter, a symbol). */
static int ug_letter(unsigned cp, ug_unit *u)
{
    u->marked = u->tone = u->upper = u->open = 0;
    if (cp < 0x80) {
        if (cp >= '0' && cp <= '9') {
            u->base = '0';
            return 1;
        }
        if ((cp | 0x20) < 'a' || (cp | 0x20) > 'z')
            return 0;
        u->base = (char)(cp | 0x20);
        u->upper = cp < 'a';
        return 1;
    }
    if (cp == 0x110 || cp == 0x111) {
        u->base = 'd', u->marked = 1, u->upper = cp == 0x110;
        return 1;
    }
    utf8proc_int32_t d[8];
    utf8proc_ssize_t k =
        utf8proc_decompose_char((utf8proc_int32_t)cp, d, 8, UTF8PROC_DECOMPOSE, NULL);
    if (k < 2 || k > 8 || d[0] >= 0x80 || ((d[0] | 0x20) < 'a' || (d[0] | 0x20) > 'z'))
        return 0;
    u->base = (char)(d[0] | 0x20);
    u->upper = d[0] < 'a';
    for (utf8proc_ssize_t j = 1; j < k; j++) {
        if (d[j] < 0x300 || d[j] > 0x36f)
            return 0;
        ug_mark((unsigned)d[j], u);
    }
    return 1;
}

/* Cut the letters u[0..n) (one case run, some marked) into Vietnamese
 * syllables and words that are no syllable and carry no mark ("Gucci",
 * the "k" of "500kgiả"): the cheapest reading, as split_syllables
 * counts. What a typing slip makes ("thcự", "quầná", "Bnáh") must not
 * read: a syllable has one tone at most, does not end in ă or â, and has
 * an onset unless it comes first; a word that is none comes first and
 * has a vowel and three letters or more, or is the unit of an amount
 * ("côsplay" is no "cô splay"). cut[i] is set where a piece starts, foreign[i]
 * where that piece is no syllable. Returns the number of pieces, or 0. */
static size_t ug_split(const ug_unit *u, size_t n, int after_digits, char *cut, char *foreign)
{
    unsigned cost[UG_MAX + 1];
    unsigned char from[UG_MAX + 1], isf[UG_MAX + 1];
    char s[UG_MAX];
    for (size_t i = 0; i < n; i++)
        s[i] = u[i].base;
    cost[0] = 0;
    for (size_t i = 1; i <= n; i++) {
        cost[i] = UINT_MAX;
        int marks = 0, tones = 0, vowels = 0;
        for (size_t l = 1; l <= 12 && l <= i; l++) {
            const ug_unit *a = &u[i - l];
            marks += a->marked, tones += a->tone, vowels += tx_vowel(a->base);
            if (cost[i - l] == UINT_MAX)
                continue;
            int on;
            if (l <= 7 && tones <= 1 && !u[i - 1].open && plain_syllable(s + i - l, l, &on) &&
                (on || l == i)) {
                unsigned c = cost[i - l] + 4 + (on ? 0 : 1) + (tx_vowel(s[i - 1]) ? 0 : 1);
                if (c < cost[i])
                    cost[i] = c, from[i] = (unsigned char)l, isf[i] = 0;
            }
            if (!marks && l == i && (after_digits || (l >= 3 && vowels))) {
                unsigned c = cost[i - l] + FOREIGN_COST + (unsigned)l;
                if (c < cost[i])
                    cost[i] = c, from[i] = (unsigned char)l, isf[i] = 1;
            }
        }
    }
    if (cost[n] == UINT_MAX)
        return 0;
    memset(cut, 0, n);
    size_t pieces = 0;
    for (size_t i = n; i > 0; i -= from[i]) {
        cut[i - from[i]] = 1;
        foreign[i - from[i]] = (char)isf[i];
        pieces++;
    }
    return pieces;
}

/* Write the token u[0..n) of raw text s with spaces between the words run
 * together in it. Returns how many were put, or SIZE_MAX (nothing
 * written) when it has no letter with a diacritic or does not read so. */
static size_t ug_token(const char *s, const ug_unit *u, size_t n, buf *out)
{
    char cut[UG_MAX] = {0}, foreign[UG_MAX] = {0};
    size_t run[UG_MAX + 1], runs = 0;
    unsigned char marks[UG_MAX];
    /* Runs: digits; letters of one case. A capital after small letters
     * opens a run (not after one: "iPhone"); after capitals, small
     * letters do ("LVfake"), or the last capital with them when they have
     * a mark ("JAVHàng"). Two runs with no mark stay one ("AirPods"). */
    for (size_t a = 0; a < n;) {
        int digits = u[a].base == '0';
        size_t b = a + 1;
        for (; b < n && (u[b].base == '0') == digits; b++) {
            if (digits)
                continue;
            if (u[b].upper && !u[b - 1].upper && b - a > 1)
                break;
            if (!u[b].upper && b >= a + 2 && u[b - 1].upper && u[b - 2].upper) {
                size_t e = b;
                int m = 0;
                while (e < n && !u[e].upper && u[e].base != '0')
                    m |= u[e++].marked;
                b -= (size_t)m;
                break;
            }
        }
        int m = 0;
        for (size_t i = a; i < b; i++)
            m |= u[i].marked;
        if (runs > 0 && !m && !marks[runs - 1] && !digits && u[run[runs - 1]].base != '0') {
            a = b; /* joins the run before */
            continue;
        }
        marks[runs] = (unsigned char)m;
        run[runs++] = a;
        a = b;
    }
    run[runs] = n;
    /* Capitals at random ("SÚnG bẮN") are no words run together: each
     * run after the first is Capitalised or all capitals. */
    int random_caps = 0;
    for (size_t r = 1; r < runs; r++) {
        size_t a = run[r], b = run[r + 1];
        if (u[a].base == '0' || u[a - 1].base == '0')
            continue;
        int caps = 0;
        for (size_t i = a; i < b; i++)
            caps += u[i].upper;
        int code = b < n && u[b].base == '0'; /* "K54" */
        random_caps |= !u[a].upper || (caps > 1 && caps < (int)(b - a)) ||
                       (caps == 1 && b - a == 1 && !code);
    }
    if (random_caps) {
        /* Then only digits part runs. */
        size_t w = 0;
        for (size_t r = 0; r < runs; r++) {
            int digits = u[run[r]].base == '0';
            if (w > 0 && !digits && u[run[w - 1]].base != '0') {
                marks[w - 1] |= marks[r];
                continue;
            }
            run[w] = run[r], marks[w] = marks[r], w++;
        }
        runs = w;
        run[runs] = n;
    }
    int any_mark = 0;
    for (size_t r = 0; r < runs; r++)
        any_mark |= marks[r];
    if (!any_mark)
        return SIZE_MAX;
    /* Runs with a mark are cut into syllables; a whole token so cut has
     * six letters or more ("cầnsa" alone may be a slip as much as "toná"). */
    for (size_t r = 0; r < runs; r++) {
        size_t a = run[r], b = run[r + 1];
        cut[a] = 1;
        foreign[a] = !marks[r] && u[a].base != '0';
        if (!marks[r])
            continue;
        if (runs == 1 && n < 6)
            return SIZE_MAX;
        if (!ug_split(u + a, b - a, a > 0 && u[a - 1].base == '0', cut + a, foreign + a))
            return SIZE_MAX;
    }
    size_t spaces = 0;
    for (size_t i = 0, prev = 0; i < n; i++) {
        if (i > 0 && cut[i]) {
            size_t e = i + 1;
            while (e < n && !cut[e])
                e++;
            /* An amount and its unit, a code ("500k", "9mm", "K54"): digits
             * and two letters or fewer with no mark stay together. */
            int code = (u[i].base == '0' && foreign[prev] && i - prev <= 2) ||
                       (u[i - 1].base == '0' && foreign[i] && e - i <= 2);
            if (!code)
                buf_putc(out, ' '), spaces++;
            prev = i;
        }
        buf_append(out, s + u[i].at, u[i].end - u[i].at);
    }
    return spaces;
}

/* Is cp part of a word: a letter or digit of any script, or a combining mark? */
static int ug_word_cp(unsigned cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    return cls(cp, 0) != C_SEP;
}

size_t post_unglue(const char *s, size_t len, buf *out)
{
    size_t start = out->len, spaces = 0;
    ug_unit u[UG_MAX];
    for (size_t i = 0; i < len;) {
        size_t k, j = i, n = 0;
        int ok = 1;
        while (j < len) {
            unsigned cp = post_cp_at(s, len, j, &k);
            if (!ug_word_cp(cp))
                break;
            if (cp >= 0x300 && cp <= 0x36f) {
                /* Decomposed: the mark belongs to the letter before it. */
                if (n > 0) {
                    ug_mark(cp, &u[n - 1]);
                    u[n - 1].end = j + k;
                }
            } else if (n < UG_MAX && ug_letter(cp, &u[n])) {
                u[n].at = j, u[n].end = j + k;
                n++;
            } else {
                ok = 0; /* another script, or too long: as written */
            }
            j += k;
        }
        /* A vowel typed twice ("Bạạc", "Nguuyên") is one: no syllable
         * ends between the two. */
        size_t m = 0;
        for (size_t x = 0; x < n; x++) {
            size_t a = u[x].end - u[x].at;
            if (m > 0 && u[m - 1].end - u[m - 1].at == a && u[m - 1].base == u[x].base &&
                tx_vowel(u[x].base) &&
                (a == 1 || memcmp(s + u[m - 1].at, s + u[x].at, a) == 0))
                u[m - 1].end = u[x].end;
            else
                u[m++] = u[x];
        }
        size_t at = out->len, put = ok && m > 1 ? ug_token(s, u, m, out) : SIZE_MAX;
        if (put == SIZE_MAX) {
            out->len = at;
            buf_append(out, s + i, j - i);
        } else {
            spaces += put;
        }
        if (j == i) {
            post_cp_at(s, len, j, &k);
            buf_append(out, s + j, k);
            j += k;
        }
        i = j;
    }
    if (!spaces) {
        out->len = start;
        if (out->p)
            out->p[start] = '\0';
    }
    return spaces;
}

/* Teencode, as young people type: j for i after a letter ("tjen",
 * "đjện", "hơj") and for gi before the vowel of a word of two letters
 * ("ja", "jả"), z for d opening a word ("zao", "zam"), w for ư after a
 * consonant ("nwoc", "tw"), ck for ch ("kjck", "ckức"), kh ending a word
 * for ch ("sakh"). A token of units (letters with the vowel marks of the
 * exact form) is rewritten only when it then reads as a Vietnamese
 * syllable, and it never does as written (j, z, w and those spellings are
 * no Vietnamese). Foreign words opening with j or w ("jet", "won") and
 * ending with w ("new", "raw") are left as they are. */
static void teencode(buf *u)
{
    char base[16], dec[48];
    size_t nb = 0, nd = 0, n = u->len;
    const char *p = u->p;
    int any = 0;
    size_t letters = 0;
    if (n >= sizeof dec - 8)
        return;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        letters += (ch >= 'a' && ch <= 'z') || ch == 0xc4;
        if (ch == 'j' || ch == 'z' || ch == 'w' || (ch == 'v' && i > 0 && n > 2) ||
            (ch == 'c' && i + 1 < n && p[i + 1] == 'k') ||
            (ch == 'k' && i + 2 == n && p[i + 1] == 'h' && i > 0) ||
            (ch == 'h' && i + 1 >= n - 1 && i > 0 && p[i - 1] == 'n'))
            any = 1;
    }
    if (!any)
        return;
    for (size_t i = 0; i < n;) {
        unsigned char ch = (unsigned char)p[i];
        if (nb + 2 >= sizeof base)
            return;
        if (ch >= 0x80) {
            if (ch == 0xc4 && i + 1 < n && (unsigned char)p[i + 1] == 0x91) {
                base[nb++] = 'd'; /* đ */
            } else if (!((ch == 0xcc || ch == 0xcd) && nb > 0)) {
                return; /* a letter of another script */
            }
            dec[nd++] = p[i], dec[nd++] = p[i + 1];
            i += 2;
            continue;
        }
        if (ch < 'a' || ch > 'z')
            return;
        char a = (char)ch, b = 0;
        int after_consonant = nb > 0 && !tx_vowel(base[nb - 1]);
        if (ch == 'j' && nb > 0)
            a = 'i';
        else if (ch == 'j' && letters == 2 && i + 1 < n && tx_vowel(p[i + 1]))
            a = 'g', b = 'i'; /* "ja", "jo": giả, giờ */
        else if (ch == 'z' && nb == 0)
            a = 'd';
        else if (ch == 'w' && after_consonant)
            a = 'u';
        else if (ch == 'v' && nb > 0 && n > 2)
            a = 'u'; /* v opens a word only: "thvốc", "sâv" are thuốc, sâu */
        else if (ch == 'c' && i + 1 < n && p[i + 1] == 'k')
            a = 'c', b = 'h', i++;
        else if (ch == 'k' && i + 2 == n && p[i + 1] == 'h' && nb > 0)
            a = 'c';
        base[nb++] = a, dec[nd++] = a;
        if (b)
            base[nb++] = b, dec[nd++] = b;
        i++;
    }
    int onset;
    if (!plain_syllable(base, nb, &onset)) {
        /* An "h" slipped into a final: "tiềnh", "hànhg", "mónhg" (tiền,
         * hàng, móng), where the word as written is no syllable. */
        if (nb >= 3 && base[nb - 1] == 'g' && base[nb - 2] == 'h' && base[nb - 3] == 'n' &&
            dec[nd - 2] == 'h') {
            base[nb - 2] = 'g', nb--;
            dec[nd - 2] = 'g', nd--;
        } else if (nb >= 2 && base[nb - 1] == 'h' && base[nb - 2] == 'n' && dec[nd - 1] == 'h') {
            nb--, nd--;
        } else {
            return;
        }
        if (!plain_syllable(base, nb, &onset))
            return;
    }
    buf_reset(u);
    buf_append(u, dec, nd);
}

static void flush(cur_tok *c, buf *out)
{
    if (!c->nonempty)
        return;
    teencode(&c->units);
    k_as_c(&c->units);
    buf_append(out, c->units.p, c->units.len);
    if (c->tones.len)
        buf_append(out, c->tones.p, c->tones.len);
    /* Letters spelled out one by one with symbols, dots or dashes and
     * run together: the run as written (one English word, "cocaine") and
     * then cut into the syllables it reads as ("vienkeolac vien keo
     * lac"); with spaces only a run of eight letters or more in a text
     * written with diacritics ("t r à s ữ a t r ộ n m a t ú y"): a heading
     * so written is short ("S I Z E"), or without marks would read as
     * words it is not ("C O N G T Y" as "coóng"), and a word's readings
     * after it push its context words away. Words glued behind a '#' too
     * ("#temphugia"). Not a word written whole: the dictionary's are so. */
    if (((c->joined >= 3 && (c->soft_built || (c->marked && c->joined >= 8))) ||
         (c->hashtag && c->units.len >= 6)) &&
        c->ntones <= CG_ARRAY_LEN(c->tone_cp)) {
        size_t at = out->len;
        buf_putc(out, ' ');
        if (!flush_split(c, out))
            out->len = at, out->p[at] = '\0';
    }
    buf_putc(out, ' ');
    buf_reset(&c->units);
    buf_reset(&c->tones);
    c->nonempty = 0;
    c->joinable = 0;
    c->soft_built = 0;
    c->hashtag = 0;
    c->joined = 0;
    c->ntones = 0;
    c->ndup = 0;
    c->last_dup = 0;
}

/* Tone marks go to the end of the token; the same tone twice in a row
 * (a repeated letter, "phiệện") counts once. */
static void add_tone(cur_tok *c, unsigned cp)
{
    char e[4];
    size_t n = enc_utf8(cp, e);
    if (c->ntones < CG_ARRAY_LEN(c->tone_cp))
        c->tone_cp[c->ntones] = cp, c->tone_at[c->ntones] = c->units.len;
    c->ntones++;
    if (c->tones.len >= n && memcmp(c->tones.p + c->tones.len - n, e, n) == 0)
        return;
    buf_append(&c->tones, e, n);
}

/* Append a unit (bytes u[0..n)) to the current token unless it repeats the
 * last letter. */
static void add_unit(cur_tok *c, const char *u, size_t n, int letter)
{
    if (letter && c->nonempty && c->units.len - c->last_unit == n &&
        memcmp(c->units.p + c->last_unit, u, n) == 0) {
        /* Where a run was collapsed, for reading syllables (flush_split). */
        if (!c->last_dup && c->ndup < CG_ARRAY_LEN(c->dup_at))
            c->dup_at[c->ndup++] = c->units.len;
        c->last_dup = 1;
        return;
    }
    c->last_dup = 0;
    c->last_unit = c->units.len;
    buf_append(&c->units, u, n);
    c->nonempty = 1;
}

/* Do letters a and b open a Vietnamese word together ("ch", "tr")? */
static int onset_pair(unsigned a, unsigned b)
{
    static const char pairs[][3] = {"ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr"};
    for (size_t k = 0; k < CG_ARRAY_LEN(pairs); k++)
        if ((a | 0x20) == (unsigned char)pairs[k][0] && (b | 0x20) == (unsigned char)pairs[k][1])
            return 1;
    return 0;
}

/* A word with look-alike digits or symbols among its letters ("h0i",
 * "c4y", "81nh"), not a quantity or a model code read as one. */
static int leet_word(const tok *t)
{
    size_t letters = 0, looks = 0;
    for (size_t k = 0; k < t->n; k++) {
        if (t->cl[k] == C_LETTER)
            letters++;
        else if ((t->cl[k] == C_DIGIT || t->cl[k] == C_SYM) && leet(t->cp[k]) != t->cp[k])
            looks++;
    }
    return letters && looks && want_leet(t);
}

/* The token of cp[0..n) (classes cl) starting at or after i, in *t;
 * 0 when there is none. */
static int next_tok(const unsigned *cp, const int *cl, size_t n, size_t i, tok *t)
{
    while (i < n && (cl[i] == C_SEP || cl[i] == C_MARK))
        i++;
    size_t a = i;
    while (i < n && cl[i] != C_SEP)
        i++;
    *t = (tok){(unsigned *)cp + a, (int *)cl + a, i - a};
    return i > a;
}

/* A number among words hidden with look-alikes ("h47 9i0ng c4n 54", "d0
 * 1a 914", "81nh x17"): its digits are look-alikes too, when every one
 * stands for a letter and it is short. */
static int leet_number(const tok *t)
{
    size_t k = t->n >= 2 && (t->cp[0] == 'x' || t->cp[0] == 'X') ? 1 : 0;
    if (t->n - k < 2 || t->n - k > 5)
        return 0;
    for (; k < t->n; k++)
        if (t->cl[k] != C_DIGIT || leet(t->cp[k]) == t->cp[k])
            return 0;
    return 1;
}

/* The letter a look-alike stands for at k of t: 1 is l before a vowel at
 * a word's start or after a vowel ("1a", "ru10", "91ock"), i elsewhere
 * ("m1n", "81nh"). */
static unsigned leet_at(const tok *t, size_t k)
{
    unsigned c = t->cp[k];
    if (c != '1')
        return leet(c);
    unsigned nx = k + 1 < t->n ? leet(t->cp[k + 1]) : 0;
    unsigned pv = k > 0 ? leet(t->cp[k - 1]) : 0;
    if (tx_vowel_cp(nx) && nx < 0x80 && (k == 0 || (pv < 0x80 && tx_vowel_cp(pv))))
        return 'l';
    return 'i';
}

static void norm_cps(const unsigned *cp, size_t n, int exact, int marked, buf *out)
{
    /* The token being built, kept per thread so that its buffers are reused. */
    static __thread cur_tok c;
    buf_reset(&c.units);
    buf_reset(&c.tones);
    c.last_unit = 0, c.joinable = 0, c.nonempty = 0, c.soft_built = 0, c.joined = 0;
    c.marked = marked;
    c.hashtag = 0;
    c.ntones = 0, c.ndup = 0, c.last_dup = 0;
    int stack_cl[256];
    int *cl = n <= 256 ? stack_cl : cg_malloc(n * sizeof *cl);
    for (size_t i = 0; i < n; i++)
        cl[i] = cls(cp[i], i + 1 < n ? cp[i + 1] : 0);
    /* A mark with nothing to sit on is a separator. */
    buf_putc(out, ' ');
    /* A spaced dash cuts a list only when there are two or more: one
     * joins a title and its author or subtitle ("Đôi mắt ma tuý - phóng
     * sự điều tra"). */
    int dashes = 0;
    for (size_t k = 1; k + 1 < n && dashes < 2; k++)
        dashes += (cp[k] == '-' || cp[k] == 0x2013) && cl[k - 1] == C_SEP && cl[k + 1] == C_SEP;
    /* Words hidden with look-alike digits: two or more make the numbers
     * next to them look-alikes too. */
    size_t leets = 0;
    int prev_leet = 0;
    for (size_t k = 0; k < n && leets < 2; k++) {
        if (cl[k] != C_DIGIT)
            continue;
        size_t a = k;
        while (a > 0 && cl[a - 1] != C_SEP)
            a--;
        tok lt;
        next_tok(cp, cl, n, a, &lt);
        leets += leet_word(&lt);
        size_t end = (size_t)(lt.cp - cp) + lt.n;
        if (end > k)
            k = end;
    }
    /* In a text with a word hidden so, a "!" ending a word is its i too
     * ("sun9 nen ho!", "h4ng nha!", "cỏ 7há!", "Đ4!"), not an exclamation. */
    if (leets)
        for (size_t k = 1; k < n; k++) {
            if (cp[k] != '!' || cl[k] != C_SEP || (k + 1 < n && cl[k + 1] != C_SEP))
                continue;
            size_t p = k - 1;
            while (p > 0 && cl[p] == C_MARK)
                p--;
            if (cl[p] == C_LETTER || (cl[p] == C_DIGIT && leet(cp[p]) != cp[p] && p > 0 &&
                                      (cl[p - 1] == C_LETTER || cl[p - 1] == C_MARK)))
                cl[k] = C_SYM;
        }
    int after_number = 0, depth = 0;
    /* Spaces between the letters of the word being spelled out: a wider
     * gap ends it ("t i ề n  m ặ t"). */
    size_t word_gap = 0;
    size_t i = 0;
    while (i < n) {
        int soft = i > 0;
        /* A list of goods ("A, B", "A; B", "A + B", "A & B", "A / B", "A | B", "A - B", one
         * a line) is cut into its parts by a "," token, so that a word excuses
         * only its own part ("sách giáo khoa, ma tuý đá"); a heading
         * ("Quà Tết: ...") is closed by a ":" token. Only with a space or
         * a new line: "1,5kg" and "p,h,á,o" are no lists. A list in
         * brackets tells what the goods before it are made of ("Bộ đồ
         * chơi cảnh sát (còng nhựa, súng nhựa)", "cờ tướng (xe, pháo,
         * mã)"): one part with them. */
        int list = 0, spaced = 0, colon = 0, hash = 0;
        size_t gap = 0;
        while (i < n && (cl[i] == C_SEP || cl[i] == C_MARK)) {
            unsigned x = cp[i];
            hash |= x == '#';
            list |= x == ',' || x == ';' || x == '+' || x == '&' || x == '/' || x == '|' || x == '\n' ||
                    ((x == '-' || x == 0x2013) && dashes >= 2);
            spaced |= x == ' ' || x == '\n' || x == '\t';
            colon |= x == ':';
            gap += x == ' ';
            depth += (x == '(' || x == '[') - (depth > 0 && (x == ')' || x == ']'));
            soft &= cp[i++] == SOFT_JOIN;
        }
        if (i >= n)
            break;
        size_t a = i;
        while (i < n && cl[i] != C_SEP)
            i++;
        tok t = {(unsigned *)cp + a, cl + a, i - a};
        int map = want_leet(&t);
        int is_leet = map && leet_word(&t);
        /* A number between words hidden so reads as letters too. */
        /* ... not a group of a number's digits ("500.000", "1,5"). */
        int grouped = (a >= 2 && (cp[a - 1] == '.' || cp[a - 1] == ',') && cl[a - 2] == C_DIGIT) ||
                      (i + 1 < n && (cp[i] == '.' || cp[i] == ',') && cl[i + 1] == C_DIGIT);
        if (leets >= 2 && !grouped && leet_number(&t)) {
            tok nt;
            map = prev_leet || (next_tok(cp, cl, n, i, &nt) && leet_word(&nt));
            is_leet = map;
        }
        prev_leet = is_leet;
        /* A look-alike digit alone among letters spelled out one by one
         * ("h_e_r_0_i_n", "k e t a m 1 n e", "s/u/n/9") is one of them,
         * once the run has two letters: before the next letter of the run,
         * or ending a run joined by symbols (but a 1: "l-o-ạ-i-1"). Not a
         * number's digit: before another digit or a unit ("c o k e 1 g",
         * "d_a_n_9_m_m", "p*o*d*1*l*a*n"), after digits ("3*0+0"), after a
         * wider gap or a space that ends a word spelled with symbols
         * ("t i ề n  1  ă n", "t^i^ề^n 1 đ^ổ^i"). */
        if (!map && t.n == 1 && t.cl[0] == C_DIGIT && leet(t.cp[0]) != t.cp[0] && c.nonempty &&
            c.joinable && c.joined >= 2 && (soft || !c.soft_built) &&
            !(word_gap && gap > word_gap) &&
            !(c.units.p[c.last_unit] >= '0' && c.units.p[c.last_unit] <= '9')) {
            tok nt;
            int soft_after = i < n && cp[i] == SOFT_JOIN;
            int more = next_tok(cp, cl, n, i, &nt) && soft_after == soft;
            if (more ? nt.n == 1 && nt.cl[0] == C_LETTER && !strchr("mgklx", (int)(nt.cp[0] | 0x20))
                     : soft && t.cp[0] != '1')
                map = 1;
        }
        /* How many letters (not marks) the token has decides joining. */
        size_t letters = 0, bases = 0;
        for (size_t k = 0; k < t.n; k++) {
            if (t.cl[k] == C_MARK)
                continue;
            bases++;
            if (t.cl[k] == C_LETTER || (map && leet(t.cp[k]) != t.cp[k]))
                letters++;
        }
        /* One letter, or one letter doubled ("t h u ố cc"). */
        int same = letters == bases && bases > 0;
        unsigned first = 0;
        for (size_t k = 0; k < t.n && same; k++) {
            if (t.cl[k] == C_MARK)
                continue;
            unsigned b = t.cp[k] | (t.cp[k] < 0x80 ? 0x20 : 0);
            if (!first)
                first = b;
            same = b == first;
        }
        int single = (bases == 1 && letters == 1) || (same && bases <= 3);
        /* A token where a look-alike stands for a vowel and no tone is
         * written ("đ4n", "ph4o", "nư0c") lost its tone with the vowel: in
         * the exact form it is written without any marks, as a word
         * written without diacritics. One with its tone ("ng0ại", "kẹ0")
         * keeps them. */
        int bare = 0;
        for (size_t k = 0; k < t.n && exact && map; k++) {
            unsigned l = leet(t.cp[k]);
            if ((t.cl[k] == C_DIGIT || t.cl[k] == C_SYM) &&
                (l == 'a' || l == 'e' || l == 'i' || l == 'o'))
                bare = 1;
            if (t.cl[k] == C_MARK && is_tone(t.cp[k])) {
                bare = 0;
                break;
            }
        }
        /* A letter opening a word spelled out with dots or dashes
         * ("t.u.ý đ-á") starts a word of its own; one standing alone
         * after such a word ("m.a-t_u y") ends it. */
        int opens = !soft && i < n && cp[i] == SOFT_JOIN;
        /* ... if it can go on the syllable: "m.a-t_u y", "s-ú.n g", not
         * "n.g.ắ.n K.54". */
        int ends = !soft && c.soft_built && c.nonempty &&
                   !syllable_goes_on((unsigned char)c.units.p[c.last_unit], t.cp[0]);
        int wider = word_gap && gap > word_gap;
        if (single && c.joinable && !soft && !word_gap)
            word_gap = gap;
        /* Digits spelled out one by one go on the number before them
         * ("3*0+0•0" is 3000). */
        int digits_on =
            soft && c.nonempty && c.units.p[c.last_unit] >= '0' && c.units.p[c.last_unit] <= '9';
        for (size_t k = 0; k < t.n && digits_on; k++)
            digits_on = t.cl[k] == C_DIGIT;
        /* A letter after digits spelled out starts a word: "1.0.0.0.E.u.r.o"
         * is 1000 euro. */
        int after_digits = soft && c.nonempty && c.units.p[c.last_unit] >= '0' &&
                           c.units.p[c.last_unit] <= '9' && !digits_on;
        if (!digits_on &&
            !(single && (c.joinable || soft) && !opens && !ends && !wider && !after_digits)) {
            word_gap = 0;
            int had = c.nonempty;
            flush(&c, out);
            if (had && colon && spaced && !depth)
                buf_append(out, ": ", 2);
            else if (had && list && spaced && !depth)
                buf_append(out, ", ", 2);
        }
        /* Not a code whose digits read as letters ("#K59074"). */
        if (!c.nonempty)
            c.hashtag = hash && !map;
        if (soft && c.nonempty)
            c.soft_built = 1;
        if (single && !digits_on)
            c.joined++;
        /* Cyrillic and Greek look-alikes in a word of Latin letters ("mа"
         * with a Cyrillic а) are read as the Latin letters they imitate. */
        int latin = 0, lookalikes = 1;
        for (size_t k = 0; k < t.n && !latin; k++) {
            latin = (t.cl[k] == C_LETTER &&
                     (t.cp[k] < 0x250 || (t.cp[k] >= 0x1e00 && t.cp[k] <= 0x1eff))) ||
                    (map && t.cl[k] == C_SYM);
            if (t.cl[k] == C_LETTER && t.cp[k] >= 0x80)
                lookalikes &= homoglyph(t.cp[k]) != t.cp[k];
        }
        /* A word made only of such look-alikes ("сау", "lас" typed in
         * Cyrillic) is read as Latin too: Russian words read so match
         * nothing. */
        latin |= lookalikes;
        /* Units: a base with the vowel marks that follow it. */
        for (size_t k = 0; k < t.n;) {
            if (t.cl[k] == C_MARK) {
                if (exact && !bare && is_tone(t.cp[k]))
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
                b = leet_at(&t, k), letter = 1;
            if (b >= 'A' && b <= 'Z')
                b += 32;
            if (bare && (b == 0x111 || b == 0x110))
                b = 'd';
            /* f, which Vietnamese spells ph, as young people type it
             * ("fao hoa"); k: see flush. */
            if (b == 'f' && letter) {
                /* "fh" is ph with the h kept ("fháo"). */
                if (k + 1 < t.n && (t.cp[k + 1] | 0x20) == 'h') {
                    b = 'p';
                } else {
                    u[un++] = 'p';
                    b = 'h';
                }
            }
            un += enc_utf8(b, u + un);
            k++;
            while (k < t.n && t.cl[k] == C_MARK) {
                if (bare)
                    ;
                else if (exact && is_tone(t.cp[k]))
                    add_tone(&c, t.cp[k]);
                else if (exact && un + 4 < sizeof u)
                    un += enc_utf8(t.cp[k], u + un); /* a vowel mark stays on its letter */
                k++;
            }
            add_unit(&c, u, un, letter);
        }
        /* A unit after a number ("5 g m a t u y") starts no spelled-out
         * word. */
        int number = bases > 0 && letters == 0;
        for (size_t k = 0; k < t.n && number; k++)
            number = t.cl[k] == C_DIGIT || t.cl[k] == C_MARK;
        /* ... unless it opens a word with the letter after it ("1 c h ỉ",
         * "2 t r i ệ u"; not "5 g m a t u y"). */
        tok nt;
        c.joinable =
            single && (!after_number || (t.n == 1 && next_tok(cp, cl, n, i, &nt) &&
                                         nt.cp[0] < 0x80 && onset_pair(t.cp[0], nt.cp[0])));
        after_number = number;
    }
    flush(&c, out);
    if (cl != stack_cl)
        free(cl);
}

/* Characters that cut no word when put between two letters: dots,
 * dashes, underscores, stars, and pictures (emoji, dingbats, their
 * variation selectors: "c🌿n sa", "s★ú★n★g"). */
static int is_joiner(unsigned c)
{
    return c == '.' || c == '-' || c == '_' || c == '*' || c == 0xb7 || c == 0x2022 ||
           c == 0x2027 || c == 0x2010 || c == 0x2011 || (c >= 0x2600 && c <= 0x27bf) ||
           (c >= 0x2b00 && c <= 0x2bff) || c == 0xfe0f || (c >= 0x1f000 && c <= 0x1faff);
}

/* Characters that join only letters spelled out one by one ("t|h|u|ố|c",
 * "5/0/t/ờ", "p+h+i", "y,e,l,l,o,w", "s~o~d~a"): between words they still
 * separate ("áo/quần", "Nike+Adidas", "áo, quần"). */
static int is_weak_joiner(unsigned c)
{
    return c == '|' || c == '/' || c == '+' || c == ',' || c == '~';
}

/* Is the letter ending cp[0..w) (with its marks) a letter standing alone,
 * after the start, a separator or a space? */
static int single_before(const unsigned *cp, size_t w)
{
    size_t k = w;
    while (k > 0 && cls(cp[k - 1], 0) == C_MARK)
        k--;
    if (k == 0 || cls(cp[k - 1], 0) != C_LETTER)
        return 0;
    k--;
    while (k > 0 && cls(cp[k - 1], 0) == C_MARK)
        k--;
    return k == 0 || cls(cp[k - 1], 0) == C_SEP;
}

/* Letters spelled out one by one with symbols of every kind between them,
 * mixed, pictures and spaces among them: "t+h`u~ố|c🔥 *l~á", "m/a🔥
 * +t|u|y# #d🔥a", "仿^牌🔥手•表". */

static int spell_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xa0 || c == 0x3000 ||
           (c >= 0x2000 && c <= 0x200a);
}

static int spell_unit(unsigned c)
{
    if (c < 0x80)
        return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
    int k = cls(c, 0);
    return k == C_LETTER || k == C_DIGIT;
}

static int spell_cjk(unsigned c)
{
    return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

/* A symbol that may stand between letters spelled out: anything but a
 * letter, a digit, a mark or a look-alike standing for a letter (@ $ !). */
static int spell_symbol(unsigned c)
{
    if (c < 0x80)
        return !spell_unit(c) && c != '@' && c != '$' && c != '!' && c != SOFT_JOIN &&
               !spell_space(c);
    return !spell_space(c) && cls(c, 0) == C_SEP;
}

/* At k, one letter or digit standing alone (its marks after it, nothing
 * of a word on either side): the index past it, or 0. */
static size_t spell_single_at(const unsigned *cp, size_t n, size_t k)
{
    if (k >= n || !spell_unit(cp[k]))
        return 0;
    if (k > 0 && (spell_unit(cp[k - 1]) || cls(cp[k - 1], 0) != C_SEP))
        return 0;
    size_t q = k + 1;
    while (q < n && cls(cp[q], 0) == C_MARK)
        q++;
    if (q < n && cls(cp[q], 0) != C_SEP)
        return 0;
    return q;
}

/* How far the separator from q goes (symbols and spaces, at most a few),
 * with *has_space and *has_list (a comma or semicolon) set. */
static size_t spell_sep_end(const unsigned *cp, size_t n, size_t q, int *has_space, int *has_list,
                            int *has_symbol)
{
    size_t r = q;
    *has_space = *has_list = *has_symbol = 0;
    while (r < n && r - q < 6 && (spell_symbol(cp[r]) || spell_space(cp[r]))) {
        *has_space |=
            spell_space(cp[r]) || cp[r] == '(' || cp[r] == ')' || cp[r] == '[' || cp[r] == ']';
        *has_list |= cp[r] == ',' || cp[r] == ';';
        *has_symbol |= spell_symbol(cp[r]);
        r++;
    }
    return r;
}

/* Three or more letters standing alone in a row with symbols (or spaces)
 * between them, at least one of the symbols with no space: the letters
 * are spelled out; digits among them too. A symbol with no space joins
 * (SOFT_JOIN, as dots and dashes do); symbols with a space end a word (a
 * space); a comma stays as written ("S, M, L" stays a list, "2~,~4~,~5-T"
 * three numbers; letters spelled with commas join as they always did,
 * "y,e,l,l,o,w"). A word followed by one symbol ("a`", "o+", "e.") is
 * VIQR or punctuation: never a letter alone. Returns the new count. */
static size_t spell_symbol_runs(unsigned *cp, size_t n)
{
    size_t w = 0;
    for (size_t k = 0; k < n;) {
        size_t q = 0;
        /* Cheap test first: a unit alone followed by a symbol. */
        if (k + 2 < n && spell_symbol(cp[k + 1]) && spell_unit(cp[k]) &&
            (q = spell_single_at(cp, n, k)) != 0) {
            size_t letters = cls(cp[k], 0) == C_LETTER, nunits = 1, joins = 0, p = q, end = q;
            int cjk = spell_cjk(cp[k]);
            for (;;) {
                int sp, li, sy;
                size_t r = spell_sep_end(cp, n, p, &sp, &li, &sy);
                size_t e = r > p ? spell_single_at(cp, n, r) : 0;
                if (!e)
                    break;
                letters += cls(cp[r], 0) == C_LETTER;
                cjk &= spell_cjk(cp[r]);
                nunits++;
                joins += !sp;
                p = end = e;
            }
            /* Letters, not numbers ("2+1", "1/2/3"); two Chinese
             * characters make a word ("冰#毒"). */
            if ((letters >= 3 || (cjk && nunits >= 2)) && joins >= 1) {
                for (size_t x = k; x < end;) {
                    if (!spell_symbol(cp[x]) && !spell_space(cp[x])) {
                        cp[w++] = cp[x++];
                        continue;
                    }
                    int sp, li, sy;
                    size_t r = spell_sep_end(cp, n, x, &sp, &li, &sy);
                    if (!sp && !li) {
                        cp[w++] = SOFT_JOIN;
                    } else if (li) {
                        for (size_t y = x; y < r; y++)
                            cp[w++] = cp[y];
                    } else {
                        cp[w++] = ' ';
                    }
                    x = r;
                }
                k = end;
                continue;
            }
        }
        cp[w++] = cp[k++];
    }
    return w;
}

/* Does a word of two letters or more start at cp[j] (a letter, its
 * marks, another letter)? */
static int word_follows(const unsigned *cp, size_t n, size_t j)
{
    if (j >= n || cls(cp[j], 0) != C_LETTER)
        return 0;
    size_t k = j + 1;
    while (k < n && cls(cp[k], 0) == C_MARK)
        k++;
    return k < n && cls(cp[k], k + 1 < n ? cp[k + 1] : 0) == C_LETTER;
}

/* The plain letters (marks dropped, đ as d) of the word that ends at
 * cp[at) (backwards) or starts at cp[at] (forwards): their count, the
 * first eight of them in out, or 0 when a letter is no Latin one. With
 * *digits set when digits go on from the letters ("K54", "9mm"). */
static size_t plain_word(const unsigned *cp, size_t n, size_t at, int backwards, char *out,
                         int *digits)
{
    char tmp[8];
    size_t len = 0;
    unsigned last = 0;
    *digits = 0;
    for (size_t k = at; backwards ? k > 0 : k < n; backwards ? k-- : k++) {
        unsigned c = cp[backwards ? k - 1 : k];
        int kind = cls(c, 0);
        if (kind == C_MARK)
            continue;
        if (kind == C_DIGIT && len) {
            *digits = 1;
            break;
        }
        if (kind != C_LETTER)
            break;
        if (c == 0x111 || c == 0x110)
            c = 'd';
        c = c < 0x80 ? (unsigned)(c | 0x20) : c;
        if (c < 'a' || c > 'z')
            return 0;
        /* A letter repeated is one, as the normaliser makes it. */
        if (c == last)
            continue;
        last = c;
        if (len < sizeof tmp)
            tmp[len] = (char)c;
        len++;
    }
    size_t kept = len < sizeof tmp ? len : sizeof tmp;
    for (size_t k = 0; k < kept; k++)
        out[k] = backwards ? tmp[kept - 1 - k] : tmp[k];
    return len;
}

/* A picture between two words ("tiền🔥in🔥loại", "kẹo💎bay💎logo",
 * "con🎁K54") stands for a space, where inside a word ("tú🍁y",
 * "th🔥uốc", "ku💊sh") it hides nothing: a space when the letters on each
 * side are two or more with a vowel among them (or a model code follows)
 * and together they are no Vietnamese syllable. */
static int picture_between_words(const unsigned *cp, size_t w, size_t n, size_t j)
{
    char a[8], b[8], ab[8];
    int da, db, onset;
    size_t na = plain_word(cp, n, w, 1, a, &da), nb = plain_word(cp, n, j, 0, b, &db);
    if (na < 1 || (na < 2 && !da) || nb < 1 || (nb < 2 && !db))
        return 0;
    /* Letters with no vowel are no word ("ku💊sh"). */
    int va = da, vb = db;
    for (size_t k = 0; k < na && k < sizeof a; k++)
        va |= strchr("aeiouy", a[k]) != NULL;
    for (size_t k = 0; k < nb && k < sizeof b; k++)
        vb |= strchr("aeiouy", b[k]) != NULL;
    if (!va || !vb)
        return 0;
    if (da || db)
        return 1;
    /* One side at least a Vietnamese syllable, or eight letters or more
     * together ("switchblade☘knife"): two short pieces of a foreign word
     * ("her🍄roin") are one word. */
    if (!(na <= sizeof a && plain_syllable(a, na, &onset)) &&
        !(nb <= sizeof b && plain_syllable(b, nb, &onset)) && na + nb < 8)
        return 0;
    if (na + nb > 7 || na > sizeof a || nb > sizeof b)
        return 1;
    memcpy(ab, a, na);
    memcpy(ab + na, b, nb);
    return !plain_syllable(ab, na + nb, &onset);
}

/* Dots, dashes, underscores and stars between two letters cut no word:
 * senders split a word with them ("sú-ng", "m.a.t.u.y", "ma_tuý"); a run
 * of them between letters is dropped. Returns the new count. */
static size_t join_inner_separators(unsigned *cp, size_t n)
{
    size_t w = 0;
    for (size_t k = 0; k < n;) {
        unsigned c = cp[k];
        int weak = is_weak_joiner(c) && w > 0 && single_before(cp, w);
        int joiner = is_joiner(c) || weak;
        if (joiner && w > 0) {
            size_t j = k;
            while (j < n && (weak ? is_weak_joiner(cp[j]) : is_joiner(cp[j])))
                j++;
            int before = cls(cp[w - 1], c),
                after = j < n ? cls(cp[j], j + 1 < n ? cp[j + 1] : 0) : C_SEP;
            /* A part number's dash ("64301-K59"): the code is one, and no
             * model name of its own. */
            if (c == '-' && j == k + 1 && before == C_DIGIT && after == C_LETTER && w >= 3 &&
                cls(cp[w - 2], 0) == C_DIGIT && cls(cp[w - 3], 0) == C_DIGIT) {
                k = j;
                continue;
            }
            if ((before == C_LETTER || before == C_MARK) && after == C_LETTER) {
                /* Between letters spelled out one by one ("m.a-t_u y",
                 * "s-ú.n g"), a separator that joins: the letters then
                 * join with those spelled out with spaces, however the
                 * sender mixed the separators. Inside a word ("sú-ng")
                 * nothing. */
                /* A picture is dropped like an invisible character
                 * ("t🍁úy" is "túy"). */
                /* A letter a separator cuts off the rest of its word
                 * ("s-úng", "t*inh d*ầu") is that word's first letter, not
                 * a letter spelled out: they join as one word. */
                if (single_before(cp, w) && cp[k] < 0x2600 && !word_follows(cp, n, j))
                    cp[w++] = SOFT_JOIN;
                else if (cp[k] >= 0x2600 && picture_between_words(cp, w, n, j))
                    cp[w++] = ' ';
                k = j;
                continue;
            }
        }
        cp[w++] = cp[k++];
    }
    return w;
}

/* Letters drawn with strokes ("s|_|ng", "|\\|", "/\\/\\"): the letter in *c
 * and how many bytes it takes, or 0. */
static size_t ascii_letter(const char *s, size_t n, unsigned char *c)
{
    static const struct {
        const char *drawn;
        char letter;
    } art[] = {{"|_|", 'u'},  {"(_)", 'u'},  {"|\\/|", 'm'}, {"/\\/\\", 'm'},
               {"|\\|", 'n'}, {"/\\/", 'n'}, {"|-|", 'h'},   {"|<", 'k'}};
    for (size_t i = 0; i < CG_ARRAY_LEN(art); i++) {
        size_t l = strlen(art[i].drawn);
        if (l <= n && memcmp(s, art[i].drawn, l) == 0) {
            *c = (unsigned char)art[i].letter;
            return l;
        }
    }
    return 0;
}

/* Decode valid UTF-8 to code points (invalid bytes dropped) and normalise. */
static void norm_bytes(const char *s, size_t len, int exact, int marked, buf *out)
{
    unsigned stack_cp[256];
    size_t cap = len <= 256 ? 256 : len;
    unsigned *cp = len <= 256 ? stack_cp : cg_malloc(len * sizeof *cp);
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        /* Room for five more: "$" becomes " usd ", the only growth. */
        if (n + 5 > cap) {
            cap = cap * 2 + 8;
            cp = cp == stack_cp ? memcpy(cg_malloc(cap * sizeof *cp), cp, n * sizeof *cp)
                                : cg_realloc(cp, cap * sizeof *cp);
        }
        if (c < 0x80) {
            /* A dollar sign by a number is the currency: "$500", "500$". */
            if (c == '$' &&
                ((i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9') ||
                 (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' &&
                  (i + 1 == len || !((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z'))))) {
                cp[n++] = ' ', cp[n++] = 'u', cp[n++] = 's', cp[n++] = 'd', cp[n++] = ' ';
                i++;
                continue;
            }
            size_t drawn = c == '|' || c == '(' || c == '/' ? ascii_letter(s + i, len - i, &c) : 0;
            cp[n++] = c, i += drawn ? drawn : 1;
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
        if (post_invisible(u))
            continue;
        cp[n++] = u;
    }
    n = spell_symbol_runs(cp, n);
    n = join_inner_separators(cp, n);
    norm_cps(cp, n, exact, marked, out);
    if (cp != stack_cp)
        free(cp);
}

void post_normalize(const char *s, size_t len, buf *out)
{
    norm_bytes(s, len, 0, 0, out);
}

void post_normalize_marked(const char *s, size_t len, int marked, buf *out)
{
    norm_bytes(s, len, 0, marked, out);
}

void post_exact(const char *s, size_t len, buf *out)
{
    int marked = post_has_marks(s, len);
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
                     UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
    if (r >= 0 && m)
        norm_bytes((const char *)m, (size_t)r, 1, marked, out);
    else
        norm_bytes(buf_cstr(&clean), clean.len, 1, marked, out);
    free(m);
    buf_free(&clean);
}

/* Telex keystrokes typed without the input method: "mas tuys ddas" is what
 * the keys for "má tuý đá" give. A token of ASCII letters is decoded only
 * when it yields one well-formed Vietnamese syllable (onset, vowel
 * nucleus, final consonant, and a tone a checked final allows), so that
 * English words ("books", "pods", "fireworks") stay as they are. */

enum { TX_CIRC = 1, TX_BREVE = 2, TX_HORN = 4 };

typedef struct tx_letter {
    char c;          /* the base letter, a-z; 'D' for đ */
    unsigned char m; /* TX_* vowel marks */
} tx_letter;

static int tx_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* The vowel nucleus l[0..n) as a string of letters with marks spelled as
 * in "aA^" ... : base letter followed by ^ (circumflex), ( (breve), +
 * (horn); checked against the nuclei Vietnamese writes. */
static int tx_nucleus_ok(const tx_letter *l, size_t n)
{
    static const char *const ok[] = {
        "a",     "a(",    "a^",  "e",   "e^",   "i",   "o",   "o^",   "o+",   "u",   "u+",
        "y",     "ai",    "ao",  "au",  "a^u",  "ay",  "a^y", "eo",   "e^u",  "ia",  "ie^",
        "ie^u",  "iu",    "oa",  "oa(", "oai",  "oao", "oay", "oe",   "oeo",  "oi",  "o^i",
        "o+i",   "oo",    "ua",  "ua^", "ua^y", "ue^", "ui",  "uo^",  "uo^i", "uo+", "u+o+",
        "u+o+i", "u+o+u", "u+a", "u+i", "u+u",  "uy",  "uya", "uye^", "uyu",  "ye^", "ye^u",
    };
    char s[24];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 3 < sizeof s; i++) {
        s[k++] = l[i].c;
        if (l[i].m & TX_CIRC)
            s[k++] = '^';
        if (l[i].m & TX_BREVE)
            s[k++] = '(';
        if (l[i].m & TX_HORN)
            s[k++] = '+';
    }
    s[k] = '\0';
    for (size_t i = 0; i < CG_ARRAY_LEN(ok); i++)
        if (strcmp(ok[i], s) == 0)
            return 1;
    return 0;
}

static int tx_in(const char *s, size_t n, const char *const *set, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(set[i]) == n && memcmp(set[i], s, n) == 0)
            return 1;
    return 0;
}

/* Decode one token t[0..n) of lower-case ASCII letters; appends the
 * syllable (NFD: base letters, vowel marks, the tone mark after the
 * nucleus) to out and returns 1, or returns 0 and appends nothing. */
static int tx_token(const char *t, size_t n, buf *out)
{
    static const char *const onsets[] = {"",   "b",  "c", "ch", "d",  "D",  "g",   "gh", "gi", "h",
                                         "k",  "kh", "l", "m",  "n",  "ng", "ngh", "nh", "p",  "ph",
                                         "qu", "r",  "s", "t",  "th", "tr", "v",   "x"};
    static const char *const finals[] = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"};
    /* Common English words that read as syllables ("this" thí, "bus" bú);
     * not "max" and "mix", which are the keys of "mã" and "mĩ". */
    static const char *const english[] = {"as",  "is",  "us",  "bus", "has", "his",  "this",
                                          "its", "box", "sex", "tax", "gas", "thus", "yes",
                                          "ax",  "ox",  "tv",  "ms",  "mr",  "mrs"};
    if (n < 2 || n > 12 || tx_in(t, n, english, CG_ARRAY_LEN(english)))
        return 0;
    tx_letter l[16];
    size_t nl = 0;
    unsigned tone = 0;
    int changed = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i], nx = i + 1 < n ? t[i + 1] : 0;
        int seen_vowel = 0;
        for (size_t k = 0; k < nl; k++)
            seen_vowel |= tx_vowel(l[k].c);
        if (c == 'd' && nx == 'd' && nl == 0) {
            l[nl++] = (tx_letter){'D', 0}, i++, changed = 1;
        } else if ((c == 'a' || c == 'e' || c == 'o') && nx == c) {
            l[nl++] = (tx_letter){c, TX_CIRC}, i++, changed = 1;
        } else if (c == 'w') {
            /* aw ă, ow ơ, uw ư, uow ươ, also typed after the final
             * ("matwj" mặt); w with no vowel before it is ư. */
            size_t v = nl;
            while (v > 0 && !tx_vowel(l[v - 1].c))
                v--;
            if (v == 0) {
                l[nl++] = (tx_letter){'u', TX_HORN};
            } else {
                tx_letter *x = &l[v - 1];
                if (x->m || (x->c != 'a' && x->c != 'o' && x->c != 'u'))
                    return 0;
                x->m = x->c == 'a' ? TX_BREVE : TX_HORN;
                if (x->c == 'o' && v >= 2 && l[v - 2].c == 'u' && !l[v - 2].m)
                    l[v - 2].m = TX_HORN;
            }
            changed = 1;
        } else if (seen_vowel && !tone &&
                   (c == 's' || c == 'f' || c == 'r' || c == 'x' || c == 'j')) {
            tone = c == 's'   ? 0x301
                   : c == 'f' ? 0x300
                   : c == 'r' ? 0x309
                   : c == 'x' ? 0x303
                              : 0x323;
            changed = 1;
        } else if (c >= 'a' && c <= 'z' && c != 'w' && nl < CG_ARRAY_LEN(l)) {
            l[nl++] = (tx_letter){c, 0};
        } else {
            return 0;
        }
        if (nl >= CG_ARRAY_LEN(l) - 1)
            return 0;
    }
    if (!changed)
        return 0;
    /* Split: onset (consonants; "gi" and "qu" take their vowel), nucleus,
     * final. */
    size_t a = 0;
    while (a < nl && !tx_vowel(l[a].c))
        a++;
    if (a == nl)
        return 0;
    if (a + 1 < nl && ((a == 1 && l[0].c == 'q' && l[1].c == 'u') ||
                       (a == 1 && l[0].c == 'g' && l[1].c == 'i' && !l[1].m && tx_vowel(l[2].c))))
        a++;
    size_t b = a;
    while (b < nl && tx_vowel(l[b].c))
        b++;
    char on[4], fi[4];
    if (a > 3 || nl - b > 2)
        return 0;
    for (size_t k = 0; k < a; k++) {
        if (l[k].m)
            return 0;
        on[k] = l[k].c;
    }
    for (size_t k = b; k < nl; k++) {
        if (l[k].m)
            return 0;
        fi[k - b] = l[k].c;
    }
    if (!tx_in(on, a, onsets, CG_ARRAY_LEN(onsets)) ||
        !tx_in(fi, nl - b, finals, CG_ARRAY_LEN(finals)) || !tx_nucleus_ok(l + a, b - a))
        return 0;
    /* A checked final (c, ch, p, t) takes only the sắc or nặng tone. */
    int checked = nl - b && (fi[0] == 'c' || fi[0] == 'p' || fi[0] == 't');
    if (checked && tone && tone != 0x301 && tone != 0x323)
        return 0;
    /* Where the tone mark sits: on the vowel with a mark (ơ of ươ), else
     * the last vowel before a final, else the second of "oa", "oe", "uy"
     * and the first of other pairs, the middle one of three. */
    size_t nv = b - a, at = b - 1;
    for (size_t k = a; k < b; k++)
        if (l[k].m)
            at = k;
    if (!l[at].m && nl == b && nv == 2) {
        int second = (l[a].c == 'o' && (l[a + 1].c == 'a' || l[a + 1].c == 'e')) ||
                     (l[a].c == 'u' && l[a + 1].c == 'y');
        at = second ? a + 1 : a;
    } else if (!l[at].m && nl == b && nv == 3) {
        at = a + 1;
    }
    for (size_t k = 0; k < nl; k++) {
        char e[4];
        if (l[k].c == 'D')
            buf_append(out, "\xc4\x91", 2);
        else
            buf_putc(out, l[k].c);
        if (l[k].m & TX_CIRC)
            buf_append(out, e, enc_utf8(0x302, e));
        if (l[k].m & TX_BREVE)
            buf_append(out, e, enc_utf8(0x306, e));
        if (l[k].m & TX_HORN)
            buf_append(out, e, enc_utf8(0x31b, e));
        if (tone && k == at)
            buf_append(out, e, enc_utf8(tone, e));
    }
    return 1;
}

/* VNI and VIQR, the two other ways of typing Vietnamese with plain keys:
 * VNI puts digits after the letters (1-5 the tones sắc, huyền, hỏi, ngã,
 * nặng; 6 the circumflex, 7 the horn, 8 the breve, 9 đ: "ma tu1y d9a1"),
 * VIQR signs (' ` ? ~ . the tones, ^ ( + the vowel marks, dd đ: "ma tu'y
 * dda'"). A token t[0..n) so typed is rewritten as the Telex keys of the
 * same syllable into out (at most outcap bytes); returns their length, or
 * 0 when the token is not so typed. */
static int viqr_sign(unsigned char c)
{
    return c == '\'' || c == '`' || c == '?' || c == '~' || c == '.' || c == '^' || c == '(' ||
           c == '+';
}

static size_t keys_to_telex(const char *t, size_t n, char *out, size_t outcap)
{
    size_t m = 0;
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)(t[i] | ((t[i] >= 'A' && t[i] <= 'Z') ? 0x20 : 0));
        char key = 0;
        if (m + 2 >= outcap)
            return 0;
        if (c >= 'a' && c <= 'z') {
            out[m++] = (char)c;
            continue;
        }
        if (m == 0)
            return 0;
        switch (c) {
        case '1':
        case '\'': key = 's'; break;
        case '2':
        case '`': key = 'f'; break;
        case '3':
        case '?': key = 'r'; break;
        case '4':
        case '~': key = 'x'; break;
        case '5':
        case '.': key = 'j'; break;
        case '7':
        case '+':
        case '8':
        case '(': {
            /* The horn (7, +) sits on o or u, the breve (8, () on a:
             * "ma7" is no word typed in VNI ("tiền ma7" is a hidden mặt). */
            int horn = c == '7' || c == '+';
            int seat = 0;
            for (size_t v = 0; v < m && !seat; v++)
                seat = horn ? (out[v] == 'o' || out[v] == 'u') : out[v] == 'a';
            if (!seat)
                return 0;
            key = 'w';
            break;
        }
        case '9':
            if (out[m - 1] != 'd')
                return 0;
            key = 'd';
            break;
        case '6':
        case '^': {
            /* The circumflex doubles the last a, e or o (Telex "aa"), in
             * place: "tie6n" and "tien6" are both "tieen". */
            size_t v = m;
            while (v > 0 && out[v - 1] != 'a' && out[v - 1] != 'e' && out[v - 1] != 'o')
                v--;
            if (v == 0)
                return 0;
            memmove(out + v + 1, out + v, m - v);
            out[v] = out[v - 1];
            m++;
            any = 1;
            continue;
        }
        default: return 0;
        }
        out[m++] = key;
        any = 1;
    }
    return any ? m : 0;
}

/* Could s[0..len) hold a Telex token at all? A tone key ending a word, a
 * w, or a doubled a, e, o, d: most descriptions have none. */
static int tx_candidate(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = (char)(s[i] | 0x20);
        if ((unsigned char)s[i] >= 0x80)
            continue;
        if (c == 'w')
            return 1;
        int next_letter = i + 1 < len && ((unsigned char)s[i + 1] >= 0x80 ||
                                          ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z'));
        if ((c == 's' || c == 'f' || c == 'r' || c == 'x' || c == 'j') && !next_letter && i > 0)
            return 1;
        if ((c == 'a' || c == 'e' || c == 'o' || c == 'd') && i + 1 < len && (s[i + 1] | 0x20) == c)
            return 1;
        /* VNI digits or VIQR signs after a letter. */
        if (c >= 'a' && c <= 'z' && i + 1 < len &&
            ((s[i + 1] >= '1' && s[i + 1] <= '9') || viqr_sign((unsigned char)s[i + 1])))
            return 1;
    }
    return 0;
}

/* Invisible characters (zero-width spaces and joiners, soft hyphens, word
 * joiners, byte order marks): how many bytes one takes at s, or 0. */
static size_t invisible_at(const char *s, size_t n)
{
    size_t k;
    return post_invisible(post_cp_at(s, n, 0, &k)) ? k : 0;
}

size_t post_telex(const char *s, size_t len, buf *out)
{
    return post_telex_keys(s, len, out, NULL);
}

size_t post_telex_keys(const char *s, size_t len, buf *out, size_t *signed_tokens)
{
    size_t start = out->len, decoded = 0, nsigned = 0, nfailed = 0;
    if (signed_tokens)
        *signed_tokens = 0;
    if (!tx_candidate(s, len))
        return 0;
    /* Keys typed with invisible characters among them ("T\u200bu1y"): read
     * without them. */
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] < 0xc2 || !invisible_at(s + i, len - i))
            continue;
        buf clean = BUF_INIT;
        for (size_t k = 0; k < len;) {
            size_t z = invisible_at(s + k, len - k);
            if (z)
                k += z;
            else
                buf_putc(&clean, s[k++]);
        }
        decoded = post_telex_keys(clean.p ? clean.p : "", clean.len, out, signed_tokens);
        buf_free(&clean);
        return decoded;
    }
    /* Typed in VIQR: a sign that is no punctuation (' ` ~ ^ ( +) after a
     * letter somewhere. Then a dot or question mark ending a word is its
     * tone too ("keo. la(c'"). */
    int viqr = 0;
    for (size_t i = 1; i < len && !viqr; i++) {
        char p = (char)(s[i - 1] | 0x20), c = s[i];
        viqr = p >= 'a' && p <= 'z' &&
               (c == '\'' || c == '`' || c == '~' || c == '^' || c == '(' || c == '+');
    }
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        int alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        if (!alpha) {
            buf_putc(out, (char)c);
            i++;
            continue;
        }
        /* A token typed in VNI or VIQR: letters with digits or signs
         * among or after them, up to a space or other punctuation. A dot
         * or question mark ending a token is punctuation, unless the
         * token has another sign. */
        size_t x = i;
        int signs = 0, ends_punct = 0;
        while (x < len &&
               ((((unsigned char)s[x] | 0x20) >= 'a' && ((unsigned char)s[x] | 0x20) <= 'z') ||
                (s[x] >= '1' && s[x] <= '9') || viqr_sign((unsigned char)s[x]))) {
            if (!((((unsigned char)s[x] | 0x20) >= 'a' && ((unsigned char)s[x] | 0x20) <= 'z')))
                signs++;
            x++;
        }
        if (x > i && (s[x - 1] == '.' || s[x - 1] == '?') && signs == 1)
            ends_punct = !viqr;
        int word_start = 1;
        if (i > 0) {
            unsigned char pc = (unsigned char)s[i - 1];
            word_start = pc < 0x80 && !((pc | 0x20) >= 'a' && (pc | 0x20) <= 'z');
        }
        if (signs && !ends_punct && word_start && x - i < 16 &&
            (x >= len || (unsigned char)s[x] < 0x80)) {
            char keys[24];
            size_t kn = keys_to_telex(s + i, x - i, keys, sizeof keys);
            /* đ alone, the currency after an amount ("500.000d9"). */
            int dong = kn == 2 && keys[0] == 'd' && keys[1] == 'd';
            if (dong)
                buf_append(out, "\xc4\x91", 2);
            if (kn && (dong || tx_token(keys, kn, out))) {
                decoded++;
                /* A vowel mark or đ typed with keys (6 7 8 9, ^ ( +) is
                 * what VNI and VIQR typists cannot do without; a tone
                 * digit alone (1-5) could as well be a look-alike
                 * ("ti3n"). */
                for (size_t q = i; q < x; q++)
                    if ((s[q] >= '6' && s[q] <= '9') || s[q] == '^' || s[q] == '(' || s[q] == '+') {
                        nsigned++;
                        break;
                    }
                i = x;
                continue;
            }
        }
        /* Digits or signs among letters that are no VNI or VIQR syllable
         * ("m4t", "h3roin", "iphone15"): the text is not plainly typed
         * so, its digits may be look-alikes. */
        if (signs && !ends_punct)
            nfailed++;
        size_t j = i;
        int ascii_word = 1;
        while (j < len && ((unsigned char)s[j] >= 0x80 || (((unsigned char)s[j] | 0x20) >= 'a' &&
                                                           ((unsigned char)s[j] | 0x20) <= 'z'))) {
            if ((unsigned char)s[j] >= 0x80)
                ascii_word = 0;
            j++;
        }
        /* A token next to digits ("k54s") is a model code, not a syllable. */
        int by_digit = (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') ||
                       (j < len && s[j] >= '0' && s[j] <= '9');
        char low[16];
        size_t n = j - i;
        int done = 0;
        if (ascii_word && !by_digit && n < sizeof low) {
            for (size_t k = 0; k < n; k++)
                low[k] = (char)(s[i + k] | 0x20);
            done = tx_token(low, n, out);
            /* Letters doubled to slip past a filter ("suungs", "tiieeenff"):
             * once more with runs of a, e, o, d made two (Telex doubles
             * them) and other runs one, then with every run made one. */
            for (int pass = 0; pass < 2 && !done; pass++) {
                char one[16];
                size_t m = 0;
                for (size_t k = 0; k < n; k++) {
                    char ch = low[k];
                    int keep2 = pass == 0 && (ch == 'a' || ch == 'e' || ch == 'o' || ch == 'd');
                    if (m && one[m - 1] == ch && (!keep2 || (m >= 2 && one[m - 2] == ch)))
                        continue;
                    one[m++] = ch;
                }
                if (m < n)
                    done = tx_token(one, m, out);
            }
        }
        if (done)
            decoded++;
        else
            buf_append(out, s + i, n);
        i = j;
    }
    if (!decoded)
        out->len = start;
    else if (signed_tokens)
        *signed_tokens = nfailed ? 0 : nsigned;
    return decoded;
}

/* Is the word around byte pos of s[0..len) a product code, with no small
 * letter: three digits or more ("FA7F0475", "3C0AHG89"), or after a
 * label ("SKU 0EMF1F", "Mã:5HNMY", "ID UGQ1SQX6", "#K0A7"), or with three
 * consonants in a row once its digits are read as letters ("RTG5LJE",
 * "CN5ECCPCW")? Words hidden with look-alikes are written in small
 * letters or have fewer digits, and read as words ("h3r0in", "M4 TUY",
 * "PH40 H04"). */
static int product_code(const char *s, size_t len, size_t pos)
{
    size_t a = pos, b = pos;
    while (a > 0 && (unsigned char)s[a - 1] > ' ' && s[a - 1] != '(' && s[a - 1] != '[' &&
           s[a - 1] != ':' && s[a - 1] != '#')
        a--;
    while (b < len && (unsigned char)s[b] > ' ' && s[b] != ')' && s[b] != ']')
        b++;
    static const char *const labels[] = {"sku", "m\xc3\xa3", "msp", "ma", "id", "code"};
    /* A label glued to the code ("Mã5HNMY", "MSPPQS3Z7", "SKU2TDL7N");
     * not "MA" nor "ID", which open words ("MA7UY"). */
    int glued = 0;
    for (size_t k = 0; k < 3 && !glued; k++) {
        size_t n = strlen(labels[k]);
        if (b - a > n + 2 && pos >= a + n && !strncasecmp(s + a, labels[k], n) &&
            (isdigit((unsigned char)s[a + n]) || isupper((unsigned char)s[a + n])))
            a += n, glued = 1;
    }
    size_t digits = 0, run = 0, most = 0;
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'a' && c <= 'z')
            return 0;
        digits += c >= '0' && c <= '9';
        int vowel = strchr("AEIOUY0134@", c) != NULL;
        int consonant = !vowel && ((c >= 'A' && c <= 'Z') || c == '5' || c == '7' || c == '$');
        run = consonant ? run + 1 : 0;
        if (run > most)
            most = run;
    }
    if (digits >= 3 || (digits && (most >= 3 || glued)))
        return 1;
    /* The label before it: a '#', or a word SKU, Mã, MSP, ID, Code. */
    size_t e = a;
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == ':'))
        e--;
    if (e > 0 && s[e - 1] == '#')
        return digits > 0;
    size_t w = e;
    while (w > 0 && (unsigned char)s[w - 1] > ' ' && s[w - 1] != ':' && s[w - 1] != '(' &&
           s[w - 1] != '[')
        w--;
    for (size_t k = 0; digits && k < CG_ARRAY_LEN(labels); k++) {
        size_t n = strlen(labels[k]);
        if (e - w == n && !strncasecmp(s + w, labels[k], n))
            return 1;
    }
    return 0;
}

/* Did the sender hide a word on purpose? Zero-width characters or soft
 * hyphens inside a word, look-alike digits and symbols between letters
 * ("ph@o", "m1n", "h3r0in"), or three or more letters in a row written one
 * by one ("s u n g", "m.i.n"). Nobody writes an innocent word so. */
/* Is the ASCII token s[0..n) a Vietnamese syllable written with
 * look-alike digits at its start or end ("sun9", "84n", "c0")? */
static int leet_syllable(const char *s, size_t n)
{
    char w[8];
    int digits = 0, letters = 0;
    /* Not a size or an amount: "4Y", "c0", "50m", "70k". */
    if (n < 3 || n > 7)
        return 0;
    size_t d = 0;
    while (d < n && s[d] >= '0' && s[d] <= '9')
        d++;
    for (size_t k = 0; d > 0 && k < CG_ARRAY_LEN(units); k++)
        if (strlen(units[k]) == n - d && strncasecmp(units[k], s + d, n - d) == 0)
            return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9') {
            if (leet(c) == c)
                return 0;
            w[i] = (char)leet(c), digits++;
        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
            w[i] = (char)(c | 0x20), letters++;
        } else {
            return 0;
        }
    }
    int on;
    return digits && letters && plain_syllable(w, n, &on);
}

int post_obfuscated(const char *s, size_t len)
{
    /* Two words that are syllables written with look-alike digits at
     * their ends ("sun9 84n ca", "d40 94m"): one may be a model ("M4"). */
    size_t leet_words = 0;
    for (size_t a = 0, b; a < len; a = b + 1) {
        for (b = a; b < len && isalnum((unsigned char)s[b]); b++)
            ;
        /* An ASCII word on its own, not the end of a word with marks. */
        int apart = (a == 0 || (unsigned char)s[a - 1] < 0x80) &&
                    (b == len || (unsigned char)s[b] < 0x80);
        if (b > a && apart && leet_syllable(s + a, b - a) && ++leet_words >= 2)
            return 1;
    }

    unsigned prev2 = 0, prev = 0; /* the last two code points, invisible ones skipped */
    int prev_invisible = 0;
    size_t singles = 0;   /* one-letter tokens in a row */
    size_t tok_bases = 0; /* base letters of the token being read */
    unsigned tok_first = 0;
    int in_tok = 0, run_vowel = 0, run_consonant = 0;
    for (size_t i = 0; i <= len;) {
        unsigned u = 0;
        size_t k = 1;
        if (i < len) {
            unsigned char c = (unsigned char)s[i];
            if (c < 0x80) {
                u = c;
            } else {
                k = text_utf8_seq(s + i, len - i);
                if (!k) {
                    i++;
                    continue;
                }
                u = dec_utf8((const unsigned char *)s + i, k);
            }
        }
        i += k;
        /* A letter drawn with strokes next to a letter ("s|_|ng"). */
        if (u == '|' || u == '(' || u == '/') {
            unsigned char l;
            size_t drawn = ascii_letter(s + i - k, len - (i - k), &l);
            size_t after = i - k + drawn;
            if (drawn && ((prev && cls(prev, 0) == C_LETTER) ||
                          (after < len && cls((unsigned char)s[after], 0) == C_LETTER)))
                return 1;
        }
        /* Letters written full-width ("ｐｈｉｍ"): no Vietnamese keyboard
         * types them but to get past a filter. */
        if ((u >= 0xff21 && u <= 0xff3a) || (u >= 0xff41 && u <= 0xff5a))
            return 1;
        int invisible = post_invisible(u);
        if (invisible) {
            prev_invisible = prev != 0 && cls(prev, 0) == C_LETTER;
            continue;
        }
        int c = u ? cls(u, 0) : C_SEP;
        if (prev_invisible && c == C_LETTER)
            return 1;
        prev_invisible = 0;
        /* A picture between two letters ("c🌿n"). */
        if (c == C_LETTER && prev2 && cls(prev2, 0) == C_LETTER && is_joiner(prev) &&
            prev >= 0x2600)
            return 1;
        /* A Cyrillic or Greek look-alike next to a Latin letter ("lас",
         * "Нê"): nobody mixes the scripts in a word but to hide it. */
        if (c == C_LETTER && prev && cls(prev, 0) == C_LETTER &&
            ((homoglyph(u) != u && prev < 0x250) || (homoglyph(prev) != prev && u < 0x250)))
            return 1;
        /* A look-alike between two letters, unless the word is a product
         * code ("FA7F0475", "BFC7D0H7"). */
        if (c == C_LETTER && prev2 && cls(prev2, 0) == C_LETTER &&
            (prev == '0' || prev == '1' || prev == '3' || prev == '4' || prev == '@' ||
             prev == '$' || prev == '5' || prev == '7') &&
            !product_code(s, len, i - k))
            return 1;
        if (c == C_SEP) {
            if (in_tok) {
                if (tok_bases == 1) {
                    singles++;
                    unsigned l = tok_first | 0x20;
                    int vowel = tok_first >= 0x80 || l == 'a' || l == 'e' || l == 'i' || l == 'o' ||
                                l == 'u' || l == 'y';
                    run_vowel |= vowel;
                    run_consonant |= !vowel;
                } else {
                    singles = 0, run_vowel = 0, run_consonant = 0;
                }
                /* A word, not sizes ("S M L") or initials. */
                if (singles >= 3 && run_vowel && run_consonant)
                    return 1;
            }
            in_tok = 0;
            tok_bases = 0;
        } else {
            if (!in_tok)
                tok_first = u;
            in_tok = 1;
            if (c != C_MARK)
                tok_bases++;
        }
        if (!u)
            break;
        prev2 = prev;
        prev = u;
    }
    return 0;
}

/* The names a web form or a shop's export writes: HTML 4's Latin-1 letters
 * and signs and the punctuation of typed text. Vietnamese letters outside
 * Latin-1 have no names and come as numbers ("&#7841;"). A table of a
 * hundred names is smaller than a dependency on an HTML parser. */
static const struct {
    const char *name;
    unsigned cp;
} html_names[] = {
    {"amp", '&'},      {"lt", '<'},        {"gt", '>'},        {"quot", '"'},
    {"apos", '\''},    {"nbsp", 0xa0},     {"iexcl", 0xa1},    {"cent", 0xa2},
    {"pound", 0xa3},   {"curren", 0xa4},   {"yen", 0xa5},      {"brvbar", 0xa6},
    {"sect", 0xa7},    {"uml", 0xa8},      {"copy", 0xa9},     {"ordf", 0xaa},
    {"laquo", 0xab},   {"not", 0xac},      {"shy", 0xad},      {"reg", 0xae},
    {"macr", 0xaf},    {"deg", 0xb0},      {"plusmn", 0xb1},   {"sup2", 0xb2},
    {"sup3", 0xb3},    {"acute", 0xb4},    {"micro", 0xb5},    {"para", 0xb6},
    {"middot", 0xb7},  {"cedil", 0xb8},    {"sup1", 0xb9},     {"ordm", 0xba},
    {"raquo", 0xbb},   {"frac14", 0xbc},   {"frac12", 0xbd},   {"frac34", 0xbe},
    {"iquest", 0xbf},  {"Agrave", 0xc0},   {"Aacute", 0xc1},   {"Acirc", 0xc2},
    {"Atilde", 0xc3},  {"Auml", 0xc4},     {"Aring", 0xc5},    {"AElig", 0xc6},
    {"Ccedil", 0xc7},  {"Egrave", 0xc8},   {"Eacute", 0xc9},   {"Ecirc", 0xca},
    {"Euml", 0xcb},    {"Igrave", 0xcc},   {"Iacute", 0xcd},   {"Icirc", 0xce},
    {"Iuml", 0xcf},    {"ETH", 0xd0},      {"Ntilde", 0xd1},   {"Ograve", 0xd2},
    {"Oacute", 0xd3},  {"Ocirc", 0xd4},    {"Otilde", 0xd5},   {"Ouml", 0xd6},
    {"times", 0xd7},   {"Oslash", 0xd8},   {"Ugrave", 0xd9},   {"Uacute", 0xda},
    {"Ucirc", 0xdb},   {"Uuml", 0xdc},     {"Yacute", 0xdd},   {"THORN", 0xde},
    {"szlig", 0xdf},   {"agrave", 0xe0},   {"aacute", 0xe1},   {"acirc", 0xe2},
    {"atilde", 0xe3},  {"auml", 0xe4},     {"aring", 0xe5},    {"aelig", 0xe6},
    {"ccedil", 0xe7},  {"egrave", 0xe8},   {"eacute", 0xe9},   {"ecirc", 0xea},
    {"euml", 0xeb},    {"igrave", 0xec},   {"iacute", 0xed},   {"icirc", 0xee},
    {"iuml", 0xef},    {"eth", 0xf0},      {"ntilde", 0xf1},   {"ograve", 0xf2},
    {"oacute", 0xf3},  {"ocirc", 0xf4},    {"otilde", 0xf5},   {"ouml", 0xf6},
    {"divide", 0xf7},  {"oslash", 0xf8},   {"ugrave", 0xf9},   {"uacute", 0xfa},
    {"ucirc", 0xfb},   {"uuml", 0xfc},     {"yacute", 0xfd},   {"thorn", 0xfe},
    {"yuml", 0xff},    {"ndash", 0x2013},  {"mdash", 0x2014},  {"lsquo", 0x2018},
    {"rsquo", 0x2019}, {"ldquo", 0x201c},  {"rdquo", 0x201d},  {"bull", 0x2022},
    {"hellip", 0x2026}, {"euro", 0x20ac},  {"trade", 0x2122},
};

/* The code point of the entity at s[0..n) ("&...;"), and its length in
 * *used; 0 when there is none. */
static unsigned html_entity(const char *s, size_t n, size_t *used)
{
    size_t e = 1;
    while (e < n && e <= 10 && s[e] != ';')
        e++;
    if (e >= n || s[e] != ';' || e < 3)
        return 0;
    *used = e + 1;
    if (s[1] == '#') {
        int hex = s[2] == 'x' || s[2] == 'X';
        size_t k = hex ? 3 : 2;
        if (k >= e)
            return 0;
        unsigned long v = 0;
        for (; k < e; k++) {
            unsigned char c = (unsigned char)s[k];
            unsigned d = c >= '0' && c <= '9'           ? c - 48u
                         : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10u
                         : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10u
                                                       : 99u;
            if (d == 99u || v > 0x10ffff)
                return 0;
            v = v * (hex ? 16u : 10u) + d;
        }
        /* No controls, surrogates or numbers past Unicode. */
        if (v < 0x20 || (v >= 0x7f && v < 0xa0) || (v >= 0xd800 && v < 0xe000) || v > 0x10ffff)
            return 0;
        return (unsigned)v;
    }
    for (size_t k = 0; k < CG_ARRAY_LEN(html_names); k++)
        if (strlen(html_names[k].name) == e - 1 && memcmp(html_names[k].name, s + 1, e - 1) == 0)
            return html_names[k].cp;
    return 0;
}

size_t post_html_decode(const char *s, size_t len, buf *out)
{
    const char *amp = memchr(s, '&', len);
    size_t decoded = 0, i = 0;
    while (amp) {
        size_t k = (size_t)(amp - s), used = 0;
        unsigned cp = html_entity(amp, len - k, &used);
        size_t from = k + 1;
        if (cp) {
            char w[4];
            buf_append(out, s + i, k - i);
            buf_append(out, w, enc_utf8(cp, w));
            decoded++;
            i = from = k + used;
        }
        amp = from < len ? memchr(s + from, '&', len - from) : NULL;
    }
    if (decoded)
        buf_append(out, s + i, len - i);
    return decoded;
}
