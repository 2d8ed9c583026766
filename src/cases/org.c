/* org.c: organisations, districts and users: creation, look-up, listing. */
#include "cases/org.h"
#include "cases/access.h"
#include "cases/audit.h"
#include "cases/util.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *const role_names[] = {
    "",          "administrator",       "coordinator", "investigator",
    "inspector", "enterprise_reporter", "viewer"};
static const char *const kind_names[] = {"",
                                         "department",
                                         "police",
                                         "market_surveillance",
                                         "customs",
                                         "science_technology",
                                         "culture",
                                         "district_committee",
                                         "postal_enterprise",
                                         "telecom_enterprise"};

const char *org_role_name(org_role r)
{
    return (unsigned)r < CG_ARRAY_LEN(role_names) ? role_names[r] : "";
}
const char *org_kind_name(org_kind k)
{
    return (unsigned)k < CG_ARRAY_LEN(kind_names) ? kind_names[k] : "";
}
org_role org_role_parse(const char *s)
{
    for (size_t i = 1; s && i < CG_ARRAY_LEN(role_names); i++)
        if (!strcmp(s, role_names[i]))
            return (org_role)i;
    return ROLE_NONE;
}
org_kind org_kind_parse(const char *s)
{
    for (size_t i = 1; s && i < CG_ARRAY_LEN(kind_names); i++)
        if (!strcmp(s, kind_names[i]))
            return (org_kind)i;
    return ORG_NONE;
}
int org_kind_is_enterprise(org_kind k)
{
    return k == ORG_POSTAL || k == ORG_TELECOM;
}

actor actor_system(void)
{
    actor a;
    memset(&a, 0, sizeof a);
    a.role = ROLE_ADMIN;
    snprintf(a.login, sizeof a.login, "system");
    return a;
}

