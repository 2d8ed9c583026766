/* alert.h: alerts: what the engines, enterprises, inspectors and citizens
 * raise; de-duplicated on (source, source_ref); triaged into cases.
 *
 * Status: "new" -> "dismissed" (with a reason) or "attached" (to a case). */
#ifndef CG_CASES_ALERT_H
#define CG_CASES_ALERT_H

#include "cases/org.h"

typedef struct alert_in {
    const char *kind;        /* a DOMAIN.md violation code, e.g. "telecom.bypass" */
    const char *source;      /* "telecom.scan", "postal.screen", "api", "enterprise", ... */
    const char *source_ref;  /* unique within source: re-sending (source, source_ref)
                                never creates a twin */
    double score;            /* in [0, 1] */
    const char *title;       /* one line a person reads, in Vietnamese */
    const char *detail_json; /* the engine's whole JSON output line (reasons, evidence),
                                kept verbatim; may be NULL */
    int64_t observed_at;     /* Unix seconds, when it was observed */
    const char *org_code;    /* the organisation raising it; NULL: the source's default */
    const char *district;    /* district code, or NULL */
} alert_in;

/* Insert n alerts in one transaction. Returns 0 and *created = how many were
 * new (the others already existed and are left unchanged); on error nothing is
 * written and err names the alert (its index and source_ref) and the field:
 * CG_EINVAL for an unknown kind, empty source/source_ref/title, score outside
 * [0,1], detail_json that is not a JSON object or array (or not UTF-8); CG_ENOTFOUND for an unknown
 * org_code or district; CG_EUNAVAIL when the store fails. The default
 * organisation of every source is the department (the focal inbox). One
 * audit entry per call records the count. created may be NULL. */
int alert_ingest(store *s, const alert_in *a, size_t n, size_t *created, cg_err *err);

/* The same on behalf of a person or machine: needs ACT_ALERT_CREATE; an
 * enterprise reporter's alerts always belong to its own organisation (its
 * org_code is ignored) and take source "enterprise" when a->source is NULL.
 * *id (may be NULL) receives the id of the alert (new or existing) when n=1. */
int alert_ingest_as(store *s, const actor *by, const alert_in *a, size_t n, size_t *created,
                    int64_t *id, cg_err *err);

/* 1 when code is one of the violation codes of DOMAIN.md. (Alerts from
 * citizens' tips may also have kind "other", until triage classifies them.) */
int alert_kind_valid(const char *code);
/* The i-th violation code (from 0), or NULL past the last: for listings. */
const char *alert_kind_at(size_t i);
/* The Vietnamese name of a violation code, or NULL. */
const char *alert_kind_name_vi(const char *code);

typedef struct alert_filter {
    const char *status; /* "new", "dismissed", "attached" or NULL for all */
    int64_t before;     /* keyset cursor: ids below this (0: from the newest) */
    int limit;          /* 1..200; 0 means 50 */
} alert_filter;

/* The inbox of actor a: the alerts a may see, newest first. Appends
 * {"items":[{"id","kind","source","source_ref","score","title","observed_at",
 * "created_at","org","district","status","case_id"}...],"next":id|null};
 * pass "next" as before for the following page. */
int alert_inbox_json(store *s, const actor *a, const alert_filter *f, buf *out, cg_err *err);

/* One alert with its detail (verbatim JSON, or null) and reason:
 * {"id",...,"detail":{...},"reason":...}. CG_ENOTFOUND / CG_EPERM. */
int alert_get_json(store *s, const actor *a, int64_t id, buf *out, cg_err *err);

/* Triage (ACT_ALERT_TRIAGE and access to the alert; only alerts in status
 * "new", else CG_ECONFLICT): dismiss with a non-empty reason; attach to a
 * case a may change; or open a new case from it (violation = the alert's
 * kind, title = its title, district = its district, lead = a's organisation
 * unless lead_org_code names another) and attach it, returning *case_id.
 * Each is one transaction, audited and written to the case's timeline. */
int alert_dismiss(store *s, const actor *a, int64_t id, const char *reason, cg_err *err);
int alert_attach(store *s, const actor *a, int64_t id, int64_t case_id, cg_err *err);
int alert_open_case(store *s, const actor *a, int64_t id, const char *lead_org_code,
                    int64_t *case_id, cg_err *err);

#endif
