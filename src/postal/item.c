/* item.c: the postal-jsonl v1 reader: a strict, zero-copy JSON scanner that
 * fills a post_item without building a document tree. */
#include "postal/item.h"

#include "core/text.h"
#include "core/ts.h"

#include <math.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct post_parser {
    int careful; /* never the fast path (post_parser_set_fast) */
    int width;   /* the line check's widest step, 0: the widest there is */
    post_content *contents;
    size_t ccap;
    post_doc *docs;
    size_t dcap;
    uint64_t *qbits; /* the plain line's quote bitmap (see line_plain) */
    size_t qcap;     /* its words */
};

typedef struct scan {
    char *s, *p, *end;
    cg_err *err;
    int failed;
    size_t idx;            /* the contents[] or documents[] entry being read, for messages */
    int plain;             /* the whole line is valid UTF-8 without a backslash or a
                              control character: every string ends at the next quote */
    const uint64_t *qbits; /* plain lines: bit i of word i / 64 set when byte
                              i is a quote; zero past the end */
    size_t nq;             /* words in qbits */
} scan;

post_parser *post_parser_new(void)
{
    return cg_calloc(1, sizeof(post_parser));
}

void post_parser_free(post_parser *p)
{
    if (!p)
        return;
    free(p->contents);
    free(p->docs);
    free(p->qbits);
    free(p);
}

void post_parser_set_fast(post_parser *p, int on)
{
    p->careful = !on;
}

int post_str_eq(post_str s, const char *t)
{
    size_t n = strlen(t);
    return s.p && s.len == n && memcmp(s.p, t, n) == 0;
}

static int fail(scan *sc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(scan *sc, const char *fmt, ...)
{
    if (sc->failed)
        return -1;
    sc->failed = 1;
    va_list ap;
    va_start(ap, fmt);
    sc->err->code = CG_EINVAL;
    vsnprintf(sc->err->msg, sizeof sc->err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

/* An error about `what`: a field path ("sender.phone", "contents[#].quantity",
 * '#' standing for the entry being read) or "item". Names are only built
 * here, on the error path. */
static int failw(scan *sc, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int failw(scan *sc, const char *what, const char *fmt, ...)
{
    if (sc->failed)
        return -1;
    char name[96];
    size_t n = 0;
    if (strcmp(what, "item") != 0)
        n = (size_t)snprintf(name, sizeof name, "field '");
    for (const char *w = what; *w && n + 24 < sizeof name; w++) {
        if (*w == '#')
            n += (size_t)snprintf(name + n, sizeof name - n, "%zu", sc->idx);
        else
            name[n++] = *w;
    }
    if (strcmp(what, "item") != 0)
        name[n++] = '\'';
    name[n] = '\0';
    char rest[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rest, sizeof rest, fmt, ap);
    va_end(ap);
    return fail(sc, "%s: %s", name, rest);
}

static size_t col(const scan *sc)
{
    return (size_t)(sc->p - sc->s) + 1;
}

__attribute__((always_inline)) static inline void ws(scan *sc)
{
    /* Most calls find no white space: one comparison says so. */
    while (sc->p < sc->end && (unsigned char)*sc->p <= ' ' &&
           (*sc->p == ' ' || *sc->p == '\t' || *sc->p == '\n' || *sc->p == '\r'))
        sc->p++;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static char *put_utf8(char *w, unsigned cp)
{
    if (cp < 0x80) {
        *w++ = (char)cp;
    } else if (cp < 0x800) {
        *w++ = (char)(0xc0 | (cp >> 6));
        *w++ = (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        *w++ = (char)(0xe0 | (cp >> 12));
        *w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *w++ = (char)(0x80 | (cp & 0x3f));
    } else {
        *w++ = (char)(0xf0 | (cp >> 18));
        *w++ = (char)(0x80 | ((cp >> 12) & 0x3f));
        *w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *w++ = (char)(0x80 | (cp & 0x3f));
    }
    return w;
}

/* Length of the valid UTF-8 sequence at p (a non-ASCII lead), or 0. The
 * two- and three-byte forms Vietnamese uses are checked inline. */
static size_t utf8_len(const char *p, const char *end)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t avail = (size_t)(end - p);
    if (u[0] >= 0xc2 && u[0] <= 0xdf && avail >= 2 && (u[1] & 0xc0) == 0x80)
        return 2;
    if (((u[0] >= 0xe1 && u[0] <= 0xec) || u[0] >= 0xee) && u[0] <= 0xef && avail >= 3 &&
        (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80)
        return 3;
    return text_utf8_seq(p, avail);
}

/* The end of the run of bytes from p that need no attention in a string:
 * not a quote, a backslash, a control character or a non-ASCII byte. */
static char *plain_run(char *p, char *end)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                  lim = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)p);
        /* Bytes >= 0x80 are negative, so "signed <= 0x1f" catches them with
         * the control characters. */
        __m128i bad =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                         _mm_cmpgt_epi8(lim, v));
        int m = _mm_movemask_epi8(bad);
        if (m)
            return p + __builtin_ctz((unsigned)m);
        p += 16;
    }
#endif
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
            break;
        p++;
    }
    return p;
}

#if defined(__x86_64__) || defined(__i386__)
/* The common string, 16 bytes at a time: no escape, no control character,
 * valid UTF-8 checked on the way with the lookup algorithm of Keiser and
 * Lemire ("Validating UTF-8 in less than one instruction per byte", 2021):
 * three table lookups on nibbles find the bad two-byte patterns, saturating
 * subtractions the missing third and fourth bytes. SSSE3, chosen at run
 * time. */
enum {
    TOO_SHORT = 1 << 0,
    TOO_LONG = 1 << 1,
    OVERLONG_3 = 1 << 2,
    TOO_LARGE = 1 << 3,
    SURROGATE = 1 << 4,
    OVERLONG_2 = 1 << 5,
    TOO_LARGE_1000 = 1 << 6,
    OVERLONG_4 = 1 << 6,
    TWO_CONTS = 1 << 7,
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS
};

__attribute__((target("ssse3"))) static inline __m128i lookup16(__m128i idx, const uint8_t t[16])
{
    return _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)t), idx);
}

static const uint8_t b1h[16] = {TOO_LONG,
                                TOO_LONG,
                                TOO_LONG,
                                TOO_LONG,
                                TOO_LONG,
                                TOO_LONG,
                                TOO_LONG,
                                TOO_LONG,
                                TWO_CONTS,
                                TWO_CONTS,
                                TWO_CONTS,
                                TWO_CONTS,
                                TOO_SHORT | OVERLONG_2,
                                TOO_SHORT,
                                TOO_SHORT | OVERLONG_3 | SURROGATE,
                                TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4};
static const uint8_t b1l[16] = {CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
                                CARRY | OVERLONG_2,
                                CARRY,
                                CARRY,
                                CARRY | TOO_LARGE,
                                CARRY | TOO_LARGE | TOO_LARGE_1000,
                                CARRY | TOO_LARGE | TOO_LARGE_1000,
                                CARRY | TOO_LARGE | TOO_LARGE_1000,
                                CARRY | TOO_LARGE | TOO_LARGE_1000,
                                CARRY | TOO_LARGE | TOO_LARGE_1000,
                                CARRY | TOO_LARGE | TOO_LARGE_1000,
                                CARRY | TOO_LARGE | TOO_LARGE_1000,
                                CARRY | TOO_LARGE | TOO_LARGE_1000,
                                CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
                                CARRY | TOO_LARGE | TOO_LARGE_1000,
                                CARRY | TOO_LARGE | TOO_LARGE_1000};
static const uint8_t b2h[16] = {TOO_SHORT,
                                TOO_SHORT,
                                TOO_SHORT,
                                TOO_SHORT,
                                TOO_SHORT,
                                TOO_SHORT,
                                TOO_SHORT,
                                TOO_SHORT,
                                TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 |
                                    OVERLONG_4,
                                TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
                                TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
                                TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
                                TOO_SHORT,
                                TOO_SHORT,
                                TOO_SHORT,
                                TOO_SHORT};