int org_district_add(store *s, const actor *by, const char *code, const char *name, cg_err *err)
{
    if (!access_role_may(by, ACT_ORG_ADMIN))
        return cg_err_set(err, CG_EPERM, "district: only administrators add districts");
    if (util_blank(code) || strlen(code) >= 16)
        return cg_err_set(err, CG_EINVAL, "district: field 'code' must be 1..15 bytes");
    if (util_blank(name))
        return cg_err_set(err, CG_EINVAL, "district: field 'name' is empty");
    UTIL_TX_BEGIN(s, c, err)
    store_stmt *q = store_prep(c, "INSERT INTO district(code, name) VALUES (?, ?)", err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_text(q, 1, code);
    store_bind_text(q, 2, name);
    rc = store_step(q, err);
    store_done(q);
    if (rc == CG_ECONFLICT)
        cg_err_set(err, rc, "district: code '%s' exists already", code);
    if (rc >= 0) {
        buf d = BUF_INIT;
        buf_putc(&d, '{');
        util_json_str(&d, 1, "name", name);
        buf_putc(&d, '}');
        char obj[64];
        snprintf(obj, sizeof obj, "district:%s", code);
        rc = audit_append(c, by, "district.create", obj, d.p, err);
        buf_free(&d);
    }
    return util_tx_end(c, rc < 0 ? rc : 0, err);
}

int org_create(store *s, const actor *by, const char *code, const char *name, org_kind kind,
               const char *district, int64_t *id, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    if (!access_role_may(by, ACT_ORG_ADMIN))
        return cg_err_set(err, CG_EPERM, "organisation: only administrators create them");
    if (util_blank(code) || strlen(code) > 32)
        return cg_err_set(err, CG_EINVAL, "organisation: field 'code' must be 1..32 bytes");
    if (util_blank(name))
        return cg_err_set(err, CG_EINVAL, "organisation: field 'name' is empty");
    if (kind == ORG_NONE || !*org_kind_name(kind))
        return cg_err_set(err, CG_EINVAL, "organisation: field 'kind' is not a known kind");
    if (kind == ORG_DISTRICT && util_blank(district))
        return cg_err_set(err, CG_EINVAL,
                          "organisation: field 'district' is required for a district committee");
    UTIL_TX_BEGIN(s, c, err)
    if (district && *district) {
        store_stmt *d = store_prep(c, "SELECT 1 FROM district WHERE code = ?", err);
        if (!d)
            return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
        store_bind_text(d, 1, district);
        rc = store_step(d, err);
        store_done(d);
        if (rc == STORE_DONE)
            rc = cg_err_set(err, CG_ENOTFOUND, "organisation: field 'district': no district '%s'",
                            district);
        if (rc < 0)
            return util_tx_end(c, rc, err);
    }
    store_stmt *q = store_prep(c,
                               "INSERT INTO org(code, name, kind, district, created_at) "
                               "VALUES (?,?,?,?,?)",
                               err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_text(q, 1, code);
    store_bind_text(q, 2, name);
    store_bind_text(q, 3, org_kind_name(kind));
    store_bind_text(q, 4, district && *district ? district : NULL);
    store_bind_i64(q, 5, util_now());
    rc = store_step(q, err);
    store_done(q);
    if (rc == CG_ECONFLICT)
        cg_err_set(err, rc, "organisation: code '%s' exists already", code);
    if (rc < 0)
        return util_tx_end(c, rc, err);
    int64_t new_id = store_last_id(c);
    buf d = BUF_INIT;
    buf_putc(&d, '{');
    util_json_str(&d, 1, "code", code);
    util_json_str(&d, 0, "name", name);
    util_json_str(&d, 0, "kind", org_kind_name(kind));
    buf_putc(&d, '}');
    char obj[64];
    snprintf(obj, sizeof obj, "org:%lld", (long long)new_id);
    rc = audit_append(c, by, "org.create", obj, d.p, err);
    buf_free(&d);
    if (!rc && id)
        *id = new_id;
    return util_tx_end(c, rc, err);
}

int org_find(store *s, const char *code, int64_t *id, cg_err *err)
{
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c, "SELECT id FROM org WHERE code = ?", err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_text(q, 1, code);
    rc = store_step(q, err);
    if (rc == STORE_ROW) {
        *id = store_col_i64(q, 0);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = cg_err_set(err, CG_ENOTFOUND, "organisation '%s' not found", code ? code : "");
    }
    store_release(c);
    return rc;
}

int org_list_json(store *s, buf *out, cg_err *err)
{
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q =
        store_prep(c, "SELECT id, code, name, kind, district FROM org ORDER BY code", err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    buf_putc(out, '[');
    int n = 0;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        buf_puts(out, n++ ? ",{" : "{");
        util_json_i64(out, 1, "id", store_col_i64(q, 0));
        util_json_col_str(out, 0, "code", q, 1);
        util_json_col_str(out, 0, "name", q, 2);
        util_json_col_str(out, 0, "kind", q, 3);
        util_json_col_str(out, 0, "district", q, 4);
        buf_putc(out, '}');
    }
    buf_putc(out, ']');
    store_release(c);
    return rc < 0 ? rc : 0;
}

int org_district_list_json(store *s, buf *out, cg_err *err)
{
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c, "SELECT code, name FROM district ORDER BY code", err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    buf_putc(out, '[');
    int n = 0;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        buf_puts(out, n++ ? ",{" : "{");
        util_json_col_str(out, 1, "code", q, 0);
        util_json_col_str(out, 0, "name", q, 1);
        buf_putc(out, '}');
    }
    buf_putc(out, ']');
    store_release(c);
    return rc < 0 ? rc : 0;
}

int user_create(store *s, const actor *by, const char *org_code, const char *login,
                const char *name, org_role role, const char *password, int64_t *id, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    if (!access_role_may(by, ACT_ORG_ADMIN))
        return cg_err_set(err, CG_EPERM, "user: only administrators create users");
    if (util_blank(login) || strlen(login) >= 64)
        return cg_err_set(err, CG_EINVAL, "user: field 'login' must be 1..63 bytes");
    if (util_blank(name))
        return cg_err_set(err, CG_EINVAL, "user: field 'name' is empty");
    if (role == ROLE_NONE || !*org_role_name(role))
        return cg_err_set(err, CG_EINVAL, "user: field 'role' is not a known role");
    if (!password || strlen(password) < 10)
        return cg_err_set(err, CG_EINVAL, "user: field 'password' must have at least 10 bytes");
    if (sodium_init() < 0)
        return cg_err_set(err, CG_EUNAVAIL, "user: the crypto library cannot start");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE))
        return cg_err_set(err, CG_ENOMEM, "user: not enough memory to hash the password");
    UTIL_TX_BEGIN(s, c, err)
    store_stmt *o = store_prep(c, "SELECT id, kind FROM org WHERE code = ?", err);
    if (!o)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_text(o, 1, org_code);
    rc = store_step(o, err);
    if (rc == STORE_DONE)
        rc = cg_err_set(err, CG_ENOTFOUND, "user: field 'org': no organisation '%s'",
                        org_code ? org_code : "");
    if (rc < 0)
        return util_tx_end(c, rc, err);
    int64_t org_id = store_col_i64(o, 0);
    org_kind kind = org_kind_parse(store_col_text(o, 1));
    store_done(o);
    if (role == ROLE_COORDINATOR && kind != ORG_DEPARTMENT)
        return util_tx_end(
            c, cg_err_set(err, CG_EINVAL, "user: a coordinator belongs to a department"), err);
    if (role == ROLE_REPORTER && !org_kind_is_enterprise(kind))
        return util_tx_end(
            c, cg_err_set(err, CG_EINVAL, "user: an enterprise reporter belongs to an enterprise"),
            err);
    if (role != ROLE_REPORTER && role != ROLE_VIEWER && org_kind_is_enterprise(kind))
        return util_tx_end(
            c, cg_err_set(err, CG_EINVAL, "user: an enterprise's users are reporters or viewers"),
            err);
    store_stmt *q =
        store_prep(c,
                   "INSERT INTO app_user(org_id, login, name, role, pw_hash, created_at) "
                   "VALUES (?,?,?,?,?,?)",
                   err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, org_id);
    store_bind_text(q, 2, login);
    store_bind_text(q, 3, name);
    store_bind_text(q, 4, org_role_name(role));
    store_bind_text(q, 5, hash);
    store_bind_i64(q, 6, util_now());
    rc = store_step(q, err);
    store_done(q);
    if (rc == CG_ECONFLICT)
        cg_err_set(err, rc, "user: login '%s' is taken", login);
    if (rc < 0)
        return util_tx_end(c, rc, err);
    int64_t uid = store_last_id(c);
    buf d = BUF_INIT;
    buf_putc(&d, '{');
    util_json_str(&d, 1, "login", login);
    util_json_str(&d, 0, "role", org_role_name(role));
    util_json_str(&d, 0, "org", org_code);
    buf_putc(&d, '}');
    char obj[64];
    snprintf(obj, sizeof obj, "user:%lld", (long long)uid);
    rc = audit_append(c, by, "user.create", obj, d.p, err);
    buf_free(&d);
    if (!rc && id)
        *id = uid;
    return util_tx_end(c, rc, err);
}

