/* gen.h: a generator of realistic postal items with their ground truth:
 * Vietnamese e-commerce goods, international items, contraband written the
 * ways senders write it (accents dropped, decomposed Unicode, spelled out,
 * leet, repeated letters, English and Chinese names), innocent look-alikes,
 * items that need documents, vague descriptions, inconsistent declarations,
 * watch-listed senders and sender bursts. */
#ifndef CG_POSTAL_GEN_H
#define CG_POSTAL_GEN_H

#include "core/buf.h"

#include <stddef.h>
#include <stdint.h>

typedef enum { POST_TRUTH_CLEAN = 0, POST_TRUTH_INSPECT, POST_TRUTH_HOLD } post_truth;

typedef struct post_gen_opts {
    uint64_t seed;
    double hold_rate;      /* share of items that must be stopped (contraband, watch list) */
    double inspect_rate;   /* share that should be opened (documents, vague, declarations) */
    double lookalike_rate; /* share of clean items that look like contraband but are not */
} post_gen_opts;

typedef struct post_gen post_gen;

void post_gen_defaults(post_gen_opts *o);
post_gen *post_gen_new(const post_gen_opts *o);
void post_gen_free(post_gen *g);

/* Append one item (a postal-jsonl line, no newline) to out and its truth
 * line "item_id,truth,class" (no newline) to truth. Returns the truth. */
post_truth post_gen_next(post_gen *g, buf *out, buf *truth);

/* Append the generator's watch list (watchlist-csv with its header): the
 * people whose items are generated as hold because of it. */
void post_gen_watchlist(post_gen *g, buf *out);

const char *post_truth_name(post_truth t);

#endif
