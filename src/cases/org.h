/* org.h: organisations, districts, users and their roles, and who the
 * caller is (the actor every other function of src/cases/ takes).
 *
 * Results that the API serialises are appended to a buf as JSON. */
#ifndef CG_CASES_ORG_H
#define CG_CASES_ORG_H

#include "core/buf.h"
#include "core/cg.h"
#include "store/store.h"

#include <stdint.h>

typedef enum {
    ROLE_NONE = 0,
    ROLE_ADMIN,        /* "administrator": organisations, users, tokens, the audit log */
    ROLE_COORDINATOR,  /* "coordinator": at the department, sees and steers the province */
    ROLE_INVESTIGATOR, /* "investigator" */
    ROLE_INSPECTOR,    /* "inspector" */
    ROLE_REPORTER,     /* "enterprise_reporter": an enterprise's reports and stop orders */
    ROLE_VIEWER        /* "viewer": reads what its organisation sees, changes nothing */
} org_role;

typedef enum {
    ORG_NONE = 0,
    ORG_DEPARTMENT, /* "department": Sở Thông tin và Truyền thông */
    ORG_POLICE,     /* "police" */
    ORG_MARKET,     /* "market_surveillance" */
    ORG_CUSTOMS,    /* "customs" */
    ORG_SCIENCE,    /* "science_technology" */
    ORG_CULTURE,    /* "culture" */
    ORG_DISTRICT,   /* "district_committee": has a district */
    ORG_POSTAL,     /* "postal_enterprise" */
    ORG_TELECOM     /* "telecom_enterprise" */
} org_kind;

/* Names as stored and as the API writes them (static strings; "" for NONE). */
const char *org_role_name(org_role r);
const char *org_kind_name(org_kind k);
/* The role / kind named s, or ROLE_NONE / ORG_NONE. */
org_role org_role_parse(const char *s);
org_kind org_kind_parse(const char *s);
/* 1 for postal and telecom enterprises. */
int org_kind_is_enterprise(org_kind k);

/* Who is acting. Filled by auth_login / auth_token_lookup; plain data, copy
 * freely. user_id 0 with role ROLE_ADMIN is the system itself (engines
 * ingesting, demo loading); actor_system() gives it. */
typedef struct actor {
    int64_t user_id;
    int64_t org_id;
    org_role role;
    org_kind org_kind;
    char district[16]; /* the organisation's district code, "" for province-wide */
    char login[64];
} actor;

/* The system actor (user 0, admin, no organisation). */
actor actor_system(void);

/* Add a district (code like "TG-MTO", name in Vietnamese). CG_ECONFLICT if
 * the code exists. Audited. */
int org_district_add(store *s, const actor *by, const char *code, const char *name, cg_err *err);

/* Create an organisation. Only administrators (and the system). district
 * must name an existing district for ORG_DISTRICT, may be NULL otherwise.
 * Returns 0 and *id, CG_EPERM, CG_EINVAL (bad field, named in err) or
 * CG_ECONFLICT (code taken). Audited. */
int org_create(store *s, const actor *by, const char *code, const char *name, org_kind kind,
               const char *district, int64_t *id, cg_err *err);

/* The id of the organisation with code, or CG_ENOTFOUND. */
int org_find(store *s, const char *code, int64_t *id, cg_err *err);

/* Append [{"id":..,"code":..,"name":..,"kind":..,"district":..},...] with every
 * organisation, by code. Organisations are not secret: any logged-in actor. */
int org_list_json(store *s, buf *out, cg_err *err);
/* Append [{"code":..,"name":..},...] with every district. */
int org_district_list_json(store *s, buf *out, cg_err *err);

/* Create a user of organisation org_code with role and password (at least
 * 10 bytes; hashed with argon2id, never stored). Coordinators must belong to
 * a department, enterprise reporters to an enterprise. Only administrators.
 * Returns 0 and *id (may be NULL), or CG_EPERM / CG_EINVAL / CG_ECONFLICT
 * (login taken) / CG_ENOTFOUND (no such organisation). Audited. */
int user_create(store *s, const actor *by, const char *org_code, const char *login,
                const char *name, org_role role, const char *password, int64_t *id, cg_err *err);

/* Disable (disabled=1) or enable a user; a disabled user's sessions and
 * tokens stop working at once. Administrators only. Audited. */
int user_set_disabled(store *s, const actor *by, int64_t user_id, int disabled, cg_err *err);

/* Append {"items":[{"id","login","name","role","org","disabled"}...],
 * "next":id|null}: users by id descending below before (0: from the newest),
 * at most limit (1..200, 0: 50). Administrators see every user; a
 * coordinator too (to assign work); others only the users of their own
 * organisation. */
int user_list_json(store *s, const actor *by, int64_t before, int limit, buf *out, cg_err *err);

/* Append {"id":..,"login":..,"name":..,"role":..,"org":{"id","code","name","kind"}}
 * for user_id. CG_ENOTFOUND when absent. */
int user_get_json(store *s, int64_t user_id, buf *out, cg_err *err);

#endif
