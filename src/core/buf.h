/* buf.h: the one growable byte buffer. All string building goes through it
 * (git's strbuf idea): append, printf, JSON string escaping. The bytes are
 * always NUL-terminated after buf_* calls, so b->p can be used as a C string. */
#ifndef CG_BUF_H
#define CG_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *p;    /* the bytes, NUL-terminated; NULL until the first append */
    size_t len; /* bytes used, without the terminating NUL */
    size_t cap; /* bytes allocated */
} buf;

#define BUF_INIT                                                                                   \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void buf_init(buf *b);
/* Release the memory; b is empty and reusable afterwards. */
void buf_free(buf *b);
/* Empty b but keep its memory for reuse. */
void buf_reset(buf *b);
/* Make room for n more bytes. */
void buf_grow(buf *b, size_t n);
void buf_append(buf *b, const char *s, size_t len);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Append s as a quoted JSON string, escaping what RFC 8259 requires. Bytes
 * that are not valid UTF-8 become U+FFFD, so the output is always valid. */
void buf_json_str(buf *b, const char *s, size_t len);
/* The contents as a C string: "" for a buffer never written to. Borrowed. */
const char *buf_cstr(const buf *b);
/* Hand the bytes to the caller (to free()), leaving b empty. */
char *buf_detach(buf *b, size_t *len);

#endif
