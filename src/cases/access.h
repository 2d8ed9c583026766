/* access.h: who may do what. The rules of the platform in one place, as
 * functions the rest of src/cases/ and the HTTP layer call, and which the
 * scoped list queries (case_list_json, alert_inbox_json...) mirror in SQL.
 *
 *  role              | cases seen                         | cases changed
 *  administrator     | all (read only)                    | none
 *  coordinator       | all in the province                | all
 *  investigator,     | led or joined by own org; handed   | led or joined by own org
 *  inspector         | over by own org (read); district   |
 *                    | org: every case of its district    |
 *  enterprise_rep.   | none (own alerts, own stop orders) | none
 *  viewer            | as its organisation sees           | none
 */
#ifndef CG_CASES_ACCESS_H
#define CG_CASES_ACCESS_H

#include "cases/org.h"

typedef enum {
    ACT_ORG_ADMIN = 1, /* create organisations, users, other users' tokens */
    ACT_AUDIT_READ,    /* list the audit log */
    ACT_CASE_CREATE,   /* open a case */
    ACT_ALERT_CREATE,  /* raise an alert by hand (report, inspection finding) */
    ACT_ALERT_TRIAGE,  /* dismiss / attach / open a case from an alert */
    ACT_STOP_ORDER,    /* order an emergency stop */
    ACT_STOP_ANSWER,   /* acknowledge / report done an order addressed to own org */
    ACT_CASE_PROVINCE  /* read and change every case of the province */
} access_action;

/* 1 when a's role allows the action at all (before looking at any object). */
int access_role_may(const actor *a, access_action act);

enum { ACCESS_READ = 1, ACCESS_WRITE = 2 };

/* May a read (ACCESS_READ) or change (ACCESS_WRITE) case case_id? Returns 0,
 * CG_ENOTFOUND (no such case), CG_EPERM (it exists, a may not; err says why;
 * an API that must hide existence answers 404 for both) or CG_EUNAVAIL.
 * *is_lead (may be NULL) is set to 1 when a's organisation leads the case.
 * The _conn variant runs on a connection already held (inside the caller's
 * transaction). */
int access_case(store *s, const actor *a, int64_t case_id, int want, int *is_lead, cg_err *err);
/* The read check alone, telling at once whether a may also change the case
 * (*may_write), for a page that shows its buttons accordingly. */
int access_case_read(store_conn *c, const actor *a, int64_t case_id, int *is_lead, int *may_write,
                     cg_err *err);
int access_case_conn(store_conn *c, const actor *a, int64_t case_id, int want, int *is_lead,
                     cg_err *err);

/* May a see (ACCESS_READ) or triage (ACCESS_WRITE) alert alert_id? Same
 * returns as access_case. Coordinators and administrators (read) see every
 * alert; others the alerts raised by or for their organisation. */
int access_alert_conn(store_conn *c, const actor *a, int64_t alert_id, int want, cg_err *err);

#endif
