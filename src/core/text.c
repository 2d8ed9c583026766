/* text.c: UTF-8 checks and Vietnamese folding on top of utf8proc. */
#include "core/text.h"

#include "core/cg.h"

#include <string.h>
#include <utf8proc.h>

size_t text_utf8_seq(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[0];
    size_t need;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        need = 2, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef)
        need = 3, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4)
        need = 4, min = 0x10000;
    else
        return 0;
    if (n < need)
        return 0;
    unsigned cp = c & (0x7f >> need);
    for (size_t i = 1; i < need; i++) {
        if ((u[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (u[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return need;
}

int text_utf8_valid(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t n = text_utf8_seq(s + i, len - i);
        if (!n)
            return 0;
        i += n;
    }
    return 1;
}

static void put_cp(buf *out, utf8proc_int32_t cp)
{
    buf_grow(out, 4);
    utf8proc_ssize_t n = utf8proc_encode_char(cp, (utf8proc_uint8_t *)out->p + out->len);
    out->len += (size_t)n;
    out->p[out->len] = '\0';
}

size_t text_fold(const char *s, size_t len, buf *out)
{
    const utf8proc_option_t opt = UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                  UTF8PROC_STRIPMARK | UTF8PROC_LUMP;
    size_t bad = 0;
    buf_grow(out, len);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || !text_utf8_seq(s + i, len - i)) {
            bad++, i++;
            continue;
        }
        i += (size_t)n;
        if (cp == 0x0111 || cp == 0x0110) { /* đ, Đ: a letter of its own, not d + mark */
            buf_putc(out, 'd');
            continue;
        }
        utf8proc_int32_t dec[32];
        int boundclass = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(cp, dec, 32, opt, &boundclass);
        for (utf8proc_ssize_t j = 0; j < k && j < 32; j++) {
            if (dec[j] == 0x0111)
                buf_putc(out, 'd');
            else if (dec[j] < 0x80)
                buf_putc(out, (char)dec[j]);
            else
                put_cp(out, dec[j]);
        }
    }
    return bad;
}

size_t text_casefold(const char *s, size_t len, buf *out)
{
    const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
    /* Drop invalid bytes first: utf8proc refuses the whole string otherwise. */
    buf clean = BUF_INIT;
    size_t bad = 0;
    for (size_t i = 0; i < len;) {
        size_t n = text_utf8_seq(s + i, len - i);
        if (!n) {
            bad++, i++;
            continue;
        }
        buf_append(&clean, s + i, n);
        i += n;
    }
    utf8proc_int32_t stackbuf[256], *cps = stackbuf;
    utf8proc_ssize_t cap = 256;
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)buf_cstr(&clean),
                                            (utf8proc_ssize_t)clean.len, cps, cap, opt);
    if (n > cap) {
        cps = cg_malloc((size_t)n * sizeof *cps);
        cap = n;
        n = utf8proc_decompose((const utf8proc_uint8_t *)clean.p, (utf8proc_ssize_t)clean.len, cps,
                               cap, opt);
    }
    if (n > 0)
        n = utf8proc_normalize_utf32(cps, n, opt);
    for (utf8proc_ssize_t j = 0; j < n; j++)
        put_cp(out, cps[j]);
    if (cps != stackbuf)
        free(cps);
    buf_free(&clean);
    return bad;
}
