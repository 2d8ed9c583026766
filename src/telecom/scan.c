/* scan.c: profiles, reciprocity sketch, rules, clusters and test-call proof.
 *
 * Why these signals: a SIM box terminates calls that started abroad as local
 * calls from its SIMs to whoever the foreign caller dialled. Its SIMs
 * therefore make many calls to many different numbers; those numbers do not
 * know the SIM and almost never call it back; hardly anyone calls the SIMs;
 * calls come when the callers abroad are awake, so at night and on weekends
 * too; and the SIMs sit together in one gateway (shared IMEIs, one cell,
 * moving together). A box can fake SMS, data and calls between its own SIMs,
 * cap each SIM's calls or give each its own IMEI, but it cannot make
 * strangers call its SIMs back without paying for that traffic too. */
#include "telecom/scan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HLL_OUT 32
#define HLL_IN 8
#define HLL_MAX 31 /* 5-bit registers: enough for 2^32 distinct numbers */
#define SEGMENTS 256
#define CNT_MAX 0xffffffu /* counts saturate at 16,777,215 per subscriber */
#define IMEI_B_MASK 0xfffffffu
#define BATCH 32

enum { F_STRONG = 1, F_WEAK = 2, F_PROVEN = 4, F_FLAGGED = 8, F_SIBLING = 16 };

/* A subscriber's profile is 96 bytes in two parts. The hot part, 64
 * bytes (one cache line), holds what every record touches; the cold part,
 * 32 bytes, what only calls touch (the HyperLogLog sketches) or the end of
 * the run (the flags). Its key (the msisdn) is kept apart too, in an array
 * of its own, so that probing for a slot reads 8 keys a cache line. An SMS
 * or a data session thus costs two cache lines, a call three, plus the
 * edge sketch's. Counts are 24 bits and saturate (16.7 million calls,
 * messages or data sessions of one subscriber in one run: one every 40 ms
 * for a week); IMSIs and IMEIs have at most 15 digits, under 2^50. */
typedef struct prof {
    uint64_t days;                                    /* one bit per day active, modulo 64 */
    uint64_t moc : 24, mtc : 24, cells : 16;          /* cells: cell changes, capped */
    uint64_t moc_ans : 24, night : 24, cell_a_n : 16; /* the two commonest cells' */
    uint64_t offhours : 24, sms : 24, cell_b_n : 16;  /* counts, saturating */
    uint64_t data : 24, n_imei : 8, last : 32;        /* IMEIs seen (capped); Unix seconds */
    uint64_t imsi : 50, imei_b_lo : 14; /* imei_b: 28 bits of a hash of another IMEI seen */
    uint64_t imei : 50, imei_b_hi : 14;
    uint32_t cell_a, cell_b; /* the two commonest cells (Misra-Gries) */
} prof;
_Static_assert(sizeof(prof) == 64, "a profile's hot part is one cache line");

typedef struct cold {
    uint8_t hll_out[21]; /* distinct numbers called, 32 x 5 bits (and a byte to read over) */
    uint8_t hll_in[6];   /* distinct callers (few or many is what matters), 8 x 5 bits */
    uint8_t pad;
    uint32_t recip : 24, flags : 8;
} cold;
_Static_assert(sizeof(cold) == 32, "a profile's cold part is 32 bytes");

/* The profiles live in 256 segments (by the top byte of the hash), each an
 * open-addressing table that grows by half when 85% full: growing one
 * segment at a time keeps the peak close to the live size. key[i] == 0 is
 * an empty slot; t[i] and u[i] are its profile. */
typedef struct segment {
    uint64_t *key;
    prof *t;
    cold *u;
    uint32_t cap, n;
} segment;

/* The mapping that holds the tables of one size (see table_alloc). */
typedef struct level {
    char *base; /* NULL: free */
    size_t size, len;
    uint32_t cap;
    int handed, users;
} level;

/* A blocked Bloom filter of directed call edges, in generations that double
 * in size as edges arrive, so that memory follows the traffic. */
#define BLOOM_BITS_PER_EDGE 10
typedef struct bloom {
    uint64_t *bits; /* blocks of 8 words (512 bits) */
    uint64_t blocks, edges, capacity;
    __uint128_t m; /* for h % blocks by multiplication (block_of) */
} bloom;

/* A SIM proven by a test call from country cc. */
typedef struct proof {
    uint64_t msisdn;
    size_t order; /* the first call wins when several prove one SIM */
    char cc[3];
} proof;

/* Records pass through a short pipeline, so that the memory each touches
 * is asked for well before it is needed, while the next records are read:
 * when a record comes its key slot and edge-sketch blocks are asked for;
 * AHEAD_GET records later its profile is found (or made) and asked for;
 * AHEAD_TAKE records after that it is taken. Taken in the order they came,
 * the records give exactly what taking each at once would. */
#define AHEAD_GET 6
#define AHEAD_TAKE 6
#define RING 16 /* a power of two above AHEAD_GET + AHEAD_TAKE */
typedef struct pending {
    cdr_record r;
    uint64_t h, e, x; /* hash of the msisdn; edge hashes of a call both ways */
    prof *p;
    cold *q;
    int created; /* this record made the profile */
} pending;

