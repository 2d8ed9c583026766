/* demo.h: the demo province (Tiền Giang: its 11 district-level units, the
 * agencies and the postal and telecom enterprises), one user per role, a
 * year of alerts and cases; and the bulk filler for the benchmarks. */
#ifndef CG_CASES_DEMO_H
#define CG_CASES_DEMO_H

#include "cases/org.h"

#define DEMO_USERS 8

typedef struct demo_user {
    char login[32];
    char role[24];
    char org[16];
    char password[32]; /* generated at random; print it, it is not stored */
} demo_user;

/* Load the demo into an empty store (CG_ECONFLICT when organisations exist):
 * districts, organisations, one user per role (passwords generated and
 * returned in users[0..*n_users)), and `days` days (365 for a year) of alerts
 * and cases before now, with realistic proportions across violation codes,
 * districts, statuses and outcomes. Deterministic for a given seed apart from
 * the passwords. Everything goes through the audited library calls or, for
 * the bulk history, one transaction per batch. */
int demo_load(store *s, int64_t now, int days, uint64_t seed, demo_user users[DEMO_USERS],
              size_t *n_users, cg_err *err);

/* On a store that has the demo, give every demo user that still exists a
 * new random password, returned in users[0..*n_users) for printing (the
 * passwords are not stored, so a restarted demo prints new ones). */
int demo_reset_passwords(store *s, demo_user users[DEMO_USERS], size_t *n_users, cg_err *err);

/* Load the province (districts, organisations) only, without users or
 * history, when it is missing. Returns 0 (also when it is there already). */
int demo_province(store *s, cg_err *err);

/* The benchmark filler: adds n_cases cases (with their case_org rows and a
 * creation event) and n_alerts alerts (a fifth of them attached to cases)
 * spread over the last year before now, one transaction per 50,000 rows with
 * prepared statements; needs the province (demo_province). One audit entry
 * per batch records what was added. progress (may be NULL) is called after
 * each batch with rows done and rows in all. */
int demo_bulk_fill(store *s, int64_t n_cases, int64_t n_alerts, int64_t now, uint64_t seed,
                   void (*progress)(void *ctx, int64_t done, int64_t total), void *ctx,
                   cg_err *err);

#endif
