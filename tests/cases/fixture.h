/* fixture.h: a small province for the tests of src/cases/: a store in a
 * fresh temporary directory, two districts, agencies and enterprises, and
 * one actor per role (built from the users created, without logging in, so
 * the tests do not spend argon2id time on every case). */
#ifndef TESTS_CASES_FIXTURE_H
#define TESTS_CASES_FIXTURE_H

#include "cases/org.h"
#include "store/store.h"

#include <limits.h>

typedef struct fixture {
    char dir[64];
    char db[PATH_MAX];
    store *s;
    actor sys, admin, coord, police, police_viewer, market, customs, district_a, district_b,
        telecom, postal;
} fixture;

/* Build the fixture; aborts the test on failure. */
fixture *fixture_new(void);
/* Close the store and remove the directory. */
void fixture_free(fixture *f);
/* Reopen the store (as after a restart). */
void fixture_reopen(fixture *f);

#endif
