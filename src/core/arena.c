/* arena.c: bump allocator over a list of blocks. */
#include "core/arena.h"

#include "core/cg.h"

#include <stdalign.h>
#include <string.h>

typedef struct block {
    struct block *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
} block;

struct arena {
    block *head;
    size_t block_size, total;
};

static block *block_new(size_t size)
{
    block *b = cg_malloc(sizeof *b + size);
    b->next = NULL, b->size = size, b->used = 0;
    return b;
}

arena *arena_new(size_t block_size)
{
    arena *a = cg_calloc(1, sizeof *a);
    a->block_size = block_size ? block_size : 64 * 1024;
    return a;
}

void arena_free(arena *a)
{
    if (!a)
        return;
    for (block *b = a->head, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    free(a);
}

void arena_reset(arena *a)
{
    block *keep = NULL;
    for (block *b = a->head, *n; b; b = n) {
        n = b->next;
        if (!n) /* the oldest block, of the configured size, is kept */
            keep = b;
        else
            free(b);
    }
    a->head = keep;
    if (keep)
        keep->used = 0, keep->next = NULL;
    a->total = 0;
}

void *arena_alloc(arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    n = (n + align - 1) & ~(align - 1);
    block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > a->block_size ? n : a->block_size;
        b = block_new(size);
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

size_t arena_used(const arena *a)
{
    return a->total;
}
