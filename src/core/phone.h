/* phone.h: telephone numbers to E.164 digits, and what a Vietnamese number
 * is. Call records, postal senders and watch lists all write numbers their
 * own way (+84 912..., 0084912..., 0912 345 678); matching needs one form. */
#ifndef CG_PHONE_H
#define CG_PHONE_H

#include <stddef.h>

#define PHONE_MAX 15 /* E.164 allows at most 15 digits */

typedef enum {
    PHONE_INVALID = 0,
    PHONE_VN_MOBILE,  /* 84 + 9 digits, a mobile network prefix */
    PHONE_VN_FIXED,   /* 84 2x... + 10 digits in all, a fixed line */
    PHONE_VN_SERVICE, /* 1800 / 1900 numbers and short codes */
    PHONE_FOREIGN     /* another country code */
} phone_kind;

/* Normalise s[0..len) to E.164 digits in out (NUL-terminated): spaces,
 * dashes, dots and brackets removed; a leading + or 00 starts the country
 * code; a single national 0 means 84. Returns the number of digits, or -1
 * with *why (static) when it is empty, has other characters or is too long. */
int phone_normalize(const char *s, size_t len, char out[PHONE_MAX + 1], const char **why);

/* What kind of number an E.164 digit string is. */
phone_kind phone_classify(const char *e164);

#endif
