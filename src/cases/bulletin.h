/* bulletin.h: bulletins on criminals' methods (bản tin cảnh báo phương thức,
 * thủ đoạn): the department writes them and publishes them to the
 * enterprises or to the public; public ones are read without logging in.
 *
 * Status: "draft" -> "published" -> "withdrawn" (and published again). */
#ifndef CG_CASES_BULLETIN_H
#define CG_CASES_BULLETIN_H

#include "cases/org.h"

/* Write a draft (coordinators and administrators). kinds is a JSON array of
 * violation codes as text ("[]" or NULL for none); audience "enterprises"
 * (every organisation, enterprises included) or "public" (everyone, without
 * login). Returns 0 and *id, CG_EPERM, or CG_EINVAL naming the field.
 * Audited. */
int bulletin_create(store *s, const actor *a, const char *title, const char *body,
                    const char *kinds_json, const char *audience, int64_t *id, cg_err *err);

/* Publish (draft or withdrawn -> published) or withdraw (published ->
 * withdrawn). Coordinators and administrators; CG_ECONFLICT from another
 * state, CG_ENOTFOUND. Audited. */
int bulletin_publish(store *s, const actor *a, int64_t id, cg_err *err);
int bulletin_withdraw(store *s, const actor *a, int64_t id, cg_err *err);

/* What a may read, newest first: a NULL actor (no login) the published
 * public bulletins; any organisation every published bulletin; coordinators
 * and administrators also drafts and withdrawn ones. status ("draft",
 * "published", "withdrawn" or NULL) and audience (or NULL) narrow it.
 * {"items":[{"id","title","kinds":[...],"audience","status","author",
 * "created_at","published_at"}],"next":id|null}; keyset on before. */
int bulletin_list_json(store *s, const actor *a, const char *status, const char *audience,
                       int64_t before, int limit, buf *out, cg_err *err);

/* One bulletin with its body: {"id","title","body","kinds","audience",
 * "status","author","created_at","published_at","withdrawn_at"}. The same
 * visibility; CG_ENOTFOUND for what a may not read. */
int bulletin_get_json(store *s, const actor *a, int64_t id, buf *out, cg_err *err);

#endif
