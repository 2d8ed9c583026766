/* sim.c: the traffic simulator and the evaluation of a scan against its
 * ground truth. Records are made an hour at a time for every subscriber,
 * sorted within the hour and written, so that memory follows the number of
 * subscribers and not of records. */
#include "telecom/sim.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { K_NORMAL, K_CENTRE, K_TAXI, K_M2M, K_SHOP, K_BOX };

static const char *const level_names[] = {"naive",  "caps",     "social", "unique_imei",
                                          "moving", "rotation", "all",    "mixed"};

int sim_level_parse(const char *s)
{
    for (int i = 0; i < 8; i++)
        if (!strcmp(s, level_names[i]))
            return i;
    return -1;
}

const char *sim_level_name(int level)
{
    return level >= 0 && level < 8 ? level_names[level] : "?";
}

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double unif(rng *r)
{
    return (double)(next(r) >> 11) / 9007199254740992.0;
}

static uint64_t below(rng *r, uint64_t n)
{
    return n ? next(r) % n : 0;
}

/* Events in an hour with expected count lambda (small): Poisson. */
static int poisson(rng *r, double lambda)
{
    double p = 1, e = __builtin_exp(-lambda);
    int k = 0;
    do {
        k++;
        p *= unif(r);
    } while (p > e && k < 1000);
    return k - 1;
}

static int64_t duration(rng *r, double mean)
{
    if (unif(r) < 0.2)
        return 0; /* unanswered */
    return 5 + (int64_t)(-mean * __builtin_log(1 - unif(r) * 0.999));
}

/* The share of a person's calls in each hour of the day (sums to 1). */
static const double people_hours[24] = {0.002, 0.001, 0.001, 0.001, 0.002, 0.01, 0.03,  0.05,
                                        0.07,  0.08,  0.08,  0.07,  0.06,  0.06, 0.07,  0.07,
                                        0.07,  0.07,  0.06,  0.05,  0.04,  0.03, 0.015, 0.007};
/* International traffic follows callers abroad: the whole day. */
static const double abroad_hours[24] = {0.03,  0.025, 0.02, 0.02, 0.025, 0.03, 0.035, 0.04,
                                        0.045, 0.05,  0.05, 0.05, 0.05,  0.05, 0.05,  0.05,
                                        0.05,  0.05,  0.05, 0.05, 0.045, 0.04, 0.035, 0.03};

typedef struct sub {
    uint64_t msisdn, imsi, imei;
    uint32_t home, work;
    uint8_t kind, level;
    int32_t box;      /* box number for K_BOX, group for centres and shops */
    int16_t from, to; /* days active (rotation, shops) */
} sub;

typedef struct rec {
    int64_t t;
    uint64_t other;
    uint32_t who; /* subscriber index */
    uint32_t cell;
    int32_t dur;
    uint8_t type;
} rec;

typedef struct gen {
    const sim_config *c;
    rng r;
    sub *s;
    uint64_t n, normals, ncells;
    uint32_t *perm, *inv; /* the ring of friends among ordinary subscribers */
    rec *buf;
    size_t nbuf, capbuf;
    uint32_t *box_cells; /* per box, 4 cells for moving boxes */
    int nboxes;
    uint64_t records;
} gen;

static const char *const cdr_types[] = {"", "MOC", "MTC", "SMS_MO", "SMS_MT", "DATA"};

static uint64_t msisdn_of(uint64_t i)
{
    static const unsigned prefix[] = {90, 91, 93, 94, 96, 97, 98, 32, 33, 34, 35, 36, 37, 38,
                                      39, 70, 76, 77, 78, 79, 81, 82, 83, 84, 85, 86, 88, 89};
    uint64_t block = i / 10000000, in = i % 10000000;
    return (84ULL * 100 + prefix[block % 28]) * 10000000ULL + (in * 7654321ULL) % 10000000ULL;
}

static uint64_t offnet(rng *r)
{
    static const unsigned prefix[] = {52, 56, 58, 59, 99};
    return (84ULL * 100 + prefix[below(r, 5)]) * 10000000ULL + below(r, 10000000);
}

