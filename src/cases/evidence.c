/* evidence.c: streamed, size-limited, content-addressed evidence files with
 * their chain of custody. */
#include "cases/evidence.h"
#include "cases/access.h"
#include "cases/audit.h"
#include "cases/case.h"
#include "cases/tip.h"
#include "cases/util.h"

#include "core/text.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct evidence_writer {
    store *s;
    actor a;
    int64_t case_id; /* the case, or 0 for a tip's file */
    int64_t tip_id;  /* the tip, or 0 for a case's evidence */
    char *name, *mime;
    uint64_t limit, size;
    int fd;
    int failed; /* sticky error code */
    char *tmp;
    crypto_hash_sha256_state h;
};

static int mkdir_p(const char *path, cg_err *err)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(tmp, 0700) && errno != EEXIST)
            return cg_err_set(err, CG_EIO, "evidence: cannot create %s: %s", tmp, strerror(errno));
        *p = '/';
    }
    if (mkdir(tmp, 0700) && errno != EEXIST)
        return cg_err_set(err, CG_EIO, "evidence: cannot create %s: %s", tmp, strerror(errno));
    return 0;
}

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    close(fd);
    return r;
}

static int check_name(const char *name, const char *mime, cg_err *err)
{
    if (util_blank(name) || strlen(name) > 255 || strchr(name, '/'))
        return cg_err_set(err, CG_EINVAL,
                          "evidence: field 'name' must be 1..255 bytes without '/'");
    if (!text_utf8_valid(name, strlen(name)))
        return cg_err_set(err, CG_EINVAL, "evidence: field 'name' is not valid UTF-8");
    if (mime && (strlen(mime) >= 128 || util_blank(mime)))
        return cg_err_set(err, CG_EINVAL, "evidence: field 'mime' is not a media type");
    return 0;
}

/* The temporary file and the writer around it. */
static int writer_new(store *s, const actor *a, int64_t case_id, int64_t tip_id, const char *name,
                      const char *mime, uint64_t limit, evidence_writer **out, cg_err *err)
{
    if (sodium_init() < 0)
        return cg_err_set(err, CG_EUNAVAIL, "evidence: the crypto library cannot start");
    buf dir = BUF_INIT;
    buf_printf(&dir, "%s/tmp", store_data_dir(s));
    int rc = mkdir_p(dir.p, err);
    if (rc) {
        buf_free(&dir);
        return rc;
    }
    buf_puts(&dir, "/upload-XXXXXX");
    int fd = mkstemp(dir.p);
    if (fd < 0) {
        rc = cg_err_set(err, CG_EIO, "evidence: cannot create %s: %s", dir.p, strerror(errno));
        buf_free(&dir);
        return rc;
    }
    evidence_writer *w = cg_calloc(1, sizeof *w);
    w->s = s;
    w->a = *a;
    w->case_id = case_id;
    w->tip_id = tip_id;
    w->name = cg_strdup(name);
    w->mime = cg_strdup(mime ? mime : "application/octet-stream");
    w->limit = limit ? limit : EVIDENCE_MAX_DEFAULT;
    w->fd = fd;
    w->tmp = buf_detach(&dir, NULL);
    crypto_hash_sha256_init(&w->h);
    *out = w;
    return 0;
}

int evidence_begin(store *s, const actor *a, int64_t case_id, const char *name, const char *mime,
                   uint64_t limit, evidence_writer **out, cg_err *err)
{
    *out = NULL;
    int rc = check_name(name, mime, err);
    if (rc)
        return rc;
    if ((rc = access_case(s, a, case_id, ACCESS_WRITE, NULL, err)))
        return rc;
    return writer_new(s, a, case_id, 0, name, mime, limit, out, err);
}

int evidence_begin_tip(store *s, int64_t tip_id, const char *name, const char *mime, uint64_t limit,
                       evidence_writer **out, cg_err *err)
{
    *out = NULL;
    int rc = check_name(name, mime, err);
    if (rc)
        return rc;
    actor anon = actor_system();
    anon.role = ROLE_NONE;
    return writer_new(s, &anon, 0, tip_id, name, mime, limit, out, err);
}