__attribute__((target("ssse3"))) static inline __m128i block_err(__m128i in, __m128i prev_in)
{
    const __m128i lo = _mm_set1_epi8(0x0f);
    __m128i prev1 = _mm_alignr_epi8(in, prev_in, 15);
    __m128i sc =
        _mm_and_si128(_mm_and_si128(lookup16(_mm_and_si128(_mm_srli_epi16(prev1, 4), lo), b1h),
                                    lookup16(_mm_and_si128(prev1, lo), b1l)),
                      lookup16(_mm_and_si128(_mm_srli_epi16(in, 4), lo), b2h));
    __m128i prev2 = _mm_alignr_epi8(in, prev_in, 14);
    __m128i prev3 = _mm_alignr_epi8(in, prev_in, 13);
    __m128i must = _mm_or_si128(_mm_subs_epu8(prev2, _mm_set1_epi8((char)(0xe0 - 0x80))),
                                _mm_subs_epu8(prev3, _mm_set1_epi8((char)(0xf0 - 0x80))));
    must = _mm_and_si128(must, _mm_set1_epi8((char)0x80));
    return _mm_xor_si128(must, sc);
}

/* The closing quote of the string starting at p when it is plain (no
 * escape, no control character, valid UTF-8) and ends at least 16 bytes
 * before end; NULL otherwise, and the byte-by-byte reader takes over. */
__attribute__((target("ssse3"))) static char *plain_string_ssse3(char *p, char *end)
{
    static const uint8_t keep[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
                  hi3 = _mm_set1_epi8((char)0xe0), zero = _mm_setzero_si128();
    __m128i prev = zero, err = zero;
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)p);
        __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                         _mm_cmpeq_epi8(_mm_and_si128(v, hi3), zero));
        int m = _mm_movemask_epi8(hit);
        if (m) {
            int k = __builtin_ctz((unsigned)m);
            if (p[k] != '"')
                return NULL;
            /* Bytes from the quote on become NUL: a sequence cut short by
             * the quote shows as too short. */
            v = _mm_and_si128(v, _mm_loadu_si128((const __m128i *)(keep + 16 - k)));
            if (_mm_movemask_epi8(v) | _mm_movemask_epi8(prev))
                err = _mm_or_si128(err, block_err(v, prev));
            return _mm_movemask_epi8(_mm_cmpeq_epi8(err, zero)) == 0xffff ? p + k : NULL;
        }
        if (_mm_movemask_epi8(v) | _mm_movemask_epi8(prev))
            err = _mm_or_si128(err, block_err(v, prev));
        prev = v;
        p += 16;
    }
    return NULL;
}

static int have_ssse3(void)
{
    static int ssse3 = -1;
    if (ssse3 < 0)
        ssse3 = __builtin_cpu_supports("ssse3") ? 1 : 0;
    return ssse3;
}

static char *plain_string(char *p, char *end)
{
    return have_ssse3() ? plain_string_ssse3(p, end) : NULL;
}

/* Store the quote mask of the block at byte i (n bytes of mask: 16 or 32
 * bits) into the bitmap. Blocks start at multiples of their size, so the
 * bits stay inside one word; x86 is little-endian, so bytes of the mask
 * land at their bit positions. */
static inline void put_bits(uint64_t *qbits, size_t i, uint64_t m, size_t n)
{
    memcpy((unsigned char *)qbits + i / 8, &m, n);
}

/* One pass over the whole line, 16 bytes at a time: 1 when it is valid
 * UTF-8 and has no backslash and no control character (not even a tab as
 * white space). Then no string of the line needs unescaping or checking,
 * and each ends at the next quote; any other line takes the careful path,
 * which finds the same items and gives the same errors. */
__attribute__((target("ssse3"))) static int line_plain_ssse3(const char *s, size_t len,
                                                             uint64_t *qbits)
{
    const __m128i bslash = _mm_set1_epi8('\\'), lim = _mm_set1_epi8(0x20),
                  quote = _mm_set1_epi8('"'), zero = _mm_setzero_si128();
    __m128i prev = zero, err = zero, bad = zero;
    size_t i = 0;
    for (;; i += 16) {
        __m128i v;
        if (len - i >= 16) {
            v = _mm_loadu_si128((const __m128i *)(s + i));
        } else {
            /* The tail, padded with NULs that are not counted as control
             * characters; for UTF-8 they end the line as its end does. */
            char t[16] = {0};
            memcpy(t, s + i, len - i);
            v = _mm_loadu_si128((const __m128i *)t);
            put_bits(qbits, i, (uint64_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)), 2);
            __m128i ctl = _mm_andnot_si128(_mm_cmplt_epi8(v, zero), _mm_cmplt_epi8(v, lim));
            __m128i real =
                _mm_cmplt_epi8(_mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                               _mm_set1_epi8((char)(len - i)));
            bad = _mm_or_si128(bad,
                               _mm_and_si128(_mm_or_si128(ctl, _mm_cmpeq_epi8(v, bslash)), real));
            if (_mm_movemask_epi8(v) | _mm_movemask_epi8(prev))
                err = _mm_or_si128(err, block_err(v, prev));
            /* A sequence cut by the end of the line shows against a
             * block of NULs. */
            err = _mm_or_si128(err, block_err(zero, v));
            break;
        }
        put_bits(qbits, i, (uint64_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)), 2);
        __m128i ctl = _mm_andnot_si128(_mm_cmplt_epi8(v, zero), _mm_cmplt_epi8(v, lim));
        bad = _mm_or_si128(bad, _mm_or_si128(ctl, _mm_cmpeq_epi8(v, bslash)));
        if (_mm_movemask_epi8(v) | _mm_movemask_epi8(prev))
            err = _mm_or_si128(err, block_err(v, prev));
        prev = v;
    }
    return _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(err, bad), zero)) == 0xffff;
}

/* The same 32 bytes at a time with AVX2: the tables are repeated in both
 * halves, since the byte shuffle works within each 16-byte half. */
__attribute__((target("avx2"))) static inline __m256i lookup32(__m256i idx, const uint8_t t[16])
{
    return _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t)),
                               idx);
}

__attribute__((target("avx2"))) static inline __m256i block_err32(__m256i in, __m256i prev_in)
{
    const __m256i lo = _mm256_set1_epi8(0x0f);
    __m256i back = _mm256_permute2x128_si256(prev_in, in, 0x21);
    __m256i prev1 = _mm256_alignr_epi8(in, back, 15);
    __m256i sc = _mm256_and_si256(
        _mm256_and_si256(lookup32(_mm256_and_si256(_mm256_srli_epi16(prev1, 4), lo), b1h),
                         lookup32(_mm256_and_si256(prev1, lo), b1l)),
        lookup32(_mm256_and_si256(_mm256_srli_epi16(in, 4), lo), b2h));
    __m256i prev2 = _mm256_alignr_epi8(in, back, 14);
    __m256i prev3 = _mm256_alignr_epi8(in, back, 13);
    __m256i must = _mm256_or_si256(_mm256_subs_epu8(prev2, _mm256_set1_epi8((char)(0xe0 - 0x80))),
                                   _mm256_subs_epu8(prev3, _mm256_set1_epi8((char)(0xf0 - 0x80))));
    must = _mm256_and_si256(must, _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must, sc);
}

