/* audit.h: the append-only audit log, hash-chained.
 *
 * Each entry holds who (user, organisation), what (action, object, a JSON
 * detail) and when, plus prev (the previous entry's hash) and hash =
 * hex(SHA-256("canhgac-audit-v1\n" id "\n" at "\n" user "\n" org "\n" action
 * "\n" object "\n" detail "\n" prev)). The first entry's prev is 64 zeros.
 * Every change is logged by the same transaction as the change itself.
 *
 * Reads that must be accounted for (views of a case by outsiders) go to the
 * access log, a second chain of the same shape in the store's log file (see
 * store.h), hashed with the tag "canhgac-access-v1". */
#ifndef CG_CASES_AUDIT_H
#define CG_CASES_AUDIT_H

#include "cases/org.h"

typedef enum { AUDIT_CHANGES, AUDIT_ACCESS } audit_log;

/* Append one entry on c, which MUST be inside a write transaction (the
 * change and its entry commit or vanish together). object names the thing
 * ("case:12", "alert:7", "user:3"); detail_json is a JSON object text or
 * NULL ("{}"). Returns 0 or a negative code (the caller rolls back). */
int audit_append(store_conn *c, const actor *by, const char *action, const char *object,
                 const char *detail_json, cg_err *err);

/* An entry in the access log, for events that change nothing (a view of a
 * case), in a transaction of its own: returns once it is on disk. Servers,
 * with views arriving by the thousand, use an audit_writer instead. */
int audit_record(store *s, const actor *by, const char *action, const char *object,
                 const char *detail_json, cg_err *err);

/* A writer of access-log entries for servers, whose worker threads must not
 * wait for the disk: entries are queued, a thread of the writer's own commits
 * everything queued in one transaction at a time, and done(arg, rc, err) is
 * called from that thread once the entry is on disk (rc 0) or failed (rc < 0;
 * err says why). A server answers the request in done. */
typedef struct audit_writer audit_writer;
typedef void (*audit_done_fn)(void *arg, int rc, const cg_err *err);

/* Start a writer for s (borrowed; it must outlive the writer). Returns 0 or
 * CG_EUNAVAIL when its thread cannot start. */
int audit_writer_new(store *s, audit_writer **out, cg_err *err);
/* Queue an entry (the strings and *by are copied). Returns 0, or CG_EUNAVAIL
 * once the writer is closing: done is not called then, and the caller writes
 * the entry itself (audit_record). */
int audit_writer_add(audit_writer *w, const actor *by, const char *action, const char *object,
                     const char *detail_json, audit_done_fn done, void *arg);
/* Refuse new entries, write those queued (calling their done) and stop the
 * thread. w stays valid for audit_writer_add, which now refuses. */
void audit_writer_close(audit_writer *w);
/* Close (if not done yet) and free. NULL is allowed. */
void audit_writer_free(audit_writer *w);

/* Check the whole chain of one log. Returns 0 when intact, with *checked entries.
 * Returns CG_EINVAL when an entry was altered, with *first_bad its id and err
 * saying what does not match; CG_EUNAVAIL when the store fails. checked and
 * first_bad may be NULL. */
int audit_verify(store *s, audit_log log, int64_t *checked, int64_t *first_bad, cg_err *err);

/* Append {"items":[{"id","at","user_id","org_id","action","object","detail",
 * "hash"}...],"next":id|null}, newest first, entries with id < before (0: from
 * the newest), at most limit (1..500), of one log. Administrators and
 * coordinators only. */
int audit_list_json(store *s, const actor *by, audit_log log, int64_t before, int limit, buf *out,
                    cg_err *err);

#endif
