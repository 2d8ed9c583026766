/* tip.c: citizens' tips: recorded with an unguessable tracking code and
 * turned into an alert in the department's inbox; the status by code. */
#include "cases/tip.h"
#include "cases/alert.h"
#include "cases/audit.h"
#include "cases/util.h"

#include "core/text.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Crockford's base32: no I, L, O, U, so codes read aloud without doubt. */
static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void new_code(char code[TIP_CODE_LEN + 1])
{
    unsigned char r[20];
    randombytes_buf(r, sizeof r);
    int k = 0;
    for (int i = 0; i < 20; i++) {
        if (i && i % 5 == 0)
            code[k++] = '-';
        code[k++] = alphabet[r[i] & 31];
    }
    code[k] = 0;
}

int tip_create(store *s, const char *category, const char *text, const char *contact,
               char code[TIP_CODE_LEN + 1], cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    if (!category || (strcmp(category, "other") && !alert_kind_valid(category)))
        return cg_err_set(err, CG_EINVAL,
                          "tip: field 'category' must be a violation code or 'other'");
    if (util_blank(text))
        return cg_err_set(err, CG_EINVAL, "tip: field 'text' is empty");
    size_t len = strlen(text);
    if (len > TIP_TEXT_MAX)
        return cg_err_set(err, CG_ETOOBIG, "tip: field 'text' is longer than %d bytes",
                          TIP_TEXT_MAX);
    if (!text_utf8_valid(text, len))
        return cg_err_set(err, CG_EINVAL, "tip: field 'text' is not valid UTF-8");
    if (contact && (strlen(contact) > 256 || !text_utf8_valid(contact, strlen(contact))))
        return cg_err_set(err, CG_EINVAL,
                          "tip: field 'contact' is longer than 256 bytes or "
                          "not UTF-8");
    if (sodium_init() < 0)
        return cg_err_set(err, CG_EUNAVAIL, "tip: the crypto library cannot start");
    char c0[TIP_CODE_LEN + 1];
    new_code(c0);
    /* The alert that puts the tip in the focal inbox; an "other" tip keeps
     * that kind until triage opens a case with the right violation code. */
    buf title = BUF_INIT, detail = BUF_INIT;
    buf_puts(&title, "Tin tố giác: ");
    size_t cut = len > 120 ? 120 : len;
    while (cut < len && cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
        cut--;
    buf_append(&title, text, cut);
    for (size_t i = 0; i < title.len; i++)
        if (title.p[i] == '\n' || title.p[i] == '\r')
            title.p[i] = ' ';
    buf_putc(&detail, '{');
    util_json_str(&detail, 1, "category", category);
    util_json_str(&detail, 0, "text", text);
    util_json_str(&detail, 0, "contact", contact && *contact ? contact : NULL);
    buf_putc(&detail, '}');
    int64_t now = util_now();
    alert_in a = {category, "tip", c0, 0.5, title.p, detail.p, now, NULL, NULL};
    int64_t alert_id = 0;
    actor sys = actor_system();
    int rc = alert_ingest_as(s, &sys, &a, 1, NULL, &alert_id, err);
    buf_free(&title);
    buf_free(&detail);
    if (rc)
        return rc;
    UTIL_TX_OPEN(s, c, rc, err)
    store_stmt *q = store_prep(c,
                               "INSERT INTO tip(code, category, text, contact, status, "
                               "created_at, alert_id) VALUES (?,?,?,?,'received',?,?)",
                               err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_text(q, 1, c0);
    store_bind_text(q, 2, category);
    store_bind_text(q, 3, text);
    store_bind_text(q, 4, contact && *contact ? contact : NULL);
    store_bind_i64(q, 5, now);
    store_bind_i64(q, 6, alert_id);
    rc = store_step(q, err);
    store_done(q);
    if (rc >= 0) {
        char obj[48], d[96];
        snprintf(obj, sizeof obj, "tip:%lld", (long long)store_last_id(c));
        snprintf(d, sizeof d, "{\"category\":\"%s\",\"alert_id\":%lld}", category,
                 (long long)alert_id);
        rc = audit_append(c, &sys, "tip.create", obj, d, err);
    }
    rc = util_tx_end(c, rc < 0 ? rc : 0, err);
    if (!rc)
        memcpy(code, c0, sizeof c0);
    return rc;
}

int tip_status_json(store *s, const char *code, buf *out, cg_err *err)
{
    if (!code || strlen(code) != TIP_CODE_LEN)
        return cg_err_set(err, CG_ENOTFOUND, "tip not found");
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c,
                               "SELECT t.created_at, a.status FROM tip t "
                               "LEFT JOIN alert a ON a.id = t.alert_id WHERE t.code = ?",
                               err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_text(q, 1, code);
    rc = store_step(q, err);
    if (rc == STORE_ROW) {
        const char *as = store_col_text(q, 1);
        const char *st = !as || !strcmp(as, "new") ? "received"
                         : !strcmp(as, "attached") ? "in_progress"
                                                   : "closed";
        buf_putc(out, '{');
        util_json_str(out, 1, "tracking_code", code);
        util_json_str(out, 0, "status", st);
        util_json_i64(out, 0, "received_at", store_col_i64(q, 0));
        buf_putc(out, '}');
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = cg_err_set(err, CG_ENOTFOUND, "tip not found");
    }
    store_release(c);
    return rc;
}

int tip_attach_begin(store *s, const char *code, const char *name, const char *mime, uint64_t limit,
                     evidence_writer **out, cg_err *err)
{
    *out = NULL;
    if (!code || strlen(code) != TIP_CODE_LEN)
        return cg_err_set(err, CG_ENOTFOUND, "tip not found");
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c, "SELECT id FROM tip WHERE code = ?", err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_text(q, 1, code);
    rc = store_step(q, err);
    int64_t id = rc == STORE_ROW ? store_col_i64(q, 0) : 0;
    store_release(c);
    if (rc < 0)
        return rc;
    if (!id)
        return cg_err_set(err, CG_ENOTFOUND, "tip not found");
    if (!limit || limit > TIP_FILE_MAX)
        limit = TIP_FILE_MAX;
    return evidence_begin_tip(s, id, name, mime, limit, out, err);
}