__attribute__((target("avx2"))) static int line_plain_avx2(const char *s, size_t len,
                                                           uint64_t *qbits)
{
    static const char idx[32] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
                                 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
    const __m256i bslash = _mm256_set1_epi8('\\'), lim = _mm256_set1_epi8(0x20),
                  lim1 = _mm256_set1_epi8(0x1f), quote = _mm256_set1_epi8('"'),
                  zero = _mm256_setzero_si256();
    __m256i prev = zero, err = zero, bad = zero;
    size_t i = 0;
    for (;; i += 32) {
        __m256i v;
        if (len - i >= 32) {
            v = _mm256_loadu_si256((const __m256i *)(s + i));
        } else {
            char t[32] = {0};
            memcpy(t, s + i, len - i);
            v = _mm256_loadu_si256((const __m256i *)t);
            put_bits(qbits, i, (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, quote)), 4);
            __m256i ctl =
                _mm256_andnot_si256(_mm256_cmpgt_epi8(zero, v), _mm256_cmpgt_epi8(lim, v));
            __m256i real = _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(len - i)),
                                             _mm256_loadu_si256((const __m256i *)idx));
            bad = _mm256_or_si256(
                bad, _mm256_and_si256(_mm256_or_si256(ctl, _mm256_cmpeq_epi8(v, bslash)), real));
            if (_mm256_movemask_epi8(v) | _mm256_movemask_epi8(prev))
                err = _mm256_or_si256(err, block_err32(v, prev));
            err = _mm256_or_si256(err, block_err32(zero, v));
            break;
        }
        /* Unsigned v <= 0x1f: a control character. No branch on whether
         * the block is ASCII: text mixes both too unpredictably. */
        put_bits(qbits, i, (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, quote)), 4);
        __m256i ctl = _mm256_cmpeq_epi8(_mm256_min_epu8(v, lim1), v);
        bad = _mm256_or_si256(bad, _mm256_or_si256(ctl, _mm256_cmpeq_epi8(v, bslash)));
        err = _mm256_or_si256(err, block_err32(v, prev));
        prev = v;
    }
    return _mm256_testz_si256(_mm256_or_si256(err, bad), _mm256_or_si256(err, bad));
}

/* The same 64 bytes at a time with AVX-512 (BW for bytes, VBMI for the
 * byte permutation that brings the previous block's last bytes in front). */
#define AVX512 __attribute__((target("avx512f,avx512bw,avx512vbmi")))

AVX512 static inline __m512i lookup64(__m512i idx, const uint8_t t[16])
{
    return _mm512_shuffle_epi8(_mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)t)), idx);
}

/* Bytes [64 - n, 64) of prev followed by bytes [0, 64 - n) of in. */
AVX512 static inline __m512i back_n(__m512i prev, __m512i in, int n)
{
    static const uint8_t base[64] = {
        0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
        22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
        44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63};
    /* Index 64 + i - n: below 64 it picks from prev, from 64 on from in. */
    __m512i idx = _mm512_add_epi8(_mm512_loadu_si512(base), _mm512_set1_epi8((char)(64 - n)));
    return _mm512_permutex2var_epi8(prev, idx, in);
}

AVX512 static inline __m512i block_err64(__m512i in, __m512i prev_in)
{
    const __m512i lo = _mm512_set1_epi8(0x0f);
    __m512i prev1 = back_n(prev_in, in, 1);
    __m512i sc = _mm512_and_si512(
        _mm512_and_si512(lookup64(_mm512_and_si512(_mm512_srli_epi16(prev1, 4), lo), b1h),
                         lookup64(_mm512_and_si512(prev1, lo), b1l)),
        lookup64(_mm512_and_si512(_mm512_srli_epi16(in, 4), lo), b2h));
    __m512i prev2 = back_n(prev_in, in, 2), prev3 = back_n(prev_in, in, 3);
    __m512i must = _mm512_or_si512(_mm512_subs_epu8(prev2, _mm512_set1_epi8((char)(0xe0 - 0x80))),
                                   _mm512_subs_epu8(prev3, _mm512_set1_epi8((char)(0xf0 - 0x80))));
    must = _mm512_and_si512(must, _mm512_set1_epi8((char)0x80));
    return _mm512_xor_si512(must, sc);
}

AVX512 static int line_plain_avx512(const char *s, size_t len, uint64_t *qbits)
{
    const __m512i bslash = _mm512_set1_epi8('\\'), lim1 = _mm512_set1_epi8(0x1f),
                  quote = _mm512_set1_epi8('"'), zero = _mm512_setzero_si512();
    __m512i prev = zero, err = zero;
    __mmask64 bad = 0;
    for (size_t i = 0;; i += 64) {
        /* The tail is loaded under a mask (nothing read past the line);
         * its missing bytes are NULs, which end it as the line's end does,
         * and are not counted as control characters. */
        __mmask64 real = len - i >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << (len - i)) - 1);
        __m512i v = _mm512_maskz_loadu_epi8(real, s + i);
        qbits[i / 64] = _mm512_cmpeq_epi8_mask(v, quote);
        bad |= (_mm512_cmple_epu8_mask(v, lim1) | _mm512_cmpeq_epi8_mask(v, bslash)) & real;
        err = _mm512_or_si512(err, block_err64(v, prev));
        if (len - i <= 64) {
            /* A sequence cut by the end shows against a block of NULs. */
            err = _mm512_or_si512(err, block_err64(zero, v));
            break;
        }
        prev = v;
    }
    return !bad && !_mm512_test_epi8_mask(err, err);
}

/* The widest check the processor allows: 64, 32, 16 or 0 bytes. */
static int widest(void)
{
    static int w = -1;
    if (w < 0)
        w = __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi") ? 64
            : __builtin_cpu_supports("avx2")                                           ? 32
            : have_ssse3()                                                             ? 16
                                                                                       : 0;
    return w;
}

/* The step used for a width of at most `width` bytes (0: the widest). */
static int step_for(int width)
{
    int w = widest();
    if (width && width < w)
        w = width;
    return w >= 64 ? 64 : w >= 32 ? 32 : w >= 16 ? 16 : 0;
}

/* width: at most this many bytes at a time (0: the widest there is).
 * qbits (len / 64 + 1 words) receives the line's quote bitmap, zero past
 * the end; it is only meaningful when the line is plain. */
static int line_plain(const char *s, size_t len, int width, uint64_t *qbits)
{
    int w = step_for(width);
    /* The last word may be written only in part (or not at all). */
    qbits[len / 64] = 0;
    if (w >= 64)
        return line_plain_avx512(s, len, qbits);
    if (w >= 32)
        return line_plain_avx2(s, len, qbits);
    return w >= 16 ? line_plain_ssse3(s, len, qbits) : 0;
}

#else
static char *plain_string(char *p, char *end)
{
    (void)p, (void)end;
    return NULL;
}

static int line_plain(const char *s, size_t len, int width, uint64_t *qbits)
{
    (void)s, (void)len, (void)width, (void)qbits;
    return 0;
}
#endif

/* The next quote at or after p (p <= the line's end) on a plain line, or
 * NULL. Read from the bitmap line_plain made: strings of any length cost a
 * shift and a bit count, with no loop over their bytes whose trip count the
 * processor would have to guess. */
__attribute__((always_inline)) static inline char *next_quote(const scan *sc, char *p)
{
    size_t off = (size_t)(p - sc->s), w = off / 64;
    uint64_t m = sc->qbits[w] >> (off % 64);
    if (m)
        return p + __builtin_ctzll(m);
    while (++w < sc->nq)
        if (sc->qbits[w])
            return sc->s + w * 64 + __builtin_ctzll(sc->qbits[w]);
    return NULL;
}

/* A string at sc->p (on its opening quote), unescaped in place. what names
 * the field for messages. */
