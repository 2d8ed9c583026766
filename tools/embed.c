/* embed.c: turns the UI's files into one C source for src/web/web.c, so
 * that the binary carries its own UI. Built and run by src/web/module.mk.
 *
 * usage: embed OUTPUT.c ROOT FILE...
 * Each FILE must lie under ROOT; it is served at its path below ROOT
 * ("web/app/main.js" with ROOT "web" becomes "/app/main.js"). The entries
 * come out sorted by path, so that the lookup can search them by halves.
 * Each carries a strong ETag: the first 128 bits of the SHA-256 of its
 * content, in hex, quoted as HTTP wants it. The output is written to a
 * temporary file and renamed, so that a failed run never leaves a half file
 * that make would take for up to date.
 *
 * Each file is also gzip-compressed (zlib, level 9) when that saves at least
 * a tenth of its size, for clients that accept gzip; its ETag is the same
 * with "-gz" inside the quotes, since it is another representation. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct entry {
    char *url;
    unsigned char *data;
    size_t len;
    char etag[33]; /* 128 bits of SHA-256 in hex */
    unsigned char *gz; /* NULL when compression is not worth it */
    size_t gzlen;
} entry;

/* Gzip data into e->gz when that saves at least a tenth. Returns 0, or -1
 * when zlib fails. */
static int compress_entry(entry *e)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    uLong cap = deflateBound(&z, (uLong)e->len);
    unsigned char *out = malloc(cap ? cap : 1);
    if (!out) {
        deflateEnd(&z);
        return -1;
    }
    z.next_in = e->data;
    z.avail_in = (uInt)e->len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    size_t n = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(out);
        return -1;
    }
    if (n + e->len / 10 > e->len) {
        free(out);
        return 0;
    }
    e->gz = out;
    e->gzlen = n;
    return 0;
}

/* One byte array as a C initialiser of string literals, 32 bytes a line. */
static void write_bytes(FILE *o, const unsigned char *d, size_t n)
{
    if (n == 0)
        fprintf(o, " \"\"");
    for (size_t k = 0; k < n; k++) {
        if (k % 32 == 0)
            fprintf(o, "\n    \"");
        fprintf(o, "\\x%02x", d[k]);
        if (k % 32 == 31 || k + 1 == n)
            fputc('"', o);
    }
    fprintf(o, ";\n\n");
}

static int read_all(const char *path, unsigned char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "embed: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, n = 0;
    unsigned char *d = malloc(cap);
    for (;;) {
        if (!d) {
            fprintf(stderr, "embed: %s: out of memory\n", path);
            fclose(f);
            return -1;
        }
        n += fread(d + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        unsigned char *nd = realloc(d, cap);
        if (!nd)
            free(d);
        d = nd;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "embed: %s: read error\n", path);
        free(d);
        return -1;
    }
    *out = d;
    *len = n;
    return 0;
}

static int by_url(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->url, ((const entry *)b)->url);
}

/* A path served to browsers: printable ASCII without quotes or backslashes,
 * so that it can be written into a C string literal as it is. */
static int url_ok(const char *u)
{
    for (const unsigned char *p = (const unsigned char *)u; *p; p++)
        if (*p <= ' ' || *p >= 0x7f || *p == '"' || *p == '\\' || *p == '?' || *p == '#')
            return 0;
    return u[0] == '/' && u[1] != '\0';
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: embed OUTPUT.c ROOT FILE...\n");
        return 2;
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "embed: libsodium failed to initialise\n");
        return 1;
    }
    const char *out = argv[1], *root = argv[2];
    size_t rootlen = strlen(root);
    while (rootlen > 1 && root[rootlen - 1] == '/')
        rootlen--;
    int n = argc - 3;
    entry *es = calloc((size_t)(n > 0 ? n : 1), sizeof *es);
    if (!es)
        return 1;
    for (int i = 0; i < n; i++) {
        const char *f = argv[i + 3];
        if (strncmp(f, root, rootlen) != 0 || f[rootlen] != '/') {
            fprintf(stderr, "embed: %s: not under %s\n", f, root);
            return 1;
        }
        es[i].url = strdup(f + rootlen);
        if (!es[i].url || !url_ok(es[i].url)) {
            fprintf(stderr,
                    "embed: %s: a served file's name must be printable ASCII "
                    "without spaces, quotes, '?', '#' or backslashes\n",
                    f);
            return 1;
        }
        if (read_all(f, &es[i].data, &es[i].len) != 0)
            return 1;
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, es[i].data, es[i].len);
        for (int k = 0; k < 16; k++)
            snprintf(es[i].etag + 2 * k, 3, "%02x", h[k]);
        if (compress_entry(&es[i]) != 0) {
            fprintf(stderr, "embed: %s: zlib failed\n", f);
            return 1;
        }
    }
    qsort(es, (size_t)n, sizeof *es, by_url);
    for (int i = 1; i < n; i++)
        if (strcmp(es[i - 1].url, es[i].url) == 0) {
            fprintf(stderr, "embed: %s given twice\n", es[i].url);
            return 1;
        }

    size_t tmplen = strlen(out) + 5;
    char *tmp = malloc(tmplen);
    if (!tmp)
        return 1;
    snprintf(tmp, tmplen, "%s.tmp", out);
    FILE *o = fopen(tmp, "w");
    if (!o) {
        fprintf(stderr, "embed: %s: %s\n", tmp, strerror(errno));
        return 1;
    }
    fprintf(o, "/* Generated by tools/embed.c from the files under %.*s/: do not edit. */\n",
            (int)rootlen, root);
    fprintf(o, "#include \"web/web_assets.h\"\n\n");
    for (int i = 0; i < n; i++) {
        fprintf(o, "/* %s */\nstatic const unsigned char asset_%d[] =", es[i].url, i);
        write_bytes(o, es[i].data, es[i].len);
        if (es[i].gz) {
            fprintf(o, "/* %s, gzip */\nstatic const unsigned char asset_%d_gz[] =", es[i].url, i);
            write_bytes(o, es[i].gz, es[i].gzlen);
        }
    }
    fprintf(o, "const web_asset web_assets[] = {\n");
    for (int i = 0; i < n; i++) {
        fprintf(o, "    {\"%s\", asset_%d, %zu, \"\\\"%s\\\"\", ", es[i].url, i, es[i].len,
                es[i].etag);
        if (es[i].gz)
            fprintf(o, "asset_%d_gz, %zu, \"\\\"%s-gz\\\"\"},\n", i, es[i].gzlen, es[i].etag);
        else
            fprintf(o, "NULL, 0, NULL},\n");
    }
    if (n == 0)
        fprintf(o, "    {\"\", (const unsigned char *)\"\", 0, \"\", NULL, 0, NULL},\n");
    fprintf(o, "};\n\nconst size_t web_assets_count = %d;\n", n);
    int werr = ferror(o);
    if (fclose(o) != 0 || werr) {
        fprintf(stderr, "embed: %s: write error\n", tmp);
        return 1;
    }
    if (rename(tmp, out) != 0) {
        fprintf(stderr, "embed: %s: %s\n", out, strerror(errno));
        return 1;
    }
    for (int i = 0; i < n; i++) {
        free(es[i].url);
        free(es[i].data);
        free(es[i].gz);
    }
    free(es);
    free(tmp);
    return 0;
}
