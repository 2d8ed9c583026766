/* case.h: cases (vụ việc): violation, facts, district, the lead agency and
 * the agencies that join; the status machine; tasks, notes, outcomes,
 * hand-over of the lead; the timeline of everything that happened.
 *
 * Status machine (case_status_may):
 *   new -> verifying -> investigating | inspecting -> handled -> closed
 *   investigating <-> inspecting; closed -> verifying (reopen, with reason)
 * Every change is one transaction with its audit entry and timeline event.
 * Reads and lists append JSON to a buf. */
#ifndef CG_CASES_CASE_H
#define CG_CASES_CASE_H

#include "cases/org.h"

/* 1 when the move from -> to is allowed (both status names). */
int case_status_may(const char *from, const char *to);
/* 1 when s is a status name. */
int case_status_valid(const char *s);

typedef struct case_in {
    const char *violation; /* a DOMAIN.md code */
    const char *title;     /* non-empty */
    const char *facts;     /* may be NULL */
    const char *district;  /* district code or NULL */
    const char *lead_org;  /* organisation code; NULL: the actor's organisation */
} case_in;

/* Open a case (ACT_CASE_CREATE: coordinators, investigators, inspectors).
 * Someone other than a coordinator may only open a case its own organisation
 * leads. Status "new"; code "VV-<year>-<id, 6 digits>". Returns 0 and *id, or
 * CG_EPERM / CG_EINVAL (field named) / CG_ENOTFOUND (organisation, district).
 * The _conn variant runs inside the caller's write transaction. */
int case_create(store *s, const actor *a, const case_in *in, int64_t *id, cg_err *err);
int case_create_conn(store_conn *c, const actor *a, const case_in *in, int64_t now, int64_t *id,
                     cg_err *err);

/* Move a case to status to (ACCESS_WRITE on the case, and the move allowed by
 * the machine: CG_ECONFLICT otherwise, err naming both statuses). reason is
 * required (CG_EINVAL) when reopening a closed case. */
int case_set_status(store *s, const actor *a, int64_t id, const char *to, const char *reason,
                    cg_err *err);

/* Change title and/or facts (NULL leaves a field as it is). ACCESS_WRITE. */
int case_update(store *s, const actor *a, int64_t id, const char *title, const char *facts,
                cg_err *err);

/* Let organisation org_code join the case (ACCESS_WRITE). Joining twice is
 * not an error. Timeline and audit name who added whom. */
int case_join(store *s, const actor *a, int64_t id, const char *org_code, cg_err *err);

/* Hand the lead to organisation to_org (the lead itself or a coordinator).
 * The old lead stays on the case with read access (role "former_lead"); the
 * timeline says who handed what to whom, when, and why (reason required). */
int case_handover(store *s, const actor *a, int64_t id, const char *to_org, const char *reason,
                  cg_err *err);

/* A note (non-empty body) by a (ACCESS_WRITE). *note_id may be NULL. */
int case_note_add(store *s, const actor *a, int64_t id, const char *body, int64_t *note_id,
                  cg_err *err);

/* A task with an assignee (a user of an organisation on the case, or 0 for
 * none) and a deadline (Unix seconds, 0 for none). ACCESS_WRITE. */
int case_task_add(store *s, const actor *a, int64_t id, const char *title, int64_t assignee,
                  int64_t deadline, int64_t *task_id, cg_err *err);
/* Mark a task done (ACCESS_WRITE on its case). CG_ECONFLICT when done already. */
int case_task_done(store *s, const actor *a, int64_t task_id, cg_err *err);

/* An outcome: kind "fine" (amount_vnd > 0 required), "seizure", "prosecution"
 * or "warning"; a description. ACCESS_WRITE. */
int case_outcome_add(store *s, const actor *a, int64_t id, const char *kind, int64_t amount_vnd,
                     const char *description, int64_t *outcome_id, cg_err *err);

/* The case page in one read: {"id","code","violation","violation_vi","title",
 * "facts","district","status","lead":{"id","code","name"},"orgs":[{"id",
 * "code","name","role"}],"created_at","updated_at","closed_at","access":
 * "read"|"write","tasks":[...],"notes":[...],"outcomes":[...],"alerts":[...]
 * (latest 50),"subjects":[{"id","kind","value","label","other_cases":n}],
 * "evidence":[{"id","sha256","size","name","mime","added_at"}],"stops":[the
 * stop orders of the case, as in the stop-order list],"timeline":[...]
 * (latest 100)}. CG_ENOTFOUND / CG_EPERM. A view by someone outside the lead
 * agency is written to the access log. */
int case_get_json(store *s, const actor *a, int64_t id, buf *out, cg_err *err);

/* A view to be written to the access log before the page it concerns is
 * shown (audit_record, or an audit_writer in a server). */
typedef struct case_view {
    int needed;         /* 0: a view by the lead agency or the system */
    char object[48];    /* "case:<id>" */
    const char *detail; /* a JSON object text (static) */
} case_view;

/* case_get_json and case_timeline_json without writing the view: *view says
 * what the caller must write. */
int case_read_json(store *s, const actor *a, int64_t id, buf *out, case_view *view, cg_err *err);
int case_timeline_read_json(store *s, const actor *a, int64_t id, int64_t after, int limit,
                            buf *out, case_view *view, cg_err *err);

typedef struct case_filter {
    const char *status;   /* a status or NULL */
    const char *district; /* a district code or NULL */
    int64_t before;       /* keyset cursor: ids below this (0: from the newest) */
    int limit;            /* 1..200; 0 means 50 */
} case_filter;

/* The cases a may see, newest first: {"items":[{"id","code","violation",
 * "title","district","status","lead":{"id","code"},"updated_at"}...],
 * "next":id|null}. Uses only indexed keyset queries (no OFFSET). */
int case_list_json(store *s, const actor *a, const case_filter *f, buf *out, cg_err *err);

/* The timeline alone, oldest first, events with id > after, at most limit
 * (1..500): {"items":[{"id","at","user_id","org_id","kind","text"}],"next"}
 * ("next" is the last id, to pass as after). ACCESS_READ; a view by someone
 * outside the lead agency is written to the audit log. */
int case_timeline_json(store *s, const actor *a, int64_t id, int64_t after, int limit, buf *out,
                       cg_err *err);

/* Internal to src/cases/: write a timeline event on c (inside a write
 * transaction). */
int case_event_conn(store_conn *c, int64_t case_id, const actor *a, int64_t now, const char *kind,
                    const char *text, cg_err *err);

#endif