static int str(scan *sc, post_str *out, const char *what)
{
    if (sc->p >= sc->end || *sc->p != '"')
        return failw(sc, what, "expected a string");
    char *r = ++sc->p, *w = r, *start = r;
    char *q = sc->plain ? next_quote(sc, r) : plain_string(r, sc->end);
    if (q) {
        out->p = start;
        out->len = (size_t)(q - start);
        sc->p = q + 1;
        return 0;
    }
    for (;;) {
        /* The common run of plain ASCII, found 16 bytes at a time; moved
         * only once an escape has shifted the text. */
        char *run = r;
        r = plain_run(r, sc->end);
        if (w != run)
            memmove(w, run, (size_t)(r - run));
        w += r - run;
        if (r >= sc->end) {
            sc->p = r;
            return failw(sc, what, "unterminated string");
        }
        unsigned char c = (unsigned char)*r;
        if (c == '"') {
            out->p = start;
            out->len = (size_t)(w - start);
            sc->p = r + 1;
            return 0;
        }
        if (c < 0x20) {
            sc->p = r;
            return failw(sc, what, "control character in a string (column %zu)", col(sc));
        }
        if (c >= 0x80) {
            size_t n = utf8_len(r, sc->end);
            if (!n) {
                sc->p = r;
                return failw(sc, what, "invalid UTF-8 (column %zu)", col(sc));
            }
            for (size_t k = 0; k < n; k++)
                w[k] = r[k];
            w += n, r += n;
            continue;
        }
        /* An escape. */
        if (r + 1 >= sc->end) {
            sc->p = r;
            return failw(sc, what, "unterminated string");
        }
        char e = r[1];
        const char *simple = strchr("\"\\/bfnrt", e);
        if (e && simple) {
            static const char map[] = "\"\\/\b\f\n\r\t";
            *w++ = map[simple - "\"\\/bfnrt"];
            r += 2;
            continue;
        }
        if (e != 'u') {
            sc->p = r;
            return failw(sc, what, "bad escape (column %zu)", col(sc));
        }
        unsigned cp;
        if (sc->end - r < 6 || hex4(r + 2, &cp) < 0) {
            sc->p = r;
            return failw(sc, what, "bad \\u escape (column %zu)", col(sc));
        }
        r += 6;
        if (cp >= 0xdc00 && cp <= 0xdfff) {
            sc->p = r - 6;
            return failw(sc, what, "lone low surrogate (column %zu)", col(sc));
        }
        if (cp >= 0xd800 && cp <= 0xdbff) {
            unsigned lo;
            if (sc->end - r < 6 || r[0] != '\\' || r[1] != 'u' || hex4(r + 2, &lo) < 0 ||
                lo < 0xdc00 || lo > 0xdfff) {
                sc->p = r - 6;
                return failw(sc, what, "unpaired high surrogate (column %zu)", col(sc));
            }
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            r += 6;
        }
        if (cp == 0) {
            sc->p = r - 6;
            return failw(sc, what, "NUL character in a string (column %zu)", col(sc));
        }
        w = put_utf8(w, cp);
    }
}