static void emit(gen *g, int64_t t, int type, uint32_t who, uint64_t other, int64_t dur,
                 uint32_t cell)
{
    if (g->nbuf == g->capbuf) {
        g->capbuf = g->capbuf ? 2 * g->capbuf : 1 << 16;
        g->buf = cg_realloc(g->buf, g->capbuf * sizeof *g->buf);
    }
    g->buf[g->nbuf++] = (rec){t, other, who, cell, (int32_t)dur, (uint8_t)type};
}

/* A call from subscriber a to number b (with b's index when ours). */
static void call(gen *g, int64_t t, uint32_t a, uint32_t acell, uint64_t b, int64_t bi, int64_t dur)
{
    emit(g, t, 1, a, b, dur, acell);
    if (bi >= 0)
        emit(g, t + (int64_t)below(&g->r, 3), 2, (uint32_t)bi, g->s[a].msisdn, dur, g->s[bi].home);
}

static uint32_t friend_of(gen *g, uint32_t i, int k)
{
    static const int off[8] = {1, -1, 2, -2, 3, -3, 5, -5};
    int64_t pos = (int64_t)g->inv[i] + off[k % 8];
    pos = ((pos % (int64_t)g->normals) + (int64_t)g->normals) % (int64_t)g->normals;
    return g->perm[pos];
}

static uint64_t imei_for(rng *r, const char *tac)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v * 10 + (uint64_t)(tac[i] - '0');
    return v * 10000000ULL + below(r, 10000000);
}

static void hour_of_normal(gen *g, uint32_t i, int64_t t0, int hh, int weekend)
{
    rng *r = &g->r;
    sub *s = &g->s[i];
    uint32_t cell = (!weekend && hh >= 9 && hh < 17) ? s->work : s->home;
    int calls = poisson(r, 3.0 * people_hours[hh]);
    for (int k = 0; k < calls; k++) {
        int64_t t = t0 + (int64_t)below(r, 3600);
        double u = unif(r);
        if (u < 0.65) {
            uint32_t f = friend_of(g, i, (int)below(r, 8));
            call(g, t, i, cell, g->s[f].msisdn, f, duration(r, 90));
        } else if (u < 0.85) {
            /* a relative on another network: the same few numbers */
            rng fr = {s->msisdn * 31 + below(r, 3)};
            call(g, t, i, cell, offnet(&fr), -1, duration(r, 120));
        } else {
            /* a shop, a service, a wrong number: nobody who calls back */
            uint64_t j = below(r, g->normals);
            int ours = unif(r) < 0.5;
            call(g, t, i, cell, ours ? g->s[j].msisdn : offnet(r), ours ? (int64_t)j : -1,
                 duration(r, 60));
        }
    }
    if (unif(r) < 1.0 * people_hours[hh]) { /* the relatives on other networks call back */
        rng fr = {s->msisdn * 31 + below(r, 3)};
        emit(g, t0 + (int64_t)below(r, 3600), 2, i, offnet(&fr), duration(r, 120), cell);
    }
    if (unif(r) < 0.02 * people_hours[hh]) /* family abroad */
        emit(g, t0 + (int64_t)below(r, 3600), 2, i, 12025550000ULL + below(r, 10000),
             duration(r, 300), cell);
    if (unif(r) < 2.0 * people_hours[hh]) {
        uint32_t f = friend_of(g, i, (int)below(r, 8));
        int64_t t = t0 + (int64_t)below(r, 3600);
        emit(g, t, 3, i, g->s[f].msisdn, 0, cell);
        emit(g, t + 2, 4, f, s->msisdn, 0, g->s[f].home);
    }
    if (unif(r) < 0.3)
        emit(g, t0 + (int64_t)below(r, 3600), 5, i, 0, (int64_t)below(r, 1800), cell);
}

