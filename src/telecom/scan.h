/* scan.h: SIM-box (bypass) detection over call records, in one streaming
 * pass with bounded memory: a compact behaviour profile per subscriber, a
 * sketch of who called whom for reciprocity, then rules with thresholds from
 * a config file, SIM-box clusters (shared IMEIs, shared cells) and test calls
 * as proof. docs/telecom.md explains the method and every setting. */
#ifndef CG_TELECOM_SCAN_H
#define CG_TELECOM_SCAN_H

#include "core/buf.h"
#include "telecom/cdr.h"

typedef struct scan_config {
    double min_moc;         /* outgoing voice calls over the whole run */
    double min_moc_per_day; /* outgoing voice calls per day the SIM was active */
    double min_dispersion;  /* distinct numbers called / calls made */
    double
        max_callback; /* share of the numbers called that call back or were called by them before */
    double max_incoming; /* distinct callers / distinct numbers called */
    double min_offhours; /* share of calls at night, before 8:00, after 18:00 or on weekends */
    double weak_factor;  /* how far a sibling of a box may fall short of the rules */
    double min_cluster;  /* SIMs that make a box */
} scan_config;

/* The defaults (docs/telecom.md says why each value). */
void scan_config_default(scan_config *c);

/* Read "key = value" lines (# starts a comment) over the defaults. Returns 0
 * or CG_EINVAL naming the file, the line and the key. */
int scan_config_load(scan_config *c, const char *path, cg_err *err);

typedef struct scan scan;

scan *scan_new(const scan_config *cfg);
void scan_free(scan *s);

/* Say how many records are coming (an estimate, before the first), so that
 * the sketch of call edges is sized once rather than grown in steps. */
void scan_expect(scan *s, uint64_t records);

/* Take one record into the profiles. */
void scan_add(scan *s, const cdr_record *r);

/* The same for n records at once: faster, since the memory each will touch
 * is asked for before the first is taken. */
void scan_add_batch(scan *s, const cdr_record *r, size_t n);

/* Test calls: those that reached a local number with a local caller number
 * prove that the SIM showing that number terminates international traffic. */
void scan_add_testcalls(scan *s, const testcall *t, size_t n);

/* Subscribers seen so far, and the bytes the profiles take. */
size_t scan_subscribers(const scan *s);
size_t scan_memory(const scan *s);

/* Decide, cluster, and call emit once per flagged subscriber with its alert
 * as one JSON line (no newline), its score and its msisdn; in descending
 * score order. Returns the number flagged. */
size_t scan_finish(scan *s,
                   void (*emit)(void *ctx, const char *json, double score, uint64_t msisdn,
                                int64_t last_seen),
                   void *ctx);

#endif