struct scan {
    scan_config cfg;
    segment seg[SEGMENTS];
    level lv[64];
    int nlv;
    size_t n; /* subscribers */
    bloom gen[24];
    int ngen;
    uint64_t first_blocks; /* size of the first edge generation */
    int64_t base_day;
    int have_base;
    proof *proofs; /* the SIMs test calls proved, in the order the calls came */
    size_t nproof;
    pending ring[RING];
    uint64_t head, got, done; /* records come at head, are found at got, taken at done */
};

void scan_config_default(scan_config *c)
{
    c->min_moc = 30;
    c->min_moc_per_day = 10;
    c->min_dispersion = 0.6;
    c->max_callback = 0.06;
    c->max_incoming = 0.15;
    c->min_offhours = 0.1;
    c->weak_factor = 0.5;
    c->min_cluster = 3;
}

int scan_config_load(scan_config *c, const char *path, cg_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return cg_err_set(err, CG_EIO, "%s: cannot open the config file", path);
    static const struct {
        const char *key;
        size_t off;
    } keys[] = {
        {"min_moc", offsetof(scan_config, min_moc)},
        {"min_moc_per_day", offsetof(scan_config, min_moc_per_day)},
        {"min_dispersion", offsetof(scan_config, min_dispersion)},
        {"max_callback", offsetof(scan_config, max_callback)},
        {"max_incoming", offsetof(scan_config, max_incoming)},
        {"min_offhours", offsetof(scan_config, min_offhours)},
        {"weak_factor", offsetof(scan_config, weak_factor)},
        {"min_cluster", offsetof(scan_config, min_cluster)},
    };
    char line[512];
    int lineno = 0, rc = 0;
    while (!rc && fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        char key[64];
        double v;
        char extra;
        if (sscanf(line, " %63[a-z_] = %lf %c", key, &v, &extra) == 2) {
            size_t k;
            for (k = 0; k < CG_ARRAY_LEN(keys) && strcmp(keys[k].key, key); k++)
                ;
            if (k == CG_ARRAY_LEN(keys))
                rc = cg_err_set(err, CG_EINVAL, "%s:%d: unknown key '%s'", path, lineno, key);
            else if (v < 0)
                rc =
                    cg_err_set(err, CG_EINVAL, "%s:%d: %s must not be negative", path, lineno, key);
            else
                *(double *)((char *)c + keys[k].off) = v;
        } else {
            char *p = line;
            while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
                p++;
            if (*p)
                rc = cg_err_set(err, CG_EINVAL, "%s:%d: expected 'key = number'", path, lineno);
        }
    }
    fclose(f);
    return rc;
}

static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* Zeroed memory aligned to a cache line. */
static void *zalloc64(size_t n)
{
    n = (n + 63) & ~(size_t)63;
    void *p = aligned_alloc(64, n ? n : 64);
    if (!p) {
        fprintf(stderr, "canhgac: out of memory (%zu bytes)\n", n);
        abort();
    }
    return memset(p, 0, n);
}

static void *map_or_die(size_t n, int flags)
{
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
    if (p == MAP_FAILED) {
        fprintf(stderr, "canhgac: out of memory (%zu bytes)\n", n);
        abort();
    }
    return p;
}

/* A large zeroed block straight from the kernel, in huge pages where it
 * offers them (fewer TLB misses for the random reads of the edge sketch). */
static void *big_alloc(size_t n)
{
    if (n < (2u << 20))
        return zalloc64(n);
    void *p = map_or_die(n, 0);
#ifdef MADV_HUGEPAGE
    madvise(p, n, MADV_HUGEPAGE);
#endif
    return p;
}

static void big_free(void *p, size_t n)
{
    if (n < (2u << 20))
        free(p);
    else if (p)
        munmap(p, n);
}

/* ---- memory of the tables -------------------------------------------- */

/* Every segment's table goes through the same sizes (16 slots, then half
 * as many again each time), and all 256 reach each size at about the same
 * time. So each size (a level) has one mapping in huge pages, handed out
 * buffer by buffer in the order the segments grow into it: the huge pages
 * fill one after the other, and a segment that grows out of a level gives
 * its pages back at once. The random reads of the tables then miss the TLB
 * far less often than over 4 KiB pages, and the peak stays close to the
 * live size. A buffer holds a segment's keys, hot and cold parts. */
static size_t keys_bytes(uint32_t cap)
{
    return ((size_t)cap * sizeof(uint64_t) + 63) & ~(size_t)63;
}

static size_t table_bytes(uint32_t cap)
{
    return keys_bytes(cap) + (size_t)cap * (sizeof(prof) + sizeof(cold));
}

static level *level_of(scan *s, uint32_t cap)
{
    for (int i = 0; i < s->nlv; i++)
        if (s->lv[i].base && s->lv[i].cap == cap)
            return &s->lv[i];
    return NULL;
}

static void table_alloc(scan *s, segment *g, uint32_t cap)
{
    level *l = level_of(s, cap);
    if (!l) {
        int i;
        for (i = 0; i < s->nlv && s->lv[i].base; i++)
            ;
        if (i == s->nlv) {
            if (s->nlv == (int)CG_ARRAY_LEN(s->lv)) {
                fprintf(stderr, "canhgac: telecom scan: too many table sizes\n");
                abort();
            }
            s->nlv++;
        }
        l = &s->lv[i];
        l->cap = cap;
        l->size = (table_bytes(cap) + 4095) & ~(size_t)4095; /* whole pages: aligned parts */
        l->len = (l->size * SEGMENTS + 4095) & ~(size_t)4095;
        l->base = map_or_die(l->len, MAP_NORESERVE);
#ifdef MADV_HUGEPAGE
        if (l->len >= (2u << 20))
            madvise(l->base, l->len, MADV_HUGEPAGE);
#endif
        l->handed = l->users = 0;
    }
    char *m = l->base + (size_t)l->handed++ * l->size;
    l->users++;
    g->key = (uint64_t *)(void *)m;
    g->t = (prof *)(void *)(m + keys_bytes(cap));
    g->u = (cold *)(void *)(m + keys_bytes(cap) + (size_t)cap * sizeof(prof));
}

