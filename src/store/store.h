/* store.h: the narrow contract between the platform and its database.
 *
 * Callers (src/cases/) speak SQL through this interface only: a pool of
 * connections, write and read transactions, prepared statements cached per
 * connection, typed binds and columns. Nothing outside src/store/ includes
 * sqlite3.h; a PostgreSQL backend implements the same functions (the SQL the
 * callers write is the common subset: `?` placeholders, INTEGER/TEXT/REAL,
 * INSERT ... ON CONFLICT DO NOTHING, RETURNING).
 *
 * Threads: a store is safe to share between any number of threads. Each
 * thread takes a connection with store_acquire, uses it alone and gives it
 * back with store_release. Writes are serialised by the database's lock with
 * a busy timeout; a store that stays locked or fails maps to CG_EUNAVAIL
 * (the API answers 503). A constraint violation maps to CG_ECONFLICT.
 *
 * Durability: WAL journal, foreign keys on, synchronous=FULL on every
 * connection (every change writes its audit entry in the same transaction,
 * so every commit carries audit and must survive a power cut).
 *
 * Two files: the main database, and beside it the access log (path +
 * "-access"), for entries written on reads (views of a case). A commit to
 * the main file makes every other connection drop its page cache; the log's
 * commits, one per page an outsider opens, would do that thousands of times
 * a second. Back up both (and the evidence directory). */
#ifndef CG_STORE_H
#define CG_STORE_H

#include "core/cg.h"

#include <stddef.h>
#include <stdint.h>

typedef struct store store;
typedef struct store_conn store_conn;
typedef struct store_stmt store_stmt;

/* Open (creating and migrating as needed) the SQLite store at path. Safe to
 * use from many threads at once. Returns 0, or a negative cg_code with err
 * naming the file and the reason (CG_EUNAVAIL when the file cannot be opened
 * or is locked too long; CG_EINVAL when its schema is newer than this
 * program). The evidence files live in store_data_dir(s). */
int store_open(const char *path, store **out, cg_err *err);
/* Close every pooled connection and free s. Connections must have been
 * released. NULL is allowed. */
void store_close(store *s);

/* The path the store was opened with (borrowed, lives as long as s). */
const char *store_path(const store *s);
/* The path of the access log beside it (borrowed). */
const char *store_log_path(const store *s);
/* The directory for files that belong with the store (evidence): the
 * database path with ".files" appended. Borrowed. Not created here. */
const char *store_data_dir(const store *s);
/* The schema version the store is at after migrations. */
int store_schema_version(store *s);

/* Take a connection for the calling thread (creating one when the pool is
 * empty). Returns 0 or CG_EUNAVAIL. Give it back with store_release. */
int store_acquire(store *s, store_conn **out, cg_err *err);
/* The same for the access log's file: only its own tables (access_log) are
 * seen there, and its write lock is not the main file's. */
int store_acquire_log(store *s, store_conn **out, cg_err *err);
/* Give c back: any statement still running is reset, any transaction still
 * open is rolled back (so a forgotten commit never half-writes). NULL ok. */
void store_release(store_conn *c);

/* Start a write transaction (takes the write lock at once, waiting up to
 * the busy timeout). Returns 0 or CG_EUNAVAIL. */
int store_begin(store_conn *c, cg_err *err);
/* Start a read transaction: the reads that follow see one snapshot. */
int store_begin_read(store_conn *c, cg_err *err);
/* Commit. Returns 0 or CG_EUNAVAIL (then the transaction is rolled back). */
int store_commit(store_conn *c, cg_err *err);
/* Roll back the open transaction, if any. Never fails. */
void store_rollback(store_conn *c);
/* 1 while c is inside a transaction. */
int store_in_tx(store_conn *c);

/* Run SQL text without parameters or results (one or more statements). */
int store_exec(store_conn *c, const char *sql, cg_err *err);

/* The prepared statement for sql on c, compiled once per connection and
 * cached (pass string literals or other long-lived text: the cache is keyed
 * by content). The statement comes reset with no bindings; it is borrowed
 * and belongs to c. Call store_done when finished reading it. Returns NULL
 * with err set (CG_EINVAL for bad SQL, CG_EUNAVAIL otherwise). */
store_stmt *store_prep(store_conn *c, const char *sql, cg_err *err);
/* Binds; parameters are numbered from 1. Text is copied. NULL text binds
 * NULL. */
void store_bind_i64(store_stmt *st, int i, int64_t v);
void store_bind_double(store_stmt *st, int i, double v);
void store_bind_text(store_stmt *st, int i, const char *s);
void store_bind_textn(store_stmt *st, int i, const char *s, size_t len);
void store_bind_blob(store_stmt *st, int i, const void *p, size_t len);
void store_bind_null(store_stmt *st, int i);

enum { STORE_DONE = 0, STORE_ROW = 1 };
/* Advance: STORE_ROW when a row is ready, STORE_DONE at the end, or a
 * negative code with err set (CG_ECONFLICT on a constraint, CG_EUNAVAIL when
 * the store is busy or failing). */
int store_step(store_stmt *st, cg_err *err);
/* Columns of the current row, numbered from 0. Text is borrowed until the
 * next step or store_done; NULL columns read as 0 / NULL. */
int64_t store_col_i64(store_stmt *st, int i);
double store_col_double(store_stmt *st, int i);
const char *store_col_text(store_stmt *st, int i);
const void *store_col_blob(store_stmt *st, int i, size_t *len);
int store_col_is_null(store_stmt *st, int i);
/* Reset st for reuse and release its read snapshot. */
void store_done(store_stmt *st);

/* Rows changed by the last INSERT/UPDATE/DELETE on c. */
int64_t store_changes(store_conn *c);
/* Rowid of the last INSERT on c. */
int64_t store_last_id(store_conn *c);

/* A cheap check that the store answers (for a health endpoint): one trivial
 * read. Returns 0 or CG_EUNAVAIL. */
int store_ping(store *s, cg_err *err);

/* Run the store's own integrity check. Returns 0 when it reports "ok",
 * CG_EINVAL with the first problem in err otherwise. */
int store_integrity_check(store *s, cg_err *err);

#endif
