/* arena.h: bump allocation for per-request and per-batch memory: many small
 * allocations, all released at once by arena_reset or arena_free. */
#ifndef CG_ARENA_H
#define CG_ARENA_H

#include <stddef.h>

typedef struct arena arena;

/* A new arena whose blocks are at least block_size bytes (0: 64 KiB). */
arena *arena_new(size_t block_size);
/* Release every block and the arena itself. NULL is allowed. */
void arena_free(arena *a);
/* Forget every allocation but keep the first block for reuse. */
void arena_reset(arena *a);
/* n bytes aligned for any type; never NULL (aborts when memory runs out).
 * Valid until the next arena_reset or arena_free. */
void *arena_alloc(arena *a, size_t n);
/* A NUL-terminated copy of s[0..len) in the arena. */
char *arena_strndup(arena *a, const char *s, size_t len);
/* Bytes handed out since the last reset, for accounting. */
size_t arena_used(const arena *a);

#endif
