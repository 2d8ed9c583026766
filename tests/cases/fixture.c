/* fixture.c: see fixture.h. Included by the test programs (one main each). */
#include "fixture.h"

#include "cases/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void must(int rc, const cg_err *e, const char *what)
{
    if (rc) {
        fprintf(stderr, "fixture: %s: %s\n", what, e->msg);
        abort();
    }
}

static actor mk(fixture *f, const char *org, const char *login, org_role role)
{
    cg_err e;
    int64_t uid;
    must(user_create(f->s, &f->sys, org, login, login, role, "correct horse battery", &uid, &e), &e,
         login);
    actor a;
    memset(&a, 0, sizeof a);
    a.user_id = uid;
    must(org_find(f->s, org, &a.org_id, &e), &e, org);
    a.role = role;
    snprintf(a.login, sizeof a.login, "%s", login);
    return a;
}

fixture *fixture_new(void)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/cgtest.XXXXXX");
    if (!mkdtemp(f->dir))
        abort();
    snprintf(f->db, sizeof f->db, "%s/store.db", f->dir);
    cg_err e;
    must(store_open(f->db, &f->s, &e), &e, "open");
    f->sys = actor_system();
    must(org_district_add(f->s, &f->sys, "MTO", "Thành phố Mỹ Tho", &e), &e, "district");
    must(org_district_add(f->s, &f->sys, "CBE", "Huyện Cái Bè", &e), &e, "district");
    struct {
        const char *code, *name;
        org_kind kind;
        const char *district;
    } orgs[] = {
        {"STTTT", "Sở Thông tin và Truyền thông", ORG_DEPARTMENT, NULL},
        {"CA", "Công an tỉnh", ORG_POLICE, NULL},
        {"QLTT", "Cục Quản lý thị trường", ORG_MARKET, NULL},
        {"HQ", "Chi cục Hải quan", ORG_CUSTOMS, NULL},
        {"UB-MTO", "UBND thành phố Mỹ Tho", ORG_DISTRICT, "MTO"},
        {"UB-CBE", "UBND huyện Cái Bè", ORG_DISTRICT, "CBE"},
        {"VT", "Viettel Tiền Giang", ORG_TELECOM, NULL},
        {"BD", "Bưu điện tỉnh", ORG_POSTAL, NULL},
    };
    for (size_t i = 0; i < sizeof orgs / sizeof orgs[0]; i++)
        must(org_create(f->s, &f->sys, orgs[i].code, orgs[i].name, orgs[i].kind, orgs[i].district,
                        NULL, &e),
             &e, orgs[i].code);
    f->admin = mk(f, "STTTT", "admin", ROLE_ADMIN);
    f->admin.org_kind = ORG_DEPARTMENT;
    f->coord = mk(f, "STTTT", "coord", ROLE_COORDINATOR);
    f->coord.org_kind = ORG_DEPARTMENT;
    f->police = mk(f, "CA", "police", ROLE_INVESTIGATOR);
    f->police.org_kind = ORG_POLICE;
    f->police_viewer = mk(f, "CA", "pview", ROLE_VIEWER);
    f->police_viewer.org_kind = ORG_POLICE;
    f->market = mk(f, "QLTT", "market", ROLE_INSPECTOR);
    f->market.org_kind = ORG_MARKET;
    f->customs = mk(f, "HQ", "customs", ROLE_INSPECTOR);
    f->customs.org_kind = ORG_CUSTOMS;
    f->district_a = mk(f, "UB-MTO", "mytho", ROLE_INSPECTOR);
    f->district_a.org_kind = ORG_DISTRICT;
    snprintf(f->district_a.district, sizeof f->district_a.district, "MTO");
    f->district_b = mk(f, "UB-CBE", "caibe", ROLE_VIEWER);
    f->district_b.org_kind = ORG_DISTRICT;
    snprintf(f->district_b.district, sizeof f->district_b.district, "CBE");
    f->telecom = mk(f, "VT", "viettel", ROLE_REPORTER);
    f->telecom.org_kind = ORG_TELECOM;
    f->postal = mk(f, "BD", "buudien", ROLE_REPORTER);
    f->postal.org_kind = ORG_POSTAL;
    return f;
}

void fixture_reopen(fixture *f)
{
    cg_err e;
    store_close(f->s);
    must(store_open(f->db, &f->s, &e), &e, "reopen");
}

void fixture_free(fixture *f)
{
    store_close(f->s);
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fixture: could not remove %s\n", f->dir);
    free(f);
}
