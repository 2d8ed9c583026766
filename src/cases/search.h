/* search.h: one query across cases (code, title, facts), alerts (title,
 * source reference) and subjects (value, label), in the actor's scope,
 * results grouped by type.
 *
 * Matching: accent- and case-insensitive on Vietnamese (core text_fold:
 * "lua dao" finds "Lừa đảo", "Đồng" finds "dong"); every word of the query
 * must appear, the last one possibly as the start of a word, as people type
 * ("lua da" finds "lừa đảo"; "0912" finds "0912345678"). A query
 * that is a phone number also finds the subject whose normalised value is
 * that number, whatever the form typed ("0912 345 678", "+84912345678").
 * Backed by SQLite FTS5 indexes of folded text, kept in step by triggers.
 *
 * Scope (as access.h): coordinators and administrators search the whole
 * province; a district committee the cases of its district and the cases
 * its organisation is on; other agencies the cases they lead, join or
 * handed over; enterprise reporters no cases and no subjects. Alerts: the
 * province for coordinators and administrators, otherwise the alerts raised
 * by or for the actor's organisation. Subjects follow their case. */
#ifndef CG_CASES_SEARCH_H
#define CG_CASES_SEARCH_H

#include "cases/org.h"

/* Search for q (1..200 bytes of UTF-8 with at least one letter or digit:
 * CG_EINVAL naming 'q' otherwise), at most limit results per type (1..50;
 * 0 means 10), newest first. CG_EPERM for an actor without a role.
 * Appends {"query":"<q as folded>","cases":[{"id","code","title",
 * "violation","district","status","updated_at"}],"alerts":[{"id","kind",
 * "title","source","source_ref","status","created_at","case_id"}],
 * "subjects":[{"id","case_id","case_code","kind","value","label"}]}. */
int search_json(store *s, const actor *a, const char *q, int limit, buf *out, cg_err *err);

#endif
