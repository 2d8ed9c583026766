/* demo.c: the demo province of Tiền Giang with a year of history, and the
 * bulk filler the benchmarks use to reach a million cases. */
#include "cases/demo.h"
#include "cases/alert.h"
#include "cases/audit.h"
#include "cases/auth.h"
#include "cases/case.h"
#include "cases/stop.h"
#include "cases/subject.h"
#include "cases/util.h"

#include "core/ts.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *code, *name;
} districts[] = {
    {"MTO", "Thành phố Mỹ Tho"},   {"GCO", "Thành phố Gò Công"},  {"TXCL", "Thị xã Cai Lậy"},
    {"CBE", "Huyện Cái Bè"},       {"HCL", "Huyện Cai Lậy"},      {"TPH", "Huyện Tân Phước"},
    {"CTH", "Huyện Châu Thành"},   {"CGA", "Huyện Chợ Gạo"},      {"GCT", "Huyện Gò Công Tây"},
    {"GCD", "Huyện Gò Công Đông"}, {"TPD", "Huyện Tân Phú Đông"},
};

static const struct {
    const char *code, *name;
    org_kind kind;
} agencies[] = {
    {"STTTT", "Sở Thông tin và Truyền thông tỉnh Tiền Giang", ORG_DEPARTMENT},
    {"CA", "Công an tỉnh Tiền Giang", ORG_POLICE},
    {"QLTT", "Cục Quản lý thị trường tỉnh Tiền Giang", ORG_MARKET},
    {"HQ", "Chi cục Hải quan Tiền Giang", ORG_CUSTOMS},
    {"SKHCN", "Sở Khoa học và Công nghệ tỉnh Tiền Giang", ORG_SCIENCE},
    {"SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch tỉnh Tiền Giang", ORG_CULTURE},
    {"VNPT", "VNPT Tiền Giang", ORG_TELECOM},
    {"VIETTEL", "Viettel Tiền Giang", ORG_TELECOM},
    {"MOBIFONE", "MobiFone Tiền Giang", ORG_TELECOM},
    {"VNPOST", "Bưu điện tỉnh Tiền Giang", ORG_POSTAL},
    {"VTPOST", "Viettel Post Tiền Giang", ORG_POSTAL},
};

/* Violation codes with their share of alerts (per mille), the agency that
 * usually leads, and where alerts come from. */
static const struct {
    const char *code;
    int share;
    const char *lead, *source, *enterprise;
} violations[] = {
    {"telecom.bypass", 300, "CA", "telecom.scan", "VIETTEL"},
    {"telecom.illegal_voip", 80, "CA", "telecom.scan", "VNPT"},
    {"telecom.illegal_card", 50, "QLTT", "inspection", "MOBIFONE"},
    {"telecom.nonstandard_equipment", 40, "QLTT", "inspection", NULL},
    {"telecom.cable_theft", 80, "CA", "enterprise", "VNPT"},
    {"postal.contraband", 180, "QLTT", "postal.screen", "VNPOST"},
    {"postal.drugs", 80, "CA", "postal.screen", "VTPOST"},
    {"postal.reactionary", 30, "CA", "postal.screen", "VNPOST"},
    {"postal.trade_fraud", 60, "HQ", "postal.screen", "VTPOST"},
    {"it.attack", 40, "CA", "inspection", NULL},
    {"it.internet_agent", 30, "SVHTTDL", "inspection", NULL},
    {"it.ip_violation", 20, "SKHCN", "inspection", NULL},
    {"radio.frequency", 10, "STTTT", "inspection", NULL},
};

