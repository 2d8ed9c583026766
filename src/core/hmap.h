/* hmap.h: the one general hash table: byte-string keys (copied into the
 * table) to pointer values, open addressing with linear probing. Hot paths
 * with integer keys (the telecom profiles) keep tables of their own shape;
 * everything else uses this one. */
#ifndef CG_HMAP_H
#define CG_HMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct hmap hmap;

/* A 64-bit hash of len bytes at p; seed 0 is fine for most uses. */
uint64_t cg_hash64(const void *p, size_t len, uint64_t seed);

hmap *hmap_new(void);
/* Release the table and its key copies; the values are the caller's. */
void hmap_free(hmap *m);
size_t hmap_count(const hmap *m);
/* The value stored under key, or NULL. */
void *hmap_get(const hmap *m, const char *key, size_t len);
/* Store value under key, replacing (and returning) any previous value,
 * or returning NULL when the key is new. */
void *hmap_put(hmap *m, const char *key, size_t len, void *value);
/* A pointer to the value slot of key, inserted with NULL when new; *is_new
 * (when not NULL) says which. Valid until the next insertion. */
void **hmap_slot(hmap *m, const char *key, size_t len, int *is_new);

/* Iteration: for (size_t i = 0; hmap_next(m, &i, &k, &kl, &v);) { ... } */
int hmap_next(const hmap *m, size_t *iter, const char **key, size_t *len, void **value);

#endif
