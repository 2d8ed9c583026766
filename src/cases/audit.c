/* audit.c: the hash-chained, append-only audit log: append inside the
 * caller's transaction, verify the whole chain, list it. */
#include "cases/audit.h"
#include "cases/access.h"
#include "cases/util.h"

#include <sodium.h>
#include <pthread.h>
#include <time.h>
#include <stdio.h>
#include <string.h>

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* What differs between the two logs: the table, and the tag hashed into every
 * entry (an entry moved from one log to the other does not verify). */
typedef struct log_sql {
    const char *tag, *last, *insert, *all, *page;
} log_sql;

static const log_sql logs[] = {
    [AUDIT_CHANGES] = {"canhgac-audit-v1", "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
                       "INSERT INTO audit(id, at, user_id, org_id, action, object, detail, prev, "
                       "hash) VALUES (?,?,?,?,?,?,?,?,?)",
                       "SELECT id, at, user_id, org_id, action, object, detail, prev, hash FROM "
                       "audit ORDER BY id",
                       "SELECT id, at, user_id, org_id, action, object, detail, hash FROM audit "
                       "WHERE id < ? ORDER BY id DESC LIMIT ?"},
    [AUDIT_ACCESS] = {"canhgac-access-v1",
                      "SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1",
                      "INSERT INTO access_log(id, at, user_id, org_id, action, object, detail, "
                      "prev, hash) VALUES (?,?,?,?,?,?,?,?,?)",
                      "SELECT id, at, user_id, org_id, action, object, detail, prev, hash FROM "
                      "access_log ORDER BY id",
                      "SELECT id, at, user_id, org_id, action, object, detail, hash FROM "
                      "access_log WHERE id < ? ORDER BY id DESC LIMIT ?"},
};

static void entry_hash(const char *tag, int64_t id, int64_t at, int64_t user, int64_t org,
                       const char *action, const char *object, const char *detail, const char *prev,
                       char out[65])
{
    crypto_hash_sha256_state h;
    char head[160];
    int n = snprintf(head, sizeof head, "%s\n%lld\n%lld\n%lld\n%lld\n", tag, (long long)id,
                     (long long)at, (long long)user, (long long)org);
    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, (const unsigned char *)head, (unsigned long long)n);
    const char *parts[4] = {action, object, detail, prev};
    for (int i = 0; i < 4; i++) {
        crypto_hash_sha256_update(&h, (const unsigned char *)parts[i], strlen(parts[i]));
        if (i < 3)
            crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
    }
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, d);
    sodium_bin2hex(out, 65, d, sizeof d);
}

/* The end of a chain: the next entry's number and its prev. */
typedef struct chain_end {
    int64_t next_id;
    char prev[65];
} chain_end;