static uint64_t rnd(uint64_t *st)
{
    uint64_t z = (*st += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int pick_violation(uint64_t *st)
{
    int r = (int)(rnd(st) % 1000);
    for (size_t i = 0; i < CG_ARRAY_LEN(violations); i++) {
        if (r < violations[i].share)
            return (int)i;
        r -= violations[i].share;
    }
    return 0;
}

int demo_province(store *s, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    actor sys = actor_system();
    int64_t id;
    if (org_find(s, "STTTT", &id, err) == 0)
        return 0;
    for (size_t i = 0; i < CG_ARRAY_LEN(districts); i++) {
        int rc = org_district_add(s, &sys, districts[i].code, districts[i].name, err);
        if (rc && rc != CG_ECONFLICT)
            return rc;
    }
    for (size_t i = 0; i < CG_ARRAY_LEN(agencies); i++) {
        int rc = org_create(s, &sys, agencies[i].code, agencies[i].name, agencies[i].kind, NULL,
                            NULL, err);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < CG_ARRAY_LEN(districts); i++) {
        char code[32], name[128];
        snprintf(code, sizeof code, "UB-%s", districts[i].code);
        snprintf(name, sizeof name, "UBND %s", districts[i].name);
        int rc = org_create(s, &sys, code, name, ORG_DISTRICT, districts[i].code, NULL, err);
        if (rc)
            return rc;
    }
    return 0;
}

/* Look up organisation ids for the generator. */
struct ids {
    int64_t agency[CG_ARRAY_LEN(agencies)];
    int64_t district_org[CG_ARRAY_LEN(districts)];
};

static int load_ids(store *s, struct ids *ids, cg_err *err)
{
    for (size_t i = 0; i < CG_ARRAY_LEN(agencies); i++) {
        int rc = org_find(s, agencies[i].code, &ids->agency[i], err);
        if (rc)
            return cg_err_set(err, rc, "the demo province is missing: %s", err->msg);
    }
    for (size_t i = 0; i < CG_ARRAY_LEN(districts); i++) {
        char code[32];
        snprintf(code, sizeof code, "UB-%s", districts[i].code);
        int rc = org_find(s, code, &ids->district_org[i], err);
        if (rc)
            return cg_err_set(err, rc, "the demo province is missing: %s", err->msg);
    }
    return 0;
}

static int64_t agency_id(const struct ids *ids, const char *code)
{
    for (size_t i = 0; i < CG_ARRAY_LEN(agencies); i++)
        if (!strcmp(agencies[i].code, code))
            return ids->agency[i];
    return ids->agency[0];
}

static const char *const titles[] = {
    "Nghi vấn SIM box chuyển cuộc gọi quốc tế",
    "Kinh doanh VoIP không phép",
    "Thẻ điện thoại không rõ nguồn gốc",
    "Thiết bị chưa hợp chuẩn bày bán",
    "Mất trộm cáp quang tuyến trục",
    "Bưu kiện chứa hàng cấm",
    "Bưu phẩm nghi chứa ma túy",
    "Ấn phẩm có nội dung kích động",
    "Khai sai giá trị hàng gửi quốc tế",
    "Website cơ quan bị thay đổi nội dung",
    "Đại lý Internet hoạt động quá giờ",
    "Phần mềm vi phạm bản quyền",
    "Phát sóng vô tuyến không phép",
};

/* Status of a case of a given age in days: older cases are further along. */
static const char *status_for_age(uint64_t *st, int64_t age_days)
{
    int r = (int)(rnd(st) % 100);
    if (age_days > 120)
        return r < 78 ? "closed" : r < 90 ? "handled" : r < 96 ? "investigating" : "inspecting";
    if (age_days > 30)
        return r < 35   ? "closed"
               : r < 55 ? "handled"
               : r < 75 ? "investigating"
               : r < 90 ? "inspecting"
                        : "verifying";
    return r < 25 ? "new" : r < 55 ? "verifying" : r < 80 ? "investigating" : "inspecting";
}

struct gen {
    store_conn *c;
    store_stmt *ins_case, *ins_org, *ins_event, *ins_alert, *ins_outcome;
    int64_t next_case, next_alert;
};

static int gen_prepare(struct gen *g, cg_err *err)
{
    g->ins_case = store_prep(g->c,
                             "INSERT INTO cases(id, code, violation, title, facts, district, "
                             "lead_org, status, created_at, updated_at, closed_at) "
                             "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                             err);
    g->ins_org = store_prep(
        g->c, "INSERT INTO case_org(case_id, org_id, role, since) VALUES (?,?,?,?)", err);
    g->ins_event = store_prep(g->c,
                              "INSERT INTO case_event(case_id, at, user_id, org_id, kind, text) "
                              "VALUES (?,?,0,?,?,?)",
                              err);
    g->ins_alert = store_prep(g->c,
                              "INSERT INTO alert(id, kind, source, source_ref, score, title, "
                              "detail, observed_at, created_at, org_id, district, status, "
                              "reason, case_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                              err);
    g->ins_outcome = store_prep(g->c,
                                "INSERT INTO case_outcome(case_id, kind, amount_vnd, "
                                "description, at) VALUES (?,?,?,?,?)",
                                err);
    if (!g->ins_case || !g->ins_org || !g->ins_event || !g->ins_alert || !g->ins_outcome)
        return util_code(err, CG_EUNAVAIL);
    return 0;
}

static int step1(store_stmt *q, cg_err *err)
{
    int rc = store_step(q, err);
    store_done(q);
    return rc < 0 ? rc : 0;
}

static int64_t max_id(store_conn *c, const char *sql, cg_err *err)
{
    store_stmt *q = store_prep(c, sql, err);
    if (!q)
        return -1;
    int64_t v = store_step(q, err) == STORE_ROW ? store_col_i64(q, 0) : -1;
    store_done(q);
    return v;
}

/* One case, created `age` seconds before now. outcomes: add an outcome to
 * handled / closed cases. */
static int gen_case(struct gen *g, const struct ids *ids, uint64_t *st, int64_t now, int64_t span,
                    int outcomes, cg_err *err)
{
    int v = pick_violation(st);
    int d = (int)(rnd(st) % CG_ARRAY_LEN(districts));
    int64_t age = (int64_t)(rnd(st) % (uint64_t)span);
    int64_t created = now - age;
    const char *status = status_for_age(st, age / 86400);
    int64_t lead = agency_id(ids, violations[v].lead);
    int64_t id = g->next_case++;
    int y, mo, dd, h, mi, se;
    ts_to_civil(created, TS_VN_OFFSET_MIN, &y, &mo, &dd, &h, &mi, &se);
    char code[32];
    snprintf(code, sizeof code, "VV-%04d-%06lld", y, (long long)id);
    int64_t updated = created + (int64_t)(rnd(st) % (uint64_t)(age + 1));
    store_stmt *q = g->ins_case;
    store_bind_i64(q, 1, id);
    store_bind_text(q, 2, code);
    store_bind_text(q, 3, violations[v].code);
    store_bind_text(q, 4, titles[v]);
    store_bind_text(q, 5, "Dữ liệu mẫu của tỉnh Tiền Giang.");
    store_bind_text(q, 6, districts[d].code);
    store_bind_i64(q, 7, lead);
    store_bind_text(q, 8, status);
    store_bind_i64(q, 9, created);
    store_bind_i64(q, 10, updated);
    if (!strcmp(status, "closed"))
        store_bind_i64(q, 11, updated);
    else
        store_bind_null(q, 11);
    int rc = step1(q, err);
    if (rc)
        return rc;
    store_bind_i64(g->ins_org, 1, id);
    store_bind_i64(g->ins_org, 2, lead);
    store_bind_text(g->ins_org, 3, "lead");
    store_bind_i64(g->ins_org, 4, created);
    if ((rc = step1(g->ins_org, err)))
        return rc;
    /* A third of the cases are joined by the district's committee. */
    if (rnd(st) % 3 == 0) {
        store_bind_i64(g->ins_org, 1, id);
        store_bind_i64(g->ins_org, 2, ids->district_org[d]);
        store_bind_text(g->ins_org, 3, "joined");
        store_bind_i64(g->ins_org, 4, created);
        if ((rc = step1(g->ins_org, err)))
            return rc;
    }
    char text[160];
    snprintf(text, sizeof text, "Mở vụ việc %s: %s", code, titles[v]);
    store_bind_i64(g->ins_event, 1, id);
    store_bind_i64(g->ins_event, 2, created);
    store_bind_i64(g->ins_event, 3, lead);
    store_bind_text(g->ins_event, 4, "case.create");
    store_bind_text(g->ins_event, 5, text);
    if ((rc = step1(g->ins_event, err)))
        return rc;
    if (strcmp(status, "new")) {
        snprintf(text, sizeof text, "Trạng thái: new → %s", status);
        store_bind_i64(g->ins_event, 1, id);
        store_bind_i64(g->ins_event, 2, updated);
        store_bind_i64(g->ins_event, 3, lead);
        store_bind_text(g->ins_event, 4, "case.status");
        store_bind_text(g->ins_event, 5, text);
        if ((rc = step1(g->ins_event, err)))
            return rc;
    }
    if (outcomes && (!strcmp(status, "handled") || !strcmp(status, "closed"))) {
        int r = (int)(rnd(st) % 100);
        const char *kind = r < 55   ? "fine"
                           : r < 75 ? "seizure"
                           : r < 85 ? "prosecution"
                                    : "warning";
        int64_t amount = !strcmp(kind, "fine") ? (int64_t)(5 + rnd(st) % 196) * 1000000 : 0;
        store_bind_i64(g->ins_outcome, 1, id);
        store_bind_text(g->ins_outcome, 2, kind);
        store_bind_i64(g->ins_outcome, 3, amount);
        store_bind_text(g->ins_outcome, 4,
                        !strcmp(kind, "fine")          ? "Xử phạt vi phạm hành chính"
                        : !strcmp(kind, "seizure")     ? "Tạm giữ tang vật, phương tiện"
                        : !strcmp(kind, "prosecution") ? "Khởi tố vụ án"
                                                       : "Cảnh cáo");
        store_bind_i64(g->ins_outcome, 5, updated);
        if ((rc = step1(g->ins_outcome, err)))
            return rc;
    }
    return 0;
}

/* One alert; attached to a random earlier case with probability attach%. */
static int gen_alert(struct gen *g, const struct ids *ids, uint64_t *st, int64_t now, int64_t span,
                     int64_t first_case, int64_t last_case, int attach, const char *tag,
                     cg_err *err)
{
    int v = pick_violation(st);
    int d = (int)(rnd(st) % CG_ARRAY_LEN(districts));
    int64_t age = (int64_t)(rnd(st) % (uint64_t)span);
    int64_t id = g->next_alert++;
    int ent = violations[v].enterprise && rnd(st) % 3 == 0;
    const char *source = ent ? "enterprise" : violations[v].source;
    int64_t org = ent ? agency_id(ids, violations[v].enterprise) : ids->agency[0];
    char ref[64];
    snprintf(ref, sizeof ref, "%s:%lld", tag, (long long)id);
    int r = (int)(rnd(st) % 100);
    const char *status = "new";
    int64_t case_id = 0;
    if (age > 7 * 86400 && last_case >= first_case && r < attach) {
        status = "attached";
        case_id = first_case + (int64_t)(rnd(st) % (uint64_t)(last_case - first_case + 1));
    } else if (age > 7 * 86400 && r < attach + 30) {
        status = "dismissed";
    }
    store_stmt *q = g->ins_alert;
    store_bind_i64(q, 1, id);
    store_bind_text(q, 2, violations[v].code);
    store_bind_text(q, 3, source);
    store_bind_text(q, 4, ref);
    store_bind_double(q, 5, 0.5 + (double)(rnd(st) % 500) / 1000.0);
    store_bind_text(q, 6, titles[v]);
    store_bind_text(q, 7, "{\"reasons\":[\"dữ liệu mẫu\"]}");
    store_bind_i64(q, 8, now - age - 3600);
    store_bind_i64(q, 9, now - age);
    store_bind_i64(q, 10, org);
    store_bind_text(q, 11, districts[d].code);
    store_bind_text(q, 12, status);
    store_bind_text(q, 13, !strcmp(status, "dismissed") ? "Không có dấu hiệu vi phạm" : NULL);
    if (case_id)
        store_bind_i64(q, 14, case_id);
    else
        store_bind_null(q, 14);
    return step1(q, err);
}

static int fill(store *s, int64_t n_cases, int64_t n_alerts, int64_t now, int64_t span,
                uint64_t seed, int rich, const char *tag,
                void (*progress)(void *ctx, int64_t done, int64_t total), void *ctx, cg_err *err)
{
    struct ids ids;
    int rc = load_ids(s, &ids, err);
    if (rc)
        return rc;
    uint64_t st = seed ? seed : 0x5eed;
    const int64_t batch = 50000;
    int64_t done_cases = 0, done_alerts = 0, total = n_cases + n_alerts;
    int64_t first_case = -1;
    actor sys = actor_system();
    while (done_cases < n_cases || done_alerts < n_alerts) {
        store_conn *c;
        if ((rc = store_acquire(s, &c, err)))
            return rc;
        if ((rc = store_begin(c, err))) {
            store_release(c);
            return rc;
        }
        struct gen g = {.c = c};
        int64_t mc = max_id(c, "SELECT coalesce(max(id), 0) FROM cases", err);
        int64_t ma = max_id(c, "SELECT coalesce(max(id), 0) FROM alert", err);
        if (mc < 0 || ma < 0 || (rc = gen_prepare(&g, err)))
            return util_tx_end(c, rc ? rc : util_code(err, CG_EUNAVAIL), err);
        g.next_case = mc + 1;
        g.next_alert = ma + 1;
        if (first_case < 0)
            first_case = mc + 1;
        int64_t bc = 0, ba = 0, a0 = g.next_alert, c0 = g.next_case;
        /* Cases and alerts in proportion, so alerts can attach to cases of
         * earlier batches and of this one. */
        int64_t want_c = n_cases - done_cases, want_a = n_alerts - done_alerts;
        int64_t room = batch;
        int64_t take_c = want_c, take_a = want_a;
        if (take_c + take_a > room) {
            take_c = (int64_t)((double)room * (double)want_c / (double)(want_c + want_a));
            take_a = room - take_c;
            if (take_c > want_c)
                take_c = want_c;
            if (take_a > want_a)
                take_a = want_a;
        }
        for (; bc < take_c && !rc; bc++)
            rc = gen_case(&g, &ids, &st, now, span, rich, err);
        for (; ba < take_a && !rc; ba++)
            rc = gen_alert(&g, &ids, &st, now, span, first_case, g.next_case - 1, 55, tag, err);
        if (!rc) {
            char d[256];
            snprintf(d, sizeof d,
                     "{\"cases\":%lld,\"first_case\":%lld,\"alerts\":%lld,\"first_alert\":%lld}",
                     (long long)bc, (long long)c0, (long long)ba, (long long)a0);
            rc = audit_append(c, &sys, rich ? "demo.history" : "bulk.fill", "store", d, err);
        }
        if ((rc = util_tx_end(c, rc, err)))
            return rc;
        done_cases += bc;
        done_alerts += ba;
        if (progress)
            progress(ctx, done_cases + done_alerts, total);
    }
    return 0;
}

int demo_bulk_fill(store *s, int64_t n_cases, int64_t n_alerts, int64_t now, uint64_t seed,
                   void (*progress)(void *ctx, int64_t done, int64_t total), void *ctx, cg_err *err)
{
    if (n_cases < 0 || n_alerts < 0)
        return cg_err_set(err, CG_EINVAL, "bulk fill: counts must not be negative");
    return fill(s, n_cases, n_alerts, now, 365 * 86400, seed, 0, "bulk", progress, ctx, err);
}

/* The open cases most recently touched get what the screens show besides
 * counts: subjects shared between cases, a task, a note, stop orders (one
 * overdue). Through the audited library calls. */
static int demo_live(store *s, const actor *coord, int64_t now, cg_err *err)
{
    store_conn *c;
    int rc = store_acquire(s, &c, err);
    if (rc)
        return rc;
    store_stmt *q = store_prep(c,
                               "SELECT id FROM cases WHERE status IN ('verifying', "
                               "'investigating') AND lead_org = (SELECT id FROM org WHERE "
                               "code = 'CA') ORDER BY id DESC LIMIT 3",
                               err);
    int64_t ids[3] = {0, 0, 0};
    int n = 0;
    while (q && n < 3 && (rc = store_step(q, err)) == STORE_ROW)
        ids[n++] = store_col_i64(q, 0);
    store_release(c);
    if (!q)
        return util_code(err, CG_EUNAVAIL);
    if (rc < 0)
        return rc;
    const actor *by = coord;
    for (int i = 0; i < n; i++) {
        if ((rc = subject_add(s, by, ids[i], "phone", "0912 345 678", "Thuê bao nghi vấn", NULL,
                              err)))
            return rc;
        if (i == 0 &&
            ((rc = subject_add(s, by, ids[i], "imei", "356938035643809", "Thiết bị SIM box", NULL,
                               err)) ||
             (rc = subject_add(s, by, ids[i], "name", "Nguyễn Văn Tèo", NULL, NULL, err)) ||
             (rc = case_task_add(s, by, ids[i], "Xác minh chủ thuê bao", 0, now + 3 * 86400, NULL,
                                 err)) ||
             (rc = case_note_add(s, by, ids[i], "Đã phối hợp Viettel trích xuất dữ liệu cuộc gọi.",
                                 NULL, err))))
            return rc;
    }
    stop_in orders[2] = {
        {"VIETTEL", "service", "0912 345 678", "SIM dùng trong thiết bị SIM box", ids[0],
         now - 3600},
        {"VNPOST", "item", "EE123456789VN", "Bưu kiện nghi chứa hàng cấm", 0, now + 7200},
    };
    for (int i = 0; i < 2; i++)
        if ((rc = stop_order_create(s, by, &orders[i], NULL, err)))
            return rc;
    return 0;
}

/* The demo's people: one per role. */
static const struct {
    const char *login, *org, *name;
    org_role role;
} people[DEMO_USERS] = {
    {"quantri", "STTTT", "Quản trị hệ thống", ROLE_ADMIN},
    {"dieuphoi", "STTTT", "Nguyễn Thị Điều Phối", ROLE_COORDINATOR},
    {"congan", "CA", "Trần Văn Điều Tra", ROLE_INVESTIGATOR},
    {"qltt", "QLTT", "Lê Văn Kiểm Tra", ROLE_INSPECTOR},
    {"haiquan", "HQ", "Phạm Thị Hải Quan", ROLE_INSPECTOR},
    {"viettel", "VIETTEL", "Võ Văn Báo Cáo", ROLE_REPORTER},
    {"buudien", "VNPOST", "Đặng Thị Bưu Chính", ROLE_REPORTER},
    {"mytho", "UB-MTO", "Huỳnh Văn Theo Dõi", ROLE_VIEWER},
};

/* Fill u with people[i] and a new random password. */
static void demo_person(size_t i, demo_user *u)
{
    memset(u, 0, sizeof *u);
    unsigned char r[12];
    randombytes_buf(r, sizeof r);
    sodium_bin2base64(u->password, sizeof u->password, r, sizeof r,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    snprintf(u->login, sizeof u->login, "%s", people[i].login);
    snprintf(u->role, sizeof u->role, "%s", org_role_name(people[i].role));
    snprintf(u->org, sizeof u->org, "%s", people[i].org);
}

int demo_load(store *s, int64_t now, int days, uint64_t seed, demo_user users[DEMO_USERS],
              size_t *n_users, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    *n_users = 0;
    int64_t id;
    if (org_find(s, "STTTT", &id, err) == 0)
        return cg_err_set(err, CG_ECONFLICT, "demo: the store has organisations already");
    if (sodium_init() < 0)
        return cg_err_set(err, CG_EUNAVAIL, "demo: the crypto library cannot start");
    int rc = demo_province(s, err);
    if (rc)
        return rc;
    actor sys = actor_system(), coord = sys;
    for (size_t i = 0; i < DEMO_USERS; i++) {
        demo_user *u = &users[i];
        demo_person(i, u);
        int64_t uid;
        if ((rc = user_create(s, &sys, people[i].org, people[i].login, people[i].name,
                              people[i].role, u->password, &uid, err)))
            return rc;
        if (people[i].role == ROLE_COORDINATOR) {
            coord.user_id = uid;
            coord.role = ROLE_COORDINATOR;
            coord.org_kind = ORG_DEPARTMENT;
            snprintf(coord.login, sizeof coord.login, "%s", people[i].login);
            if ((rc = org_find(s, people[i].org, &coord.org_id, err)))
                return rc;
        }
        *n_users = i + 1;
    }
    if (days <= 0)
        return 0;
    /* About one case and six alerts a day across the province. */
    int64_t n_cases = days, n_alerts = (int64_t)days * 6;
    if ((rc = fill(s, n_cases, n_alerts, now, (int64_t)days * 86400, seed, 1, "demo", NULL, NULL,
                   err)))
        return rc;
    return demo_live(s, &coord, now, err);
}

int demo_reset_passwords(store *s, demo_user users[DEMO_USERS], size_t *n_users, cg_err *err)
{
    cg_err local;
    if (!err)
        err = &local;
    *n_users = 0;
    if (sodium_init() < 0)
        return cg_err_set(err, CG_EUNAVAIL, "demo: the crypto library cannot start");
    actor sys = actor_system();
    for (size_t i = 0; i < DEMO_USERS; i++) {
        demo_user *u = &users[*n_users];
        demo_person(i, u);
        store_conn *c;
        int rc = store_acquire(s, &c, err);
        if (rc)
            return rc;
        int64_t uid = 0;
        store_stmt *q = store_prep(c, "SELECT id FROM app_user WHERE login = ?", err);
        if (!q) {
            store_release(c);
            return CG_EUNAVAIL;
        }
        store_bind_text(q, 1, u->login);
        rc = store_step(q, err);
        if (rc == STORE_ROW)
            uid = store_col_i64(q, 0);
        store_done(q);
        store_release(c);
        if (rc < 0)
            return rc;
        if (!uid)
            continue; /* removed or renamed since: not a demo user any more */
        if ((rc = auth_set_password(s, &sys, uid, NULL, u->password, err)))
            return rc;
        (*n_users)++;
    }
    return 0;
}