static void hour_of_special(gen *g, uint32_t i, int64_t t0, int day, int hh, int weekend)
{
    rng *r = &g->r;
    sub *s = &g->s[i];
    switch (s->kind) {
    case K_CENTRE: /* agents call customers in office hours; some call back */
        if (weekend || hh < 8 || hh >= 17)
            return;
        for (int k = poisson(r, 10); k > 0; k--) {
            uint64_t j = below(r, g->normals);
            int64_t t = t0 + (int64_t)below(r, 3600);
            int ours = unif(r) < 0.6;
            uint64_t b = ours ? g->s[j].msisdn : offnet(r);
            call(g, t, i, s->home, b, ours ? (int64_t)j : -1, duration(r, 70));
            if (unif(r) < 0.1) {
                if (ours)
                    call(g, t + 1800, (uint32_t)j, g->s[j].home, s->msisdn, i, duration(r, 90));
                else
                    emit(g, t + 1800, 2, i, b, duration(r, 90), s->home);
            }
        }
        break;
    case K_TAXI: /* customers call the driver; the driver calls some back */
        if (hh < 5)
            return;
        for (int k = poisson(r, 2.0); k > 0; k--) {
            uint64_t j = below(r, g->normals);
            int64_t t = t0 + (int64_t)below(r, 3600);
            uint32_t cell = (uint32_t)below(r, (uint32_t)g->ncells);
            int ours = unif(r) < 0.6;
            if (ours)
                call(g, t, (uint32_t)j, g->s[j].home, s->msisdn, i, duration(r, 40));
            else
                emit(g, t, 2, i, offnet(r), duration(r, 40), cell);
            if (unif(r) < 0.5)
                call(g, t + 300, i, cell, ours ? g->s[j].msisdn : offnet(r), ours ? (int64_t)j : -1,
                     duration(r, 30));
        }
        if (unif(r) < 0.3)
            emit(g, t0 + (int64_t)below(r, 3600), 5, i, 0, 600, s->home);
        break;
    case K_M2M:
        emit(g, t0 + (int64_t)below(r, 3600), 5, i, 0, (int64_t)below(r, 60), s->home);
        if (hh == 3 && unif(r) < 0.5)
            emit(g, t0 + 60, 3, i, 8490000123ULL, 0, s->home);
        break;
    case K_SHOP: /* SIMs activated at the counter on one phone, tried once */
        if (day == s->from && hh == 10) {
            call(g, t0 + (int64_t)below(r, 3600), i, s->home, g->s[below(r, g->normals)].msisdn, -1,
                 20);
            emit(g, t0 + 1200, 4, i, 1900123ULL, 0, s->home);
            emit(g, t0 + 1300, 5, i, 0, 60, s->home);
        }
        break;
    }
}

static void hour_of_box_sim(gen *g, uint32_t i, int64_t t0, int day, int hh, int *calls_today)
{
    rng *r = &g->r;
    sub *s = &g->s[i];
    if (day < s->from || day >= s->to)
        return;
    int lv = s->level;
    int caps = lv == SIM_CAPS || lv == SIM_ALL || lv == SIM_SOCIAL || lv == SIM_UNIQUE_IMEI;
    int social = lv == SIM_SOCIAL || lv == SIM_ALL;
    int moving = lv == SIM_MOVING || lv == SIM_ALL;
    uint32_t cell = moving ? g->box_cells[s->box * 4 + day % 4] : s->home;
    double per_day = caps ? 35 : 110;
    for (int k = poisson(r, per_day * abroad_hours[hh]); k > 0; k--) {
        if (caps && calls_today[i] >= 40)
            break;
        calls_today[i]++;
        int64_t t = t0 + (int64_t)below(r, 3600);
        if (unif(r) < 0.55) {
            uint64_t j = below(r, g->normals);
            call(g, t, i, cell, g->s[j].msisdn, (int64_t)j, duration(r, 150));
        } else {
            call(g, t, i, cell, offnet(r), -1, duration(r, 150));
        }
    }
    if (social) {
        /* siblings: the SIMs next to it in the box */
        uint32_t sib = i + 1 < g->n && g->s[i + 1].box == s->box ? i + 1 : i - 1;
        if (unif(r) < 0.15 && g->s[sib].box == s->box)
            call(g, t0 + (int64_t)below(r, 3600), i, cell, g->s[sib].msisdn, sib, duration(r, 60));
        if (unif(r) < 0.25)
            emit(g, t0 + (int64_t)below(r, 3600), 3, i, g->s[sib].msisdn, 0, cell);
        if (unif(r) < 0.2)
            emit(g, t0 + (int64_t)below(r, 3600), 5, i, 0, (int64_t)below(r, 900), cell);
    }
}