static void drop_tmp(evidence_writer *w)
{
    if (w->fd >= 0) {
        close(w->fd);
        w->fd = -1;
    }
    if (w->tmp) {
        unlink(w->tmp);
        free(w->tmp);
        w->tmp = NULL;
    }
}

int evidence_write(evidence_writer *w, const void *p, size_t n, cg_err *err)
{
    if (w->failed)
        return cg_err_set(err, w->failed, "evidence: the upload failed already");
    if (n > w->limit - w->size) {
        w->failed = CG_ETOOBIG;
        drop_tmp(w);
        return cg_err_set(err, CG_ETOOBIG,
                          "evidence: file '%s' is larger than the limit of %llu "
                          "bytes",
                          w->name, (unsigned long long)w->limit);
    }
    const char *c = p;
    size_t left = n;
    while (left) {
        ssize_t k = write(w->fd, c, left);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            int e = errno;
            w->failed = CG_EIO;
            drop_tmp(w);
            return cg_err_set(err, CG_EIO, "evidence: cannot write '%s': %s", w->name, strerror(e));
        }
        c += k;
        left -= (size_t)k;
    }
    crypto_hash_sha256_update(&w->h, p, n);
    w->size += n;
    return 0;
}

uint64_t evidence_written(const evidence_writer *w)
{
    return w->size;
}

void evidence_abort(evidence_writer *w)
{
    if (!w)
        return;
    drop_tmp(w);
    free(w->name);
    free(w->mime);
    free(w);
}

static void blob_path(store *s, const char *hex, buf *out)
{
    buf_printf(out, "%s/sha256/%.2s/%s", store_data_dir(s), hex, hex);
}

static int custody(store_conn *c, const actor *a, int64_t ev, const char *action,
                   const char *detail, cg_err *err)
{
    store_stmt *q = store_prep(c,
                               "INSERT INTO custody(evidence_id, at, user_id, org_id, action, "
                               "detail) VALUES (?,?,?,?,?,?)",
                               err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, ev);
    store_bind_i64(q, 2, util_now());
    store_bind_i64(q, 3, a->user_id);
    store_bind_i64(q, 4, a->org_id);
    store_bind_text(q, 5, action);
    store_bind_text(q, 6, detail ? detail : "");
    int rc = store_step(q, err);
    store_done(q);
    if (rc < 0)
        return rc;
    char obj[48], d[96];
    snprintf(obj, sizeof obj, "evidence:%lld", (long long)ev);
    buf dj = BUF_INIT;
    buf_putc(&dj, '{');
    util_json_str(&dj, 1, "detail", detail ? detail : "");
    buf_putc(&dj, '}');
    snprintf(d, sizeof d, "evidence.%s", action);
    rc = audit_append(c, a, d, obj, dj.p, err);
    buf_free(&dj);
    return rc;
}

int evidence_add_conn(store_conn *c, const actor *a, int64_t case_id, const char *sha256,
                      uint64_t size, const char *name, const char *mime, const char *origin,
                      int64_t *id, cg_err *err)
{
    store_stmt *q = store_prep(c,
                               "INSERT INTO evidence(case_id, sha256, size, name, mime, "
                               "added_by, added_at) VALUES (?,?,?,?,?,?,?)",
                               err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, case_id);
    store_bind_text(q, 2, sha256);
    store_bind_i64(q, 3, (int64_t)size);
    store_bind_text(q, 4, name);
    store_bind_text(q, 5, mime);
    if (a->user_id)
        store_bind_i64(q, 6, a->user_id);
    else
        store_bind_null(q, 6);
    store_bind_i64(q, 7, util_now());
    int rc = store_step(q, err);
    store_done(q);
    if (rc < 0)
        return rc;
    int64_t ev = store_last_id(c);
    buf t = BUF_INIT;
    buf_printf(&t, "sha256=%s size=%llu name=%s%s", sha256, (unsigned long long)size, name, origin);
    rc = custody(c, a, ev, "add", t.p, err);
    buf_reset(&t);
    buf_printf(&t, "Thêm chứng cứ %s (SHA-256 %.16s…)%s", name, sha256, origin);
    if (!rc)
        rc = case_event_conn(c, case_id, a, util_now(), "evidence.add", t.p, err);
    buf_free(&t);
    if (!rc && id)
        *id = ev;
    return rc;
}

