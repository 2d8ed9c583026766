/* input.c: buffered line reader over plain or gzip files and stdin. */
#include "core/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (1u << 20)

struct input {
    int fd;
    int gz;       /* gzip stream detected */
    int raw_eof;  /* the file has no more bytes */
    int gz_end;   /* the last gzip member ended cleanly */
    int failed;   /* a fatal error was reported */
    int skipping; /* discarding the rest of a too-long line */
    z_stream zs;
    unsigned char *zin;
    char *buf;
    size_t cap, start, end, scan;
    uint64_t lineno, bytes;
    char name[256];
};

static ssize_t read_fd(int fd, void *dst, size_t n)
{
    for (;;) {
        ssize_t r = read(fd, dst, n);
        if (r >= 0 || errno != EINTR)
            return r;
    }
}

int input_open(const char *path, input **out, cg_err *err)
{
    input *in = cg_calloc(1, sizeof *in);
    int is_stdin = strcmp(path, "-") == 0;
    snprintf(in->name, sizeof in->name, "%s", is_stdin ? "<stdin>" : path);
    in->fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (in->fd < 0) {
        int e = errno;
        free(in);
        return cg_err_set(err, CG_EIO, "%s: cannot open: %s", path, strerror(e));
    }
    in->cap = CHUNK;
    in->buf = cg_malloc(in->cap + 1);
    in->zin = cg_malloc(CHUNK);

    /* Read the first bytes to tell gzip from text. */
    size_t got = 0;
    while (got < 2) {
        ssize_t r = read_fd(in->fd, in->zin + got, CHUNK - got);
        if (r < 0) {
            cg_err_set(err, CG_EIO, "%s: cannot read: %s", in->name, strerror(errno));
            input_close(in);
            return CG_EIO;
        }
        if (r == 0) {
            in->raw_eof = 1;
            break;
        }
        got += (size_t)r;
    }
    if (got >= 2 && in->zin[0] == 0x1f && in->zin[1] == 0x8b) {
        in->gz = 1;
        if (inflateInit2(&in->zs, 15 + 16) != Z_OK) {
            cg_err_set(err, CG_ENOMEM, "%s: cannot start gzip decoder", in->name);
            input_close(in);
            return CG_ENOMEM;
        }
        in->zs.next_in = in->zin;
        in->zs.avail_in = (uInt)got;
    } else {
        memcpy(in->buf, in->zin, got);
        in->end = got;
    }
    *out = in;
    return 0;
}

/* Read up to n bytes of text into dst. Returns the count, 0 at the end, or
 * a negative code with err set. */
static int read_text(input *in, char *dst, size_t n, size_t *got, cg_err *err)
{
    *got = 0;
    if (!in->gz) {
        if (in->raw_eof)
            return 0;
        ssize_t r = read_fd(in->fd, dst, n);
        if (r < 0)
            return cg_err_set(err, CG_EIO, "%s: cannot read: %s", in->name, strerror(errno));
        if (r == 0)
            in->raw_eof = 1;
        *got = (size_t)r;
        return 0;
    }
    while (*got == 0 && !in->gz_end) {
        if (in->zs.avail_in == 0 && !in->raw_eof) {
            ssize_t r = read_fd(in->fd, in->zin, CHUNK);
            if (r < 0)
                return cg_err_set(err, CG_EIO, "%s: cannot read: %s", in->name, strerror(errno));
            if (r == 0)
                in->raw_eof = 1;
            in->zs.next_in = in->zin;
            in->zs.avail_in = (uInt)r;
        }
        in->zs.next_out = (unsigned char *)dst;
        in->zs.avail_out = (uInt)n;
        int rc = inflate(&in->zs, Z_NO_FLUSH);
        *got = n - in->zs.avail_out;
        if (rc == Z_STREAM_END) {
            /* Concatenated members (as `cat a.gz b.gz` makes) go on. */
            if (in->zs.avail_in == 0 && in->raw_eof)
                in->gz_end = 1;
            else if (in->zs.avail_in == 0) {
                ssize_t r = read_fd(in->fd, in->zin, CHUNK);
                if (r < 0)
                    return cg_err_set(err, CG_EIO, "%s: cannot read: %s", in->name,
                                      strerror(errno));
                if (r == 0) {
                    in->raw_eof = 1, in->gz_end = 1;
                } else {
                    in->zs.next_in = in->zin, in->zs.avail_in = (uInt)r;
                    inflateReset(&in->zs);
                }
            } else
                inflateReset(&in->zs);
        } else if (rc == Z_BUF_ERROR || (rc == Z_OK && *got == 0)) {
            if (in->raw_eof && in->zs.avail_in == 0)
                return cg_err_set(err, CG_EIO,
                                  "%s: truncated gzip file (ends in the middle of the stream)",
                                  in->name);
        } else if (rc != Z_OK) {
            return cg_err_set(err, CG_EIO, "%s: corrupt gzip data: %s", in->name,
                              in->zs.msg ? in->zs.msg : "inflate failed");
        }
    }
    return 0;
}

int input_next(input *in, char **line, size_t *len, cg_err *err)
{
    if (in->failed)
        return 0;
    for (;;) {
        char *nl = memchr(in->buf + in->scan, '\n', in->end - in->scan);
        int at_end = 0;
        if (!nl) {
            if (in->end - in->start >= INPUT_MAX_LINE) {
                /* Report once, then drop bytes until the next newline. */
                int first = !in->skipping;
                in->skipping = 1;
                in->start = in->scan = in->end = 0;
                if (first) {
                    in->lineno++;
                    return cg_err_set(err, CG_ETOOBIG, "%s:%llu: line longer than %u bytes",
                                      in->name, (unsigned long long)in->lineno, INPUT_MAX_LINE);
                }
                continue;
            }
            if (in->start > 0) {
                memmove(in->buf, in->buf + in->start, in->end - in->start);
                in->end -= in->start, in->scan -= in->start, in->start = 0;
            }
            if (in->cap - in->end < CHUNK / 2 && in->cap < INPUT_MAX_LINE + CHUNK) {
                in->cap *= 2;
                in->buf = cg_realloc(in->buf, in->cap + 1);
            }
            in->scan = in->end;
            size_t got;
            int rc = read_text(in, in->buf + in->end, in->cap - in->end, &got, err);
            if (rc < 0) {
                in->failed = 1;
                return rc;
            }
            in->end += got;
            if (got > 0)
                continue;
            if (in->start == in->end)
                return 0;
            at_end = 1;
            nl = in->buf + in->end;
        }
        char *s = in->buf + in->start;
        size_t n = (size_t)(nl - s);
        in->start = in->scan = at_end ? in->end : in->start + n + 1;
        if (in->skipping) {
            in->skipping = 0;
            continue;
        }
        in->lineno++;
        in->bytes += n + !at_end;
        if (n && s[n - 1] == '\r')
            n--;
        if (in->lineno == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
            s += 3, n -= 3;
        s[n] = '\0';
        *line = s;
        *len = n;
        return 1;
    }
}

uint64_t input_lineno(const input *in)
{
    return in->lineno;
}
const char *input_name(const input *in)
{
    return in->name;
}
uint64_t input_bytes(const input *in)
{
    return in->bytes;
}

void input_close(input *in)
{
    if (!in)
        return;
    if (in->gz)
        inflateEnd(&in->zs);
    if (in->fd > 0)
        close(in->fd);
    free(in->buf);
    free(in->zin);
    free(in);
}