static void table_free(scan *s, segment *g)
{
    if (!g->cap)
        return;
    level *l = level_of(s, g->cap);
    if (--l->users == 0 && l->handed == SEGMENTS) {
        munmap(l->base, l->len);
        l->base = NULL;
        return;
    }
    /* Give the whole pages of a large buffer back now (each call costs a
     * TLB flush: the small levels wait for their last segment). */
    if (l->size < (256u << 10))
        return;
    uintptr_t from = ((uintptr_t)g->key + 4095) & ~(uintptr_t)4095;
    uintptr_t to = ((uintptr_t)g->key + l->size) & ~(uintptr_t)4095;
    if (to > from)
        madvise((void *)from, to - from, MADV_DONTNEED);
}

scan *scan_new(const scan_config *cfg)
{
    scan *s = cg_calloc(1, sizeof *s);
    s->cfg = *cfg;
    s->first_blocks = 1 << 12;

    return s;
}

void scan_free(scan *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->nlv; i++)
        if (s->lv[i].base)
            munmap(s->lv[i].base, s->lv[i].len);
    for (int i = 0; i < s->ngen; i++)
        big_free(s->gen[i].bits, s->gen[i].blocks * 64);
    free(s->proofs);
    free(s);
}

void scan_expect(scan *s, uint64_t records)
{
    /* Distinct call edges run at about a fifth of the records or fewer; one
     * generation that holds them all answers with one cache miss. */
    uint64_t blocks = records / 5 * BLOOM_BITS_PER_EDGE / 512 + 1;
    if (!s->ngen && blocks > s->first_blocks)
        s->first_blocks = blocks;
}

size_t scan_subscribers(const scan *s)
{
    return s->n;
}

size_t scan_memory(const scan *s)
{
    size_t m = 0;
    for (int i = 0; i < SEGMENTS; i++)
        m += s->seg[i].cap * (sizeof(prof) + sizeof(cold) + sizeof(uint64_t));
    for (int i = 0; i < s->ngen; i++)
        m += s->gen[i].blocks * 64;
    return m;
}

/* ---- the profile table ------------------------------------------------ */

static inline uint32_t slot_of(uint64_t h, uint32_t cap)
{
    return (uint32_t)(((h & 0xffffffffULL) * cap) >> 32);
}

/* The slot of msisdn in its segment (*gp), or -1. */
static int64_t find_slot(const scan *s, uint64_t msisdn, const segment **gp)
{
    uint64_t h = mix64(msisdn);
    const segment *g = *gp = &s->seg[h >> 56];
    if (!g->cap)
        return -1;
    uint32_t i = slot_of(h, g->cap);
    for (;;) {
        uint64_t k = g->key[i];
        if (k == msisdn)
            return i;
        if (!k)
            return -1;
        if (++i == g->cap)
            i = 0;
    }
}

static prof *find(const scan *s, uint64_t msisdn, cold **q)
{
    const segment *g;
    int64_t i = find_slot(s, msisdn, &g);
    if (i < 0)
        return NULL;
    *q = &g->u[i];
    return &g->t[i];
}

static void grow(scan *s, segment *g)
{
    uint32_t ncap = g->cap < 16 ? 16 : g->cap + g->cap / 2;
    segment old = *g;
    table_alloc(s, g, ncap);
    uint64_t *nk = g->key;
    prof *nt = g->t;
    cold *nu = g->u;
    *g = old;
    for (uint32_t k = 0; k < g->cap; k++) {
        if (!g->key[k])
            continue;
        uint32_t i = slot_of(mix64(g->key[k]), ncap);
        while (nk[i])
            if (++i == ncap)
                i = 0;
        nk[i] = g->key[k];
        nt[i] = g->t[k];
        nu[i] = g->u[k];
    }
    table_free(s, g);
    g->key = nk;
    g->t = nt;
    g->u = nu;
    g->cap = ncap;
}

/* The profile of msisdn (hash h), made when new (*created), and its cold
 * part (*q). The table grows, when due, before any lookup: *grown says it
 * did. */
static prof *get(scan *s, uint64_t msisdn, uint64_t h, cold **q, int *created, int *grown)
{
    segment *g = &s->seg[h >> 56];
    if ((uint64_t)(g->n + 1) * 20 > (uint64_t)g->cap * 17) { /* load factor 0.85 */
        grow(s, g);
        *grown = 1;
    }
    uint32_t i = slot_of(h, g->cap);
    for (;;) {
        uint64_t k = g->key[i];
        if (k == msisdn)
            break;
        if (!k) {
            g->key[i] = msisdn;
            g->n++;
            s->n++;
            *created = 1;
            break;
        }
        if (++i == g->cap)
            i = 0;
    }
    *q = &g->u[i];
    return &g->t[i];
}

