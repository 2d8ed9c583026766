/* cg.c: errors and allocation wrappers shared by every module. */
#include "core/cg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cg_err_set(cg_err *e, int code, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        e->code = code;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void cg_err_clear(cg_err *e)
{
    if (e) {
        e->code = CG_OK;
        e->msg[0] = '\0';
    }
}

const char *cg_strerror(int code)
{
    switch (code) {
    case CG_OK: return "success";
    case CG_ENOMEM: return "out of memory";
    case CG_EIO: return "input/output error";
    case CG_EINVAL: return "invalid input";
    case CG_ENOTFOUND: return "not found";
    case CG_ECONFLICT: return "conflict";
    case CG_ETOOBIG: return "too large";
    case CG_EPERM: return "permission denied";
    case CG_EUNAVAIL: return "unavailable";
    case CG_EAUTH: return "not authenticated";
    default: return "unknown error";
    }
}

static void oom(size_t n)
{
    fprintf(stderr, "canhgac: out of memory allocating %zu bytes\n", n);
    abort();
}

void *cg_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *cg_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        oom(count * size);
    return p;
}

void *cg_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *cg_strndup(const char *s, size_t n)
{
    char *p = cg_malloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *cg_strdup(const char *s)
{
    return cg_strndup(s, strlen(s));
}
