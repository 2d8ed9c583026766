/* phone.c: E.164 normalisation and Vietnamese numbering plan. */
#include "core/phone.h"

#include <string.h>

int phone_normalize(const char *s, size_t len, char out[PHONE_MAX + 1], const char **why)
{
    char d[64];
    size_t n = 0;
    int plus = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (n >= sizeof d)
                return *why = "phone number too long", -1;
            d[n++] = c;
        } else if (c == '+' && n == 0 && !plus) {
            plus = 1;
        } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '\t') {
            continue;
        } else {
            return *why = "phone number has characters other than digits", -1;
        }
    }
    if (n == 0)
        return *why = "empty phone number", -1;
    const char *p = d;
    char tmp[sizeof d + 2];
    if (!plus) {
        if (n >= 2 && d[0] == '0' && d[1] == '0') {
            p += 2, n -= 2;
        } else if (d[0] == '0') {
            tmp[0] = '8', tmp[1] = '4';
            memcpy(tmp + 2, d + 1, n - 1);
            p = tmp, n = n + 1;
        }
    }
    if (n == 0)
        return *why = "empty phone number", -1;
    if (n > PHONE_MAX)
        return *why = "phone number longer than 15 digits", -1;
    memcpy(out, p, n);
    out[n] = '\0';
    return (int)n;
}

phone_kind phone_classify(const char *e)
{
    size_t n = strlen(e);
    if (n == 0 || strspn(e, "0123456789") != n)
        return PHONE_INVALID;
    if (n < 2 || e[0] != '8' || e[1] != '4') {
        /* Short codes and 1800/1900 come without a country code. */
        if ((n >= 8 && n <= 10 && (strncmp(e, "1800", 4) == 0 || strncmp(e, "1900", 4) == 0)) ||
            (n == 3 && e[0] == '1'))
            return PHONE_VN_SERVICE;
        return n >= 7 ? PHONE_FOREIGN : PHONE_INVALID;
    }
    const char *r = e + 2; /* the national significant number */
    size_t rn = n - 2;
    if (rn == 9) {
        /* Mobile prefixes since the 2018 renumbering: 3x, 5x, 7x, 8x, 9x. */
        static const char *const pre[] = {"32", "33", "34", "35", "36", "37", "38", "39", "52",
                                          "55", "56", "58", "59", "70", "76", "77", "78", "79",
                                          "81", "82", "83", "84", "85", "86", "87", "88", "89",
                                          "90", "91", "92", "93", "94", "96", "97", "98", "99"};
        for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++)
            if (r[0] == pre[i][0] && r[1] == pre[i][1])
                return PHONE_VN_MOBILE;
        return PHONE_INVALID;
    }
    if (rn == 10 && r[0] == '2')
        return PHONE_VN_FIXED;
    if ((rn >= 8 && rn <= 10) && (strncmp(r, "1800", 4) == 0 || strncmp(r, "1900", 4) == 0))
        return PHONE_VN_SERVICE;
    return PHONE_INVALID;
}
