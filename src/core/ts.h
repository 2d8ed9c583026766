/* ts.h: timestamps as the input contracts write them.
 *
 * ISO 8601 `YYYY-MM-DDTHH:MM:SS` (a space instead of T is accepted), an
 * optional fraction, then `Z`, `±HH:MM` or `±HHMM`, or nothing, which means
 * Vietnam's +07:00; or Unix epoch seconds. Times are held as Unix seconds. */
#ifndef CG_TS_H
#define CG_TS_H

#include <stddef.h>
#include <stdint.h>

#define TS_VN_OFFSET_MIN (7 * 60)

/* Parse s[0..len). Returns 0 and *out (Unix seconds, fraction dropped), or
 * -1 with *why naming what is wrong (a static string). */
int ts_parse(const char *s, size_t len, int64_t *out, const char **why);

/* Unix seconds for a civil date and time in UTC (no range checks). */
int64_t ts_from_civil(int y, int mon, int d, int h, int min, int sec);

/* Civil date of Unix seconds t shifted by offset_min minutes. */
void ts_to_civil(int64_t t, int offset_min, int *y, int *mon, int *d, int *h, int *min, int *sec);

/* Write t as `YYYY-MM-DDTHH:MM:SS+HH:MM` in the given offset; out has room
 * for 26 bytes. Returns out. */
char *ts_format(int64_t t, int offset_min, char out[32]);

#endif
