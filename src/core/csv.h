/* csv.h: RFC 4180 CSV records over an input: quoted fields with commas,
 * doubled quotes and line breaks inside them. The unquoted common case costs
 * one pass over the line and no copy. */
#ifndef CG_CSV_H
#define CG_CSV_H

#include "core/buf.h"
#include "core/cg.h"
#include "core/input.h"

#include <stddef.h>
#include <stdint.h>

typedef struct csv_reader csv_reader;

typedef struct csv_row {
    size_t n;      /* number of fields */
    char **f;      /* the fields, unquoted and NUL-terminated */
    size_t *len;   /* their lengths */
    uint64_t line; /* the line the record starts on */
} csv_row;

/* The fields of one record, split in place (pointers into the record's
 * text); the arrays grow as needed and belong to the struct. Zero it to
 * start; csv_fields_free at the end. */
typedef struct csv_fields {
    char **f;
    size_t *len;
    size_t n, cap;
} csv_fields;
void csv_fields_free(csv_fields *fl);

/* Read the record that starts with line (its first line, read from in, which
 * holds a quote) on over as many lines as its quoted fields span, and split
 * it into fl (fields point into *joined, which must live as long as they
 * are used; *scratch is working space; both belong to the caller). For
 * readers with a fast path of their own for lines without quotes. Returns 1,
 * CG_EINVAL with err "FILE:LINE: reason" (the record is malformed; the next
 * one may be read), or the input's error. */
int csv_read_quoted(input *in, char *line, size_t len, buf *joined, buf *scratch, csv_fields *fl,
                    cg_err *err);

/* A reader over in (borrowed: the caller closes it after csv_reader_free). */
csv_reader *csv_reader_new(input *in);
void csv_reader_free(csv_reader *r);

/* The next record. Returns 1 with row filled (borrowed until the next call),
 * 0 at the end. CG_EINVAL: this record is malformed (err: "FILE:LINE:
 * reason"), the caller may go on to the next. Any other negative code: the
 * input failed (err says why) and the reader is at its end. Blank lines are
 * skipped. */
int csv_next(csv_reader *r, csv_row *row, cg_err *err);

/* Index of the column named name (ASCII case-insensitive, surrounding
 * spaces ignored) in a header row, or -1. */
int csv_col(const csv_row *header, const char *name);

#endif
