/* csv.c: RFC 4180 record splitting. */
#include "core/csv.h"

#include "core/buf.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CSV_MAX_RECORD (16u << 20)

struct csv_reader {
    input *in;
    csv_fields fl;
    buf joined; /* a record whose quoted field spans lines */
    buf scratch;
};

csv_reader *csv_reader_new(input *in)
{
    csv_reader *r = cg_calloc(1, sizeof *r);
    r->in = in;
    return r;
}

void csv_reader_free(csv_reader *r)
{
    if (!r)
        return;
    csv_fields_free(&r->fl);
    buf_free(&r->joined);
    buf_free(&r->scratch);
    free(r);
}

void csv_fields_free(csv_fields *fl)
{
    free(fl->f);
    free(fl->len);
    memset(fl, 0, sizeof *fl);
}

static void push(csv_fields *fl, char *s, size_t len)
{
    if (fl->n == fl->cap) {
        fl->cap = fl->cap ? 2 * fl->cap : 32;
        fl->f = cg_realloc(fl->f, fl->cap * sizeof *fl->f);
        fl->len = cg_realloc(fl->len, fl->cap * sizeof *fl->len);
    }
    s[len] = '\0';
    fl->f[fl->n] = s;
    fl->len[fl->n] = len;
    fl->n++;
}

/* Split s[0..len) (writable, NUL at s[len]) in place. Returns 0, 1 when a
 * quoted field is still open at the end, or -1 with *why. */
static int split(csv_fields *fl, char *s, size_t len, const char **why)
{
    char *p = s, *e = s + len;
    fl->n = 0;
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
            push(fl, p, (size_t)(w - p));
            if (q >= e)
                return 0;
            p = q + 1;
        } else {
            char *comma = memchr(p, ',', (size_t)(e - p));
            if (!comma) {
                push(fl, p, (size_t)(e - p));
                return 0;
            }
            push(fl, p, (size_t)(comma - p));
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

int csv_read_quoted(input *in, char *line, size_t len, buf *joined, buf *scratch, csv_fields *fl,
                    cg_err *err)
{
    uint64_t first = input_lineno(in);
    /* Keep a copy: the field may go on past this line, and split rewrites
     * the bytes it reads. */
    buf_reset(joined);
    buf_append(joined, line, len);
    size_t quotes = count_quotes(line, len);
    const char *why = NULL;
    int open;
    for (;;) {
        /* An odd number of quotes so far means a field is still open: read
         * on without splitting (keeps long records linear). */
        if (quotes % 2 == 0) {
            buf_reset(scratch);
            buf_append(scratch, joined->p, joined->len);
            open = split(fl, scratch->p, scratch->len, &why);
            if (open != 1) {
                /* The fields point into scratch: it becomes joined. */
                buf t = *joined;
                *joined = *scratch;
                *scratch = t;
                break;
            }
        }
        if (joined->len > CSV_MAX_RECORD) {
            why = "record longer than 16 MiB (unterminated quoted field?)";
            open = -1;
            break;
        }
        int more = input_next(in, &line, &len, err);
        if (more < 0)
            return more == CG_ETOOBIG ? CG_EINVAL : more;
        if (more == 0) {
            why = "quoted field not closed before the end of the file";
            open = -1;
            break;
        }
        buf_putc(joined, '\n');
        buf_append(joined, line, len);
        quotes += count_quotes(line, len);
    }
    if (open < 0)
        return cg_err_set(err, CG_EINVAL, "%s:%llu: %s", input_name(in), (unsigned long long)first,
                          why);
    return 1;
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
        if (!memchr(line, '"', len)) {
            const char *why = NULL;
            split(&r->fl, line, len, &why);
        } else if ((rc = csv_read_quoted(r->in, line, len, &r->joined, &r->scratch, &r->fl, err)) !=
                   1) {
            return rc;
        }
        row->n = r->fl.n;
        row->f = r->fl.f;
        row->len = r->fl.len;
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
