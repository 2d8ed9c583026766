/* watch.c: watch lists: loading, normalising and checking items. */
#include "postal/watch.h"

#include "core/buf.h"
#include "core/csv.h"
#include "core/hmap.h"
#include "core/input.h"
#include "core/phone.h"
#include "postal/norm.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define FILT_BITS 8192
#define FILT_SIG POST_W_NKINDS
#define FILT_RUN1 (POST_W_NKINDS + 1) /* the first number of the address */
#define SIG_CAP 64

typedef struct wentry {
    char *value; /* normalised */
    char *note;
} wentry;

struct post_watch {
    hmap *m[POST_W_NKINDS];
    size_t n;
    /* Addresses by their numbers ("Kiệt 903/41" -> "903/41"): an item's
     * address is folded and looked up only when its numbers are those of a
     * watched address, or when some watched address has none. */
    hmap *addr_sig;
    int addr_nosig;
    /* A filter per kind (and one for the address numbers) in front of the
     * tables: a bit per cheap hash of every key held. A clear bit says the
     * key is not held without hashing it in full; most items' identifiers
     * are not on the list. */
    uint64_t filt[POST_W_NKINDS + 2][FILT_BITS / 64];
    size_t count[POST_W_NKINDS]; /* entries of each kind */
};

/* The filter's bit for a key: its first and last eight bytes and length. */
static inline unsigned filt_bit(const char *k, size_t len)
{
    /* Fixed-size loads (overlapping for lengths between sizes): no call. */
    uint64_t a = 0, b = 0;
    if (len >= 8) {
        memcpy(&a, k, 8);
        memcpy(&b, k + len - 8, 8);
    } else if (len >= 4) {
        uint32_t x, y;
        memcpy(&x, k, 4);
        memcpy(&y, k + len - 4, 4);
        a = x, b = y;
    } else if (len) {
        a = (uint64_t)(unsigned char)k[0] | (uint64_t)(unsigned char)k[len / 2] << 8 |
            (uint64_t)(unsigned char)k[len - 1] << 16;
    }
    uint64_t h = (a ^ (b * 0x9e3779b97f4a7c15ull) ^ len) * 0xbf58476d1ce4e5b9ull;
    return (unsigned)(h >> (64 - 13));
}

static void filt_add(uint64_t *f, const char *k, size_t len)
{
    unsigned b = filt_bit(k, len);
    f[b >> 6] |= 1ull << (b & 63);
}

static inline int filt_has(const uint64_t *f, const char *k, size_t len)
{
    unsigned b = filt_bit(k, len);
    return (int)((f[b >> 6] >> (b & 63)) & 1);
}

/* The digit runs of s joined by '/', at most cap - 1 bytes. Digits are
 * found 64 bytes at a time (a bit per byte), and only the runs are visited. */
static size_t digit_sig(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    int prev = 0; /* the byte before the block was a digit */
    for (size_t off = 0; off < len; off += 64) {
        size_t bl = len - off < 64 ? len - off : 64;
        uint64_t m = 0;
        size_t q = 0;
#ifdef __SSE2__
        const __m128i lo = _mm_set1_epi8('0' - 1), hi = _mm_set1_epi8('9' + 1);
        for (; q + 16 <= bl; q += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + off + q));
            __m128i d = _mm_and_si128(_mm_cmpgt_epi8(v, lo), _mm_cmplt_epi8(v, hi));
            m |= (uint64_t)(uint16_t)_mm_movemask_epi8(d) << q;
        }
#endif
        for (; q < bl; q++)
            if (s[off + q] >= '0' && s[off + q] <= '9')
                m |= 1ull << q;
        while (m) {
            unsigned tz = (unsigned)__builtin_ctzll(m);
            uint64_t rest = ~(m >> tz);
            unsigned l = rest ? (unsigned)__builtin_ctzll(rest) : 64 - tz;
            if (tz + l > bl)
                l = (unsigned)bl - tz;
            if (tz > 0 || !prev) {
                if (n + 1 >= cap)
                    goto done;
                if (n)
                    out[n++] = '/';
            }
            for (unsigned k = 0; k < l; k++) {
                if (n + 1 >= cap)
                    goto done;
                out[n++] = s[off + tz + k];
            }
            prev = 1;
            m = tz + l >= 64 ? 0 : m & (~0ull << (tz + l));
            if (tz + l < bl)
                prev = 0;
        }
        if (!(bl && s[off + bl - 1] >= '0' && s[off + bl - 1] <= '9'))
            prev = 0;
    }
