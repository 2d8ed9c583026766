/* sim.h: a traffic simulator for the SIM-box scanner: realistic cdr-csv
 * for a province of subscribers with ground truth, the hard negatives
 * (call centres, taxi drivers, M2M, shops), SIM boxes from naive to
 * imitating people, and test calls; and the evaluation of a scan's alerts
 * against the truth. */
#ifndef CG_TELECOM_SIM_H
#define CG_TELECOM_SIM_H

#include "core/cg.h"

#include <stdint.h>

typedef enum {
    SIM_NAIVE,       /* outgoing only, one cell, gateway IMEIs, busy day and night */
    SIM_CAPS,        /* per-SIM daily call caps */
    SIM_SOCIAL,      /* fake SMS and data, sibling SIMs calling each other */
    SIM_UNIQUE_IMEI, /* an IMEI of its own per SIM */
    SIM_MOVING,      /* the box changes cell every day, its SIMs together */
    SIM_ROTATION,    /* SIMs used for two or three days, then new ones */
    SIM_ALL,         /* all of the above at once */
    SIM_MIXED        /* each box one of the above in turn */
} sim_level;

/* The level named s ("naive", ..., "all", "mixed"), or -1. */
int sim_level_parse(const char *s);
const char *sim_level_name(int level);

typedef struct sim_config {
    uint64_t subscribers; /* ordinary subscribers (the hard negatives come on top) */
    int days;
    double fraud_rate; /* share of all SIMs that sit in boxes */
    int level;         /* sim_level */
    uint64_t seed;
    int gzip; /* write cdr.csv.gz */
} sim_config;

/* Write DIR/cdr.csv (or .csv.gz), DIR/testcalls.csv and DIR/truth.csv
 * (msisdn,box,level). Memory stays bounded by the subscribers, whatever the
 * days: records are made and written an hour at a time. *records gets the
 * number of records written. Returns 0 or CG_EIO / CG_EINVAL with err. */
int sim_generate(const sim_config *c, const char *dir, uint64_t *records, cg_err *err);

typedef struct sim_eval {
    uint64_t flagged, true_pos, false_pos, false_neg;
    double precision, recall, f1;
    uint64_t boxes, boxes_found;         /* found: most of its SIMs flagged */
    uint64_t tested_boxes, tested_whole; /* boxes a test call hit; found whole */
    uint64_t level_sims[8], level_found[8];
} sim_eval;

/* Compare the alerts (JSON Lines as `telecom scan` writes them) with the
 * truth file. Returns 0 or a negative code with err. */
int sim_evaluate(const char *truth_path, const char *testcalls_path, const char *alerts_path,
                 sim_eval *out, cg_err *err);

#endif
