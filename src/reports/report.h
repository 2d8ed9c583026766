/* report.h: the period report (báo cáo định kỳ) the department sends to the
 * People's Committee every month, quarter and year: what was opened, closed
 * and achieved in a period, by violation, agency, district and outcome, with
 * the previous period and the same period a year before. The previous
 * period of whole calendar months (a month, a quarter, a year) is the same
 * number of months just before (March -> February, Q1 -> Q4 of the year
 * before, 2025 -> 2024); of any other range, the same length just before.
 *
 * Periods are half-open [from, to) in Unix seconds; the calendar helpers
 * below give the boundaries of Asia/Ho_Chi_Minh days (UTC+07:00, no DST).
 *
 * What each figure counts (the same rule in all three periods):
 *   alerts          alerts created in the period
 *   cases_opened    cases created in the period
 *   cases_closed    cases whose closed_at falls in the period
 *   fines           outcomes of kind "fine" recorded in the period: count,
 *                   and the sum of their amount_vnd
 *   seizures        outcomes of kind "seizure": count (one per seizure
 *                   recorded) and the sum of the value recorded (amount_vnd)
 *   prosecutions    outcomes of kind "prosecution"; warnings likewise
 *   stops_issued    stop orders ordered in the period
 *   stops_done      stop orders reported done in the period
 *   stops_overdue   of the orders issued in the period, those whose due time
 *                   passed before the period's end (or now, if earlier)
 *                   without being done by it
 * Tables: cases opened by violation code, by lead agency (at report time)
 * and by district ("" = no district); outcomes by kind (count, VND).
 *
 * Scope (the actor's view, as access.h):
 *   coordinator, administrator, system: the whole province;
 *   a district committee's users: the cases, alerts and stop orders of its
 *   district; any other agency: the cases it leads, the alerts raised by or
 *   for it, the stop orders of its cases; an enterprise's reporter: its own
 *   alerts and the stop orders addressed to it (no cases). */
#ifndef CG_REPORTS_REPORT_H
#define CG_REPORTS_REPORT_H

#include "cases/org.h"
#include "core/buf.h"

#include <stddef.h>
#include <stdint.h>

/* The three periods of a report. */
enum { REPORT_CUR = 0, REPORT_PREV = 1, REPORT_YEAR_AGO = 2, REPORT_NPERIODS = 3 };

typedef struct report_figures {
    int64_t alerts, cases_opened, cases_closed;
    int64_t fines, fines_vnd, seizures, seizures_vnd, prosecutions, warnings;
    int64_t stops_issued, stops_done, stops_overdue;
} report_figures;

/* One line of a table: key (code), Vietnamese label, the count and the VND
 * sum (outcomes only; 0 elsewhere) in each period. */
typedef struct report_line {
    char *key;
    char *label;
    int64_t count[REPORT_NPERIODS];
    int64_t vnd[REPORT_NPERIODS];
} report_line;

typedef struct report_table {
    report_line *v;
    size_t n;
} report_table;

typedef struct report {
    int64_t from[REPORT_NPERIODS], to[REPORT_NPERIODS];
    char scope[160]; /* "Toàn tỉnh", the district's or the organisation's name */
    report_figures fig[REPORT_NPERIODS];
    /* Sorted by current count, then key; a line appears when any period
     * counts something for it. The sum of each table's counts equals the
     * matching total (cases_opened, or the outcomes for by_outcome). */
    report_table by_violation, by_agency, by_district, by_outcome;
    int64_t computed_at;
} report;

/* Calendar helpers in Asia/Ho_Chi_Minh time. kind is "month" (n 1..12),
 * "quarter" (n 1..4) or "year" (n ignored). Returns 0 and [*from, *to), or
 * CG_EINVAL naming the field. */
int report_period(const char *kind, int year, int n, int64_t *from, int64_t *to, cg_err *err);
/* The same instant one calendar year earlier, local time (29 Feb -> 28 Feb). */
int64_t report_year_before(int64_t t);

/* Compute the report of [from, to) for actor a. Requires from < to and a
 * span of at most 10 years (CG_EINVAL, naming 'from'/'to'). CG_EPERM for an
 * actor without a role. Returns 0 and *out (free with report_free), or a
 * negative code (CG_EUNAVAIL when the store fails). Reads one snapshot. */
int report_compute(store *s, const actor *a, int64_t from, int64_t to, report **out, cg_err *err);
void report_free(report *r);

/* Append the report as JSON:
 * {"scope":"...","computed_at":t,
 *  "periods":{"current":{"from","to"},"previous":{...},"year_ago":{...}},
 *  "totals":{"current":{figures},"previous":{...},"year_ago":{...}},
 *  "by_violation":[{"key","label","current","previous","year_ago"}],
 *  "by_agency":[...], "by_district":[...],
 *  "by_outcome":[{"key","label","current","previous","year_ago",
 *                 "vnd":{"current","previous","year_ago"}}]}
 * where {figures} = {"alerts","cases_opened","cases_closed","fines",
 * "fines_vnd","seizures","seizures_vnd","prosecutions","warnings",
 * "stops_issued","stops_done","stops_overdue"} (integers). */
void report_json(const report *r, buf *out);

/* Append the report as CSV (UTF-8 with a BOM so that Excel reads the
 * Vietnamese right, CRLF line ends, RFC 4180 quoting): one section per
 * table, columns "Mục", "Mã", "Tên", "Kỳ này", "Kỳ trước", "Cùng kỳ năm
 * trước". Numbers are plain integers. */
void report_csv(const report *r, buf *out);

/* Write the report as an XLSX workbook at path (created or replaced), with
 * the sheets "Tổng hợp", "Theo hành vi", "Theo cơ quan", "Theo địa bàn",
 * "Theo kết quả": Vietnamese headers, figures as numbers formatted #,##0.
 * Returns 0 or CG_EIO with err naming the path. */
int report_xlsx(const report *r, const char *path, cg_err *err);

#endif
