/* ident.h: the identifiers at a postal counter: UPU S10 item IDs, operators'
 * domestic codes, Vietnamese citizen ID numbers. */
#ifndef CG_POSTAL_IDENT_H
#define CG_POSTAL_IDENT_H

#include "core/phone.h"

#include <stddef.h>
#include <stdint.h>

/* 1 when s[0..len) is a valid ISO 3166-1 alpha-2 code (upper case). */
int post_iso_country(const char *s, size_t len);

/* The S10 check digit of eight digits d[0..8), or -1 when one is not a digit. */
int post_s10_check_digit(const char *d);

/* 1 when s[0..len) is a valid UPU S10 item ID: two service letters (the
 * first not J, K, S, T or W), eight digits, the right check digit, an ISO
 * 3166 country code. */
int post_s10_valid(const char *s, size_t len);

/* 1 when s[0..len) matches pattern: 'A' an upper-case letter, '9' a digit,
 * 'X' a letter or digit, '*' any run (possibly empty) of letters and
 * digits, any other character itself. */
int post_code_match(const char *pattern, const char *s, size_t len);

typedef enum {
    POST_ID_CITIZEN = 0, /* a valid 12-digit citizen ID */
    POST_ID_OLD_CARD,    /* a 9-digit identity card of the old format */
    POST_ID_PASSPORT,    /* a passport-shaped number (letters and digits) */
    POST_ID_IMPOSSIBLE   /* cannot be a real document number */
} post_id_kind;

/* Check an identity document number. For a 12-digit citizen ID: the
 * province code must be one of the 63 provinces, the century / gender digit
 * and the 2-digit birth year must give a birth year not after `year` and
 * at most 120 years before it. On POST_ID_IMPOSSIBLE *why (static,
 * Vietnamese) says what is wrong. */
post_id_kind post_id_check(const char *s, size_t len, int year, const char **why);

/* The province named by a citizen ID's 3-digit code, or NULL. */
const char *post_province_name(int code);

/* phone_normalize and phone_classify (core/phone.h), answering the form
 * nearly every Vietnamese item carries (a national mobile number written
 * "0" and nine digits) without the general parsing, and calling core for
 * everything else: same results, same errors. */
int post_phone_normalize(const char *s, size_t len, char out[PHONE_MAX + 1], const char **why);
phone_kind post_phone_classify(const char *e164, size_t len);

#endif
