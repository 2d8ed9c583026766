/* access.c: the access rules (see the table in access.h and
 * docs/platform-store.md): by role, by organisation on a case, by district. */
#include "cases/access.h"
#include "cases/util.h"

#include <string.h>

static int is_system(const actor *a)
{
    return a->user_id == 0 && a->role == ROLE_ADMIN;
}

int access_role_may(const actor *a, access_action act)
{
    if (!a)
        return 0;
    if (is_system(a))
        return 1;
    switch (act) {
    case ACT_ORG_ADMIN: return a->role == ROLE_ADMIN;
    case ACT_AUDIT_READ: return a->role == ROLE_ADMIN || a->role == ROLE_COORDINATOR;
    case ACT_CASE_CREATE:
    case ACT_ALERT_TRIAGE:
        return a->role == ROLE_COORDINATOR || a->role == ROLE_INVESTIGATOR ||
               a->role == ROLE_INSPECTOR;
    case ACT_ALERT_CREATE:
        return a->role == ROLE_COORDINATOR || a->role == ROLE_INVESTIGATOR ||
               a->role == ROLE_INSPECTOR || a->role == ROLE_REPORTER;
    case ACT_STOP_ORDER: return a->role == ROLE_COORDINATOR;
    case ACT_STOP_ANSWER: return a->role == ROLE_REPORTER;
    case ACT_CASE_PROVINCE: return a->role == ROLE_COORDINATOR;
    }
    return 0;
}

int access_case_conn(store_conn *c, const actor *a, int64_t case_id, int want, int *is_lead,
                     cg_err *err)
{
    int may_write;
    int rc = access_case_read(c, a, case_id, is_lead, &may_write, err);
    if (!rc && want == ACCESS_WRITE && !may_write)
        return cg_err_set(err, CG_EPERM, "case %lld: you may read this case but not change it",
                          (long long)case_id);
    return rc;
}

int access_case_read(store_conn *c, const actor *a, int64_t case_id, int *is_lead, int *may_write,
                     cg_err *err)
{
    if (is_lead)
        *is_lead = 0;
    *may_write = 0;
    store_stmt *q = store_prep(c,
                               "SELECT c.lead_org, c.district, (SELECT role FROM case_org "
                               "WHERE case_id = c.id AND org_id = ?) FROM cases c WHERE c.id = ?",
                               err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, a ? a->org_id : 0);
    store_bind_i64(q, 2, case_id);
    int rc = store_step(q, err);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return cg_err_set(err, CG_ENOTFOUND, "case %lld not found", (long long)case_id);
    int64_t lead = store_col_i64(q, 0);
    char district[16] = "";
    if (!store_col_is_null(q, 1))
        strncpy(district, store_col_text(q, 1), sizeof district - 1);
    char role[16] = "";
    if (!store_col_is_null(q, 2))
        strncpy(role, store_col_text(q, 2), sizeof role - 1);
    store_done(q);
    if (!a)
        return cg_err_set(err, CG_EPERM, "case %lld: not allowed", (long long)case_id);
    if (is_lead)
        *is_lead = lead == a->org_id;
    if (is_system(a) || a->role == ROLE_COORDINATOR) {
        *may_write = 1;
        return 0;
    }
    int writer = a->role == ROLE_INVESTIGATOR || a->role == ROLE_INSPECTOR;
    int on_case = !strcmp(role, "lead") || !strcmp(role, "joined");
    int reads = on_case || !strcmp(role, "former_lead") || a->role == ROLE_ADMIN ||
                (a->org_kind == ORG_DISTRICT && *district && !strcmp(district, a->district));
    if (a->role == ROLE_REPORTER || a->role == ROLE_NONE)
        reads = 0;
    if (!reads)
        return cg_err_set(err, CG_EPERM, "case %lld: your organisation is not on this case",
                          (long long)case_id);
    *may_write = writer && on_case;
    return 0;
}

int access_case(store *s, const actor *a, int64_t case_id, int want, int *is_lead, cg_err *err)
{
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    rc = access_case_conn(c, a, case_id, want, is_lead, err);
    store_release(c);
    return rc;
}

int access_alert_conn(store_conn *c, const actor *a, int64_t alert_id, int want, cg_err *err)
{
    store_stmt *q = store_prep(c, "SELECT org_id FROM alert WHERE id = ?", err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, alert_id);
    int rc = store_step(q, err);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return cg_err_set(err, CG_ENOTFOUND, "alert %lld not found", (long long)alert_id);
    int64_t org = store_col_i64(q, 0);
    store_done(q);
    if (!a)
        return cg_err_set(err, CG_EPERM, "alert %lld: not allowed", (long long)alert_id);
    if (is_system(a) || a->role == ROLE_COORDINATOR)
        return 0;
    if (want == ACCESS_READ && a->role == ROLE_ADMIN)
        return 0;
    if (org != a->org_id || a->role == ROLE_ADMIN || a->role == ROLE_NONE)
        return cg_err_set(err, CG_EPERM, "alert %lld: it belongs to another organisation",
                          (long long)alert_id);
    if (want == ACCESS_WRITE && !access_role_may(a, ACT_ALERT_TRIAGE))
        return cg_err_set(err, CG_EPERM, "alert %lld: your role does not triage alerts",
                          (long long)alert_id);
    return 0;
}
