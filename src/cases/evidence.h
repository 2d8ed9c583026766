/* evidence.h: evidence files of a case: streamed in under a size limit,
 * stored content-addressed by SHA-256 under store_data_dir(s)/sha256/ab/<hash>,
 * re-verifiable, with a chain of custody (who added, viewed, exported,
 * verified each file, when).
 *
 * Writing: evidence_begin, evidence_write as the bytes arrive (from a socket,
 * a file), then evidence_commit or evidence_abort. Nothing is visible and
 * nothing stays on disk until evidence_commit succeeds. */
#ifndef CG_CASES_EVIDENCE_H
#define CG_CASES_EVIDENCE_H

#include "cases/org.h"

#include <stdint.h>

#define EVIDENCE_MAX_DEFAULT (64ULL * 1024 * 1024)

typedef struct evidence_writer evidence_writer;

/* Start a file for case case_id (ACCESS_WRITE on the case checked here and
 * again at commit). name is the file name the uploader gave (non-empty, no
 * '/', at most 255 bytes); mime its media type (NULL: application/octet-stream).
 * limit is the most bytes accepted (0: EVIDENCE_MAX_DEFAULT). Returns 0 and a
 * writer (owned by the caller until commit or abort), CG_EPERM, CG_ENOTFOUND,
 * CG_EINVAL, or CG_EIO when the data directory cannot be written. */
int evidence_begin(store *s, const actor *a, int64_t case_id, const char *name, const char *mime,
                   uint64_t limit, evidence_writer **out, cg_err *err);

/* Start a file a citizen attaches to tip tip_id (see tip_attach_begin,
 * which callers use). evidence_commit records it as the tip's file (its id is
 * the file's) rather than as evidence: at most TIP_FILES per tip, while the
 * tip waits for triage. When triage puts the tip's alert into a case, the
 * files become that case's evidence. */
int evidence_begin_tip(store *s, int64_t tip_id, const char *name, const char *mime, uint64_t limit,
                       evidence_writer **out, cg_err *err);

/* Append n bytes. Returns 0; CG_ETOOBIG when the total goes over the limit
 * (the partial file is removed at once, every later call fails the same way,
 * the caller still calls evidence_abort); CG_EIO when the disk fails. */
int evidence_write(evidence_writer *w, const void *p, size_t n, cg_err *err);

/* Bytes accepted so far. */
uint64_t evidence_written(const evidence_writer *w);

/* Finish: flush the file to disk, move it to its content address, record
 * the evidence, its "add" custody entry and the audit entry in one
 * transaction. Returns 0 with *id and the hex SHA-256 in sha256 (both may be
 * NULL); on error nothing is recorded. Frees w in every case. */
int evidence_commit(evidence_writer *w, int64_t *id, char sha256[65], cg_err *err);

/* Drop the file being written and free w. NULL is allowed. */
void evidence_abort(evidence_writer *w);

typedef struct evidence_file {
    int64_t id, case_id;
    uint64_t size;
    char sha256[65];
    char name[256];
    char mime[128];
    char *path; /* the stored file; free() it */
} evidence_file;

/* Open evidence id for a view ("view") or an export ("export") by a (ACCESS_READ
 * on its case): writes the custody entry and audit entry, and fills *f (the
 * caller frees f->path and reads the file itself). CG_ENOTFOUND / CG_EPERM /
 * CG_EINVAL (purpose) / CG_EUNAVAIL. */
int evidence_open(store *s, const actor *a, int64_t id, const char *purpose, evidence_file *f,
                  cg_err *err);

/* Recompute the SHA-256 of the stored file. Returns 0 with *intact = 1 when
 * it matches the recorded hash and size, 0 when it was altered or is missing
 * (err then says which). Writes a "verify" custody entry with the result.
 * ACCESS_READ on the case. */
int evidence_verify(store *s, const actor *a, int64_t id, int *intact, cg_err *err);

/* {"id","case_id","sha256","size","name","mime","custody":[{"at","user_id",
 * "org_id","action","detail"}...]} for evidence id (ACCESS_READ). */
int evidence_get_json(store *s, const actor *a, int64_t id, buf *out, cg_err *err);

/* Internal to src/cases/ (inside the caller's write transaction): record
 * stored content as evidence of case_id with its "add" custody entry, audit
 * entry and timeline event; origin is appended to the custody detail. */
int evidence_add_conn(store_conn *c, const actor *a, int64_t case_id, const char *sha256,
                      uint64_t size, const char *name, const char *mime, const char *origin,
                      int64_t *id, cg_err *err);
/* Internal: make the files of the tip behind alert_id evidence of case_id. */
int evidence_adopt_tip_files_conn(store_conn *c, const actor *a, int64_t alert_id, int64_t case_id,
                                  cg_err *err);

#endif
