/* watch.h: the watch list of people and identifiers whose items are held:
 * from a watchlist-csv file and from the subjects of open cases. Values are
 * kept normalised as the data is (phones to E.164 digits, names and
 * addresses folded and normalised as contents are). */
#ifndef CG_POSTAL_WATCH_H
#define CG_POSTAL_WATCH_H

#include "core/cg.h"
#include "postal/item.h"

#include <stddef.h>

typedef struct post_watch post_watch;

typedef enum {
    POST_W_ID = 0, /* id_number */
    POST_W_PHONE,  /* phone or msisdn */
    POST_W_NAME,
    POST_W_ADDRESS,
    POST_W_IMEI,
    POST_W_ITEM, /* item_id */
    POST_W_NKINDS
} post_watch_kind;

post_watch *post_watch_new(void);
void post_watch_free(post_watch *w);
/* Entries held. */
size_t post_watch_count(const post_watch *w);

/* Add one entry: kind as the CSV names it ("id_number", "phone", "msisdn",
 * "name", "address", "imei", "item_id"). Returns 0, or CG_EINVAL with err
 * (no file or line: the caller adds them) for an unknown kind or a value
 * that normalises to nothing. note may be NULL. */
int post_watch_add(post_watch *w, const char *kind, const char *value, size_t len, const char *note,
                   cg_err *err);

/* Load a watchlist-csv file (header kind,value,note). Bad rows are reported
 * through report(ctx, "FILE:LINE: reason") and skipped; *rejected counts
 * them. Returns 0, or a negative code when the file cannot be read at all
 * (err says why). */
int post_watch_load_csv(post_watch *w, const char *path, void (*report)(void *ctx, const char *msg),
                        void *ctx, size_t *rejected, cg_err *err);

typedef struct post_watch_hit {
    post_watch_kind kind;
    int party;         /* 0 sender, 1 recipient, 2 the item itself */
    const char *value; /* as stored (normalised), borrowed */
    const char *note;  /* borrowed, "" when none */
} post_watch_hit;

/* Check an item's parties, item ID and IMEI-like numbers in its contents.
 * Writes at most max hits; returns how many. */
size_t post_watch_check(const post_watch *w, const post_item *it, post_watch_hit *hits, size_t max);

/* The same with the parties' phones already normalised (phone_normalize's
 * E.164 digits, "" when the phone is absent or invalid); either may be
 * NULL, and that party's phone is then normalised here. */
size_t post_watch_check_e164(const post_watch *w, const post_item *it, const char *sender_e164,
                             const char *recipient_e164, post_watch_hit *hits, size_t max);

/* The Vietnamese name of a kind, for reasons ("số giấy tờ", ...). */
const char *post_watch_kind_name(post_watch_kind k);

#endif