/* Record a tip's file (at most TIP_FILES files per tip, while the tip is
 * still waiting for triage). */
static int tip_file_conn(store_conn *c, evidence_writer *w, const char *hex, int64_t *id,
                         cg_err *err)
{
    store_stmt *q = store_prep(c,
                               "SELECT (SELECT count(*) FROM tip_file WHERE tip_id = t.id), "
                               "a.status FROM tip t LEFT JOIN alert a ON a.id = t.alert_id "
                               "WHERE t.id = ?",
                               err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, w->tip_id);
    int rc = store_step(q, err);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return cg_err_set(err, CG_ENOTFOUND, "tip not found");
    int64_t n = store_col_i64(q, 0);
    int open = store_col_is_null(q, 1) || !strcmp(store_col_text(q, 1), "new");
    store_done(q);
    if (!open)
        return cg_err_set(err, CG_ECONFLICT, "tip: it has been reviewed; no more files");
    if (n >= TIP_FILES)
        return cg_err_set(err, CG_ETOOBIG, "tip: at most %d files may be attached", TIP_FILES);
    q = store_prep(c,
                   "INSERT INTO tip_file(tip_id, sha256, size, name, mime, added_at) "
                   "VALUES (?,?,?,?,?,?)",
                   err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, w->tip_id);
    store_bind_text(q, 2, hex);
    store_bind_i64(q, 3, (int64_t)w->size);
    store_bind_text(q, 4, w->name);
    store_bind_text(q, 5, w->mime);
    store_bind_i64(q, 6, util_now());
    if ((rc = store_step(q, err)) < 0)
        return rc;
    store_done(q);
    *id = store_last_id(c);
    char obj[48], d[128];
    snprintf(obj, sizeof obj, "tip:%lld", (long long)w->tip_id);
    snprintf(d, sizeof d, "{\"file_id\":%lld,\"sha256\":\"%s\"}", (long long)*id, hex);
    return audit_append(c, &w->a, "tip.file", obj, d, err);
}

int evidence_adopt_tip_files_conn(store_conn *c, const actor *a, int64_t alert_id, int64_t case_id,
                                  cg_err *err)
{
    store_stmt *q = store_prep(c,
                               "SELECT f.sha256, f.size, f.name, f.mime, t.code FROM tip_file f "
                               "JOIN tip t ON t.id = f.tip_id WHERE t.alert_id = ? ORDER BY f.id",
                               err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, alert_id);
    struct f {
        char sha[65], name[256], mime[128];
        int64_t size;
    } *fs = NULL;
    size_t n = 0;
    int rc;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        fs = cg_realloc(fs, (n + 1) * sizeof *fs);
        snprintf(fs[n].sha, sizeof fs[n].sha, "%s", store_col_text(q, 0));
        fs[n].size = store_col_i64(q, 1);
        snprintf(fs[n].name, sizeof fs[n].name, "%s", store_col_text(q, 2));
        snprintf(fs[n].mime, sizeof fs[n].mime, "%s", store_col_text(q, 3));
        n++;
    }
    rc = rc < 0 ? rc : 0;
    for (size_t i = 0; i < n && !rc; i++)
        rc = evidence_add_conn(c, a, case_id, fs[i].sha, (uint64_t)fs[i].size, fs[i].name,
                               fs[i].mime, " (từ tin tố giác)", NULL, err);
    free(fs);
    return rc;
}

