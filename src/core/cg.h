/* cg.h: what every module shares: the error idiom and the allocation wrappers.
 *
 * Errors are return values: 0 for success, a negative cg_code on failure, and
 * where the caller needs words, a cg_err filled with the code and a message
 * that names the file, line or field and the reason. */
#ifndef CG_H
#define CG_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h> /* free() releases what cg_malloc gives */

typedef enum {
    CG_OK = 0,
    CG_ENOMEM = -1,    /* out of memory */
    CG_EIO = -2,       /* a file or the network failed */
    CG_EINVAL = -3,    /* the input breaks its contract */
    CG_ENOTFOUND = -4, /* no such thing */
    CG_ECONFLICT = -5, /* it exists already, or the state forbids it */
    CG_ETOOBIG = -6,   /* over a size limit */
    CG_EPERM = -7,     /* not allowed for this user */
    CG_EUNAVAIL = -8,  /* the store or a service is unavailable */
    CG_EAUTH = -9      /* not authenticated */
} cg_code;

typedef struct cg_err {
    int code;
    char msg[512];
} cg_err;

/* Set e (when not NULL) to code and a printf-style message. Returns code, so
 * that `return cg_err_set(e, CG_EINVAL, "...")` reads as one step. */
int cg_err_set(cg_err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Clear e to CG_OK and an empty message. */
void cg_err_clear(cg_err *e);

/* A short English name for a code ("out of memory", "invalid input"...). */
const char *cg_strerror(int code);

/* Allocation wrappers. They abort the process with a message when memory is
 * exhausted: an engine or server that cannot get a few bytes cannot keep its
 * promises anyway, and the store's transactions make a crash safe. Memory
 * from them is released with free(). */
void *cg_malloc(size_t n);
void *cg_calloc(size_t count, size_t size);
void *cg_realloc(void *p, size_t n);
char *cg_strdup(const char *s);
char *cg_strndup(const char *s, size_t n);

#define CG_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
