/* auth.c: password logins with back-off, session and API tokens (stored as
 * their SHA-256 only). */
#include "cases/auth.h"
#include "cases/access.h"
#include "cases/audit.h"
#include "cases/util.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void token_new(char token[AUTH_TOKEN_LEN + 1])
{
    unsigned char r[32];
    randombytes_buf(r, sizeof r);
    memcpy(token, "cg_", 3);
    sodium_bin2base64(token + 3, AUTH_TOKEN_LEN + 1 - 3, r, sizeof r,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void token_hash(const char *token, unsigned char h[crypto_hash_sha256_BYTES])
{
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
}

static int token_insert(store_conn *c, const char *token, int64_t user_id, const char *kind,
                        const char *name, int64_t now, int64_t expires, cg_err *err)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    token_hash(token, h);
    store_stmt *q = store_prep(c,
                               "INSERT INTO token(hash, user_id, kind, name, created_at, "
                               "expires_at) VALUES (?,?,?,?,?,?)",
                               err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_blob(q, 1, h, sizeof h);
    store_bind_i64(q, 2, user_id);
    store_bind_text(q, 3, kind);
    store_bind_text(q, 4, name);
    store_bind_i64(q, 5, now);
    store_bind_i64(q, 6, expires);
    int rc = store_step(q, err);
    store_done(q);
    return rc < 0 ? rc : 0;
}

static int64_t lock_for(int64_t failed)
{
    if (failed < AUTH_FREE_FAILURES)
        return 0;
    int64_t t = 30;
    for (int64_t i = AUTH_FREE_FAILURES; i < failed && t < AUTH_MAX_LOCK; i++)
        t *= 2;
    return t > AUTH_MAX_LOCK ? AUTH_MAX_LOCK : t;
}

int auth_login(store *s, const char *login, const char *password, int64_t now,
               char token[AUTH_TOKEN_LEN + 1], actor *who, int64_t *retry_after, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    if (retry_after)
        *retry_after = 0;
    if (sodium_init() < 0)
        return cg_err_set(err, CG_EUNAVAIL, "login: the crypto library cannot start");
    if (!login || !password)
        return cg_err_set(err, CG_EAUTH, "login: wrong login or password");
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c,
                               "SELECT u.id, u.org_id, u.role, o.kind, o.district, u.pw_hash, "
                               "u.failed, u.locked_until, u.disabled FROM app_user u "
                               "JOIN org o ON o.id = u.org_id WHERE u.login = ?",
                               err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_text(q, 1, login);
    rc = store_step(q, err);
    if (rc < 0) {
        store_release(c);
        return rc;
    }
    if (rc == STORE_DONE) {
        store_release(c);
        /* Spend the time a real check takes, so that unknown logins do not
         * answer faster than known ones. */
        char dummy[crypto_pwhash_STRBYTES];
        if (crypto_pwhash_str(dummy, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE))
            return cg_err_set(err, CG_ENOMEM, "login: not enough memory to check the password");
        return cg_err_set(err, CG_EAUTH, "login: wrong login or password");
    }
    actor a;
    memset(&a, 0, sizeof a);
    a.user_id = store_col_i64(q, 0);
    a.org_id = store_col_i64(q, 1);
    a.role = org_role_parse(store_col_text(q, 2));
    a.org_kind = org_kind_parse(store_col_text(q, 3));
    snprintf(a.district, sizeof a.district, "%s",
             store_col_is_null(q, 4) ? "" : store_col_text(q, 4));
    snprintf(a.login, sizeof a.login, "%s", login);
    char hash[crypto_pwhash_STRBYTES];
    snprintf(hash, sizeof hash, "%s", store_col_text(q, 5));
    int64_t failed = store_col_i64(q, 6), locked_until = store_col_i64(q, 7);
    int disabled = (int)store_col_i64(q, 8);
    store_done(q);
    store_release(c);

    if (locked_until > now) {
        if (retry_after)
            *retry_after = locked_until - now;
        return cg_err_set(err, CG_EAUTH, "login: too many failed attempts; try again in %lld s",
                          (long long)(locked_until - now));
    }
    /* The slow check runs outside any transaction so logins do not hold the
     * write lock while hashing. */
    int ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 && !disabled;

    UTIL_TX_OPEN(s, w, rc, err)
    char obj[64];
    snprintf(obj, sizeof obj, "user:%lld", (long long)a.user_id);
    if (!ok) {
        store_stmt *u = store_prep(w,
                                   "UPDATE app_user SET failed = failed + 1, locked_until = ? "
                                   "WHERE id = ?",
                                   err);
        if (!u)
            return util_tx_end(w, util_code(err, CG_EUNAVAIL), err);
        int64_t lock = lock_for(failed + 1);
        store_bind_i64(u, 1, lock ? now + lock : 0);
        store_bind_i64(u, 2, a.user_id);
        rc = store_step(u, err);
        store_done(u);
        if (rc >= 0) {
            char d[64];
            snprintf(d, sizeof d, "{\"failed\":%lld}", (long long)(failed + 1));
            rc = audit_append(w, &a, "auth.login_failed", obj, d, err);
        }
        rc = util_tx_end(w, rc < 0 ? rc : 0, err);
        if (rc)
            return rc;
        return cg_err_set(err, CG_EAUTH, "login: wrong login or password");
    }
    store_stmt *u =
        store_prep(w, "UPDATE app_user SET failed = 0, locked_until = 0 WHERE id = ?", err);
    if (!u)
        return util_tx_end(w, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(u, 1, a.user_id);
    rc = store_step(u, err);
    store_done(u);
    char t[AUTH_TOKEN_LEN + 1];
    token_new(t);
    if (rc >= 0)
        rc = token_insert(w, t, a.user_id, "session", NULL, now, now + AUTH_SESSION_TTL, err);
    if (rc >= 0)
        rc = audit_append(w, &a, "auth.login", obj, NULL, err);
    rc = util_tx_end(w, rc < 0 ? rc : 0, err);
    if (rc)
        return rc;
    memcpy(token, t, sizeof t);
    if (who)
        *who = a;
    return 0;
}

int auth_token_lookup(store *s, const char *token, int64_t now, actor *who, cg_err *err)
{
    if (!token || strlen(token) != AUTH_TOKEN_LEN || strncmp(token, "cg_", 3))
        return cg_err_set(err, CG_EAUTH, "not logged in: the token is malformed");
    unsigned char h[crypto_hash_sha256_BYTES];
    token_hash(token, h);
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c,
                               "SELECT u.id, u.org_id, u.role, o.kind, o.district, u.login, "
                               "t.expires_at, t.revoked_at, u.disabled FROM token t "
                               "JOIN app_user u ON u.id = t.user_id JOIN org o ON o.id = u.org_id "
                               "WHERE t.hash = ?",
                               err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_blob(q, 1, h, sizeof h);
    rc = store_step(q, err);
    if (rc == STORE_DONE) {
        rc = cg_err_set(err, CG_EAUTH, "not logged in: unknown token");
    } else if (rc == STORE_ROW) {
        if (!store_col_is_null(q, 7))
            rc = cg_err_set(err, CG_EAUTH, "not logged in: the token was revoked");
        else if (store_col_i64(q, 6) <= now)
            rc = cg_err_set(err, CG_EAUTH, "not logged in: the token has expired");
        else if (store_col_i64(q, 8))
            rc = cg_err_set(err, CG_EAUTH, "not logged in: the user is disabled");
        else {
            actor a;
            memset(&a, 0, sizeof a);
            a.user_id = store_col_i64(q, 0);
            a.org_id = store_col_i64(q, 1);
            a.role = org_role_parse(store_col_text(q, 2));
            a.org_kind = org_kind_parse(store_col_text(q, 3));
            snprintf(a.district, sizeof a.district, "%s",
                     store_col_is_null(q, 4) ? "" : store_col_text(q, 4));
            snprintf(a.login, sizeof a.login, "%s", store_col_text(q, 5));
            if (who)
                *who = a;
            rc = 0;
        }
    }
    store_release(c);
    return rc;
}

int auth_token_revoke(store *s, const char *token, int64_t now, cg_err *err)
{
    if (!token)
        return 0;
    unsigned char h[crypto_hash_sha256_BYTES];
    token_hash(token, h);
    UTIL_TX_BEGIN(s, c, err)
    store_stmt *q = store_prep(c,
                               "UPDATE token SET revoked_at = ? WHERE hash = ? AND "
                               "revoked_at IS NULL RETURNING user_id, kind",
                               err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, now);
    store_bind_blob(q, 2, h, sizeof h);
    rc = store_step(q, err);
    if (rc == STORE_ROW) {
        actor a = actor_system();
        a.user_id = store_col_i64(q, 0);
        a.role = ROLE_NONE;
        char obj[64], d[64];
        snprintf(obj, sizeof obj, "user:%lld", (long long)a.user_id);
        snprintf(d, sizeof d, "{\"kind\":\"%s\"}",
                 strcmp(store_col_text(q, 1), "api") ? "session" : "api");
        store_done(q);
        rc = audit_append(c, &a, "auth.revoke", obj, d, err);
    } else {
        store_done(q);
    }
    return util_tx_end(c, rc < 0 ? rc : 0, err);
}

int auth_api_token_create(store *s, const actor *by, int64_t user_id, const char *name, int64_t ttl,
                          int64_t now, char token[AUTH_TOKEN_LEN + 1], cg_err *err)
{
    if (!by || (!access_role_may(by, ACT_ORG_ADMIN) && by->user_id != user_id))
        return cg_err_set(err, CG_EPERM,
                          "token: only administrators create tokens for other users");
    if (util_blank(name))
        return cg_err_set(err, CG_EINVAL, "token: field 'name' is empty");
    if (sodium_init() < 0)
        return cg_err_set(err, CG_EUNAVAIL, "token: the crypto library cannot start");
    if (ttl <= 0)
        ttl = 10LL * 365 * 86400;
    UTIL_TX_BEGIN(s, c, err)
    store_stmt *u = store_prep(c, "SELECT 1 FROM app_user WHERE id = ?", err);
    if (!u)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(u, 1, user_id);
    rc = store_step(u, err);
    store_done(u);
    if (rc == STORE_DONE)
        rc = cg_err_set(err, CG_ENOTFOUND, "token: user %lld not found", (long long)user_id);
    if (rc < 0)
        return util_tx_end(c, rc, err);
    char t[AUTH_TOKEN_LEN + 1];
    token_new(t);
    rc = token_insert(c, t, user_id, "api", name, now, now + ttl, err);
    if (!rc) {
        char obj[64];
        snprintf(obj, sizeof obj, "user:%lld", (long long)user_id);
        buf d = BUF_INIT;
        buf_putc(&d, '{');
        util_json_str(&d, 1, "name", name);
        util_json_i64(&d, 0, "expires_at", now + ttl);
        buf_putc(&d, '}');
        rc = audit_append(c, by, "auth.api_token", obj, d.p, err);
        buf_free(&d);
    }
    rc = util_tx_end(c, rc, err);
    if (!rc)
        memcpy(token, t, sizeof t);
    return rc;
}

int auth_set_password(store *s, const actor *by, int64_t user_id, const char *old_password,
                      const char *new_password, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    int admin = by && access_role_may(by, ACT_ORG_ADMIN);
    if (!by || (!admin && by->user_id != user_id))
        return cg_err_set(err, CG_EPERM, "password: only administrators change others' passwords");
    if (!new_password || strlen(new_password) < 10)
        return cg_err_set(err, CG_EINVAL, "password: field 'new_password' needs 10 bytes or more");
    if (sodium_init() < 0)
        return cg_err_set(err, CG_EUNAVAIL, "password: the crypto library cannot start");
    if (!admin) {
        store_conn *c;
        int rc = store_acquire(s, &c, err);
        if (rc)
            return rc;
        store_stmt *q = store_prep(c, "SELECT pw_hash FROM app_user WHERE id = ?", err);
        if (!q) {
            store_release(c);
            return util_code(err, CG_EUNAVAIL);
        }
        store_bind_i64(q, 1, user_id);
        rc = store_step(q, err);
        int ok =
            rc == STORE_ROW && old_password &&
            crypto_pwhash_str_verify(store_col_text(q, 0), old_password, strlen(old_password)) == 0;
        store_release(c);
        if (rc < 0)
            return rc;
        if (!ok)
            return cg_err_set(err, CG_EAUTH, "password: field 'old_password' is wrong");
    }
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, new_password, strlen(new_password),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE))
        return cg_err_set(err, CG_ENOMEM, "password: not enough memory to hash it");
    UTIL_TX_BEGIN(s, c, err)
    store_stmt *u = store_prep(c,
                               "UPDATE app_user SET pw_hash = ?, failed = 0, locked_until = 0 "
                               "WHERE id = ?",
                               err);
    if (!u)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_text(u, 1, hash);
    store_bind_i64(u, 2, user_id);
    rc = store_step(u, err);
    store_done(u);
    if (rc >= 0 && store_changes(c) == 0)
        rc = cg_err_set(err, CG_ENOTFOUND, "password: user %lld not found", (long long)user_id);
    if (rc >= 0) {
        store_stmt *r = store_prep(c,
                                   "UPDATE token SET revoked_at = ? WHERE user_id = ? AND "
                                   "kind = 'session' AND revoked_at IS NULL",
                                   err);
        if (!r)
            return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
        store_bind_i64(r, 1, util_now());
        store_bind_i64(r, 2, user_id);
        rc = store_step(r, err);
        store_done(r);
    }
    if (rc >= 0) {
        char obj[64];
        snprintf(obj, sizeof obj, "user:%lld", (long long)user_id);
        rc = audit_append(c, by, "auth.password", obj, NULL, err);
    }
    return util_tx_end(c, rc < 0 ? rc : 0, err);
}
