/* store_sqlite.c: the store contract over SQLite: a pool of connections, each
 * with its cache of prepared statements; migrations applied at open. */
#include "store/store.h"
#include "store/schema.h"

#include "core/buf.h"
#include "core/hmap.h"
#include "core/text.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#define STORE_BUSY_MS 5000
#define STORE_MAX_ACTIVE 64

struct store_stmt {
    sqlite3_stmt *st;
    store_conn *conn;
    int active; /* handed out since the last reset */
};

typedef struct pool pool;

struct store_conn {
    pool *pool;
    sqlite3 *db;
    hmap *cache;         /* sql text -> store_stmt */
    store_stmt **active; /* statements to reset at release */
    size_t n_active, cap_active;
    store_conn *next_free; /* pool list */
};

/* The connections to one database file, with the migrations that make it. */
struct pool {
    char *path;
    const char *const *migrations;
    int n_migrations, version;
    int is_log;
    pthread_mutex_t mu;
    store_conn *free_list;
    store_conn **all;
    size_t n_all, cap_all;
};

/* The main database, and the access log beside it (path + "-access"): views
 * of a case are logged on every page an outsider opens, and a commit to the
 * main file would make every other connection drop its page cache. A file
 * of its own leaves readers' caches and the main writers' lock alone. */
struct store {
    pool main, log;
    char *data_dir;
};

static int map_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE: return 0;
    case SQLITE_CONSTRAINT: return CG_ECONFLICT;
    case SQLITE_NOMEM: return CG_ENOMEM;
    case SQLITE_ERROR:
    case SQLITE_RANGE:
    case SQLITE_MISMATCH: return CG_EINVAL;
    default: return CG_EUNAVAIL;
    }
}