static int cmp_rec(const void *a, const void *b)
{
    const rec *x = a, *y = b;
    return x->t < y->t ? -1 : x->t > y->t;
}

typedef struct out {
    FILE *f;
    gzFile gz;
    char line[256];
} out;

static int put(out *o, const char *s, int n)
{
    if (o->gz)
        return gzwrite(o->gz, s, (unsigned)n) == n ? 0 : -1;
    return fwrite(s, 1, (size_t)n, o->f) == (size_t)n ? 0 : -1;
}

static int flush_hour(gen *g, out *o)
{
    qsort(g->buf, g->nbuf, sizeof *g->buf, cmp_rec);
    for (size_t k = 0; k < g->nbuf; k++) {
        const rec *x = &g->buf[k];
        const sub *s = &g->s[x->who];
        char other[24] = "";
        if (x->other)
            snprintf(other, sizeof other, "%llu", (unsigned long long)x->other);
        uint64_t cell = x->cell;
        int n = snprintf(
            o->line, sizeof o->line, "%s,%lld,%d,%llu,%015llu,%015llu,%s,452-04-%llu-%llu\n",
            cdr_types[x->type], (long long)x->t, x->dur, (unsigned long long)s->msisdn,
            (unsigned long long)s->imsi, (unsigned long long)s->imei, other,
            (unsigned long long)(10000 + cell / 64), (unsigned long long)(20000 + cell));
        if (put(o, o->line, n))
            return -1;
    }
    g->records += g->nbuf;
    g->nbuf = 0;
    return 0;
}