/* A number per RFC 8259's grammar. */
static int num(scan *sc, double *out, const char *what)
{
    char *b = sc->p, *q = b;
    int neg = 0;
    if (q < sc->end && *q == '-')
        neg = 1, q++;
    if (q >= sc->end || *q < '0' || *q > '9')
        return failw(sc, what, "expected a number (column %zu)", col(sc));
    uint64_t iv = 0;
    int digits = 0;
    if (*q == '0') {
        q++;
        digits = 1;
    } else {
        while (q < sc->end && *q >= '0' && *q <= '9') {
            if (digits < 18)
                iv = iv * 10 + (uint64_t)(*q - '0');
            digits++, q++;
        }
    }
    int simple = digits <= 15;
    if (q < sc->end && *q == '.') {
        simple = 0, q++;
        if (q >= sc->end || *q < '0' || *q > '9') {
            sc->p = q;
            return failw(sc, what, "bad number (column %zu)", col(sc));
        }
        while (q < sc->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < sc->end && (*q == 'e' || *q == 'E')) {
        simple = 0, q++;
        if (q < sc->end && (*q == '+' || *q == '-'))
            q++;
        if (q >= sc->end || *q < '0' || *q > '9') {
            sc->p = q;
            return failw(sc, what, "bad number (column %zu)", col(sc));
        }
        while (q < sc->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (simple) {
        *out = neg ? -(double)iv : (double)iv;
    } else {
        /* The line is NUL-terminated after end, so a temporary terminator
         * here is safe and is put back at once. */
        char save = *q;
        *q = '\0';
        *out = strtod(b, NULL);
        *q = save;
        if (!isfinite(*out)) {
            sc->p = b;
            return failw(sc, what, "number out of range (column %zu)", col(sc));
        }
    }
    sc->p = q;
    return 0;
}

__attribute__((always_inline)) static inline int lit(scan *sc, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, word, n) != 0)
        return -1;
    sc->p += n;
    return 0;
}

static int skip_value(scan *sc, int depth, const char *what);

/* p moved past white space. */
__attribute__((always_inline)) static inline char *skip_ws(char *p, const char *end)
{
    while (p < end && (unsigned char)*p <= ' ' &&
           (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* Object iteration: *state starts at 0. Returns 1 with *key set and the
 * colon consumed, 0 at the closing brace, -1 on error. The position is
 * kept in a local and stored back once (or before an error message, which
 * gives its column). */
__attribute__((always_inline)) static inline int obj_next(scan *sc, int *state, post_str *key,
                                                          const char *what)
{
    char *p = sc->p, *end = sc->end;
    if (*state == 0) {
        p = skip_ws(p, end);
        if (p >= end || *p != '{') {
            sc->p = p;
            return failw(sc, what, "expected an object");
        }
        p = skip_ws(p + 1, end);
        if (p < end && *p == '}') {
            sc->p = p + 1;
            return 0;
        }
        *state = 1;
    } else {
        p = skip_ws(p, end);
        if (p < end && *p == '}') {
            sc->p = p + 1;
            return 0;
        }
        if (p >= end || *p != ',') {
            sc->p = p;
            return failw(sc, what, "expected ',' or '}' (column %zu)", col(sc));
        }
        p = skip_ws(p + 1, end);
    }
    if (p >= end || *p != '"') {
        sc->p = p;
        return failw(sc, what, "expected a field name (column %zu)", col(sc));
    }
    /* Field names are short and plain: read them here, and leave any
     * escape or non-ASCII byte to the string reader. */
    char *k = p + 1, *e;
    if (sc->plain) {
        e = next_quote(sc, k);
        if (!e)
            e = end;
    } else {
        e = k;
        while (e < end && *e != '"' && *e != '\\' && (unsigned char)*e >= 0x20 &&
               (unsigned char)*e < 0x80)
            e++;
    }
    if (e < end && *e == '"') {
        key->p = k;
        key->len = (size_t)(e - k);
        p = e + 1;
    } else {
        sc->p = p;
        if (str(sc, key, what) < 0)
            return -1;
        p = sc->p;
    }
    p = skip_ws(p, end);
    if (p >= end || *p != ':') {
        sc->p = p;
        return failw(sc, what, "expected ':' (column %zu)", col(sc));
    }
    sc->p = skip_ws(p + 1, end);
    return 1;
}

/* Array iteration, as obj_next: 1 with sc->p on the next element. */
static int arr_next(scan *sc, int *state, const char *what)
{
    ws(sc);
    if (*state == 0) {
        if (sc->p >= sc->end || *sc->p != '[')
            return failw(sc, what, "expected an array");
        sc->p++;
        ws(sc);
        if (sc->p < sc->end && *sc->p == ']') {
            sc->p++;
            return 0;
        }
        *state = 1;
        return 1;
    }
    if (sc->p < sc->end && *sc->p == ']') {
        sc->p++;
        return 0;
    }
    if (sc->p >= sc->end || *sc->p != ',')
        return failw(sc, what, "expected ',' or ']' (column %zu)", col(sc));
    sc->p++;
    ws(sc);
    return 1;
}

static int skip_value(scan *sc, int depth, const char *what)
{
    if (depth > POST_MAX_DEPTH)
        return failw(sc, what, "nesting deeper than %d (column %zu)", POST_MAX_DEPTH, col(sc));
    ws(sc);
    if (sc->p >= sc->end)
        return failw(sc, what, "expected a value at the end of the line");
    switch (*sc->p) {
    case '"': {
        post_str s;
        return str(sc, &s, what);
    }
    case '{': {
        int st = 0, r;
        post_str k;
        while ((r = obj_next(sc, &st, &k, what)) == 1)
            if (skip_value(sc, depth + 1, what) < 0)
                return -1;
        return r;
    }
    case '[': {
        int st = 0, r;
        while ((r = arr_next(sc, &st, what)) == 1)
            if (skip_value(sc, depth + 1, what) < 0)
                return -1;
        return r;
    }
    case 't':
        if (lit(sc, "true") == 0)
            return 0;
        break;
    case 'f':
        if (lit(sc, "false") == 0)
            return 0;
        break;
    case 'n':
        if (lit(sc, "null") == 0)
            return 0;
        break;
    default:
        if (*sc->p == '-' || (*sc->p >= '0' && *sc->p <= '9')) {
            double d;
            return num(sc, &d, what);
        }
    }
    return failw(sc, what, "invalid JSON value (column %zu)", col(sc));
}

__attribute__((always_inline)) static inline int is_null(scan *sc)
{
    return lit(sc, "null") == 0;
}

static const char *type_name(char c)
{
    switch (c) {
    case '"': return "a string";
    case '{': return "an object";
    case '[': return "an array";
    case 't':
    case 'f': return "a boolean";
    case 'n': return "null";
    default: return "a number";
    }
}

/* An optional string field: null leaves it absent. */
__attribute__((always_inline)) static inline int opt_str(scan *sc, post_str *out, const char *what)
{
    if (sc->plain && sc->p < sc->end && *sc->p == '"') {
        /* A plain line's string, read inline. */
        char *q = next_quote(sc, sc->p + 1);
        if (q) {
            out->p = sc->p + 1;
            out->len = (size_t)(q - out->p);
            sc->p = q + 1;
            return 0;
        }
    }
    if (is_null(sc)) {
        out->p = NULL, out->len = 0;
        return 0;
    }
    if (sc->p < sc->end && *sc->p != '"')
        return failw(sc, what, "expected a string, got %s", type_name(*sc->p));
    return str(sc, out, what);
}

/* A code (HS code, document number): a string, or a JSON number kept as
 * the digits it was written with, since some systems write codes as numbers. */
static int opt_code(scan *sc, post_str *out, const char *what)
{
    if (sc->p < sc->end && (*sc->p == '-' || (*sc->p >= '0' && *sc->p <= '9'))) {
        char *b = sc->p;
        double d;
        if (num(sc, &d, what) < 0)
            return -1;
        out->p = b;
        out->len = (size_t)(sc->p - b);
        return 0;
    }
    return opt_str(sc, out, what);
}

/* The usual whole number of up to 15 digits, read inline: 1 with *out
 * set and the position moved past it; 0 for anything else (a sign, a
 * fraction, an exponent, a leading zero followed by more, more digits),
 * which the full grammar then reads. */
/* How many of the 8 bytes in x (as loaded from memory, first byte lowest)
 * are decimal digits before the first that is not, 0 to 8. Each byte v
 * (the byte XOR '0') is a digit when v < 10: then neither v nor v + 0x76
 * has its top bit set. A carry out of a byte can only come from one that
 * is not a digit, and only moves toward later bytes. */
static inline unsigned digits8(uint64_t x)
{
    uint64_t v = x ^ 0x3030303030303030ull;
    uint64_t bad = (v | (v + 0x7676767676767676ull)) & 0x8080808080808080ull;
    return bad ? (unsigned)__builtin_ctzll(bad) / 8 : 8;
}

/* The value of the first n (1 to 8) digits of x: shifted so that they end
 * the word (zeros before them read as leading zeros), then combined in
 * pairs, fours and eights by three multiplications. */
static inline uint64_t value8(uint64_t x, unsigned n)
{
    x = (x & 0x0f0f0f0f0f0f0f0full) << (8 * (8 - n));
    x = (x * 2561) >> 8;
    x = ((x & 0x00ff00ff00ff00ffull) * 6553601) >> 16;
    return ((x & 0x0000ffff0000ffffull) * 42949672960001ull) >> 32;
}

__attribute__((always_inline)) static inline int whole(scan *sc, uint64_t *out)
{
    const char *q = sc->p, *end = sc->end;
    if (end - q >= 16) {
        /* Eight digits at a time (the numbers of an item are most of its
         * bytes that are not text); 16 bytes are there to load. */
        uint64_t a, b;
        memcpy(&a, q, 8);
        unsigned n = digits8(a);
        if (n == 0)
            return 0;
        uint64_t iv;
        if (n < 8) {
            iv = value8(a, n);
        } else {
            static const uint64_t pow10[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
            memcpy(&b, q + 8, 8);
            unsigned m = digits8(b);
            if (m == 8)
                return 0; /* 16 digits or more: the full grammar */
            iv = value8(a, 8);
            if (m)
                iv = iv * pow10[m] + value8(b, m);
            n += m;
        }
        if ((q[0] == '0' && n > 1) || q[n] == '.' || q[n] == 'e' || q[n] == 'E')
            return 0;
        *out = iv;
        sc->p += n;
        return 1;
    }
    uint64_t iv = 0;
    size_t n = 0;
    while (q + n < end && n < 16 && (unsigned char)(q[n] - '0') <= 9)
        iv = iv * 10 + (uint64_t)(q[n] - '0'), n++;
    if (n && n <= 15 && (q[0] != '0' || n == 1) &&
        (q + n == end || (q[n] != '.' && q[n] != 'e' && q[n] != 'E'))) {
        *out = iv;
        sc->p += n;
        return 1;
    }
    return 0;
}

/* An optional number >= 0; sets bit in *has when given. */
__attribute__((always_inline)) static inline int opt_num(scan *sc, double *out, unsigned *has,
                                                         unsigned bit, const char *what)
{
    uint64_t iv;
    if (whole(sc, &iv)) {
        *out = (double)iv;
        *has |= bit;
        return 0;
    }
    if (is_null(sc)) {
        *has &= ~bit;
        return 0;
    }
    if (sc->p < sc->end && *sc->p != '-' && (*sc->p < '0' || *sc->p > '9'))
        return failw(sc, what, "expected a number, got %s", type_name(*sc->p));
    if (num(sc, out, what) < 0)
        return -1;
    if (*out < 0)
        return failw(sc, what, "must not be negative");
    *has |= bit;
    return 0;
}

/* A field name against a literal, compared inline. */
#define key_is(k, lit) ((k).len == sizeof(lit) - 1 && memcmp((k).p, lit, sizeof(lit) - 1) == 0)
/* The same once the length is known to match (inside a switch on it). */
#define key_eq(k, lit) (memcmp((k).p, lit, sizeof(lit) - 1) == 0)

static int party(scan *sc, post_party *out, int recipient, int *seen)
{
    const char *who = recipient ? "recipient" : "sender";
    memset(out, 0, sizeof *out);
    if (is_null(sc))
        return 0;
    if (sc->p < sc->end && *sc->p != '{')
        return failw(sc, who, "expected an object, got %s", type_name(*sc->p));
    *seen = 1;
    int st = 0, r;
    post_str k;
    while ((r = obj_next(sc, &st, &k, who)) == 1) {
        /* The field by its name's length first: one jump instead of a
         * chain of comparisons. */
        post_str *f = NULL;
        const char *what = NULL;
        switch (k.len) {
        case 4:
            if (key_eq(k, "name"))
                f = &out->name, what = recipient ? "recipient.name" : "sender.name";
            break;
        case 5:
            if (key_eq(k, "phone"))
                f = &out->phone, what = recipient ? "recipient.phone" : "sender.phone";
            break;
        case 7:
            if (key_eq(k, "address"))
                f = &out->address, what = recipient ? "recipient.address" : "sender.address";
            else if (key_eq(k, "country"))
                f = &out->country, what = recipient ? "recipient.country" : "sender.country";
            break;
        case 9:
            if (key_eq(k, "id_number"))
                f = &out->id_number, what = recipient ? "recipient.id_number" : "sender.id_number";
            break;
        }
        if ((f ? opt_str(sc, f, what) : skip_value(sc, 2, who)) < 0)
            return -1;
    }
    return r;
}

static int content(scan *sc, post_content *c, size_t idx)
{
    memset(c, 0, sizeof *c);
    sc->idx = idx;
    if (sc->p < sc->end && *sc->p != '{')
        return failw(sc, "contents[#]", "expected an object, got %s", type_name(*sc->p));
    int st = 0, r;
    post_str k;
    while ((r = obj_next(sc, &st, &k, "contents[#]")) == 1) {
        int rc;
        /* By the name's length first, as in party(). */
        if (k.len == 11 && key_eq(k, "description"))
            rc = opt_str(sc, &c->description, "contents[#].description");
        else if (k.len == 8 && key_eq(k, "quantity"))
            rc = opt_num(sc, &c->quantity, &c->has, POST_HAS_QTY, "contents[#].quantity");
        else if (k.len == 8 && key_eq(k, "weight_g"))
            rc = opt_num(sc, &c->weight_g, &c->has, POST_HAS_WEIGHT, "contents[#].weight_g");
        else if (k.len == 9 && key_eq(k, "value_vnd"))
            rc = opt_num(sc, &c->value_vnd, &c->has, POST_HAS_VALUE, "contents[#].value_vnd");
        else if (k.len == 7 && key_eq(k, "hs_code"))
            rc = opt_code(sc, &c->hs_code, "contents[#].hs_code");
        else if (k.len == 14 && key_eq(k, "origin_country"))
            rc = opt_str(sc, &c->origin_country, "contents[#].origin_country");
        else
            rc = skip_value(sc, 3, "contents[#]");
        if (rc < 0)
            return -1;
    }
    return r;
}

static int doc(scan *sc, post_doc *d, size_t idx)
{
    memset(d, 0, sizeof *d);
    sc->idx = idx;
    if (sc->p < sc->end && *sc->p != '{')
        return failw(sc, "documents[#]", "expected an object, got %s", type_name(*sc->p));
    int st = 0, r;
    post_str k;
    while ((r = obj_next(sc, &st, &k, "documents[#]")) == 1) {
        int rc;
        if (key_is(k, "kind"))
            rc = opt_str(sc, &d->kind, "documents[#].kind");
        else if (key_is(k, "number"))
            rc = opt_code(sc, &d->number, "documents[#].number");
        else
            rc = skip_value(sc, 3, "documents[#]");
        if (rc < 0)
            return -1;
    }
    return r;
}

static int ascii_ieq(post_str s, const char *t)
{
    size_t n = strlen(t);
    if (!s.p || s.len != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s.p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != t[i])
            return 0;
    }
    return 1;
}

int post_parser_set_width(post_parser *p, int bytes)
{
    p->width = bytes;
#if defined(__x86_64__) || defined(__i386__)
    return step_for(bytes);
#else
    return 0;
#endif
}

/* The item cleared with plain vector stores: the compiler's inline memset
 * of a block this size is a string instruction slow to start (and it would
 * turn this loop back into one without the attribute). */
#if defined(__GNUC__) && !defined(__clang__)
#define NO_MEMSET_IDIOM __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define NO_MEMSET_IDIOM
#endif
NO_MEMSET_IDIOM static void zero_item(post_item *it)
{
#ifdef __SSE2__
    char *p = (char *)it;
    const __m128i z = _mm_setzero_si128();
    size_t i = 0;
    for (; i + 16 <= sizeof *it; i += 16)
        _mm_storeu_si128((__m128i *)(p + i), z);
    if (i < sizeof *it)
        memset(p + i, 0, sizeof *it - i);
#else
    memset(it, 0, sizeof *it);
#endif
}

/* The item's fields, told apart by the name's length first: one jump
 * instead of a chain of up to twelve comparisons. */
enum {
    T_OTHER,
    T_ID,
    T_SERVICE,
    T_DIR,
    T_AT,
    T_OFFICE,
    T_SENDER,
    T_RECIP,
    T_CONTENTS,
    T_DOCS,
    T_WEIGHT,
    T_VALUE,
    T_COD
};

__attribute__((always_inline)) static inline int top_key(post_str k)
{
    switch (k.len) {
    case 6: return key_eq(k, "sender") ? T_SENDER : key_eq(k, "office") ? T_OFFICE : T_OTHER;
    case 7:
        return key_eq(k, "item_id")   ? T_ID
               : key_eq(k, "service") ? T_SERVICE
               : key_eq(k, "cod_vnd") ? T_COD
                                      : T_OTHER;
    case 8: return key_eq(k, "contents") ? T_CONTENTS : key_eq(k, "weight_g") ? T_WEIGHT : T_OTHER;
    case 9:
        return key_eq(k, "direction")   ? T_DIR
               : key_eq(k, "recipient") ? T_RECIP
               : key_eq(k, "documents") ? T_DOCS
                                        : T_OTHER;
    case 11: return key_eq(k, "accepted_at") ? T_AT : T_OTHER;
    case 18: return key_eq(k, "declared_value_vnd") ? T_VALUE : T_OTHER;
    default: return T_OTHER;
    }
}

/* The required fields, as bits. */
enum { F_ID = 1, F_DIR = 2, F_AT = 4, F_SENDER = 8, F_RECIP = 16, F_CONTENTS = 32 };

/* ---- the usual line, read in one go ----
 *
 * A plain line in the shape acceptance systems write (no white space
 * between tokens, known field names, strings where strings belong, whole
 * numbers, no null, every required field) is read here with no more than
 * a few comparisons a field: quotes come from the line's bitmap, and
 * nothing is checked twice. Anything else makes these functions give up
 * (NULL or 0) and the general reader above reads the line again from its
 * start, so that every error and every unusual item comes out exactly as
 * it does there. Nothing is written into the line on this path, so reading
 * it again is safe. They read line[len] (a NUL, see item.h) at most. */

/* The quotes of a plain line in order, taken from the bitmap one after
 * the other. On a plain line every quote opens or closes a string, so the
 * next string's quotes are the next two bits whatever came in between (a
 * number, a comma): finding them depends on the last quote taken, not on
 * reading the bytes up to them, and the processor can run ahead. */
typedef struct qcur {
    size_t w;   /* the bitmap's word at hand */
    uint64_t m; /* its quotes not yet taken */
} qcur;

/* Each function below works on its own copy of the cursor (a local, kept
 * in registers) and hands it back when it returns: through a pointer it
 * would go to memory and back at each quote, since the compiler must
 * assume that storing a string's length could change it. */
__attribute__((always_inline)) static inline char *pop_quote(const scan *sc, qcur *c)
{
    while (!c->m) {
        if (c->w + 1 >= sc->nq)
            return NULL;
        c->m = sc->qbits[++c->w];
    }
    char *q = sc->s + c->w * 64 + (size_t)__builtin_ctzll(c->m);
    c->m &= c->m - 1;
    return q;
}

/* The field name at p ("name":), the position after the colon. */
__attribute__((always_inline)) static inline char *usual_key(const scan *sc, qcur *c, char *p,
                                                             post_str *k)
{
    if (*p != '"' || pop_quote(sc, c) != p)
        return NULL;
    char *e = pop_quote(sc, c);
    if (!e || e[1] != ':')
        return NULL;
    k->p = p + 1;
    k->len = (size_t)(e - k->p);
    return e + 2;
}

/* A string at p, the position after it. */
__attribute__((always_inline)) static inline char *usual_str(const scan *sc, qcur *c, char *p,
                                                             post_str *out)
{
    if (*p != '"' || pop_quote(sc, c) != p)
        return NULL;
    char *q = pop_quote(sc, c);
    if (!q)
        return NULL;
    out->p = p + 1;
    out->len = (size_t)(q - out->p);
    return q + 1;
}

/* A whole number at p. */
__attribute__((always_inline)) static inline char *usual_num(scan *sc, char *p, uint64_t *v)
{
    sc->p = p;
    return whole(sc, v) ? sc->p : NULL;
}

/* An optional number field: the value and its bit. */
__attribute__((always_inline)) static inline char *usual_opt_num(scan *sc, char *p, double *out,
                                                                 unsigned *has, unsigned bit)
{
    uint64_t v;
    if (!(p = usual_num(sc, p, &v)))
        return NULL;
    *out = (double)v;
    *has |= bit;
    return p;
}

/* A code (opt_code): a string, or a whole number kept as its digits. */
__attribute__((always_inline)) static inline char *usual_code(scan *sc, qcur *c, char *p,
                                                              post_str *out)
{
    if (*p != '"') {
        uint64_t v;
        char *q = usual_num(sc, p, &v);
        if (q)
            out->p = p, out->len = (size_t)(q - p);
        return q;
    }
    return usual_str(sc, c, p, out);
}

/* After a field: 1 for ',' (another follows), 0 for the closing `close`
 * (p moved past either), -1 otherwise. */
__attribute__((always_inline)) static inline int usual_next(char **p, char close)
{
    char c = **p;
    (*p)++;
    return c == ',' ? 1 : c == close ? 0 : -1;
}

static char *usual_party(scan *sc, qcur *cur, char *p, post_party *out)
{
    qcur c = *cur;
    memset(out, 0, sizeof *out);
    if (*p++ != '{')
        return NULL;
    int more;
    do {
        post_str k, *f = NULL;
        if (!(p = usual_key(sc, &c, p, &k)))
            return NULL;
        switch (k.len) {
        case 4: f = key_eq(k, "name") ? &out->name : NULL; break;
        case 5: f = key_eq(k, "phone") ? &out->phone : NULL; break;
        case 7:
            f = key_eq(k, "address") ? &out->address : key_eq(k, "country") ? &out->country : NULL;
            break;
        case 9: f = key_eq(k, "id_number") ? &out->id_number : NULL; break;
        }
        if (!f || !(p = usual_str(sc, &c, p, f)))
            return NULL;
    } while ((more = usual_next(&p, '}')) == 1);
    *cur = c;
    return more == 0 ? p : NULL;
}

static char *usual_content(scan *sc, qcur *cur, char *p, post_content *c)
{
    qcur q = *cur;
    memset(c, 0, sizeof *c);
    if (*p++ != '{')
        return NULL;
    int more;
    do {
        post_str k;
        if (!(p = usual_key(sc, &q, p, &k)))
            return NULL;
        if (k.len == 11 && key_eq(k, "description"))
            p = usual_str(sc, &q, p, &c->description);
        else if (k.len == 8 && key_eq(k, "quantity"))
            p = usual_opt_num(sc, p, &c->quantity, &c->has, POST_HAS_QTY);
        else if (k.len == 8 && key_eq(k, "weight_g"))
            p = usual_opt_num(sc, p, &c->weight_g, &c->has, POST_HAS_WEIGHT);
        else if (k.len == 9 && key_eq(k, "value_vnd"))
            p = usual_opt_num(sc, p, &c->value_vnd, &c->has, POST_HAS_VALUE);
        else if (k.len == 7 && key_eq(k, "hs_code"))
            p = usual_code(sc, &q, p, &c->hs_code);
        else if (k.len == 14 && key_eq(k, "origin_country"))
            p = usual_str(sc, &q, p, &c->origin_country);
        else
            return NULL;
        if (!p)
            return NULL;
    } while ((more = usual_next(&p, '}')) == 1);
    *cur = q;
    return more == 0 ? p : NULL;
}

static char *usual_doc(scan *sc, qcur *cur, char *p, post_doc *d)
{
    qcur c = *cur;
    memset(d, 0, sizeof *d);
    if (*p++ != '{')
        return NULL;
    int more;
    do {
        post_str k;
        if (!(p = usual_key(sc, &c, p, &k)))
            return NULL;
        if (k.len == 4 && key_eq(k, "kind"))
            p = usual_str(sc, &c, p, &d->kind);
        else if (k.len == 6 && key_eq(k, "number"))
            p = usual_code(sc, &c, p, &d->number);
        else
            return NULL;
        if (!p)
            return NULL;
    } while ((more = usual_next(&p, '}')) == 1);
    *cur = c;
    return more == 0 ? p : NULL;
}

/* The contents (docs 0) or documents (docs 1) array at p into the
 * parser's array (grown as the general reader grows it); *n its entries. */
static char *usual_array(post_parser *pp, scan *sc, qcur *cur, char *p, size_t *n, int docs)
{
    *n = 0;
    if (*p++ != '[')
        return NULL;
    if (*p == ']')
        return p + 1;
    int more;
    do {
        if (!docs && *n == pp->ccap) {
            pp->ccap = pp->ccap ? 2 * pp->ccap : 8;
            pp->contents = cg_realloc(pp->contents, pp->ccap * sizeof *pp->contents);
        } else if (docs && *n == pp->dcap) {
            pp->dcap = pp->dcap ? 2 * pp->dcap : 4;
            pp->docs = cg_realloc(pp->docs, pp->dcap * sizeof *pp->docs);
        }
        p = docs ? usual_doc(sc, cur, p, &pp->docs[*n]) : usual_content(sc, cur, p, &pp->contents[*n]);
        if (!p)
            return NULL;
        ++*n;
    } while ((more = usual_next(&p, ']')) == 1);
    return more == 0 ? p : NULL;
}

/* The whole item (on a plain line): 1 when read, 0 to read it again with
 * the general reader. */
static int parse_usual(post_parser *pp, const scan *line, post_item *it)
{
    scan sc = *line;
    qcur c = {0, sc.qbits[0]}, t;
    char *p = sc.s;
    unsigned seen = 0;
    if (*p++ != '{')
        return 0;
    int more;
    do {
        post_str k;
        if (!(p = usual_key(&sc, &c, p, &k)))
            return 0;
        switch (top_key(k)) {
        case T_ID:
            p = usual_str(&sc, &c, p, &it->item_id);
            seen |= F_ID;
            break;
        case T_SERVICE: p = usual_str(&sc, &c, p, &it->service); break;
        case T_OFFICE: p = usual_str(&sc, &c, p, &it->office); break;
        case T_DIR: {
            post_str d;
            if (!(p = usual_str(&sc, &c, p, &d)))
                return 0;
            /* The contract's words as written; other spellings (upper
             * case...) are the general reader's. */
            if (d.len == 8 && memcmp(d.p, "domestic", 8) == 0)
                it->direction = POST_DOMESTIC;
            else if (d.len == 6 && memcmp(d.p, "import", 6) == 0)
                it->direction = POST_IMPORT;
            else if (d.len == 6 && memcmp(d.p, "export", 6) == 0)
                it->direction = POST_EXPORT;
            else
                return 0;
            seen |= F_DIR;
            break;
        }
        case T_AT: {
            uint64_t secs;
            if (!(p = usual_num(&sc, p, &secs)) || (double)secs > 32503680000.0)
                return 0;
            it->accepted_at = (int64_t)secs;
            seen |= F_AT;
            break;
        }
        case T_SENDER:
            t = c;
            p = usual_party(&sc, &t, p, &it->sender);
            c = t;
            seen |= F_SENDER;
            break;
        case T_RECIP:
            t = c;
            p = usual_party(&sc, &t, p, &it->recipient);
            c = t;
            seen |= F_RECIP;
            break;
        case T_CONTENTS:
            t = c;
            p = usual_array(pp, &sc, &t, p, &it->ncontents, 0);
            c = t;
            it->contents = pp->contents;
            seen |= F_CONTENTS;
            break;
        case T_DOCS:
            t = c;
            p = usual_array(pp, &sc, &t, p, &it->ndocs, 1);
            c = t;
            it->docs = pp->docs;
            break;
        case T_WEIGHT: p = usual_opt_num(&sc, p, &it->weight_g, &it->has, POST_HAS_WEIGHT); break;
        case T_VALUE:
            p = usual_opt_num(&sc, p, &it->declared_value_vnd, &it->has, POST_HAS_VALUE);
            break;
        case T_COD: p = usual_opt_num(&sc, p, &it->cod_vnd, &it->has, POST_HAS_COD); break;
        default: return 0;
        }
        if (!p)
            return 0;
    } while ((more = usual_next(&p, '}')) == 1);
    return more == 0 && p == sc.end &&
           seen == (F_ID | F_DIR | F_AT | F_SENDER | F_RECIP | F_CONTENTS) && it->item_id.len > 0;
}

static int parse_item(post_parser *pp, char *line, size_t len, post_item *it, cg_err *err)
{
    size_t words = len / 64 + 1;
    if (words > pp->qcap) {
        pp->qcap = words < 64 ? 64 : words;
        free(pp->qbits);
        pp->qbits = cg_malloc(pp->qcap * sizeof *pp->qbits);
    }
    scan sc = {line, line, line + len, err, 0, 0, 0, pp->qbits, words};
    sc.plain = !pp->careful && line_plain(line, len, pp->width, pp->qbits);
    zero_item(it);
    if (sc.plain) {
        if (parse_usual(pp, &sc, it)) {
            it->plain = 1;
            return 0;
        }
        /* Not in the usual shape: read again from the start. */
        zero_item(it);
    }
    unsigned seen = 0;
    int st = 0, r;
    post_str k;
    while ((r = obj_next(&sc, &st, &k, "item")) == 1) {
        int rc = 0;
        switch (top_key(k)) {
        case T_ID:
            rc = opt_str(&sc, &it->item_id, "item_id");
            if (it->item_id.p)
                seen |= F_ID;
            break;
        case T_DIR: {
            post_str d;
            rc = opt_str(&sc, &d, "direction");
            if (rc == 0 && d.p) {
                /* The contract's lower-case words first, compared inline. */
                if (d.len == 8 && memcmp(d.p, "domestic", 8) == 0)
                    it->direction = POST_DOMESTIC;
                else if (d.len == 6 && memcmp(d.p, "import", 6) == 0)
                    it->direction = POST_IMPORT;
                else if (d.len == 6 && memcmp(d.p, "export", 6) == 0)
                    it->direction = POST_EXPORT;
                else if (ascii_ieq(d, "domestic"))
                    it->direction = POST_DOMESTIC;
                else if (ascii_ieq(d, "export"))
                    it->direction = POST_EXPORT;
                else if (ascii_ieq(d, "import"))
                    it->direction = POST_IMPORT;
                else
                    return fail(&sc, "field 'direction': '%.*s' is not domestic, export or import",
                                (int)(d.len > 40 ? 40 : d.len), d.p);
                seen |= F_DIR;
            }
            break;
        }
        case T_AT: {
            uint64_t secs;
            if (whole(&sc, &secs)) {
                /* Unix seconds as digits, the usual form, read inline. */
                if ((double)secs > 32503680000.0)
                    return fail(&sc, "field 'accepted_at': not a whole number of Unix seconds");
                it->accepted_at = (int64_t)secs;
                seen |= F_AT;
                break;
            }
            if (is_null(&sc))
                continue;
            if (sc.p < sc.end && *sc.p == '"') {
                post_str t;
                if (str(&sc, &t, "accepted_at") < 0)
                    return -1;
                const char *why = NULL;
                if (ts_parse(t.p, t.len, &it->accepted_at, &why) < 0)
                    return fail(&sc, "field 'accepted_at': '%.*s': %s",
                                (int)(t.len > 40 ? 40 : t.len), t.p, why ? why : "bad time");
            } else if (sc.p < sc.end && (*sc.p == '-' || (*sc.p >= '0' && *sc.p <= '9'))) {
                double d;
                if (num(&sc, &d, "accepted_at") < 0)
                    return -1;
                if (d < 0 || d > 32503680000.0 || d != floor(d))
                    return fail(&sc, "field 'accepted_at': not a whole number of Unix seconds");
                it->accepted_at = (int64_t)d;
            } else {
                return fail(&sc, "field 'accepted_at': expected a time, got %s",
                            sc.p < sc.end ? type_name(*sc.p) : "nothing");
            }
            seen |= F_AT;
            break;
        }
        case T_SENDER: {
            int got = 0;
            rc = party(&sc, &it->sender, 0, &got);
            if (got)
                seen |= F_SENDER;
            break;
        }
        case T_RECIP: {
            int got = 0;
            rc = party(&sc, &it->recipient, 1, &got);
            if (got)
                seen |= F_RECIP;
            break;
        }
        case T_CONTENTS: {
            if (sc.p < sc.end && *sc.p != '[')
                return fail(&sc, "field 'contents': expected an array, got %s", type_name(*sc.p));
            int ast = 0, ar;
            size_t n = 0;
            while ((ar = arr_next(&sc, &ast, "contents")) == 1) {
                if (n == pp->ccap) {
                    pp->ccap = pp->ccap ? 2 * pp->ccap : 8;
                    pp->contents = cg_realloc(pp->contents, pp->ccap * sizeof *pp->contents);
                }
                if (content(&sc, &pp->contents[n], n) < 0)
                    return -1;
                n++;
            }
            if (ar < 0)
                return -1;
            it->contents = pp->contents, it->ncontents = n;
            seen |= F_CONTENTS;
            break;
        }
        case T_DOCS: {
            if (is_null(&sc))
                continue;
            if (sc.p < sc.end && *sc.p != '[')
                return fail(&sc, "field 'documents': expected an array, got %s", type_name(*sc.p));
            int ast = 0, ar;
            size_t n = 0;
            while ((ar = arr_next(&sc, &ast, "documents")) == 1) {
                if (n == pp->dcap) {
                    pp->dcap = pp->dcap ? 2 * pp->dcap : 4;
                    pp->docs = cg_realloc(pp->docs, pp->dcap * sizeof *pp->docs);
                }
                if (doc(&sc, &pp->docs[n], n) < 0)
                    return -1;
                n++;
            }
            if (ar < 0)
                return -1;
            it->docs = pp->docs, it->ndocs = n;
            break;
        }
        case T_SERVICE: rc = opt_str(&sc, &it->service, "service"); break;
        case T_OFFICE: rc = opt_str(&sc, &it->office, "office"); break;
        case T_WEIGHT:
            rc = opt_num(&sc, &it->weight_g, &it->has, POST_HAS_WEIGHT, "weight_g");
            break;
        case T_VALUE:
            rc = opt_num(&sc, &it->declared_value_vnd, &it->has, POST_HAS_VALUE,
                         "declared_value_vnd");
            break;
        case T_COD: rc = opt_num(&sc, &it->cod_vnd, &it->has, POST_HAS_COD, "cod_vnd"); break;
        default: rc = skip_value(&sc, 1, "item");
        }
        if (rc < 0)
            return -1;
    }
    if (r < 0)
        return -1;
    ws(&sc);
    if (sc.p != sc.end)
        return fail(&sc, "text after the item's closing brace (column %zu)", col(&sc));
    static const struct {
        unsigned bit;
        const char *name;
    } req[] = {{F_ID, "item_id"},    {F_DIR, "direction"},   {F_AT, "accepted_at"},
               {F_SENDER, "sender"}, {F_RECIP, "recipient"}, {F_CONTENTS, "contents"}};
    for (size_t i = 0; i < CG_ARRAY_LEN(req); i++)
        if (!(seen & req[i].bit))
            return fail(&sc, "missing required field '%s'", req[i].name);
    if (it->item_id.len == 0)
        return fail(&sc, "field 'item_id': empty");
    it->plain = sc.plain;
    return 0;
}

int post_parse_line(post_parser *pp, char *line, size_t len, post_item *it, cg_err *err)
{
    return parse_item(pp, line, len, it, err) < 0 ? CG_EINVAL : 0;
}
