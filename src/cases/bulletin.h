/* bulletin.h: bulletins on criminals' methods (bản tin cảnh báo phương
 * thức, thủ đoạn): the department's coordinators write them, keep them as
 * drafts, publish them to the enterprises or to the public, and withdraw
 * them. Every change is one transaction with its audit entry
 * ("bulletin:<id>").
 *
 * Status: "draft" -> "published" -> "withdrawn" -> "published" (again).
 * Audience: "enterprises" (the postal and telecom enterprises and the
 * agencies) or "public" (everyone, without login).
 *
 * Who sees what:
 *   coordinator, administrator: every bulletin, drafts and withdrawn ones too
 *   other logged-in users:      published bulletins of both audiences
 *   no login (actor NULL):      published public bulletins
 * Only coordinators write, publish and withdraw. */
#ifndef CG_CASES_BULLETIN_H
#define CG_CASES_BULLETIN_H

#include "cases/org.h"

typedef struct bulletin_in {
    const char *title;      /* non-empty, at most 300 bytes */
    const char *body;       /* non-empty, at most 100,000 bytes */
    const char *violations; /* comma-separated DOMAIN.md codes, or NULL/"" */
    const char *audience;   /* "enterprises" or "public" */
} bulletin_in;

/* Write a draft (coordinators: CG_EPERM otherwise). Returns 0 and *id (may
 * be NULL), or CG_EINVAL naming the field (title, body, violations: the
 * unknown code, audience). */
int bulletin_create(store *s, const actor *a, const bulletin_in *in, int64_t *id, cg_err *err);

/* Replace title, body, violations and audience of a draft or a withdrawn
 * bulletin (a published one must be withdrawn first: CG_ECONFLICT).
 * CG_EPERM / CG_ENOTFOUND / CG_EINVAL as bulletin_create. */
int bulletin_update(store *s, const actor *a, int64_t id, const bulletin_in *in, cg_err *err);

/* Publish a draft or withdrawn bulletin (sets published_at to now).
 * CG_ECONFLICT when it is published already. */
int bulletin_publish(store *s, const actor *a, int64_t id, cg_err *err);

/* Withdraw a published bulletin; reason is required (CG_EINVAL) and kept in
 * the audit entry. CG_ECONFLICT when it is not published. */
int bulletin_withdraw(store *s, const actor *a, int64_t id, const char *reason, cg_err *err);

/* One bulletin as a (NULL: no login) may see it:
 * {"id","title","body","violations":["code",...],"audience","status",
 *  "created_at","updated_at","published_at"|null,"withdrawn_at"|null,
 *  "author":{"id","name"}|null}
 * CG_ENOTFOUND for a bulletin a may not see (so its existence is hidden). */
int bulletin_get_json(store *s, const actor *a, int64_t id, buf *out, cg_err *err);

typedef struct bulletin_filter {
    const char *status;   /* coordinators/administrators: "draft", "published",
                           * "withdrawn" or NULL for all; ignored for others */
    const char *audience; /* "enterprises", "public" or NULL for all a sees */
    int64_t before;       /* keyset cursor: ids below this (0: from the newest) */
    int limit;            /* 1..100; 0 means 20 */
} bulletin_filter;

/* The bulletins a (NULL: no login) may see, newest first:
 * {"items":[{"id","title","violations":[...],"audience","status",
 * "published_at","updated_at","excerpt"}...],"next":id|null}; "excerpt" is
 * the body's first 300 bytes (cut on a UTF-8 boundary). CG_EINVAL for an
 * unknown status or audience. */
int bulletin_list_json(store *s, const actor *a, const bulletin_filter *f, buf *out, cg_err *err);

#endif
