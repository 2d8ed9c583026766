/* util.c: small helpers shared by src/cases/: time, JSON fields from rows. */
#include "cases/util.h"

#include <string.h>
#include <time.h>

int64_t util_now(void)
{
    return (int64_t)time(NULL);
}

static void key(buf *b, int first, const char *k)
{
    if (!first)
        buf_putc(b, ',');
    buf_json_str(b, k, strlen(k));
    buf_putc(b, ':');
}

void util_json_str(buf *b, int first, const char *k, const char *s)
{
    key(b, first, k);
    if (s)
        buf_json_str(b, s, strlen(s));
    else
        buf_puts(b, "null");
}

void util_json_i64(buf *b, int first, const char *k, int64_t v)
{
    key(b, first, k);
    buf_printf(b, "%lld", (long long)v);
}

void util_json_col_i64(buf *b, int first, const char *k, store_stmt *st, int col)
{
    key(b, first, k);
    if (store_col_is_null(st, col))
        buf_puts(b, "null");
    else
        buf_printf(b, "%lld", (long long)store_col_i64(st, col));
}

void util_json_col_str(buf *b, int first, const char *k, store_stmt *st, int col)
{
    util_json_str(b, first, k, store_col_text(st, col));
}

int util_blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

int util_limit(int limit, int def, int max)
{
    if (limit <= 0)
        return def;
    return limit > max ? max : limit;
}

int util_code(const cg_err *err, int fallback)
{
    return err && err->code ? err->code : fallback;
}

int util_tx_end(store_conn *c, int rc, cg_err *err)
{
    if (!rc)
        rc = store_commit(c, err);
    else
        store_rollback(c);
    store_release(c);
    return rc;
}

int util_rows_json(store_stmt *q, const char *const *cols, int ncols, buf *out, cg_err *err)
{
    buf_putc(out, '[');
    int n = 0, rc;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        buf_puts(out, n++ ? ",{" : "{");
        for (int i = 0; i < ncols; i++) {
            if (cols[i][0] == '#')
                util_json_col_i64(out, i == 0, cols[i] + 1, q, i);
            else
                util_json_col_str(out, i == 0, cols[i], q, i);
        }
        buf_putc(out, '}');
    }
    buf_putc(out, ']');
    store_done(q);
    return rc < 0 ? rc : 0;
}

int util_page_json(store_stmt *q, int limit, buf *out,
                   void (*row)(buf *out, store_stmt *q, void *ctx), void *ctx, cg_err *err)
{
    buf_puts(out, "{\"items\":[");
    int n = 0, rc;
    int64_t last = 0;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        if (n == limit)
            break;
        if (n++)
            buf_putc(out, ',');
        last = store_col_i64(q, 0);
        row(out, q, ctx);
    }
    if (rc < 0)
        return rc;
    if (rc == STORE_ROW)
        buf_printf(out, "],\"next\":%lld}", (long long)last);
    else
        buf_puts(out, "],\"next\":null}");
    return 0;
}
