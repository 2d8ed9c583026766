/* input.h: reading a file of lines: a path, or "-" for standard input,
 * plain or gzip-compressed (told by its first bytes, not its name), with line
 * numbers for error messages. Every engine reads its input through this. */
#ifndef CG_INPUT_H
#define CG_INPUT_H

#include "core/cg.h"

#include <stddef.h>
#include <stdint.h>

typedef struct input input;

/* Longest line accepted; a longer one is an error of that line only. */
#define INPUT_MAX_LINE (64u << 20)

/* Open path ("-": standard input). Returns 0 and *out, or a negative code
 * with err naming the file and the reason. */
int input_open(const char *path, input **out, cg_err *err);

/* The next line, without its "\n" or "\r\n" (and without a UTF-8 byte order
 * mark on line 1). Returns 1 with *line and *len set: the line is writable,
 * NUL-terminated and borrowed until the next call. Returns 0 at the end, or
 * a negative code when reading failed (a truncated or corrupt gzip stream,
 * an I/O error, a line over INPUT_MAX_LINE): err says where and why; after
 * a too-long line the reader goes on with the next one, after any other
 * error it is at its end. */
int input_next(input *in, char **line, size_t *len, cg_err *err);

/* Line number of the line last returned (1-based). */
uint64_t input_lineno(const input *in);
/* The name given to input_open ("-" shows as "<stdin>"). Borrowed. */
const char *input_name(const input *in);
/* Bytes of (uncompressed) text delivered so far. */
uint64_t input_bytes(const input *in);
/* Close the file (not standard input) and free. NULL is allowed. */
void input_close(input *in);

#endif