static int db_err(sqlite3 *db, int rc, cg_err *err, const char *what)
{
    return cg_err_set(err, map_rc(rc), "store: %s: %s", what,
                      db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

static void conn_free(store_conn *c)
{
    if (!c)
        return;
    if (c->cache) {
        const char *k;
        size_t kl;
        void *v;
        for (size_t i = 0; hmap_next(c->cache, &i, &k, &kl, &v);) {
            store_stmt *st = v;
            if (!st)
                continue; /* a statement that failed to compile */
            sqlite3_finalize(st->st);
            free(st);
        }
        hmap_free(c->cache);
    }
    free(c->active);
    sqlite3_close(c->db);
    free(c);
}

/* cg_fold(text): the accent- and case-insensitive form of Vietnamese text
 * (core text_fold), for the search indexes the triggers keep. NULL stays
 * NULL. A PostgreSQL backend provides the same function. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *t = sqlite3_value_text(argv[0]);
    if (!t) {
        sqlite3_result_null(ctx);
        return;
    }
    buf b = BUF_INIT;
    text_fold((const char *)t, (size_t)sqlite3_value_bytes(argv[0]), &b);
    sqlite3_result_text(ctx, b.p ? b.p : "", (int)b.len, SQLITE_TRANSIENT);
    buf_free(&b);
}

static int conn_open(pool *s, store_conn **out, cg_err *err)
{
    store_conn *c = cg_calloc(1, sizeof *c);
    c->pool = s;
    int rc = sqlite3_open_v2(
        s->path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        cg_err_set(err, CG_EUNAVAIL, "store: %s: cannot open: %s", s->path,
                   c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
        conn_free(c);
        return CG_EUNAVAIL;
    }
    sqlite3_busy_timeout(c->db, STORE_BUSY_MS);
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_create_function_v2(c->db, "cg_fold", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                               sql_fold, NULL, NULL, NULL);
    char *msg = NULL;
    /* No memory map: SQLite unmaps it whenever another connection has
     * committed, and faulting a multi-gigabyte map back in cost more than
     * reading pages through the system call (docs/platform-api-bench.md). */
    rc = sqlite3_exec(c->db,
                      s->is_log ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                  "PRAGMA cache_size=-2048;"
                                : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                  "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                                  "PRAGMA cache_size=-32768;",
                      NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        cg_err_set(err, CG_EUNAVAIL, "store: %s: cannot set up: %s", s->path,
                   msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        conn_free(c);
        return CG_EUNAVAIL;
    }
    /* A file that is not a database fails on first read, not at open. */
    sqlite3_stmt *q = NULL;
    rc = sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &q, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        cg_err_set(err, CG_EUNAVAIL, "store: %s: cannot read: %s", s->path, sqlite3_errmsg(c->db));
        sqlite3_finalize(q);
        conn_free(c);
        return CG_EUNAVAIL;
    }
    sqlite3_finalize(q);
    c->cache = hmap_new();
    *out = c;
    return 0;
}

static int migrate(pool *s, store_conn *c, cg_err *err)
{
    int n = s->n_migrations;
    int rc = store_begin(c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c, "PRAGMA user_version", err);
    if (!q) {
        store_rollback(c);
        return err ? err->code : CG_EUNAVAIL;
    }
    int v = store_step(q, err) == STORE_ROW ? (int)store_col_i64(q, 0) : 0;
    store_done(q);
    if (v > n) {
        store_rollback(c);
        return cg_err_set(err, CG_EINVAL,
                          "store: %s: schema version %d is newer than this program (%d)", s->path,
                          v, n);
    }
    for (; v < n; v++) {
        char *msg = NULL;
        int r = sqlite3_exec(c->db, s->migrations[v], NULL, NULL, &msg);
        if (r != SQLITE_OK) {
            cg_err_set(err, map_rc(r), "store: %s: migration %d failed: %s", s->path, v + 1,
                       msg ? msg : sqlite3_errstr(r));
            sqlite3_free(msg);
            store_rollback(c);
            return map_rc(r) ? map_rc(r) : CG_EUNAVAIL;
        }
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", v + 1);
        if ((r = store_exec(c, pragma, err))) {
            store_rollback(c);
            return r;
        }
    }
    s->version = n;
    return store_commit(c, err);
}

static void pool_close(pool *p)
{
    for (size_t i = 0; i < p->n_all; i++)
        conn_free(p->all[i]);
    free(p->all);
    pthread_mutex_destroy(&p->mu);
    free(p->path);
}

static int pool_acquire(pool *s, store_conn **out, cg_err *err)
{
    pthread_mutex_lock(&s->mu);
    store_conn *c = s->free_list;
    if (c)
        s->free_list = c->next_free;
    pthread_mutex_unlock(&s->mu);
    if (c) {
        c->next_free = NULL;
        *out = c;
        return 0;
    }
    int rc = conn_open(s, &c, err);
    if (rc)
        return rc;
    pthread_mutex_lock(&s->mu);
    if (s->n_all == s->cap_all) {
        s->cap_all = s->cap_all ? 2 * s->cap_all : 8;
        s->all = cg_realloc(s->all, s->cap_all * sizeof *s->all);
    }
    s->all[s->n_all++] = c;
    pthread_mutex_unlock(&s->mu);
    *out = c;
    return 0;
}

static int pool_open(pool *p, const char *path, const char *const *migrations, int n, int is_log,
                     cg_err *err)
{
    p->path = cg_strdup(path);
    p->migrations = migrations;
    p->n_migrations = n;
    p->is_log = is_log;
    pthread_mutex_init(&p->mu, NULL);
    store_conn *c;
    int rc = pool_acquire(p, &c, err);
    if (rc)
        return rc;
    rc = migrate(p, c, err);
    store_release(c);
    return rc;
}

static void sqlite_setup(void)
{
    /* The allocator's statistics take a global lock on every allocation,
     * which every request thread would queue on. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_open(const char *path, store **out, cg_err *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_setup);
    *out = NULL;
    store *s = cg_calloc(1, sizeof *s);
    buf d = BUF_INIT;
    buf_printf(&d, "%s.files", path);
    s->data_dir = buf_detach(&d, NULL);
    int rc =
        pool_open(&s->main, path, store_migrations, (int)CG_ARRAY_LEN(store_migrations), 0, err);
    if (!rc) {
        buf_printf(&d, "%s-access", path);
        char *log = buf_detach(&d, NULL);
        rc = pool_open(&s->log, log, store_log_migrations, (int)CG_ARRAY_LEN(store_log_migrations),
                       1, err);
        free(log);
    }
    if (rc) {
        store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void store_close(store *s)
{
    if (!s)
        return;
    pool_close(&s->main);
    if (s->log.path)
        pool_close(&s->log);
    free(s->data_dir);
    free(s);
}

const char *store_path(const store *s)
{
    return s->main.path;
}
const char *store_log_path(const store *s)
{
    return s->log.path;
}
const char *store_data_dir(const store *s)
{
    return s->data_dir;
}
int store_schema_version(store *s)
{
    return s->main.version;
}

int store_acquire(store *s, store_conn **out, cg_err *err)
{
    return pool_acquire(&s->main, out, err);
}
int store_acquire_log(store *s, store_conn **out, cg_err *err)
{
    return pool_acquire(&s->log, out, err);
}

void store_release(store_conn *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_active; i++) {
        sqlite3_reset(c->active[i]->st);
        c->active[i]->active = 0;
    }
    c->n_active = 0;
    if (!sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    pool *s = c->pool;
    pthread_mutex_lock(&s->mu);
    c->next_free = s->free_list;
    s->free_list = c;
    pthread_mutex_unlock(&s->mu);
}

int store_exec(store_conn *c, const char *sql, cg_err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        int code = map_rc(rc) ? map_rc(rc) : CG_EUNAVAIL;
        cg_err_set(err, code, "store: %s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return code;
    }
    return 0;
}

int store_begin(store_conn *c, cg_err *err)
{
    return store_exec(c, "BEGIN IMMEDIATE", err);
}
int store_begin_read(store_conn *c, cg_err *err)
{
    return store_exec(c, "BEGIN", err);
}

int store_commit(store_conn *c, cg_err *err)
{
    int rc = store_exec(c, "COMMIT", err);
    if (rc) {
        store_rollback(c);
        return rc == CG_EINVAL ? CG_EUNAVAIL : rc;
    }
    return 0;
}

void store_rollback(store_conn *c)
{
    for (size_t i = 0; i < c->n_active; i++) {
        sqlite3_reset(c->active[i]->st);
        c->active[i]->active = 0;
    }
    c->n_active = 0;
    if (!sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_in_tx(store_conn *c)
{
    return !sqlite3_get_autocommit(c->db);
}

store_stmt *store_prep(store_conn *c, const char *sql, cg_err *err)
{
    size_t len = strlen(sql);
    int is_new = 0;
    void **slot = hmap_slot(c->cache, sql, len, &is_new);
    store_stmt *st = *slot;
    if (!st) {
        sqlite3_stmt *raw = NULL;
        int rc =
            sqlite3_prepare_v3(c->db, sql, (int)len + 1, SQLITE_PREPARE_PERSISTENT, &raw, NULL);
        if (rc != SQLITE_OK) {
            db_err(c->db, rc, err, "prepare");
            /* The slot stays NULL; a later call tries again. */
            return NULL;
        }
        st = cg_calloc(1, sizeof *st);
        st->st = raw;
        st->conn = c;
        *slot = st;
    } else {
        sqlite3_reset(st->st);
        sqlite3_clear_bindings(st->st);
    }
    if (!st->active) {
        if (c->n_active == c->cap_active) {
            c->cap_active = c->cap_active ? 2 * c->cap_active : 16;
            c->active = cg_realloc(c->active, c->cap_active * sizeof *c->active);
        }
        c->active[c->n_active++] = st;
        st->active = 1;
    }
    return st;
}

