/* subject.h: the people, numbers, devices, items and addresses a case names,
 * matched across cases ("this number is in 3 other cases"), and the watch
 * list that open cases make for the engines. */
#ifndef CG_CASES_SUBJECT_H
#define CG_CASES_SUBJECT_H

#include "cases/org.h"

/* 1 when kind is one of "id_number", "phone", "name", "address", "imei",
 * "msisdn", "item_id". */
int subject_kind_valid(const char *kind);

/* Normalise value for kind into out (reset first): phones and msisdns to
 * E.164 digits, IMEIs and id numbers to digits (IMEI: 14 or 15), item IDs
 * upper-cased without spaces, names and addresses folded (text_fold) with
 * runs of spaces collapsed. Returns 0 or CG_EINVAL with the reason. */
int subject_normalize(const char *kind, const char *value, buf *out, cg_err *err);

/* Add a subject to a case (ACCESS_WRITE). label is what a person reads
 * (defaults to value). Adding the same (kind, normalised value) twice is not
 * an error; *id gets the existing subject. */
int subject_add(store *s, const actor *a, int64_t case_id, const char *kind, const char *value,
                const char *label, int64_t *id, cg_err *err);

/* The other cases that name the same subject: {"kind","value","cases":[{"id",
 * "code","title","status","visible":true|false}],"count":n}. Cases a cannot
 * read are counted and listed without code and title ("visible":false). */
int subject_matches_json(store *s, const actor *a, int64_t subject_id, buf *out, cg_err *err);

/* Find cases by subject: every case naming (kind, value) that a may read:
 * {"kind","value","items":[{"id","code","title","status"}]}. */
int subject_search_json(store *s, const actor *a, const char *kind, const char *value, buf *out,
                        cg_err *err);

/* src/cases/subject.h: the watch list that open cases make. Calls fn once for each
 * subject of a case not closed: kind is one of "id_number", "phone", "name", "address",
 * "imei", "msisdn", "item_id"; value is as stored (phones normalised to E.164 digits);
 * note names the case ("Vụ việc #123: ..."). Returns 0 or a negative code. */
int subject_watchlist(store *s,
                      void (*fn)(void *ctx, const char *kind, const char *value, const char *note),
                      void *ctx, cg_err *err);

#endif