static int chain_load(store_conn *c, const log_sql *l, chain_end *end, cg_err *err)
{
    store_stmt *q = store_prep(c, l->last, err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    memcpy(end->prev, ZERO_HASH, sizeof end->prev);
    end->next_id = 1;
    int rc = store_step(q, err);
    if (rc < 0)
        return rc;
    if (rc == STORE_ROW) {
        end->next_id = store_col_i64(q, 0) + 1;
        const char *h = store_col_text(q, 1);
        snprintf(end->prev, sizeof end->prev, "%s", h ? h : "");
    }
    store_done(q);
    return 0;
}

static int chain_append(store_conn *c, const log_sql *l, chain_end *end, const actor *by,
                        const char *action, const char *object, const char *detail_json,
                        cg_err *err)
{
    const char *detail = detail_json ? detail_json : "{}";
    int64_t at = util_now();
    int64_t user = by ? by->user_id : 0, org = by ? by->org_id : 0;
    char hash[65];
    entry_hash(l->tag, end->next_id, at, user, org, action, object, detail, end->prev, hash);
    store_stmt *ins = store_prep(c, l->insert, err);
    if (!ins)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(ins, 1, end->next_id);
    store_bind_i64(ins, 2, at);
    store_bind_i64(ins, 3, user);
    store_bind_i64(ins, 4, org);
    store_bind_text(ins, 5, action);
    store_bind_text(ins, 6, object);
    store_bind_text(ins, 7, detail);
    store_bind_text(ins, 8, end->prev);
    store_bind_text(ins, 9, hash);
    int rc = store_step(ins, err);
    store_done(ins);
    if (rc < 0)
        return rc;
    end->next_id++;
    memcpy(end->prev, hash, sizeof hash);
    return 0;
}

int audit_append(store_conn *c, const actor *by, const char *action, const char *object,
                 const char *detail_json, cg_err *err)
{
    if (!store_in_tx(c))
        return cg_err_set(err, CG_EINVAL,
                          "audit: an entry must be written inside the change's "
                          "transaction");
    chain_end end;
    int rc = chain_load(c, &logs[AUDIT_CHANGES], &end, err);
    return rc ? rc
              : chain_append(c, &logs[AUDIT_CHANGES], &end, by, action, object, detail_json, err);
}

/* An access-log entry on its way to the log, with the outcome of its
 * commit. */
typedef struct pending {
    const actor *by;
    const char *action, *object, *detail;
    int rc;
    cg_err err;
    struct pending *next;
} pending;

/* Write every entry of list in one transaction of the access log. */
static void write_group(store *s, pending *list)
{
    cg_err err;
    store_conn *c;
    const log_sql *l = &logs[AUDIT_ACCESS];
    int rc = store_acquire_log(s, &c, &err);
    if (!rc) {
        if (!(rc = store_begin(c, &err))) {
            chain_end end;
            rc = chain_load(c, l, &end, &err);
            for (pending *p = list; p && !rc; p = p->next)
                rc = chain_append(c, l, &end, p->by, p->action, p->object, p->detail, &err);
            rc = rc ? (store_rollback(c), rc) : store_commit(c, &err);
        }
        store_release(c);
    }
    for (pending *p = list; p; p = p->next) {
        p->rc = rc;
        if (rc)
            p->err = err;
    }
}

/* A view outside a server (the library's own case_get_json, a server that is
 * stopping) is rare: a transaction of its own. Servers group views with an
 * audit_writer. */
int audit_record(store *s, const actor *by, const char *action, const char *object,
                 const char *detail_json, cg_err *err)
{
    pending me = {by, action, object, detail_json, 0, {0, ""}, NULL};
    write_group(s, &me);
    if (me.rc && err)
        *err = me.err;
    return me.rc;
}

struct audit_writer {
    store *s;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pending *head, **tail;
    int closing, joined;
    pthread_t thread;
};

/* One queued entry with copies of what it names. */
typedef struct queued {
    pending p; /* first: the list links queued entries through p.next */
    actor by;
    audit_done_fn done;
    void *arg;
    char text[];
} queued;

#define WRITER_LINGER_NS 1000000L

static void *writer_main(void *arg)
{
    audit_writer *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->head && !w->closing)
            pthread_cond_wait(&w->cv, &w->mu);
        if (!w->head)
            break;
        if (!w->closing) {
            /* Linger a moment for more views: a commit costs the same for
             * one entry as for fifty, and the pages waiting are not holding
             * a worker. */
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += WRITER_LINGER_NS;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            while (!w->closing && pthread_cond_timedwait(&w->cv, &w->mu, &until) == 0)
                ;
        }
        pending *list = w->head;
        w->head = NULL;
        w->tail = &w->head;
        pthread_mutex_unlock(&w->mu);
        write_group(w->s, list);
        for (pending *p = list, *nx; p; p = nx) {
            nx = p->next;
            queued *q = (queued *)p;
            q->done(q->arg, p->rc, p->rc ? &p->err : NULL);
            free(q);
        }
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

int audit_writer_new(store *s, audit_writer **out, cg_err *err)
{
    audit_writer *w = cg_calloc(1, sizeof *w);
    w->s = s;
    w->tail = &w->head;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    int rc = pthread_create(&w->thread, NULL, writer_main, w);
    if (rc) {
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return cg_err_set(err, CG_EUNAVAIL, "audit: cannot start the access-log writer: %s",
                          strerror(rc));
    }
    *out = w;
    return 0;
}

int audit_writer_add(audit_writer *w, const actor *by, const char *action, const char *object,
                     const char *detail_json, audit_done_fn done, void *arg)
{
    const char *detail = detail_json ? detail_json : "{}";
    size_t la = strlen(action) + 1, lo = strlen(object) + 1, ld = strlen(detail) + 1;
    queued *q = cg_malloc(sizeof *q + la + lo + ld);
    memset(&q->p, 0, sizeof q->p);
    q->by = by ? *by : actor_system();
    q->done = done;
    q->arg = arg;
    char *t = q->text;
    q->p.action = memcpy(t, action, la);
    q->p.object = memcpy(t + la, object, lo);
    q->p.detail = memcpy(t + la + lo, detail, ld);
    q->p.by = &q->by;
    pthread_mutex_lock(&w->mu);
    if (w->closing) {
        pthread_mutex_unlock(&w->mu);
        free(q);
        return CG_EUNAVAIL;
    }
    int was_empty = !w->head;
    *w->tail = &q->p;
    w->tail = &q->p.next;
    if (was_empty)
        pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return 0;
}

void audit_writer_close(audit_writer *w)
{
    pthread_mutex_lock(&w->mu);
    w->closing = 1;
    int join = !w->joined;
    w->joined = 1;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    if (join)
        pthread_join(w->thread, NULL);
}

void audit_writer_free(audit_writer *w)
{
    if (!w)
        return;
    audit_writer_close(w);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

int audit_verify(store *s, audit_log log, int64_t *checked, int64_t *first_bad, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    if (checked)
        *checked = 0;
    if (first_bad)
        *first_bad = 0;
    const log_sql *l = &logs[log];
    store_conn *c;
    int rc = log == AUDIT_ACCESS ? store_acquire_log(s, &c, err) : store_acquire(s, &c, err);
    if (rc)
        return rc;
    if ((rc = store_begin_read(c, err))) {
        store_release(c);
        return rc;
    }
    store_stmt *q = store_prep(c, l->all, err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    char prev[65] = ZERO_HASH;
    int64_t n = 0, expect = 1;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        int64_t id = store_col_i64(q, 0);
        const char *action = store_col_text(q, 4), *object = store_col_text(q, 5);
        const char *detail = store_col_text(q, 6), *sp = store_col_text(q, 7);
        const char *sh = store_col_text(q, 8);
        const char *why = NULL;
        char h[65];
        if (id != expect) {
            why = id > expect ? "entries before it are missing" : "its number is out of order";
        } else if (!sp || strcmp(sp, prev)) {
            why = "its link to the previous entry does not match (this entry or the previous "
                  "one was altered)";
        } else {
            entry_hash(l->tag, id, store_col_i64(q, 1), store_col_i64(q, 2), store_col_i64(q, 3),
                       action ? action : "", object ? object : "", detail ? detail : "", sp, h);
            if (!sh || strcmp(sh, h))
                why = "its content does not match its hash";
        }
        if (why) {
            if (first_bad)
                *first_bad = id;
            if (checked)
                *checked = n;
            cg_err_set(err, CG_EINVAL, "%s entry %lld altered: %s",
                       log == AUDIT_ACCESS ? "access log" : "audit", (long long)id, why);
            store_release(c);
            return CG_EINVAL;
        }
        memcpy(prev, sh, 65);
        n++;
        expect = id + 1;
    }
    store_release(c);
    if (rc < 0)
        return rc;
    if (checked)
        *checked = n;
    return 0;
}

/* One entry of a log page, as util_page_json writes it. */
static void entry_item(buf *out, store_stmt *q, void *ctx)
{
    (void)ctx;
    buf_putc(out, '{');
    util_json_i64(out, 1, "id", store_col_i64(q, 0));
    util_json_i64(out, 0, "at", store_col_i64(q, 1));
    util_json_i64(out, 0, "user_id", store_col_i64(q, 2));
    util_json_i64(out, 0, "org_id", store_col_i64(q, 3));
    util_json_col_str(out, 0, "action", q, 4);
    util_json_col_str(out, 0, "object", q, 5);
    buf_puts(out, ",\"detail\":");
    buf_puts(out, store_col_text(q, 6));
    util_json_col_str(out, 0, "hash", q, 7);
    buf_putc(out, '}');
}

int audit_list_json(store *s, const actor *by, audit_log log, int64_t before, int limit, buf *out,
                    cg_err *err)
{
    if (!access_role_may(by, ACT_AUDIT_READ))
        return cg_err_set(err, CG_EPERM,
                          "audit: only administrators and coordinators read the log");
    limit = util_limit(limit, 100, 500);
    store_conn *c;
    int rc = log == AUDIT_ACCESS ? store_acquire_log(s, &c, err) : store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c, logs[log].page, err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_i64(q, 1, before > 0 ? before : INT64_MAX);
    store_bind_i64(q, 2, limit + 1);
    rc = util_page_json(q, limit, out, entry_item, NULL, err);
    store_release(c);
    return rc < 0 ? rc : 0;
}