int user_set_disabled(store *s, const actor *by, int64_t user_id, int disabled, cg_err *err)
{
    if (!access_role_may(by, ACT_ORG_ADMIN))
        return cg_err_set(err, CG_EPERM, "user: only administrators disable users");
    UTIL_TX_BEGIN(s, c, err)
    store_stmt *q = store_prep(c, "UPDATE app_user SET disabled = ? WHERE id = ?", err);
    if (!q)
        return util_tx_end(c, util_code(err, CG_EUNAVAIL), err);
    store_bind_i64(q, 1, disabled ? 1 : 0);
    store_bind_i64(q, 2, user_id);
    rc = store_step(q, err);
    store_done(q);
    if (rc >= 0 && store_changes(c) == 0)
        rc = cg_err_set(err, CG_ENOTFOUND, "user %lld not found", (long long)user_id);
    if (rc >= 0) {
        char obj[64];
        snprintf(obj, sizeof obj, "user:%lld", (long long)user_id);
        rc = audit_append(c, by, disabled ? "user.disable" : "user.enable", obj, NULL, err);
    }
    return util_tx_end(c, rc < 0 ? rc : 0, err);
}

int user_get_json(store *s, int64_t user_id, buf *out, cg_err *err)
{
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c,
                               "SELECT u.id, u.login, u.name, u.role, o.id, o.code, o.name, "
                               "o.kind, o.district FROM app_user u JOIN org o ON o.id = u.org_id "
                               "WHERE u.id = ?",
                               err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_i64(q, 1, user_id);
    rc = store_step(q, err);
    if (rc == STORE_ROW) {
        buf_putc(out, '{');
        util_json_i64(out, 1, "id", store_col_i64(q, 0));
        util_json_col_str(out, 0, "login", q, 1);
        util_json_col_str(out, 0, "name", q, 2);
        util_json_col_str(out, 0, "role", q, 3);
        buf_puts(out, ",\"org\":{");
        util_json_i64(out, 1, "id", store_col_i64(q, 4));
        util_json_col_str(out, 0, "code", q, 5);
        util_json_col_str(out, 0, "name", q, 6);
        util_json_col_str(out, 0, "kind", q, 7);
        util_json_col_str(out, 0, "district", q, 8);
        buf_puts(out, "}}");
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = cg_err_set(err, CG_ENOTFOUND, "user %lld not found", (long long)user_id);
    }
    store_release(c);
    return rc;
}

/* One line of the user list, as util_page_json writes it. */
static void user_item(buf *out, store_stmt *q, void *ctx)
{
    buf_putc(out, '{');
    util_json_i64(out, 1, "id", store_col_i64(q, 0));
    util_json_col_str(out, 0, "login", q, 1);
    util_json_col_str(out, 0, "name", q, 2);
    util_json_col_str(out, 0, "role", q, 3);
    util_json_col_str(out, 0, "org", q, 4);
    buf_puts(out, store_col_i64(q, 5) ? ",\"disabled\":true}" : ",\"disabled\":false}");
}

int user_list_json(store *s, const actor *by, int64_t before, int limit, buf *out, cg_err *err)
{
    if (!by || by->role == ROLE_NONE)
        return cg_err_set(err, CG_EPERM, "users: not allowed");
    int all = by->role == ROLE_ADMIN || by->role == ROLE_COORDINATOR;
    limit = util_limit(limit, 50, 200);
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c,
                               "SELECT u.id, u.login, u.name, u.role, o.code, u.disabled "
                               "FROM app_user u JOIN org o ON o.id = u.org_id WHERE u.id < ?1 "
                               "AND (?2 = 0 OR u.org_id = ?3) ORDER BY u.id DESC LIMIT ?4",
                               err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_i64(q, 1, before > 0 ? before : INT64_MAX);
    store_bind_i64(q, 2, all ? 0 : 1);
    store_bind_i64(q, 3, by->org_id);
    store_bind_i64(q, 4, limit + 1);
    rc = util_page_json(q, limit, out, user_item, NULL, err);
    store_release(c);
    if (rc < 0)
        return rc;
    return 0;
}
