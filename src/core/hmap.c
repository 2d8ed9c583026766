/* hmap.c: open-addressing hash table with byte-string keys. */
#include "core/hmap.h"

#include "core/arena.h"
#include "core/cg.h"

#include <string.h>

typedef struct {
    const char *key; /* NULL: empty slot */
    size_t len;
    uint64_t hash;
    void *value;
} slot;

struct hmap {
    slot *slots;
    size_t cap, count; /* cap is a power of two */
    arena *keys;
};

static inline uint64_t rd64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t mix(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* A wyhash-style multiply-mix: fast on short keys, good enough spread for
 * tables; not a defence against chosen-key floods (keys here are our data). */
uint64_t cg_hash64(const void *p, size_t len, uint64_t seed)
{
    const unsigned char *s = p;
    const uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull;
    uint64_t h = seed ^ k0 ^ (len * k1);
    while (len >= 8) {
        h = mix(h ^ rd64(s), k1);
        s += 8, len -= 8;
    }
    if (len) {
        uint64_t t = 0;
        memcpy(&t, s, len);
        h = mix(h ^ t ^ ((uint64_t)len << 56), k1);
    }
    return mix(h, k0 ^ 0x8ebc6af09c88c6e3ull);
}

hmap *hmap_new(void)
{
    hmap *m = cg_calloc(1, sizeof *m);
    m->cap = 16;
    m->slots = cg_calloc(m->cap, sizeof(slot));
    m->keys = arena_new(16 * 1024);
    return m;
}

void hmap_free(hmap *m)
{
    if (!m)
        return;
    free(m->slots);
    arena_free(m->keys);
    free(m);
}

size_t hmap_count(const hmap *m)
{
    return m->count;
}

static slot *find(const hmap *m, const char *key, size_t len, uint64_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

static void grow(hmap *m)
{
    slot *old = m->slots;
    size_t oldcap = m->cap;
    m->cap *= 2;
    m->slots = cg_calloc(m->cap, sizeof(slot));
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            *find(m, old[i].key, old[i].len, old[i].hash) = old[i];
    free(old);
}

void *hmap_get(const hmap *m, const char *key, size_t len)
{
    slot *s = find(m, key, len, cg_hash64(key, len, 0));
    return s->key ? s->value : NULL;
}

void **hmap_slot(hmap *m, const char *key, size_t len, int *is_new)
{
    if ((m->count + 1) * 4 > m->cap * 3)
        grow(m);
    uint64_t h = cg_hash64(key, len, 0);
    slot *s = find(m, key, len, h);
    if (is_new)
        *is_new = !s->key;
    if (!s->key) {
        s->key = arena_strndup(m->keys, key, len);
        s->len = len, s->hash = h, s->value = NULL;
        m->count++;
    }
    return &s->value;
}

void *hmap_put(hmap *m, const char *key, size_t len, void *value)
{
    void **v = hmap_slot(m, key, len, NULL);
    void *old = *v;
    *v = value;
    return old;
}

int hmap_next(const hmap *m, size_t *iter, const char **key, size_t *len, void **value)
{
    for (size_t i = *iter; i < m->cap; i++) {
        if (m->slots[i].key) {
            *key = m->slots[i].key, *len = m->slots[i].len, *value = m->slots[i].value;
            *iter = i + 1;
            return 1;
        }
    }
    *iter = m->cap;
    return 0;
}