/* ---- packed fields ---------------------------------------------------- */

static inline unsigned reg_get(const uint8_t *reg, unsigned i)
{
    unsigned bit = 5 * i, b = bit >> 3;
    unsigned w = reg[b] | (unsigned)reg[b + 1] << 8;
    return (w >> (bit & 7)) & 31;
}

static inline void reg_set(uint8_t *reg, unsigned i, unsigned v)
{
    unsigned bit = 5 * i, b = bit >> 3, sh = bit & 7;
    unsigned w = reg[b] | (unsigned)reg[b + 1] << 8;
    w = (w & ~(31u << sh)) | v << sh;
    reg[b] = (uint8_t)w;
    reg[b + 1] = (uint8_t)(w >> 8);
}

static inline uint32_t imei_b_of(const prof *p)
{
    return (uint32_t)p->imei_b_lo | (uint32_t)p->imei_b_hi << 14;
}

#define INC(field)                                                                                 \
    do {                                                                                           \
        if ((field) < CNT_MAX)                                                                     \
            (field)++;                                                                             \
    } while (0)

/* ---- sketches --------------------------------------------------------- */

static inline void hll_add(uint8_t *reg, int bits, uint64_t v)
{
    uint64_t h = mix64(v ^ 0x9e3779b97f4a7c15ULL);
    unsigned idx = (unsigned)(h & ((1u << bits) - 1));
    uint64_t rest = (h >> bits) | (1ULL << (63 - bits));
    unsigned rank = (unsigned)__builtin_ctzll(rest) + 1;
    if (rank > HLL_MAX)
        rank = HLL_MAX;
    if (rank > reg_get(reg, idx))
        reg_set(reg, idx, rank);
}

/* 2^-r, as ldexp(1.0, -r) gives it, for every 5-bit register value. */
static const double pow2_neg[32] = {0x1p-0,  0x1p-1,  0x1p-2,  0x1p-3,  0x1p-4,  0x1p-5,  0x1p-6,
                                    0x1p-7,  0x1p-8,  0x1p-9,  0x1p-10, 0x1p-11, 0x1p-12, 0x1p-13,
                                    0x1p-14, 0x1p-15, 0x1p-16, 0x1p-17, 0x1p-18, 0x1p-19, 0x1p-20,
                                    0x1p-21, 0x1p-22, 0x1p-23, 0x1p-24, 0x1p-25, 0x1p-26, 0x1p-27,
                                    0x1p-28, 0x1p-29, 0x1p-30, 0x1p-31};

static double hll_count(const uint8_t *reg, int m)
{
    double sum = 0;
    int zeros = 0;
    for (int i = 0; i < m; i++) {
        unsigned r = reg_get(reg, (unsigned)i);
        sum += pow2_neg[r];
        zeros += r == 0;
    }
    double alpha = m <= 8 ? 0.6 : m == 16 ? 0.673 : m == 32 ? 0.697 : 0.709;
    double e = alpha * m * m / sum;
    if (e <= 2.5 * m && zeros)
        e = m * log((double)m / zeros);
    return e;
}

/* h % b->blocks, exactly, without a division: Lemire, Kaser and Kurz,
 * "Faster remainder by direct computation" (2019), with a 128-bit m. */
static inline uint64_t block_of(const bloom *b, uint64_t h)
{
    __uint128_t low = b->m * h;
    __uint128_t bottom = ((low & UINT64_MAX) * b->blocks) >> 64;
    __uint128_t top = (low >> 64) * b->blocks;
    return (uint64_t)((bottom + top) >> 64);
}

static int bloom_has(const bloom *b, uint64_t h)
{
    const uint64_t *blk = b->bits + block_of(b, h) * 8;
    uint64_t g = mix64(h);
    for (int k = 0; k < 6; k++, g >>= 9)
        if (!(blk[(g >> 6) & 7] & (1ULL << (g & 63))))
            return 0;
    return 1;
}

static void bloom_put(bloom *b, uint64_t h)
{
    uint64_t *blk = b->bits + block_of(b, h) * 8;
    uint64_t g = mix64(h);
    for (int k = 0; k < 6; k++, g >>= 9)
        blk[(g >> 6) & 7] |= 1ULL << (g & 63);
    b->edges++;
}

static int edges_have(const scan *s, uint64_t h)
{
    for (int i = s->ngen - 1; i >= 0; i--)
        if (bloom_has(&s->gen[i], h))
            return 1;
    return 0;
}

static uint64_t edge_hash(uint64_t from, uint64_t to)
{
    return mix64(from * 0x9e3779b97f4a7c15ULL + mix64(to));
}

/* The profile of msisdn as it stood when the record being taken came: one
 * that a later record, already found, made did not exist yet. */
static cold *find_before(const scan *s, uint64_t msisdn)
{
    for (uint64_t k = s->done + 1; k < s->got; k++) {
        const pending *w = &s->ring[k & (RING - 1)];
        if (w->created && w->r.msisdn == msisdn)
            return NULL;
    }
    cold *q;
    return find(s, msisdn, &q) ? q : NULL;
}

/* Record the call from -> to (h: its edge hash, back: that of to -> from).
 * When it is the first call between them in this direction and the other
 * direction was seen before, both ends have one more reciprocal contact. */
