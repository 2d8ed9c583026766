/* sink.h: where screening meets the platform's store: the subjects of open
 * cases join the watch list, and hold and inspect decisions become alerts,
 * sent in batches and never twice for one item. */
#ifndef CG_POSTAL_SINK_H
#define CG_POSTAL_SINK_H

#include "core/cg.h"
#include "postal/item.h"
#include "postal/screen.h"
#include "postal/watch.h"

#include <stddef.h>

#define POST_SINK_BATCH 1000

typedef struct post_sink post_sink;

/* Open the store at path and add the subjects of its open cases to watch
 * (borrowed; a subject that cannot be used is reported through report and
 * skipped). Returns 0 and *out, or a negative code with err (the store
 * cannot be opened or read). */
int post_sink_open(const char *path, post_watch *watch, void (*report)(void *ctx, const char *msg),
                   void *ctx, post_sink **out, cg_err *err);

/* Queue the alert for a hold or inspect decision (accept is ignored): source
 * "postal.screen", source_ref the item ID, the output line (line[0..len),
 * a JSON object) as its detail. Every POST_SINK_BATCH alerts go to the store
 * in one transaction. Returns 0 or the store's error (that batch is not
 * written). */
int post_sink_add(post_sink *s, const post_item *it, const post_decision *d, const char *line,
                  size_t len, cg_err *err);

/* Send what is queued. Returns 0 or the store's error. */
int post_sink_flush(post_sink *s, cg_err *err);

/* Alerts sent so far, and how many of them were new to the store. */
void post_sink_counts(const post_sink *s, size_t *sent, size_t *created);

/* Close the store (without flushing) and free. NULL is allowed. */
void post_sink_close(post_sink *s);

#endif
