/* ts.c: ISO 8601 and epoch timestamps, civil-date arithmetic. */
#include "core/ts.h"

#include <stdio.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), valid for every year we will meet. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

int64_t ts_from_civil(int y, int mon, int d, int h, int min, int sec)
{
    return days_from_civil(y, (unsigned)mon, (unsigned)d) * 86400 + h * 3600 + min * 60 + sec;
}

void ts_to_civil(int64_t t, int offset_min, int *y, int *mon, int *d, int *h, int *min, int *sec)
{
    t += (int64_t)offset_min * 60;
    int64_t z = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - z * 86400;
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (mm <= 2)), *mon = (int)mm, *d = (int)dd;
    *h = (int)(secs / 3600), *min = (int)(secs / 60 % 60), *sec = (int)(secs % 60);
}

char *ts_format(int64_t t, int offset_min, char out[32])
{
    int y, mo, d, h, mi, s;
    ts_to_civil(t, offset_min, &y, &mo, &d, &h, &mi, &s);
    int off = offset_min < 0 ? -offset_min : offset_min;
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y % 10000, mo, d, h, mi, s,
             offset_min < 0 ? '-' : '+', off / 60 % 100, off % 60);
    return out;
}

static int digits(const char *s, size_t n, int *v)
{
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

int ts_parse(const char *s, size_t len, int64_t *out, const char **why)
{
    const char *e = s + len;
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    len = (size_t)(e - s);
    if (len == 0)
        return *why = "empty time", -1;

    if (len < 19 || s[4] != '-') { /* epoch seconds, perhaps with a fraction */
        int64_t v = 0;
        size_t i = 0;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            if (i >= 12)
                return *why = "epoch seconds out of range", -1;
            v = v * 10 + (s[i] - '0');
        }
        if (i == 0)
            return *why = "not a time (expected ISO 8601 or epoch seconds)", -1;
        if (i < len && s[i] == '.') {
            size_t j = i + 1;
            while (j < len && s[j] >= '0' && s[j] <= '9')
                j++;
            if (j == i + 1)
                return *why = "not a time (expected ISO 8601 or epoch seconds)", -1;
            i = j;
        }
        if (i != len)
            return *why = "not a time (expected ISO 8601 or epoch seconds)", -1;
        *out = v;
        return 0;
    }

    int y, mo, d, h, mi, se;
    if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' ||
        digits(s + 17, 2, &se))
        return *why = "bad time (expected YYYY-MM-DDTHH:MM:SS)", -1;
    if (y < 1970 || y > 2999)
        return *why = "year out of range", -1;
    if (mo < 1 || mo > 12)
        return *why = "month out of range", -1;
    if (d < 1 || d > days_in_month(y, mo))
        return *why = "day out of range", -1;
    if (h > 23 || mi > 59 || se > 60)
        return *why = "time of day out of range", -1;
    if (se == 60) /* a leap second is the last second of its minute */
        se = 59;

    size_t i = 19;
    if (i < len && (s[i] == '.' || s[i] == ',')) {
        size_t j = i + 1;
        while (j < len && s[j] >= '0' && s[j] <= '9')
            j++;
        if (j == i + 1)
            return *why = "bad fraction of a second", -1;
        i = j;
    }
    int off = TS_VN_OFFSET_MIN;
    if (i < len) {
        if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len) {
            off = 0;
        } else if (s[i] == '+' || s[i] == '-') {
            int oh, om;
            size_t rest = len - i - 1;
            const char *z = s + i + 1;
            if (rest == 5 && z[2] == ':' && !digits(z, 2, &oh) && !digits(z + 3, 2, &om))
                ;
            else if (rest == 4 && !digits(z, 2, &oh) && !digits(z + 2, 2, &om))
                ;
            else if (rest == 2 && !digits(z, 2, &oh))
                om = 0;
            else
                return *why = "bad time zone (expected Z or +HH:MM)", -1;
            if (oh > 14 || om > 59)
                return *why = "time zone out of range", -1;
            off = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
        } else {
            return *why = "unexpected text after the time", -1;
        }
    }
    *out = ts_from_civil(y, mo, d, h, mi, se) - (int64_t)off * 60;
    return 0;
}