int evidence_commit(evidence_writer *w, int64_t *id, char sha256[65], cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    if (w->failed) {
        int code = w->failed;
        evidence_abort(w);
        return cg_err_set(err, code, "evidence: the upload failed; nothing was stored");
    }
    unsigned char d[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256_final(&w->h, d);
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    if (fsync(w->fd)) {
        int e = errno;
        evidence_abort(w);
        return cg_err_set(err, CG_EIO, "evidence: cannot flush the file: %s", strerror(e));
    }
    close(w->fd);
    w->fd = -1;
    buf dir = BUF_INIT, path = BUF_INIT;
    buf_printf(&dir, "%s/sha256/%.2s", store_data_dir(w->s), hex);
    blob_path(w->s, hex, &path);
    int rc = mkdir_p(dir.p, err);
    struct stat st;
    if (!rc && stat(path.p, &st) == 0 && (uint64_t)st.st_size == w->size) {
        /* The same content is stored already (content addressing). */
        unlink(w->tmp);
    } else if (!rc && rename(w->tmp, path.p)) {
        rc = cg_err_set(err, CG_EIO, "evidence: cannot store %s: %s", path.p, strerror(errno));
    } else if (!rc) {
        chmod(path.p, 0400);
        fsync_dir(dir.p);
    }
    free(w->tmp);
    w->tmp = NULL;
    buf_free(&dir);
    buf_free(&path);
    if (rc) {
        evidence_abort(w);
        return rc;
    }
    store_conn *c;
    if ((rc = store_acquire(w->s, &c, err))) {
        evidence_abort(w);
        return rc;
    }
    if ((rc = store_begin(c, err))) {
        store_release(c);
        evidence_abort(w);
        return rc;
    }
    int64_t ev = 0;
    if (w->tip_id) {
        rc = tip_file_conn(c, w, hex, &ev, err);
    } else if (!(rc = access_case_conn(c, &w->a, w->case_id, ACCESS_WRITE, NULL, err))) {
        rc = evidence_add_conn(c, &w->a, w->case_id, hex, w->size, w->name, w->mime, "", &ev, err);
    }
    rc = util_tx_end(c, rc, err);
    evidence_abort(w);
    if (!rc) {
        if (id)
            *id = ev;
        if (sha256)
            memcpy(sha256, hex, 65);
    }
    return rc;
}

/* Load evidence id's row; check ACCESS_READ on its case. */
static int load(store_conn *c, const actor *a, int64_t id, evidence_file *f, cg_err *err)
{
    memset(f, 0, sizeof *f);
    store_stmt *q = store_prep(c,
                               "SELECT case_id, sha256, size, name, mime FROM evidence "
                               "WHERE id = ?",
                               err);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    store_bind_i64(q, 1, id);
    int rc = store_step(q, err);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return cg_err_set(err, CG_ENOTFOUND, "evidence %lld not found", (long long)id);
    f->id = id;
    f->case_id = store_col_i64(q, 0);
    snprintf(f->sha256, sizeof f->sha256, "%s", store_col_text(q, 1));
    f->size = (uint64_t)store_col_i64(q, 2);
    snprintf(f->name, sizeof f->name, "%s", store_col_text(q, 3));
    snprintf(f->mime, sizeof f->mime, "%s", store_col_text(q, 4));
    store_done(q);
    return access_case_conn(c, a, f->case_id, ACCESS_READ, NULL, err);
}

int evidence_open(store *s, const actor *a, int64_t id, const char *purpose, evidence_file *f,
                  cg_err *err)
{
    memset(f, 0, sizeof *f);
    if (!purpose || (strcmp(purpose, "view") && strcmp(purpose, "export")))
        return cg_err_set(err, CG_EINVAL, "evidence: purpose must be view or export");
    UTIL_TX_BEGIN(s, c, err)
    if (!(rc = load(c, a, id, f, err)))
        rc = custody(c, a, id, purpose, NULL, err);
    rc = util_tx_end(c, rc, err);
    if (!rc) {
        buf p = BUF_INIT;
        blob_path(s, f->sha256, &p);
        f->path = buf_detach(&p, NULL);
    }
    return rc;
}

int evidence_verify(store *s, const actor *a, int64_t id, int *intact, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    *intact = 0;
    evidence_file f;
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    rc = load(c, a, id, &f, err);
    store_release(c);
    if (rc)
        return rc;
    if (sodium_init() < 0)
        return cg_err_set(err, CG_EUNAVAIL, "evidence: the crypto library cannot start");
    buf p = BUF_INIT;
    blob_path(s, f.sha256, &p);
    char why[160] = "";
    FILE *fp = fopen(p.p, "rb");
    if (!fp) {
        snprintf(why, sizeof why, "the stored file is missing: %s", strerror(errno));
    } else {
        crypto_hash_sha256_state h;
        crypto_hash_sha256_init(&h);
        unsigned char chunk[65536];
        size_t k;
        uint64_t total = 0;
        while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0) {
            crypto_hash_sha256_update(&h, chunk, k);
            total += k;
        }
        int rerr = ferror(fp);
        fclose(fp);
        unsigned char d[crypto_hash_sha256_BYTES];
        char hex[65];
        crypto_hash_sha256_final(&h, d);
        sodium_bin2hex(hex, sizeof hex, d, sizeof d);
        if (rerr)
            snprintf(why, sizeof why, "the stored file cannot be read");
        else if (total != f.size)
            snprintf(why, sizeof why, "size %llu differs from the recorded %llu",
                     (unsigned long long)total, (unsigned long long)f.size);
        else if (strcmp(hex, f.sha256))
            snprintf(why, sizeof why, "its SHA-256 %.16s… differs from the recorded %.16s…", hex,
                     f.sha256);
    }
    buf_free(&p);
    *intact = !why[0];
    UTIL_TX_OPEN(s, w, rc, err)
    rc = custody(w, a, id, "verify", *intact ? "intact" : why, err);
    rc = util_tx_end(w, rc, err);
    if (!rc && !*intact)
        cg_err_set(err, CG_EINVAL, "evidence %lld altered: %s", (long long)id, why);
    return rc;
}

