/* item.h: one postal-jsonl v1 item, read by a small strict JSON scanner.
 *
 * The scanner is zero-copy: strings are unescaped in place inside the line
 * (an unescaped string is never longer than its escaped form), so every
 * post_str points into the caller's writable line and lives as long as it.
 * It follows RFC 8259 (escapes with \uXXXX and surrogate pairs, the number
 * grammar, nesting up to POST_MAX_DEPTH, unknown fields skipped) and checks
 * the fields the contract names: their types, the required ones, the
 * direction and the acceptance time. */
#ifndef CG_POSTAL_ITEM_H
#define CG_POSTAL_ITEM_H

#include "core/cg.h"

#include <stddef.h>
#include <stdint.h>

#define POST_MAX_DEPTH 64

typedef struct post_str {
    const char *p; /* NULL when the field is absent or JSON null */
    size_t len;
} post_str;

typedef enum { POST_DOMESTIC = 0, POST_EXPORT, POST_IMPORT } post_direction;

typedef struct post_party {
    post_str name, id_number, phone, address, country;
} post_party;

/* Numeric fields: the value, and a bit in `has` saying it was given. */
enum { POST_HAS_QTY = 1, POST_HAS_WEIGHT = 2, POST_HAS_VALUE = 4, POST_HAS_COD = 8 };

typedef struct post_content {
    post_str description, hs_code, origin_country;
    double quantity, weight_g, value_vnd;
    unsigned has;
} post_content;

typedef struct post_doc {
    post_str kind, number;
} post_doc;

typedef struct post_item {
    post_str item_id, service, office;
    post_direction direction;
    int64_t accepted_at; /* Unix seconds */
    post_party sender, recipient;
    post_content *contents; /* ncontents entries, owned by the parser */
    size_t ncontents;
    post_doc *docs; /* ndocs entries, owned by the parser */
    size_t ndocs;
    double weight_g, declared_value_vnd, cod_vnd;
    unsigned has; /* POST_HAS_WEIGHT, POST_HAS_VALUE, POST_HAS_COD */
    int plain;    /* 1: read from a line of valid UTF-8 without a backslash or
                     a control character, so no string of the item needs an
                     escape when written back as JSON */
} post_item;

typedef struct post_parser post_parser;

post_parser *post_parser_new(void);
void post_parser_free(post_parser *p);

/* Parse one line (writable; modified in place) into *out. line[len] must
 * be a NUL, as input_next gives it: the reader looks at that byte instead
 * of testing for the end before each one, and may write a NUL there for a
 * moment while it converts a number. Returns 0, or
 * CG_EINVAL with err->msg naming the field (or the byte column for broken
 * JSON) and the reason, without file or line (the caller adds them). The
 * item's strings point into line; its arrays belong to p and are valid
 * until the next call. */
int post_parse_line(post_parser *p, char *line, size_t len, post_item *out, cg_err *err);

/* Lines that are valid UTF-8 without a backslash or a control character
 * (nearly all) are read on a fast path that finds each string's end at the
 * next quote. With on = 0 every line takes the careful path, which checks
 * each string on its own; both give the same item or the same error (the
 * tests and the fuzz target compare them). On by default. */
void post_parser_set_fast(post_parser *p, int on);

/* For tests of the fast path on older processors: check lines at most
 * `bytes` (16, 32 or 64) at a time, 0 for the widest the processor has.
 * Returns the width that will be used (0: none, every line careful). */
int post_parser_set_width(post_parser *p, int bytes);

/* 1 when s is exactly the ASCII text t. */
int post_str_eq(post_str s, const char *t);

#endif