static void add_edge(scan *s, uint64_t from, uint64_t to, uint64_t h, uint64_t back, cold *from_p,
                     cold *to_p)
{
    if (edges_have(s, h))
        return;
    if (!s->ngen || s->gen[s->ngen - 1].edges >= s->gen[s->ngen - 1].capacity) {
        if (s->ngen == (int)CG_ARRAY_LEN(s->gen))
            return; /* beyond any traffic we size for; older edges still answer */
        uint64_t blocks = s->ngen ? s->gen[s->ngen - 1].blocks * 4 : s->first_blocks;
        bloom *b = &s->gen[s->ngen++];
        b->blocks = blocks;
        b->m = ~(__uint128_t)0 / blocks + 1;
        b->bits = big_alloc(blocks * 64);
        b->capacity = blocks * 512 / BLOOM_BITS_PER_EDGE;
    }
    bloom_put(&s->gen[s->ngen - 1], h);
    if (edges_have(s, back)) {
        if (!from_p)
            from_p = find_before(s, from);
        if (!to_p)
            to_p = find_before(s, to);
        if (from_p)
            INC(from_p->recip);
        if (to_p)
            INC(to_p->recip);
    }
}

/* ---- taking records --------------------------------------------------- */

static void note_cell(prof *p, uint32_t cell)
{
    if (!cell)
        return;
    if (cell == p->cell_a) {
        if (p->cell_a_n < UINT16_MAX)
            p->cell_a_n++;
    } else if (cell == p->cell_b) {
        if (p->cell_b_n < UINT16_MAX)
            p->cell_b_n++;
        if (p->cell_b_n > p->cell_a_n) {
            uint32_t c = p->cell_a;
            unsigned n = p->cell_a_n;
            p->cell_a = p->cell_b, p->cell_a_n = p->cell_b_n;
            p->cell_b = c, p->cell_b_n = n & 0xffff;
        }
    } else {
        if (p->cells < UINT16_MAX)
            p->cells++;
        if (!p->cell_a_n) {
            p->cell_a = cell, p->cell_a_n = 1;
        } else if (!p->cell_b_n) {
            p->cell_b = cell, p->cell_b_n = 1;
        } else {
            p->cell_b_n--; /* Misra-Gries: another cell wears the second slot down */
            if (!p->cell_b_n)
                p->cell_b = cell, p->cell_b_n = 1;
        }
    }
}

static void note_imei(prof *p, uint64_t imei)
{
    if (!imei || imei == p->imei)
        return;
    if (!p->imei) {
        p->imei = imei;
        p->n_imei = 1;
        return;
    }
    uint32_t h = ((uint32_t)mix64(imei) | 1) & IMEI_B_MASK;
    if (h == imei_b_of(p))
        return;
    p->imei_b_lo = h & 0x3fff;
    p->imei_b_hi = h >> 14;
    if (p->n_imei < UINT8_MAX)
        p->n_imei++;
}

/* Take record r into its profile p (bc: its place in the batch; e, x: the
 * edge hashes of its call both ways). */
static void take(scan *s, const pending *w)
{
    const cdr_record *r = &w->r;
    prof *p = w->p;
    cold *q = w->q;
    uint64_t e = w->e, x = w->x;
    int64_t local = r->start + 7 * 3600;
    int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    if (!s->have_base) {
        s->base_day = day - 7;
        s->have_base = 1;
    }
    p->days |= 1ULL << ((uint64_t)(day - s->base_day) & 63);
    if (r->start > (int64_t)p->last && r->start <= (int64_t)UINT32_MAX)
        p->last = (uint32_t)r->start;
    if (r->imsi && r->imsi != p->imsi)
        p->imsi = r->imsi;
    note_imei(p, r->imei);
    note_cell(p, r->cell);
    int hour = (int)((local - day * 86400) / 3600);
    int weekday = (int)((day % 7 + 7 + 3) % 7); /* 1970-01-01 was a Thursday: 0 = Monday */
    switch (r->type) {
    case CDR_MOC:
        INC(p->moc);
        if (r->duration > 0)
            INC(p->moc_ans);
        if (hour < 6)
            INC(p->night);
        if (hour < 8 || hour >= 18 || weekday >= 5)
            INC(p->offhours);
        if (r->other) {
            hll_add(q->hll_out, 5, r->other);
            add_edge(s, r->msisdn, r->other, e, x, q, NULL);
        }
        break;
    case CDR_MTC:
        INC(p->mtc);
        if (r->other) {
            hll_add(q->hll_in, 3, r->other);
            add_edge(s, r->other, r->msisdn, e, x, NULL, q);
        }
        break;
    case CDR_SMS_MO:
    case CDR_SMS_MT: INC(p->sms); break;
    case CDR_DATA: INC(p->data); break;
    }
}

/* Find (or make) the profile of the next record and ask for it. */
static void step_get(scan *s)
{
    pending *w = &s->ring[s->got & (RING - 1)];
    int grown = 0;
    w->created = 0;
    w->p = get(s, w->r.msisdn, w->h, &w->q, &w->created, &grown);
    __builtin_prefetch(w->p, 1);
    if (w->e)
        __builtin_prefetch(w->q, 1);
    if (grown) /* a segment moved: the slots found before in it did too */
        for (uint64_t k = s->done; k < s->got; k++) {
            pending *v = &s->ring[k & (RING - 1)];
            v->p = find(s, v->r.msisdn, &v->q);
        }
    s->got++;
}