done:
    out[n] = '\0';
    return n;
}

post_watch *post_watch_new(void)
{
    post_watch *w = cg_calloc(1, sizeof *w);
    for (int i = 0; i < POST_W_NKINDS; i++)
        w->m[i] = hmap_new();
    w->addr_sig = hmap_new();
    return w;
}

void post_watch_free(post_watch *w)
{
    if (!w)
        return;
    for (int i = 0; i < POST_W_NKINDS; i++) {
        const char *k;
        size_t kl;
        void *v;
        for (size_t it = 0; hmap_next(w->m[i], &it, &k, &kl, &v);) {
            wentry *e = v;
            free(e->value);
            free(e->note);
            free(e);
        }
        hmap_free(w->m[i]);
    }
    hmap_free(w->addr_sig);
    free(w);
}

size_t post_watch_count(const post_watch *w)
{
    return w->n;
}

const char *post_watch_kind_name(post_watch_kind k)
{
    static const char *names[] = {"số giấy tờ", "số điện thoại", "họ tên",
                                  "địa chỉ",    "IMEI",          "mã bưu gửi"};
    return k < POST_W_NKINDS ? names[k] : "?";
}

/* Normalise a value of kind k into out; returns 0 or -1 when nothing is left. */
static int norm_value(post_watch_kind k, const char *s, size_t len, buf *out)
{
    buf_reset(out);
    switch (k) {
    case POST_W_PHONE: {
        char e164[PHONE_MAX + 1];
        const char *why;
        if (phone_normalize(s, len, e164, &why) < 0)
            return -1;
        buf_puts(out, e164);
        break;
    }
    case POST_W_ID:
    case POST_W_ITEM:
    case POST_W_IMEI:
        for (size_t i = 0; i < len; i++) {
            char c = s[i];
            if (c >= 'a' && c <= 'z')
                c = (char)(c - 32);
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
                buf_putc(out, c);
        }
        break;
    case POST_W_NAME:
    case POST_W_ADDRESS: {
        /* Folded, then words of letters and digits separated by one space:
         * "12 Lê Lợi, P.1" and "12 LE LOI P 1" meet. Identity data is not
         * obfuscated like declared goods, so no leet or letter joining. */
        post_fold(s, len, out);
        size_t w = 0;
        int space = 1;
        for (size_t i = 0; i < out->len; i++) {
            unsigned char c = (unsigned char)out->p[i];
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
                out->p[w++] = (char)c;
                space = 0;
            } else if (!space) {
                out->p[w++] = ' ';
                space = 1;
            }
        }
        if (w && out->p[w - 1] == ' ')
            w--;
        out->len = w;
        if (out->p)
            out->p[w] = '\0';
        break;
    }
    default: return -1;
    }
    return out->len > 0 ? 0 : -1;
}

static int kind_of(const char *s, post_watch_kind *k)
{
    static const struct {
        const char *name;
        post_watch_kind k;
    } m[] = {{"id_number", POST_W_ID}, {"phone", POST_W_PHONE},     {"msisdn", POST_W_PHONE},
             {"name", POST_W_NAME},    {"address", POST_W_ADDRESS}, {"imei", POST_W_IMEI},
             {"item_id", POST_W_ITEM}};
    for (size_t i = 0; i < CG_ARRAY_LEN(m); i++)
        if (strcmp(m[i].name, s) == 0) {
            *k = m[i].k;
            return 0;
        }
    return -1;
}

