/* eval.h: scoring decisions against ground truth: must-stop recall (items
 * that must be stopped given hold or inspect) and false-stop rate (clean
 * items given inspect or hold), with a breakdown by class. */
#ifndef CG_POSTAL_EVAL_H
#define CG_POSTAL_EVAL_H

#include "core/buf.h"
#include "core/cg.h"

#include <stddef.h>
#include <stdint.h>

typedef struct post_eval post_eval;

post_eval *post_eval_new(void);
void post_eval_free(post_eval *e);

/* Load the truth: CSV lines "item_id,truth,class" (truth: hold, inspect,
 * clean; an optional header line). Returns 0, or a negative code with err
 * naming the file and line. */
int post_eval_load_truth(post_eval *e, const char *path, cg_err *err);

/* Record one decision line of `postal screen` output. Returns 0, or
 * CG_EINVAL when the line has no item_id or decision (err says which),
 * CG_ENOTFOUND when the item is not in the truth. */
int post_eval_decision(post_eval *e, const char *line, size_t len, cg_err *err);

typedef struct post_eval_summary {
    uint64_t must_stop, stopped;   /* truth hold; of them hold or inspect */
    uint64_t clean, false_stops;   /* truth clean; of them hold or inspect */
    uint64_t inspect, inspect_hit; /* truth inspect; of them hold or inspect */
    uint64_t missing;              /* truth items without a decision */
    double recall, false_stop_rate;
} post_eval_summary;

/* The figures, and a report (English keys, one per line, then the misses
 * by class) appended to out when out is not NULL. */
void post_eval_report(post_eval *e, post_eval_summary *s, buf *out);

#endif
