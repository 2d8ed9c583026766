/* tip.h: citizens' tips (tố giác): anonymous, answered with an unguessable
 * tracking code; the status can be looked up with the code and shows the
 * status only. Each tip becomes an alert (source "tip") in the department's
 * inbox, so it is triaged like any other. */
#ifndef CG_CASES_TIP_H
#define CG_CASES_TIP_H

#include "cases/evidence.h"
#include "cases/org.h"

#define TIP_CODE_LEN 23 /* "XXXXX-XXXXX-XXXXX-XXXXX": 100 random bits */
#define TIP_TEXT_MAX 10000
#define TIP_FILES 5                        /* files a tip may carry */
#define TIP_FILE_MAX (10ULL * 1024 * 1024) /* bytes per file */

/* Record a tip. category is a violation code of DOMAIN.md (alert_kind_valid)
 * or "other"; text non-empty, valid UTF-8, at most TIP_TEXT_MAX bytes;
 * contact may be NULL. Returns 0 and the tracking code (NUL-terminated), or
 * CG_EINVAL naming the field. Audited (without the text or contact). */
int tip_create(store *s, const char *category, const char *text, const char *contact,
               char code[TIP_CODE_LEN + 1], cg_err *err);

/* Start a file attached to the tip with tracking code code (anonymous, like
 * the tip): an evidence writer limited to limit bytes (0 or more than
 * TIP_FILE_MAX: TIP_FILE_MAX). Write with evidence_write, finish with
 * evidence_commit (CG_ETOOBIG past TIP_FILES files, CG_ECONFLICT once the tip
 * was reviewed) or evidence_abort. CG_ENOTFOUND for an unknown code. */
int tip_attach_begin(store *s, const char *code, const char *name, const char *mime, uint64_t limit,
                     evidence_writer **out, cg_err *err);

/* {"tracking_code","status","received_at"} where status is "received" (not
 * yet triaged), "in_progress" (taken into a case) or "closed" (reviewed, no
 * further action). CG_ENOTFOUND for an unknown code (also for malformed). */
int tip_status_json(store *s, const char *code, buf *out, cg_err *err);

#endif
