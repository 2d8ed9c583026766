/* screen.h: the decision for one postal item at acceptance: the rules
 * (contents, documents, watch list, declarations, sender bursts, identity),
 * a risk score, accept / inspect / hold, and reasons a counter clerk reads
 * in Vietnamese. */
#ifndef CG_POSTAL_SCREEN_H
#define CG_POSTAL_SCREEN_H

#include "core/buf.h"
#include "core/cg.h"
#include "postal/dict.h"
#include "postal/item.h"
#include "postal/watch.h"

#include <stddef.h>
#include <stdint.h>

#define POST_MAX_CODE_PATTERNS 32

/* Thresholds and weights; every key is documented in docs/postal.md and
 * data/postal/screen.conf. */
typedef struct post_config {
    double hold_score, inspect_score;
    double w_exact, w_unaccented, w_mismatch, w_inspect_goods;
    double w_document, w_vague, w_watchlist, w_watch_name, w_value, w_burst, w_identity;
    double w_missing_identity;
    double invoice_value_vnd, invoice_value_domestic_vnd;
    double min_value_per_kg_vnd, cheap_min_weight_g;
    double papers_max_weight_g; /* papers heavier than this are weighed as goods */
    double cod_ratio_max, cod_slack_vnd;
    double weight_ratio_max, weight_slack_g;
    double weight_excess_ratio, weight_excess_g;
    int burst_items, burst_recipients, burst_window_min;
    int medicine_personal_max; /* packs of a medicine that need no invoice */
    const char *code_patterns[POST_MAX_CODE_PATTERNS]; /* owned (strdup) */
    size_t ncode_patterns;
} post_config;

/* The defaults (the values in data/postal/screen.conf). */
void post_config_defaults(post_config *c);
/* Read `key = value` lines ('#' comments) over the current values. Returns
 * 0, or CG_EINVAL / CG_EIO with err "FILE:LINE: reason" (unknown key, bad
 * number, a threshold outside [0, 1]). */
int post_config_load(post_config *c, const char *path, cg_err *err);
void post_config_free(post_config *c);

typedef enum { POST_ACCEPT = 0, POST_INSPECT, POST_HOLD } post_decision_kind;

typedef struct post_decision {
    post_decision_kind decision;
    double score;
    const char *kinds[8]; /* static strings or dictionary-owned */
    size_t nkinds;
    buf reasons; /* the JSON array body: "\"...\",\"...\"" */
    size_t nreasons;
} post_decision;

typedef struct post_screener post_screener;

/* A screener over dict and watch (borrowed; watch may be NULL) with a copy
 * of cfg's numbers (the code patterns are borrowed). One per thread. */
post_screener *post_screener_new(const post_dict *dict, const post_watch *watch,
                                 const post_config *cfg);
void post_screener_free(post_screener *s);

/* Screen one item (items are expected in acceptance order for the sender
 * burst rule; out-of-order items are handled within the window). Fills d
 * (its buffer is reused between calls: post_decision_init once, then
 * post_decision_free at the end). Returns 0, or a negative code when the
 * matcher failed (err says why). */
int post_screen_item(post_screener *s, const post_item *it, post_decision *d, cg_err *err);

void post_decision_init(post_decision *d);
void post_decision_free(post_decision *d);

/* Append the item's output line (without newline) to out:
 * {"item_id":...,"decision":...,"score":...,"kinds":[...],"reasons":[...]} */
void post_decision_json(const post_item *it, const post_decision *d, buf *out);

const char *post_decision_name(post_decision_kind k);

#endif
