/* csv.c: RFC 4180 record splitting. */
#include "core/csv.h"

#include "core/buf.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CSV_MAX_RECORD (16u << 20)

struct csv_reader {
    input *in;
    char **f;
    size_t *len;
    size_t cap;
    buf joined; /* a record whose quoted field spans lines */
};

csv_reader *csv_reader_new(input *in)
{
    csv_reader *r = cg_calloc(1, sizeof *r);
    r->in = in;
    r->cap = 32;
    r->f = cg_malloc(r->cap * sizeof *r->f);
    r->len = cg_malloc(r->cap * sizeof *r->len);
    return r;
}

void csv_reader_free(csv_reader *r)
{
    if (!r)
        return;
    free(r->f);
    free(r->len);
    buf_free(&r->joined);
    free(r);
}

static void push(csv_reader *r, size_t *n, char *s, size_t len)
{
    if (*n == r->cap) {
        r->cap *= 2;
        r->f = cg_realloc(r->f, r->cap * sizeof *r->f);
        r->len = cg_realloc(r->len, r->cap * sizeof *r->len);
    }
    s[len] = '\0';
    r->f[*n] = s;
    r->len[*n] = len;
    (*n)++;
}

/* Split s[0..len) (writable, NUL at s[len]) in place. Returns 0, 1 when a
 * quoted field is still open at the end, or -1 with *why. */
static int split(csv_reader *r, char *s, size_t len, size_t *n, const char **why)
{
    char *p = s, *e = s + len;
    *n = 0;
    for (;;) {
        if (p < e && *p == '"') {
            char *w = p, *q = p + 1;
            for (;;) {
                char *quote = memchr(q, '"', (size_t)(e - q));
                if (!quote)
                    return 1;
                size_t chunk = (size_t)(quote - q);
                memmove(w, q, chunk);
                w += chunk;
                if (quote + 1 < e && quote[1] == '"') {
                    *w++ = '"';
                    q = quote + 2;
                    continue;
                }
                q = quote + 1;
                break;
            }
            if (q < e && *q != ',') {
                *why = "text after a closing quote";
                return -1;
            }
            push(r, n, p, (size_t)(w - p));
            if (q >= e)
                return 0;
            p = q + 1;
        } else {
            char *comma = memchr(p, ',', (size_t)(e - p));
            if (!comma) {
                push(r, n, p, (size_t)(e - p));
                return 0;
            }
            push(r, n, p, (size_t)(comma - p));
            p = comma + 1;
        }
    }
}

static size_t count_quotes(const char *s, size_t len)
{
    size_t q = 0;
    for (const char *p = s, *e = s + len; (p = memchr(p, '"', (size_t)(e - p))); p++)
        q++;
    return q;
}

int csv_next(csv_reader *r, csv_row *row, cg_err *err)
{
    char *line;
    size_t len;
    for (;;) {
        int rc = input_next(r->in, &line, &len, err);
        if (rc <= 0)
            return rc == CG_ETOOBIG ? CG_EINVAL : rc;
        if (len == 0)
            continue;
        uint64_t first = input_lineno(r->in);
        const char *why = NULL;
        size_t n;
        int open;
        if (!memchr(line, '"', len)) {
            split(r, line, len, &n, &why);
            open = 0;
        } else {
            /* Keep a copy: the field may go on past this line, and split
             * rewrites the bytes it reads. */
            buf_reset(&r->joined);
            buf_append(&r->joined, line, len);
            size_t quotes = count_quotes(line, len);
            for (;;) {
                /* An odd number of quotes so far means a field is still open:
                 * read on without splitting (keeps long records linear). */
                if (quotes % 2 == 0) {
                    buf scratch = BUF_INIT;
                    buf_append(&scratch, r->joined.p, r->joined.len);
                    open = split(r, scratch.p, scratch.len, &n, &why);
                    if (open != 1) {
                        /* Fields point into scratch: it becomes joined. */
                        buf_free(&r->joined);
                        r->joined = scratch;
                        break;
                    }
                    buf_free(&scratch);
                }
                if (r->joined.len > CSV_MAX_RECORD) {
                    why = "record longer than 16 MiB (unterminated quoted field?)";
                    open = -1;
                    break;
                }
                int more = input_next(r->in, &line, &len, err);
                if (more < 0)
                    return more == CG_ETOOBIG ? CG_EINVAL : more;
                if (more == 0) {
                    why = "quoted field not closed before the end of the file";
                    open = -1;
                    break;
                }
                buf_putc(&r->joined, '\n');
                buf_append(&r->joined, line, len);
                quotes += count_quotes(line, len);
            }
        }
        if (open < 0)
            return cg_err_set(err, CG_EINVAL, "%s:%llu: %s", input_name(r->in),
                              (unsigned long long)first, why);
        row->n = n;
        row->f = r->f;
        row->len = r->len;
        row->line = first;
        return 1;
    }
}

int csv_col(const csv_row *h, const char *name)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i < h->n; i++) {
        const char *s = h->f[i];
        size_t l = h->len[i];
        while (l && (*s == ' ' || *s == '\t'))
            s++, l--;
        while (l && (s[l - 1] == ' ' || s[l - 1] == '\t'))
            l--;
        if (l == nl && strncasecmp(s, name, nl) == 0)
            return (int)i;
    }
    return -1;
}