static void step_take(scan *s)
{
    take(s, &s->ring[s->done & (RING - 1)]);
    s->done++;
}

/* Take what is still in the pipeline. */
static void drain(scan *s)
{
    while (s->got < s->head)
        step_get(s);
    while (s->done < s->got)
        step_take(s);
}

void scan_add(scan *s, const cdr_record *r)
{
    pending *w = &s->ring[s->head & (RING - 1)];
    w->r = *r;
    w->h = mix64(r->msisdn);
    const segment *g = &s->seg[w->h >> 56];
    if (g->cap)
        __builtin_prefetch(&g->key[slot_of(w->h, g->cap)], 0);
    w->e = w->x = 0;
    if (r->other && (r->type == CDR_MOC || r->type == CDR_MTC)) {
        uint64_t a = r->type == CDR_MOC ? r->msisdn : r->other;
        uint64_t z = r->type == CDR_MOC ? r->other : r->msisdn;
        w->e = edge_hash(a, z);
        w->x = edge_hash(z, a);
        if (s->ngen) {
            const bloom *b = &s->gen[s->ngen - 1];
            __builtin_prefetch(b->bits + block_of(b, w->e) * 8, 1);
            __builtin_prefetch(b->bits + block_of(b, w->x) * 8, 0);
        }
    }
    s->head++;
    if (s->head - s->got > AHEAD_GET)
        step_get(s);
    if (s->got - s->done > AHEAD_TAKE)
        step_take(s);
}

void scan_add_batch(scan *s, const cdr_record *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        scan_add(s, &r[i]);
}

void scan_add_testcalls(scan *s, const testcall *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        /* Only a call that arrived showing a local number other than the
         * caller's proves a bypass: a foreign number shown is a lawful route. */
        if (!t[i].received_cli || t[i].received_cli == t[i].origin_number ||
            t[i].received_cli / 100000000ULL < 84 || t[i].received_cli / 1000000000ULL > 84)
            continue;
        s->proofs = cg_realloc(s->proofs, (s->nproof + 1) * sizeof *s->proofs);
        proof *pr = &s->proofs[s->nproof];
        pr->msisdn = t[i].received_cli;
        pr->order = s->nproof++;
        memcpy(pr->cc, t[i].origin_country, 3);
    }
}

/* ---- deciding --------------------------------------------------------- */

typedef struct feat {
    double per_day, dispersion, callback, incoming, offhours, night;
    double out_distinct, in_distinct;
    int days;
} feat;

static void features(const prof *p, const cold *q, feat *f)
{
    f->days = __builtin_popcountll(p->days);
    if (f->days < 1)
        f->days = 1;
    f->out_distinct = p->moc ? hll_count(q->hll_out, HLL_OUT) : 0;
    if (f->out_distinct > p->moc)
        f->out_distinct = p->moc;
    f->in_distinct = p->mtc ? hll_count(q->hll_in, HLL_IN) : 0;
    if (f->in_distinct > p->mtc)
        f->in_distinct = p->mtc;
    f->per_day = (double)p->moc / f->days;
    f->dispersion = p->moc ? f->out_distinct / p->moc : 0;
    f->callback = f->out_distinct > 0 ? q->recip / f->out_distinct : 1;
    f->incoming = f->out_distinct > 0 ? f->in_distinct / f->out_distinct : 1;
    f->offhours = p->moc ? (double)p->offhours / p->moc : 0;
    f->night = p->moc ? (double)p->night / p->moc : 0;
}

/* Every rule but the hours one, at strictness w (1 = the thresholds). */
static int busy_stranger_caller(const scan_config *c, const prof *p, const feat *f, double w)
{
    return p->moc >= c->min_moc * w && f->per_day >= c->min_moc_per_day * w &&
           f->dispersion >= c->min_dispersion * w && f->callback <= c->max_callback / w &&
           f->incoming <= c->max_incoming / w;
}