int evidence_get_json(store *s, const actor *a, int64_t id, buf *out, cg_err *err)
{
    evidence_file f;
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    if ((rc = load(c, a, id, &f, err))) {
        store_release(c);
        return rc;
    }
    store_stmt *q = store_prep(c,
                               "SELECT at, user_id, org_id, action, detail FROM custody "
                               "WHERE evidence_id = ? ORDER BY id",
                               err);
    if (!q) {
        store_release(c);
        return util_code(err, CG_EUNAVAIL);
    }
    store_bind_i64(q, 1, id);
    buf_putc(out, '{');
    util_json_i64(out, 1, "id", id);
    util_json_i64(out, 0, "case_id", f.case_id);
    util_json_str(out, 0, "sha256", f.sha256);
    util_json_i64(out, 0, "size", (int64_t)f.size);
    util_json_str(out, 0, "name", f.name);
    util_json_str(out, 0, "mime", f.mime);
    buf_puts(out, ",\"custody\":[");
    int n = 0;
    while ((rc = store_step(q, err)) == STORE_ROW) {
        buf_puts(out, n++ ? ",{" : "{");
        util_json_i64(out, 1, "at", store_col_i64(q, 0));
        util_json_i64(out, 0, "user_id", store_col_i64(q, 1));
        util_json_i64(out, 0, "org_id", store_col_i64(q, 2));
        util_json_col_str(out, 0, "action", q, 3);
        util_json_col_str(out, 0, "detail", q, 4);
        buf_putc(out, '}');
    }
    buf_puts(out, "]}");
    store_release(c);
    return rc < 0 ? rc : 0;
}
