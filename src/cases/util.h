/* util.h: small helpers shared by src/cases/ (internal, not for callers). */
#ifndef CG_CASES_UTIL_H
#define CG_CASES_UTIL_H

#include "core/buf.h"
#include "store/store.h"

#include <stdint.h>

/* Unix seconds now. */
int64_t util_now(void);
/* Append "key": then the text s as a JSON string, or null for NULL. The
 * first call of an object passes first=1 (no comma). */
void util_json_str(buf *b, int first, const char *key, const char *s);
void util_json_i64(buf *b, int first, const char *key, int64_t v);
/* A JSON integer, or null when the column is NULL. */
void util_json_col_i64(buf *b, int first, const char *key, store_stmt *st, int col);
/* Append the column as a JSON string or null. */
void util_json_col_str(buf *b, int first, const char *key, store_stmt *st, int col);
/* 1 when s is NULL or only blanks. */
int util_blank(const char *s);
/* Clamp a page size: 0 -> def, else into 1..max. */
int util_limit(int limit, int def, int max);
/* The err code, or fallback when err is NULL or says OK. */
int util_code(const cg_err *err, int fallback);

/* Every row of q as a JSON array of objects, one member per column: cols[i]
 * names column i, with a leading '#' for an integer (else text); NULL
 * columns give null. Resets q. Returns 0 or the negative code of a failed
 * step. */
int util_rows_json(store_stmt *q, const char *const *cols, int ncols, buf *out, cg_err *err);

/* A keyset page: at most limit rows of q (which asks for limit + 1, to tell
 * whether more follow), each written by row(out, q, ctx) as one JSON object,
 * appended as {"items":[...],"next":id|null} where next is the id (column
 * 0) of the last row written when more follow. Returns 0 or the negative
 * code of a failed step (out then holds a partial page). */
int util_page_json(store_stmt *q, int limit, buf *out,
                   void (*row)(buf *out, store_stmt *q, void *ctx), void *ctx, cg_err *err);

/* Open a write transaction on a new connection named c (UTIL_TX_BEGIN also
 * declares int rc); returns rc from the enclosing function when that fails.
 * Pair with util_tx_end. */
#define UTIL_TX_OPEN(s, c, rc, err)                                                                \
    store_conn *c;                                                                                 \
    if ((rc = store_acquire(s, &c, err)))                                                          \
        return rc;                                                                                 \
    if ((rc = store_begin(c, err))) {                                                              \
        store_release(c);                                                                          \
        return rc;                                                                                 \
    }
#define UTIL_TX_BEGIN(s, c, err)                                                                   \
    int rc;                                                                                        \
    UTIL_TX_OPEN(s, c, rc, err)
/* Commit when rc is 0, roll back otherwise; release c; return the result. */
int util_tx_end(store_conn *c, int rc, cg_err *err);

#endif