static size_t uf_find(size_t *parent, size_t i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

static void uf_union(size_t *parent, size_t a, size_t b)
{
    a = uf_find(parent, a);
    b = uf_find(parent, b);
    if (a != b)
        parent[a < b ? b : a] = a < b ? a : b;
}

typedef struct cand {
    prof *p;
    cold *q;
    uint64_t msisdn;
    feat f;
    double score;
    size_t cluster;  /* root index */
    size_t box_size; /* SIMs in its cluster that are flagged */
    int shared_imei; /* other candidates on its IMEI */
    int shared_cell; /* other candidates on its cell */
    int proven_box;  /* its cluster holds a SIM proven by a test call */
    int box_no;
    const char *proof_cc;
} cand;

/* A key (an IMEI, or one of a SIM's two commonest cells) and its SIM. */
typedef struct keyed {
    uint64_t key;
    size_t i;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static int by_msisdn(const void *a, const void *b)
{
    const proof *x = a, *y = b;
    return x->msisdn < y->msisdn ? -1 : x->msisdn > y->msisdn;
}

static int by_msisdn_order(const void *a, const void *b)
{
    const proof *x = a, *y = b;
    int c = by_msisdn(a, b);
    return c ? c : x->order < y->order ? -1 : x->order > y->order;
}

static int by_score(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->msisdn < y->msisdn ? -1 : x->msisdn > y->msisdn;
}

/* Union the SIMs that share a key; count for each how many others share
 * one with it (*count, per SIM, the most over its keys). */
static void link_keys(keyed *k, size_t nk, size_t *parent, cand *c, int imei)
{
    qsort(k, nk, sizeof *k, by_key);
    size_t i = 0;
    while (i < nk) {
        size_t j = i + 1;
        while (j < nk && k[j].key == k[i].key)
            j++;
        for (size_t m = i; m < j; m++) {
            int others = (int)(j - i - 1);
            int *count = imei ? &c[k[m].i].shared_imei : &c[k[m].i].shared_cell;
            if (others > *count)
                *count = others;
            if (m > i)
                uf_union(parent, k[i].i, k[m].i);
        }
        i = j;
    }
}

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

static void write_alert(const cand *c, buf *o)
{
    const prof *p = c->p;
    const cold *q = c->q;
    const feat *f = &c->f;
    buf_printf(o, "{\"kind\":\"telecom.bypass\",\"msisdn\":\"%llu\"",
               (unsigned long long)c->msisdn);
    if (p->imsi)
        buf_printf(o, ",\"imsi\":\"%015llu\"", (unsigned long long)p->imsi);
    if (p->imei)
        buf_printf(o, ",\"imei\":\"%014llu\"", (unsigned long long)p->imei);
    buf_printf(o, ",\"score\":%.2f", c->score);
    if (c->box_no)
        buf_printf(o, ",\"cluster\":\"box-%d\"", c->box_no);
    buf_puts(o, ",\"reasons\":[");
    int n = 0;
    char tmp[200];
#define REASON(...)                                                                                \
    do {                                                                                           \
        snprintf(tmp, sizeof tmp, __VA_ARGS__);                                                    \
        if (n++)                                                                                   \
            buf_putc(o, ',');                                                                      \
        buf_json_str(o, tmp, strlen(tmp));                                                         \
    } while (0)
    if (q->flags & F_PROVEN)
        REASON("test call from %s arrived as a local number", c->proof_cc);
    else if (c->proven_box)
        REASON("in the same box as a SIM proven by a test call");
    if (f->dispersion >= 0.3)
        REASON("calls many different numbers: %u calls to about %.0f numbers, %.0f a day", p->moc,
               f->out_distinct, f->per_day);
    if (f->callback <= 0.15)
        REASON("the numbers it calls almost never call it back (%.0f%%)", 100 * f->callback);
    if (f->incoming <= 0.3)
        REASON("almost nobody calls it: %u incoming calls from about %.0f numbers", p->mtc,
               f->in_distinct);
    if (f->offhours >= 0.1)
        REASON("calls at night, early, late and at weekends: %.0f%% of its calls",
               100 * f->offhours);
    if (c->shared_imei)
        REASON("its IMEI is shared with %d other suspect SIMs (a gateway)", c->shared_imei);
    if (c->shared_cell)
        REASON("served by the same cell as %d other suspect SIMs", c->shared_cell);
    if (!p->sms && !p->data)
        REASON("no SMS and no data at all");
    if (p->n_imei > 1)
        REASON("used in %u different devices", p->n_imei);
    buf_puts(o, "]");
#undef REASON
    buf_printf(o,
               ",\"evidence\":{\"moc\":%u,\"moc_answered\":%u,\"mtc\":%u,\"distinct_called\":%.0f,"
               "\"distinct_callers\":%.0f,\"callback_share\":%.3f,\"offhours_share\":%.3f,"
               "\"night_share\":%.3f,\"active_days\":%d,\"sms\":%u,\"data\":%u,\"cells\":%u",
               p->moc, p->moc_ans, p->mtc, f->out_distinct, f->in_distinct, f->callback,
               f->offhours, f->night, f->days, p->sms, p->data, (unsigned)p->cells);
    if (c->box_no)
        buf_printf(o, ",\"box_sims\":%zu", c->box_size);
    buf_puts(o, "}}");
}

size_t scan_finish(scan *s,
                   void (*emit)(void *ctx, const char *json, double score, uint64_t msisdn,
                                int64_t last_seen),
                   void *ctx)
{
    drain(s);
    const scan_config *cfg = &s->cfg;
    double w = cfg->weak_factor > 0 && cfg->weak_factor <= 1 ? cfg->weak_factor : 0.5;
    /* Each proven SIM once, with the country of its first test call. */
    if (s->nproof)
        qsort(s->proofs, s->nproof, sizeof *s->proofs, by_msisdn_order);
    size_t np = 0;
    for (size_t i = 0; i < s->nproof; i++)
        if (!np || s->proofs[i].msisdn != s->proofs[np - 1].msisdn)
            s->proofs[np++] = s->proofs[i];
    s->nproof = np;
    for (size_t i = 0; i < np; i++) {
        cold *q;
        if (find(s, s->proofs[i].msisdn, &q))
            q->flags |= F_PROVEN;
    }
    cand *c = NULL;
    size_t n = 0, cap = 0;
    for (int sg = 0; sg < SEGMENTS; sg++)
        for (uint32_t k = 0; k < s->seg[sg].cap; k++) {
            uint64_t msisdn = s->seg[sg].key[k];
            if (!msisdn)
                continue;
            prof *p = &s->seg[sg].t[k];
            cold *q = &s->seg[sg].u[k];
            int proven = q->flags & F_PROVEN;
            feat f;
            features(p, q, &f);
            int strong = busy_stranger_caller(cfg, p, &f, 1);
            int weak = busy_stranger_caller(cfg, p, &f, w);
            if (!strong && !weak && !proven)
                continue;
            q->flags = (unsigned)((strong ? F_STRONG : 0) | (weak ? F_WEAK : 0) | proven) & 0xff;
            if (n == cap)
                c = cg_realloc(c, (cap = cap ? 2 * cap : 256) * sizeof *c);
            memset(&c[n], 0, sizeof c[n]);
            c[n].p = p;
            c[n].q = q;
            c[n].msisdn = msisdn;
            c[n].f = f;
            if (proven) {
                proof key = {msisdn, 0, ""};
                const proof *pr = bsearch(&key, s->proofs, s->nproof, sizeof key, by_msisdn);
                c[n].proof_cc = pr->cc;
            }
            n++;
        }
    size_t *parent = cg_malloc((n ? n : 1) * sizeof *parent);
    keyed *keys = cg_malloc((2 * n + 1) * sizeof *keys);
    size_t nk = 0;
    for (size_t i = 0; i < n; i++) {
        parent[i] = i;
        if (c[i].p->imei)
            keys[nk++] = (keyed){c[i].p->imei, i};
    }
    link_keys(keys, nk, parent, c, 1);
    /* Boxes that move or rotate their SIMs spread them over a few cells:
     * a SIM's two commonest cells both link it. */
    nk = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i].p->cell_a)
            keys[nk++] = (keyed){c[i].p->cell_a, i};
        if (c[i].p->cell_b && c[i].p->cell_b_n * 4 >= c[i].p->cell_a_n)
            keys[nk++] = (keyed){c[i].p->cell_b, i};
    }
    link_keys(keys, nk, parent, c, 0);
    free(keys);

    /* A SIM flags itself when it passes every rule, or every rule but the
     * hours one while sharing a gateway IMEI. */
    for (size_t i = 0; i < n; i++) {
        cold *q = c[i].q;
        if ((q->flags & F_STRONG) && (c[i].f.offhours >= cfg->min_offhours || c[i].shared_imei))
            q->flags |= F_FLAGGED;
        if (q->flags & F_PROVEN)
            q->flags |= F_FLAGGED;
    }
    /* Clusters: how many flagged and proven SIMs each holds. */
    size_t *flagged_in = cg_calloc(n ? n : 1, sizeof *flagged_in);
    int *proven_in = cg_calloc(n ? n : 1, sizeof *proven_in);
    for (size_t i = 0; i < n; i++) {
        size_t r = c[i].cluster = uf_find(parent, i);
        if (c[i].q->flags & F_FLAGGED)
            flagged_in[r]++;
        if (c[i].q->flags & F_PROVEN)
            proven_in[r] = 1;
    }
    /* Siblings: a SIM that falls short of the rules but sits in a box of
     * flagged SIMs, or in the box of a proven one, is flagged with them. */
    for (size_t i = 0; i < n; i++) {
        cold *q = c[i].q;
        size_t r = c[i].cluster;
        if (!(q->flags & F_FLAGGED) && (q->flags & F_WEAK) &&
            (proven_in[r] || flagged_in[r] >= (size_t)cfg->min_cluster - 1)) {
            q->flags |= F_FLAGGED | F_SIBLING;
        }
    }
    memset(flagged_in, 0, (n ? n : 1) * sizeof *flagged_in);
    for (size_t i = 0; i < n; i++)
        if (c[i].q->flags & F_FLAGGED)
            flagged_in[c[i].cluster]++;
    /* Number the boxes of at least min_cluster flagged SIMs (or proven). */
    int *box_no = cg_calloc(n ? n : 1, sizeof *box_no);
    int boxes = 0;
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        cold *q = c[i].q;
        if (!(q->flags & F_FLAGGED))
            continue;
        size_t r = c[i].cluster;
        c[i].proven_box = proven_in[r];
        c[i].box_size = flagged_in[r];
        if (flagged_in[r] >= (size_t)cfg->min_cluster || (proven_in[r] && flagged_in[r] > 1)) {
            if (!box_no[r])
                box_no[r] = ++boxes;
            c[i].box_no = box_no[r];
        }
        const feat *f = &c[i].f;
        double strength =
            (clamp01(f->per_day / (3 * cfg->min_moc_per_day)) + f->dispersion +
             clamp01(1 - f->callback / (cfg->max_callback > 0 ? cfg->max_callback : 1)) +
             clamp01(1 - f->incoming / (cfg->max_incoming > 0 ? cfg->max_incoming : 1)) +
             clamp01(f->offhours / 0.5)) /
            5;
        double score = (q->flags & F_SIBLING ? 0.55 : 0.7) + 0.25 * strength;
        if (c[i].box_no)
            score += 0.04;
        if (proven_in[r])
            score = score < 0.95 ? 0.95 : score;
        if (score > 0.99)
            score = 0.99;
        if (q->flags & F_PROVEN)
            score = 1;
        c[i].score = score;
        c[out++] = c[i];
    }
    if (out)
        qsort(c, out, sizeof *c, by_score);
    buf line = BUF_INIT;
    for (size_t i = 0; i < out; i++) {
        buf_reset(&line);
        write_alert(&c[i], &line);
        emit(ctx, line.p, c[i].score, c[i].msisdn, c[i].p->last);
    }
    buf_free(&line);
    free(box_no);
    free(flagged_in);
    free(proven_in);
    free(parent);
    free(c);
    return out;
}
