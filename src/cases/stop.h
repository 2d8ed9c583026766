/* stop.h: emergency stop orders (ngăn chặn khẩn cấp): a coordinator orders
 * an enterprise to stop an item (by item ID) or a service (a SIM, a number);
 * the enterprise acknowledges and reports it done; overdue orders stand out.
 *
 * Status: "ordered" -> "acknowledged" -> "done". An order is overdue when it
 * is not done and its due time has passed. */
#ifndef CG_CASES_STOP_H
#define CG_CASES_STOP_H

#include "cases/org.h"

typedef struct stop_in {
    const char *org_code;    /* the enterprise addressed (postal or telecom) */
    const char *target_kind; /* "item" or "service" */
    const char *target;      /* the item ID, SIM or number */
    const char *reason;      /* why, non-empty */
    int64_t case_id;         /* the case it belongs to, or 0 */
    int64_t due_at;          /* Unix seconds; 0: two hours from now */
} stop_in;

/* Order a stop (ACT_STOP_ORDER: coordinators). Numbers are normalised to
 * E.164 digits. Returns 0 and *id, CG_EPERM, CG_EINVAL (field named),
 * CG_ENOTFOUND (organisation or case). Audited; on the case's timeline. */
int stop_order_create(store *s, const actor *a, const stop_in *in, int64_t *id, cg_err *err);

/* The addressed enterprise's reporter acknowledges (ordered -> acknowledged)
 * or reports done with a report text (acknowledged -> done; an order still
 * "ordered" is acknowledged on the way). CG_EPERM for anyone else,
 * CG_ECONFLICT for a wrong state. Audited. */
int stop_order_ack(store *s, const actor *a, int64_t id, cg_err *err);
int stop_order_done(store *s, const actor *a, int64_t id, const char *report, cg_err *err);

typedef struct stop_filter {
    const char *status; /* "ordered", "acknowledged", "done", "overdue" or NULL */
    int64_t before;     /* keyset cursor (0: newest) */
    int limit;          /* 1..200, 0: 50 */
} stop_filter;

/* Orders a may see, newest first, each with "overdue":true|false at time now:
 * an enterprise the orders addressed to it; coordinators and administrators
 * all; an agency those of the cases it may read. {"items":[{"id","org",
 * "target_kind","target","reason","case_id","status","ordered_at","due_at",
 * "ack_at","done_at","report","overdue"}],"next":id|null}. */
/* Append the stop orders of one case, oldest first, as a JSON array of the
 * list's items, on c (the caller has checked access and may hold a read
 * transaction). Returns 0 or a negative code. */
int stop_order_case_json(store_conn *c, int64_t case_id, int64_t now, buf *out, cg_err *err);

int stop_order_list_json(store *s, const actor *a, const stop_filter *f, int64_t now, buf *out,
                         cg_err *err);

#endif
