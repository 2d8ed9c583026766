/* report.h: the period report the department sends to the People's
 * Committee each month, quarter and year: alerts and cases by violation,
 * agency, district and outcome, fines and goods seized, stop orders, for the
 * period, the period before it and the same period a year earlier; and its
 * writers (JSON for the API, CSV and XLSX for download). */
#ifndef CG_REPORTS_REPORT_H
#define CG_REPORTS_REPORT_H

#include "cases/org.h"
#include "core/buf.h"

typedef struct report_row {
    char key[64];       /* violation code, organisation code, district code, outcome kind */
    char name[256];     /* what a person reads (Vietnamese) */
    int64_t cases;      /* cases opened (for outcomes: outcomes recorded) */
    int64_t alerts;     /* alerts received (violations and districts) */
    int64_t amount_vnd; /* fines (outcome "fine") */
} report_row;

typedef struct report_table {
    report_row *rows; /* biggest first */
    size_t n;
} report_table;

typedef struct report_period {
    int64_t from, to; /* Unix seconds, [from, to) */
    int64_t alerts, cases_opened, cases_closed;
    int64_t fines_vnd, seizures, prosecutions, warnings;
    int64_t stops_issued, stops_done, stops_overdue;
    report_table by_violation, by_agency, by_district, by_outcome;
} report_period;

typedef struct report {
    char scope[256]; /* "Toàn tỉnh", or the organisation / district reported on */
    report_period cur, prev, yoy;
} report;

/* Compute the report of the days [from_day, to_day] (both "YYYY-MM-DD",
 * inclusive, Vietnam time) as actor a sees them: coordinators, administrators
 * and the department the province; a district committee its district; any
 * other organisation the cases it leads or joined and its own alerts. The
 * previous period has the same length and ends where this one starts; the
 * year-before period has the same dates a year earlier. now decides which
 * stop orders are overdue. Returns 0, CG_EINVAL (a date named in err) or
 * CG_EUNAVAIL. The caller frees with report_free. */
int report_compute(store *s, const actor *a, const char *from_day, const char *to_day, int64_t now,
                   report *out, cg_err *err);
void report_free(report *r);

/* {"scope","from","to","current":{...},"previous":{...},"year_before":{...}}
 * where each period is {"from","to","totals":{"alerts","cases_opened",
 * "cases_closed","fines_vnd","seizures","prosecutions","warnings",
 * "stops_issued","stops_done","stops_overdue"},"by_violation":[{"code",
 * "name_vi","cases","alerts"}],"by_agency":[{"code","name","cases"}],
 * "by_district":[{"code","name","cases","alerts"}],"by_outcome":[{"code",
 * "name","count","amount_vnd"}]}. */
void report_json(const report *r, buf *out);

/* The same figures as CSV (RFC 4180, UTF-8 with a byte-order mark so that
 * spreadsheet programs read the Vietnamese right): section, key, name, this
 * period, previous period, a year before. */
void report_csv(const report *r, buf *out);

/* Write the report as an XLSX workbook at path (sheets "Tổng hợp", "Theo
 * hành vi", "Theo cơ quan", "Theo địa bàn", "Theo kết quả"). Returns 0 or
 * CG_EIO. */
int report_xlsx(const report *r, const char *path, cg_err *err);

#endif