int post_watch_add(post_watch *w, const char *kind, const char *value, size_t len, const char *note,
                   cg_err *err)
{
    post_watch_kind k;
    if (kind_of(kind, &k) < 0)
        return cg_err_set(err, CG_EINVAL,
                          "unknown kind '%s' (id_number, phone, msisdn, name, address, imei, "
                          "item_id)",
                          kind);
    buf v = BUF_INIT;
    if (norm_value(k, value, len, &v) < 0) {
        buf_free(&v);
        return cg_err_set(err, CG_EINVAL, "%s '%.*s' is empty or malformed", kind,
                          (int)(len > 60 ? 60 : len), value);
    }
    if (k == POST_W_ADDRESS) {
        char sig[SIG_CAP];
        size_t sl = digit_sig(value, len, sig, sizeof sig);
        if (sl) {
            hmap_put(w->addr_sig, sig, sl, w);
            filt_add(w->filt[FILT_SIG], sig, sl);
            const char *slash = memchr(sig, '/', sl);
            filt_add(w->filt[FILT_RUN1], sig, slash ? (size_t)(slash - sig) : sl);
        } else {
            w->addr_nosig = 1;
        }
    }
    wentry *e = cg_malloc(sizeof *e);
    e->value = cg_strndup(v.p, v.len);
    e->note = cg_strdup(note ? note : "");
    wentry *old = hmap_put(w->m[k], v.p, v.len, e);
    filt_add(w->filt[k], v.p, v.len);
    w->count[k] = hmap_count(w->m[k]);
    if (old) {
        free(old->value);
        free(old->note);
        free(old);
    } else {
        w->n++;
    }
    buf_free(&v);
    return 0;
}

int post_watch_load_csv(post_watch *w, const char *path, void (*report)(void *ctx, const char *msg),
                        void *ctx, size_t *rejected, cg_err *err)
{
    input *in;
    int rc = input_open(path, &in, err);
    if (rc)
        return rc;
    csv_reader *r = csv_reader_new(in);
    csv_row row;
    int ck = -1, cv = -1, cn = -1, have_header = 0;
    char msg[700];
    for (;;) {
        cg_err e = {0};
        rc = csv_next(r, &row, &e);
        if (rc == 0)
            break;
        if (rc == CG_EINVAL) {
            report(ctx, e.msg);
            (*rejected)++;
            continue;
        }
        if (rc < 0) {
            *err = e;
            break;
        }
        if (!have_header) {
            ck = csv_col(&row, "kind");
            cv = csv_col(&row, "value");
            cn = csv_col(&row, "note");
            if (ck < 0 || cv < 0) {
                rc = cg_err_set(err, CG_EINVAL, "%s:%llu: the header must name kind,value,note",
                                path, (unsigned long long)row.line);
                break;
            }
            have_header = 1;
            continue;
        }
        if ((size_t)ck >= row.n || (size_t)cv >= row.n) {
            snprintf(msg, sizeof msg, "%s:%llu: missing kind or value", path,
                     (unsigned long long)row.line);
            report(ctx, msg);
            (*rejected)++;
            continue;
        }
        const char *note = cn >= 0 && (size_t)cn < row.n ? row.f[cn] : "";
        if (post_watch_add(w, row.f[ck], row.f[cv], row.len[cv], note, &e) < 0) {
            snprintf(msg, sizeof msg, "%s:%llu: %s", path, (unsigned long long)row.line, e.msg);
            report(ctx, msg);
            (*rejected)++;
        }
    }
    csv_reader_free(r);
    input_close(in);
    return rc < 0 ? rc : 0;
}

static size_t push(post_watch_hit *hits, size_t n, size_t max, const post_watch *w,
                   post_watch_kind k, int party, const buf *v)
{
    if (n >= max || !v->len || !filt_has(w->filt[k], v->p, v->len))
        return n;
    const wentry *e = hmap_get(w->m[k], v->p, v->len);
    if (e)
        hits[n++] = (post_watch_hit){k, party, e->value, e->note};
    return n;
}

size_t post_watch_check(const post_watch *w, const post_item *it, post_watch_hit *hits, size_t max)
{
    return post_watch_check_e164(w, it, NULL, NULL, hits, max);
}

/* An identifier as stored: upper case, letters and digits only. */
static size_t ident_norm(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < cap; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            out[n++] = c;
    }
    return n;
}

