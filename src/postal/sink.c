/* sink.c: alerts from screening into the store, and case subjects into the
 * watch list. */
#include "postal/sink.h"

#include "cases/alert.h"
#include "cases/subject.h"
#include "core/arena.h"
#include "core/buf.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

struct post_sink {
    store *st;
    alert_in a[POST_SINK_BATCH];
    size_t n;
    arena *mem; /* the queued alerts' strings */
    size_t created, sent;
};

typedef struct subject_ctx {
    post_watch *watch;
    void (*report)(void *ctx, const char *msg);
    void *ctx;
} subject_ctx;

static void from_subject(void *ctx, const char *kind, const char *value, const char *note)
{
    subject_ctx *c = ctx;
    cg_err e = {0};
    if (post_watch_add(c->watch, kind, value, strlen(value), note, &e) < 0 && c->report) {
        char msg[700];
        snprintf(msg, sizeof msg, "case subject skipped: %s", e.msg);
        c->report(c->ctx, msg);
    }
}

int post_sink_open(const char *path, post_watch *watch, void (*report)(void *ctx, const char *msg),
                   void *ctx, post_sink **out, cg_err *err)
{
    store *st;
    int rc = store_open(path, &st, err);
    if (rc)
        return rc;
    subject_ctx sc = {watch, report, ctx};
    rc = subject_watchlist(st, from_subject, &sc, err);
    if (rc) {
        store_close(st);
        return rc;
    }
    post_sink *s = cg_calloc(1, sizeof *s);
    s->st = st;
    s->mem = arena_new(0);
    *out = s;
    return 0;
}

int post_sink_flush(post_sink *s, cg_err *err)
{
    if (!s->n)
        return 0;
    size_t created = 0;
    int rc = alert_ingest(s->st, s->a, s->n, &created, err);
    if (rc)
        return rc;
    s->created += created;
    s->sent += s->n;
    s->n = 0;
    arena_reset(s->mem);
    return 0;
}

int post_sink_add(post_sink *s, const post_item *it, const post_decision *d, const char *line,
                  size_t len, cg_err *err)
{
    if (d->decision == POST_ACCEPT)
        return 0;
    alert_in *a = &s->a[s->n++];
    memset(a, 0, sizeof *a);
    a->kind = d->nkinds ? d->kinds[0] : "postal.contraband";
    a->source = "postal.screen";
    a->source_ref = arena_strndup(s->mem, it->item_id.p, it->item_id.len);
    a->score = d->score;
    buf t = BUF_INIT;
    buf_printf(&t, "Bưu gửi %.*s: %s", (int)it->item_id.len, it->item_id.p,
               d->decision == POST_HOLD ? "giữ lại, báo cơ quan chức năng" : "mở kiểm tra");
    /* The first reason, as the JSON has it, tells a person what it is about. */
    if (d->reasons.len > 2) {
        const char *r = d->reasons.p + 1, *e = r;
        while (*e && !(*e == '"' && e[-1] != '\\'))
            e++;
        size_t n = (size_t)(e - r);
        if (n > 200) {
            n = 200;
            while (n > 0 && ((unsigned char)r[n] & 0xc0) == 0x80)
                n--; /* not in the middle of a UTF-8 sequence */
        }
        buf_printf(&t, " — %.*s", (int)n, r);
    }
    a->title = arena_strndup(s->mem, t.p, t.len);
    buf_free(&t);
    a->detail_json = arena_strndup(s->mem, line, len);
    a->observed_at = it->accepted_at;
    if (s->n == POST_SINK_BATCH)
        return post_sink_flush(s, err);
    return 0;
}

void post_sink_counts(const post_sink *s, size_t *sent, size_t *created)
{
    *sent = s->sent;
    *created = s->created;
}

void post_sink_close(post_sink *s)
{
    if (!s)
        return;
    store_close(s->st);
    arena_free(s->mem);
    free(s);
}