int sim_generate(const sim_config *c, const char *dir, uint64_t *records, cg_err *err)
{
    if (c->subscribers < 100 || c->subscribers > 50000000 || c->days < 1 || c->days > 60 ||
        c->fraud_rate < 0 || c->fraud_rate > 0.2)
        return cg_err_set(err, CG_EINVAL,
                          "gen: 100 to 50,000,000 subscribers, 1 to 60 days, fraud rate 0 to 0.2");
    gen g;
    memset(&g, 0, sizeof g);
    g.c = c;
    g.r.s = c->seed * 0x9e3779b97f4a7c15ULL + 1;
    rng *r = &g.r;
    uint64_t N = c->subscribers;
    uint64_t centres = N / 20000 + 1, taxis = N / 2000 + 1, m2m = N / 200 + 1,
             shops = N / 10000 + 1;
    uint64_t others = centres * 15 + taxis + m2m + shops * 20;
    uint64_t fraud = (uint64_t)((N + others) * c->fraud_rate + 0.5);
    uint64_t cap = N + others + 2 * fraud + 64;
    g.s = cg_calloc(cap, sizeof *g.s);
    g.ncells = N / 40 + 50;
    g.normals = N;
    uint64_t i = 0;
    for (; i < N; i++) {
        g.s[i].kind = K_NORMAL;
        g.s[i].home = (uint32_t)below(r, g.ncells);
        g.s[i].work = (uint32_t)below(r, g.ncells);
        g.s[i].imei = imei_for(r, "35693803");
        g.s[i].from = 0, g.s[i].to = (int16_t)c->days;
    }
    for (uint64_t k = 0; k < centres; k++) {
        uint32_t cell = (uint32_t)below(r, g.ncells);
        for (int a = 0; a < 15; a++, i++)
            g.s[i] = (sub){0,          0, imei_for(r, "35328500"), cell, cell, K_CENTRE, 0,
                           (int32_t)k, 0, (int16_t)c->days};
    }
    for (uint64_t k = 0; k < taxis; k++, i++)
        g.s[i] = (sub){0, 0, imei_for(r, "35474209"), (uint32_t)below(r, g.ncells), 0, K_TAXI, 0,
                       0, 0, (int16_t)c->days};
    for (uint64_t k = 0; k < m2m; k++, i++)
        g.s[i] = (sub){0, 0, imei_for(r, "86106203"), (uint32_t)below(r, g.ncells), 0, K_M2M, 0,
                       0, 0, (int16_t)c->days};
    for (uint64_t k = 0; k < shops; k++) {
        uint32_t cell = (uint32_t)below(r, g.ncells);
        uint64_t phone = imei_for(r, "35693803");
        int16_t day = (int16_t)below(r, (uint64_t)c->days);
        for (int a = 0; a < 20; a++, i++)
            g.s[i] = (sub){0, 0, phone, cell, cell, K_SHOP, 0, (int32_t)k, day, (int16_t)(day + 1)};
    }
    /* Boxes until the fraud SIMs are placed; rotating boxes use twice the
     * SIMs, each for a few days. */
    uint64_t placed = 0;
    while (placed < fraud) {
        int lv = c->level == SIM_MIXED ? g.nboxes % 7 : c->level;
        int size = 8 + (int)below(r, 25);
        if ((uint64_t)size > fraud - placed)
            size = (int)(fraud - placed) < 4 ? 4 : (int)(fraud - placed);
        int rot = lv == SIM_ROTATION || lv == SIM_ALL;
        g.box_cells = cg_realloc(g.box_cells, (size_t)(g.nboxes + 1) * 4 * sizeof *g.box_cells);
        for (int k = 0; k < 4; k++)
            g.box_cells[g.nboxes * 4 + k] = (uint32_t)below(r, g.ncells);
        uint64_t gw = imei_for(r, "86217005");
        for (int a = 0; a < size && i < cap; a++, i++) {
            int unique = lv == SIM_UNIQUE_IMEI || lv == SIM_ALL;
            int16_t from = 0, to = (int16_t)c->days;
            if (rot) {
                from = (int16_t)((a * 2) % (c->days > 3 ? c->days - 2 : 1));
                to = (int16_t)(from + 3);
            }
            g.s[i] = (sub){0,
                           0,
                           unique ? imei_for(r, "35693803") : gw + (uint64_t)(a / 8),
                           g.box_cells[g.nboxes * 4],
                           0,
                           K_BOX,
                           (uint8_t)lv,
                           g.nboxes,
                           from,
                           to};
        }
        placed += (uint64_t)size;
        g.nboxes++;
    }
    g.n = i;
    for (uint64_t k = 0; k < g.n; k++) {
        g.s[k].msisdn = msisdn_of(k);
        g.s[k].imsi = 452040000000000ULL + k;
    }
    /* The ring of friends: a random order of the ordinary subscribers. */
    g.perm = cg_malloc(N * sizeof *g.perm);
    g.inv = cg_malloc(N * sizeof *g.inv);
    for (uint64_t k = 0; k < N; k++)
        g.perm[k] = (uint32_t)k;
    for (uint64_t k = N - 1; k > 0; k--) {
        uint64_t j = below(r, k + 1);
        uint32_t t = g.perm[k];
        g.perm[k] = g.perm[j];
        g.perm[j] = t;
    }
    for (uint64_t k = 0; k < N; k++)
        g.inv[g.perm[k]] = (uint32_t)k;

    char path[4096];
    out o = {0};
    snprintf(path, sizeof path, "%s/cdr.csv%s", dir, c->gzip ? ".gz" : "");
    int rc = 0;
    if (c->gzip)
        o.gz = gzopen(path, "wb1");
    else
        o.f = fopen(path, "w");
    FILE *tc = NULL, *truth = NULL;
    if (!o.gz && !o.f) {
        rc = cg_err_set(err, CG_EIO, "%s: %s", path, strerror(errno));
        goto done;
    }
    if (!c->gzip)
        setvbuf(o.f, NULL, _IOFBF, 1 << 20);
    snprintf(path, sizeof path, "%s/testcalls.csv", dir);
    tc = fopen(path, "w");
    snprintf(path, sizeof path, "%s/truth.csv", dir);
    truth = fopen(path, "w");
    if (!tc || !truth) {
        rc = cg_err_set(err, CG_EIO, "%s: %s", path, strerror(errno));
        goto done;
    }
    static const char head[] = "type,start,duration,msisdn,imsi,imei,other,cell\n";
    put(&o, head, (int)sizeof head - 1);
    fputs("start,origin_country,origin_number,b_number,received_cli\n", tc);
    fputs("msisdn,box,level\n", truth);
    for (uint64_t k = 0; k < g.n; k++)
        if (g.s[k].kind == K_BOX)
            fprintf(truth, "%llu,box-%d,%s\n", (unsigned long long)g.s[k].msisdn, g.s[k].box,
                    level_names[g.s[k].level]);
    /* Test calls: most boxes are hit by a few; the lawful routes show the
     * foreign number. */
    static const char *const cc[] = {"US", "KR", "JP", "TW", "AU", "FR"};
    int64_t start0 = 1793552400; /* 2026-11-02 00:00 +07:00, a Monday */
    int *calls_today = cg_calloc(g.n, sizeof *calls_today);
    uint64_t box_first = N + others;
    for (int day = 0; day < c->days && !rc; day++) {
        memset(calls_today, 0, g.n * sizeof *calls_today);
        int weekday = day % 7, weekend = weekday >= 5;
        for (int hh = 0; hh < 24 && !rc; hh++) {
            int64_t t0 = start0 + (int64_t)day * 86400 + hh * 3600;
            for (uint32_t k = 0; k < N; k++)
                hour_of_normal(&g, k, t0, hh, weekend);
            for (uint32_t k = (uint32_t)N; k < box_first; k++)
                hour_of_special(&g, k, t0, day, hh, weekend);
            for (uint32_t k = (uint32_t)box_first; k < g.n; k++)
                hour_of_box_sim(&g, k, t0, day, hh, calls_today);
            if (hh == 14) {
                for (uint32_t k = (uint32_t)box_first; k < g.n; k++) {
                    const sub *s = &g.s[k];
                    if (day < s->from || day >= s->to || (s->box % 5) == 4 || below(r, 12))
                        continue;
                    uint64_t b = below(r, N);
                    int64_t t = t0 + (int64_t)below(r, 3600);
                    call(&g, t, k, s->home, g.s[b].msisdn, (int64_t)b, 30);
                    fprintf(tc, "%lld,%s,1202555%04llu,%llu,%llu\n", (long long)t, cc[below(r, 6)],
                            (unsigned long long)below(r, 10000), (unsigned long long)g.s[b].msisdn,
                            (unsigned long long)s->msisdn);
                }
                for (int k = 0; k < 3; k++) {
                    uint64_t b = below(r, N), from = 821012340000ULL + below(r, 10000);
                    int64_t t = t0 + (int64_t)below(r, 3600);
                    emit(&g, t, 2, (uint32_t)b, from, 40, g.s[b].home);
                    fprintf(tc, "%lld,KR,%llu,%llu,%llu\n", (long long)t, (unsigned long long)from,
                            (unsigned long long)g.s[b].msisdn, (unsigned long long)from);
                }
            }
            if (flush_hour(&g, &o))
                rc = cg_err_set(err, CG_EIO, "%s/cdr.csv: write failed: %s", dir, strerror(errno));
        }
    }
    free(calls_today);
done:
    if (o.gz && gzclose(o.gz) != Z_OK && !rc)
        rc = cg_err_set(err, CG_EIO, "%s/cdr.csv.gz: write failed", dir);
    if (o.f && fclose(o.f) && !rc)
        rc = cg_err_set(err, CG_EIO, "%s/cdr.csv: write failed: %s", dir, strerror(errno));
    if (tc && fclose(tc) && !rc)
        rc = cg_err_set(err, CG_EIO, "%s/testcalls.csv: write failed", dir);
    if (truth && fclose(truth) && !rc)
        rc = cg_err_set(err, CG_EIO, "%s/truth.csv: write failed", dir);
    *records = g.records;
    free(g.s);
    free(g.perm);
    free(g.inv);
    free(g.buf);
    free(g.box_cells);
    return rc;
}

