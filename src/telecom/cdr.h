/* cdr.h: readers of the telecom inputs: call detail records (cdr-csv v1)
 * and test calls placed from abroad (testcall-csv v1), as
 * docs/formats.md defines them. Numbers come out as E.164 digits in a
 * uint64, times as Unix seconds. */
#ifndef CG_TELECOM_CDR_H
#define CG_TELECOM_CDR_H

#include "core/cg.h"

#include <stdint.h>

typedef enum { CDR_MOC = 1, CDR_MTC, CDR_SMS_MO, CDR_SMS_MT, CDR_DATA } cdr_type;

typedef struct cdr_record {
    cdr_type type;
    int64_t start;    /* Unix seconds */
    int64_t duration; /* seconds */
    uint64_t msisdn;  /* E.164 digits as a number */
    uint64_t other;   /* the other party, 0 when absent */
    uint64_t imsi;    /* 0 when absent */
    uint64_t imei;    /* the 14 or 15 first digits (IMEISV's version dropped), 0 when absent */
    uint32_t cell;    /* a hash of the cell identifier, 0 when absent */
    uint64_t line;    /* the line the record starts on */
} cdr_record;

typedef struct cdr_reader cdr_reader;

/* Open a cdr-csv file (path, or "-" for standard input; plain or gzip) and
 * read its header. Returns 0 and the reader, or a negative code with err
 * naming the file and the reason (missing required column, unreadable file). */
int cdr_open(const char *path, cdr_reader **out, cg_err *err);

/* The next record. Returns 1 with *rec filled, 0 at the end, CG_EINVAL for a
 * malformed record (err: "FILE:LINE: reason naming the field"; the caller
 * reports it and calls again for the next one), or another negative code
 * when the input failed (err says why; the reader is at its end). */
int cdr_next(cdr_reader *r, cdr_record *rec, cg_err *err);

/* Read every record through the general RFC 4180 reader rather than the
 * fast path for unquoted lines (the records and errors are the same; tests
 * compare the two). Call before the first cdr_next. */
void cdr_set_general(cdr_reader *r, int general);

/* Bytes of text read so far. */
uint64_t cdr_bytes(const cdr_reader *r);
void cdr_close(cdr_reader *r);

/* A number as the formats write it ("+84 91...", "0091...", "091...") to
 * E.164 digits in a uint64. Returns 0 or -1 with *why. */
int cdr_number(const char *s, size_t len, uint64_t *out, const char **why);

typedef struct testcall {
    int64_t start;
    char origin_country[3];
    uint64_t origin_number;
    uint64_t b_number;
    uint64_t received_cli; /* 0 when no number was shown */
    uint64_t line;
} testcall;

/* Read a whole testcall-csv file into *calls (caller frees). Malformed rows
 * are reported through report(ctx, "FILE:LINE: reason") and skipped;
 * *rejected counts them. Returns 0 or a negative code when the file cannot
 * be read or lacks a required column. */
int testcall_load(const char *path, testcall **calls, size_t *n, size_t *rejected,
                  void (*report)(void *ctx, const char *msg), void *ctx, cg_err *err);

#endif