void store_bind_i64(store_stmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(st->st, i, v);
}
void store_bind_double(store_stmt *st, int i, double v)
{
    sqlite3_bind_double(st->st, i, v);
}
void store_bind_text(store_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st->st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st->st, i);
}
void store_bind_textn(store_stmt *st, int i, const char *s, size_t len)
{
    sqlite3_bind_text(st->st, i, s ? s : "", (int)len, SQLITE_TRANSIENT);
}
void store_bind_blob(store_stmt *st, int i, const void *p, size_t len)
{
    sqlite3_bind_blob(st->st, i, p, (int)len, SQLITE_TRANSIENT);
}
void store_bind_null(store_stmt *st, int i)
{
    sqlite3_bind_null(st->st, i);
}

int store_step(store_stmt *st, cg_err *err)
{
    int rc = sqlite3_step(st->st);
    if (rc == SQLITE_ROW)
        return STORE_ROW;
    if (rc == SQLITE_DONE)
        return STORE_DONE;
    int code = map_rc(rc);
    if (code == CG_EINVAL)
        code = CG_EUNAVAIL;
    cg_err_set(err, code, "store: %s", sqlite3_errmsg(st->conn->db));
    sqlite3_reset(st->st);
    return code;
}

int64_t store_col_i64(store_stmt *st, int i)
{
    return sqlite3_column_int64(st->st, i);
}
double store_col_double(store_stmt *st, int i)
{
    return sqlite3_column_double(st->st, i);
}
const char *store_col_text(store_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st->st, i);
}
const void *store_col_blob(store_stmt *st, int i, size_t *len)
{
    const void *p = sqlite3_column_blob(st->st, i);
    *len = (size_t)sqlite3_column_bytes(st->st, i);
    return p;
}
int store_col_is_null(store_stmt *st, int i)
{
    return sqlite3_column_type(st->st, i) == SQLITE_NULL;
}

void store_done(store_stmt *st)
{
    sqlite3_reset(st->st);
}

int64_t store_changes(store_conn *c)
{
    return sqlite3_changes64(c->db);
}
int64_t store_last_id(store_conn *c)
{
    return sqlite3_last_insert_rowid(c->db);
}

int store_ping(store *s, cg_err *err)
{
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c, "SELECT count(*) FROM sqlite_schema", err);
    if (!q) {
        store_release(c);
        return CG_EUNAVAIL;
    }
    rc = store_step(q, err);
    store_release(c);
    return rc == STORE_ROW ? 0 : CG_EUNAVAIL;
}

int store_integrity_check(store *s, cg_err *err)
{
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c, "PRAGMA integrity_check", err);
    if (!q) {
        store_release(c);
        return err ? err->code : CG_EUNAVAIL;
    }
    rc = store_step(q, err);
    if (rc == STORE_ROW) {
        const char *r = store_col_text(q, 0);
        rc = r && !strcmp(r, "ok") ? 0
                                   : cg_err_set(err, CG_EINVAL, "store: %s: integrity check: %s",
                                                s->main.path, r ? r : "(no answer)");
    } else if (rc == STORE_DONE) {
        rc = cg_err_set(err, CG_EINVAL, "store: %s: integrity check gave no answer", s->main.path);
    }
    store_done(q);
    if (!rc) {
        q = store_prep(c, "PRAGMA foreign_key_check", err);
        if (q && store_step(q, err) == STORE_ROW)
            rc = cg_err_set(err, CG_EINVAL, "store: %s: foreign key broken in table %s",
                            s->main.path, store_col_text(q, 0));
        if (q)
            store_done(q);
    }
    store_release(c);
    return rc;
}