/* ---- evaluation -------------------------------------------------------- */

typedef struct truth_row {
    uint64_t msisdn;
    int box, level, flagged;
} truth_row;

static int cmp_truth(const void *a, const void *b)
{
    const truth_row *x = a, *y = b;
    return x->msisdn < y->msisdn ? -1 : x->msisdn > y->msisdn;
}

static truth_row *truth_find(truth_row *t, size_t n, uint64_t m)
{
    truth_row key = {m, 0, 0, 0};
    return bsearch(&key, t, n, sizeof *t, cmp_truth);
}

int sim_evaluate(const char *truth_path, const char *testcalls_path, const char *alerts_path,
                 sim_eval *e, cg_err *err)
{
    memset(e, 0, sizeof *e);
    FILE *f = fopen(truth_path, "r");
    if (!f)
        return cg_err_set(err, CG_EIO, "%s: %s", truth_path, strerror(errno));
    truth_row *t = NULL;
    size_t n = 0, cap = 0;
    char line[65536];
    int maxbox = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long long m;
        int box;
        char lv[32];
        if (sscanf(line, "%llu,box-%d,%31[a-z_]", &m, &box, lv) != 3)
            continue;
        if (n == cap)
            t = cg_realloc(t, (cap = cap ? 2 * cap : 1024) * sizeof *t);
        int l = sim_level_parse(lv);
        t[n++] = (truth_row){m, box, l < 0 ? 0 : l, 0};
        if (box > maxbox)
            maxbox = box;
    }
    fclose(f);
    if (n)
        qsort(t, n, sizeof *t, cmp_truth);
    f = fopen(alerts_path, "r");
    if (!f) {
        free(t);
        return cg_err_set(err, CG_EIO, "%s: %s", alerts_path, strerror(errno));
    }
    while (fgets(line, sizeof line, f)) {
        const char *p = strstr(line, "\"msisdn\":\"");
        if (!p || !strstr(line, "\"telecom.bypass\""))
            continue;
        uint64_t m = strtoull(p + 10, NULL, 10);
        e->flagged++;
        truth_row *row = n ? truth_find(t, n, m) : NULL;
        if (row && !row->flagged) {
            row->flagged = 1;
            e->true_pos++;
        } else if (!row) {
            e->false_pos++;
        }
    }
    fclose(f);
    int *sims = cg_calloc((size_t)maxbox + 1, sizeof *sims),
        *hit = cg_calloc((size_t)maxbox + 1, sizeof *hit);
    int *tested = cg_calloc((size_t)maxbox + 1, sizeof *tested);
    for (size_t k = 0; k < n; k++) {
        sims[t[k].box]++;
        hit[t[k].box] += t[k].flagged;
        e->level_sims[t[k].level]++;
        e->level_found[t[k].level] += (uint64_t)t[k].flagged;
        if (!t[k].flagged)
            e->false_neg++;
    }
    if (testcalls_path && (f = fopen(testcalls_path, "r"))) {
        while (fgets(line, sizeof line, f)) {
            char *last = strrchr(line, ',');
            if (!last)
                continue;
            truth_row *row = n ? truth_find(t, n, strtoull(last + 1, NULL, 10)) : NULL;
            if (row)
                tested[row->box] = 1;
        }
        fclose(f);
    }
    for (int b = 0; b <= maxbox; b++) {
        if (!sims[b])
            continue;
        e->boxes++;
        e->boxes_found += hit[b] * 2 > sims[b];
        if (tested[b]) {
            e->tested_boxes++;
            e->tested_whole += hit[b] == sims[b];
        }
    }
    e->precision = e->flagged ? (double)e->true_pos / e->flagged : 1;
    e->recall = n ? (double)e->true_pos / n : 1;
    e->f1 = e->precision + e->recall > 0 ? 2 * e->precision * e->recall / (e->precision + e->recall)
                                         : 0;
    free(sims);
    free(hit);
    free(tested);
    free(t);
    return 0;
}