static inline size_t push_key(post_watch_hit *hits, size_t n, size_t max, const post_watch *w,
                              post_watch_kind k, int party, const char *key, size_t len)
{
    if (n >= max || !len || !filt_has(w->filt[k], key, len))
        return n;
    const wentry *e = hmap_get(w->m[k], key, len);
    if (e)
        hits[n++] = (post_watch_hit){k, party, e->value, e->note};
    return n;
}

size_t post_watch_check_e164(const post_watch *w, const post_item *it, const char *sender_e164,
                             const char *recipient_e164, post_watch_hit *hits, size_t max)
{
    if (!w || !w->n)
        return 0;
    size_t n = 0;
    buf v = BUF_INIT;
    const post_party *p[2] = {&it->sender, &it->recipient};
    const char *e164[2] = {sender_e164, recipient_e164};
    for (int i = 0; i < 2; i++) {
        /* The kinds in the order hits are reported: ID, phone, name, address. */
        post_str s = p[i]->id_number;
        if (s.p && w->count[POST_W_ID]) {
            char key[64];
            if (s.len <= sizeof key) {
                n = push_key(hits, n, max, w, POST_W_ID, i, key,
                             ident_norm(s.p, s.len, key, sizeof key));
            } else if (norm_value(POST_W_ID, s.p, s.len, &v) == 0) {
                n = push(hits, n, max, w, POST_W_ID, i, &v);
            }
        }
        s = p[i]->phone;
        if (s.p && w->count[POST_W_PHONE]) {
            if (e164[i])
                n = push_key(hits, n, max, w, POST_W_PHONE, i, e164[i], strlen(e164[i]));
            else if (norm_value(POST_W_PHONE, s.p, s.len, &v) == 0)
                n = push(hits, n, max, w, POST_W_PHONE, i, &v);
        }
        s = p[i]->name;
        if (s.p && w->count[POST_W_NAME] && norm_value(POST_W_NAME, s.p, s.len, &v) == 0)
            n = push(hits, n, max, w, POST_W_NAME, i, &v);
        s = p[i]->address;
        if (s.p && w->count[POST_W_ADDRESS]) {
            if (!w->addr_nosig) {
                /* The first number alone rules out most addresses. */
                size_t a = 0, b;
                while (a < s.len && (s.p[a] < '0' || s.p[a] > '9'))
                    a++;
                for (b = a; b < s.len && b - a < SIG_CAP - 1 && s.p[b] >= '0' && s.p[b] <= '9';)
                    b++;
                if (a == s.len || !filt_has(w->filt[FILT_RUN1], s.p + a, b - a))
                    continue;
                char sig[SIG_CAP];
                size_t sl = digit_sig(s.p, s.len, sig, sizeof sig);
                if (!sl || !filt_has(w->filt[FILT_SIG], sig, sl) || !hmap_get(w->addr_sig, sig, sl))
                    continue;
            }
            if (norm_value(POST_W_ADDRESS, s.p, s.len, &v) == 0)
                n = push(hits, n, max, w, POST_W_ADDRESS, i, &v);
        }
    }
    if (w->count[POST_W_ITEM] && norm_value(POST_W_ITEM, it->item_id.p, it->item_id.len, &v) == 0)
        n = push(hits, n, max, w, POST_W_ITEM, 2, &v);
    if (w->count[POST_W_IMEI]) {
        /* IMEIs written in the contents: runs of 14 to 16 digits. */
        for (size_t c = 0; c < it->ncontents; c++) {
            post_str d = it->contents[c].description;
            for (size_t i = 0; d.p && i < d.len;) {
                size_t j = i;
                while (j < d.len && d.p[j] >= '0' && d.p[j] <= '9')
                    j++;
                if (j - i >= 14 && j - i <= 16) {
                    buf_reset(&v);
                    buf_append(&v, d.p + i, j - i);
                    n = push(hits, n, max, w, POST_W_IMEI, 2, &v);
                }
                i = j > i ? j : i + 1;
            }
        }
    }
    buf_free(&v);
    return n;
}
