/* dict.h: the dictionary of prohibited and restricted goods, loaded from a
 * data file at start, and the matcher that finds its entries in what
 * senders write.
 *
 * File format (UTF-8, tab-separated, '#' starts a comment line):
 *   term  action  category  kind  basis  [flags]  [min_value_vnd]
 * action: hold | inspect | invoice (medicines: need an invoice) |
 *   type_approval (radio equipment coming in: needs type approval) |
 *   valuable (a declared value under min_value_vnd a unit is suspect) |
 *   vague (a description made only of such words is too vague) |
 *   filler (words that do not make a vague description precise) |
 *   papers (a description opening with it names documents or letters,
 *   which have no commercial value: "Hồ sơ nhập học", "Thư mời") |
 *   except (an innocent phrase: cancels the hits it covers) |
 *   negate (a context word: cancels every hit of the categories it names,
 *   ';'-separated, in the same description, e.g. "sách" for drugs in "sách
 *   về tác hại ma tuý").
 * A term "word &N cue|cue|#" counts only with one of its context words
 * (cues) in the same part of the description, at most N words (default 1)
 * between them, either side; "#" is a number ("đá & chỉ|tép": a slang
 * name of a drug with its measure; "usd & #": an amount; "pháo &
 * nổ|điện": "phao" without diacritics is a float, unless so described).
 * A cue written with other diacritics ("dài" for "đại") is no cue.
 * A term "hs:NNNN" matches declared HS codes starting with those digits.
 * flags: a = ambiguous once folded ("súng" / "bổ sung"): counts only when
 *   the sender's text has it with its diacritics; w = whole words only,
 *   never squashed ("matuy"); s = substring (CJK: no word boundaries);
 *   p = only as all of its part of a list, numbers and words of measure
 *   aside ("xăng", "Bánh kẹo; xăng 2 lít", not "lọc xăng"). */
#ifndef CG_POSTAL_DICT_H
#define CG_POSTAL_DICT_H

#include "core/cg.h"

#include <stddef.h>
#include <stdint.h>

typedef enum {
    POST_ACT_HOLD = 0,
    POST_ACT_INSPECT,
    POST_ACT_INVOICE,
    POST_ACT_TYPE_APPROVAL,
    POST_ACT_VALUABLE,
    POST_ACT_VAGUE,
    POST_ACT_FILLER,
    POST_ACT_PAPERS,
    POST_ACT_EXCEPT,
    POST_ACT_NEGATE,
    POST_ACT_CUE /* a context word of an entry written "term & cue|cue" (not in files alone) */
} post_action;

/* POST_F_CUE: the entry counts only next to one of its context words.
 * POST_F_LINE: an entry flagged 'a' that counts written without
 * diacritics too where it is all the description says. */
enum {
    POST_F_AMBIG = 1,
    POST_F_WORD = 2,
    POST_F_SUBSTR = 4,
    POST_F_CUE = 8,
    POST_F_PART = 16,
    POST_F_LINE = 32
};

typedef struct post_entry {
    char *term;     /* as written in the file, shown in reasons */
    char *category; /* Vietnamese label, shown in reasons */
    char *kind;     /* a DOMAIN.md code: postal.drugs, ... */
    char *basis;    /* the legal basis */
    post_action action;
    unsigned flags;
    double min_value_vnd;
    int cat;          /* category number (entries sharing a label share it) */
    uint64_t negmask; /* negate: the categories it cancels, as bits */
    int has_marks;    /* the term has diacritics */
    char *literal;    /* a word of the term the normaliser makes one letter ("aaa",
                         "xxx"): the folded text must hold it as written, or NULL */
    int foreign;      /* no diacritics, and a word that is no Vietnamese syllable
                         ("morphin"): marks a sender puts on it make no other word */
    char *exact;      /* exact form, " tok tok " */
    char *exact_sq;   /* the term written without spaces, in exact form, " toktok" */
    char *unacc;      /* the exact form of the term written without diacritics */
    char *unacc_sq;
    char *exact_d;    /* the exact form with đ written d ("dạn chì"), or NULL */
    char *exact_d_sq;
    size_t line;
    int cue_of;          /* POST_ACT_CUE: the entry it is a context word of */
    unsigned cue_window; /* POST_F_CUE: at most this many words between it and its cue */
    int cue_number;      /* POST_F_CUE: a number next to it is a cue ("usd & #") */
} post_entry;

typedef struct post_dict post_dict;

/* Load and compile the dictionary at path. Returns 0 and *out, or a
 * negative code with err as "FILE:LINE: reason" (a dictionary with a bad
 * line is refused whole: half a dictionary would pass contraband). */
int post_dict_load(const char *path, post_dict **out, cg_err *err);
/* The same from text in memory; name is used in messages. */
int post_dict_load_text(const char *name, const char *text, size_t len, post_dict **out,
                        cg_err *err);
void post_dict_free(post_dict *d);
size_t post_dict_count(const post_dict *d);
const post_entry *post_dict_entry(const post_dict *d, size_t i);

/* How sure a content hit is. */
typedef enum {
    POST_CONF_MISMATCH = 0, /* the letters match once folded, the diacritics differ */
    POST_CONF_UNACCENTED,   /* the sender wrote without diacritics */
    POST_CONF_EXACT         /* as in the dictionary, diacritics included */
} post_conf;

typedef struct post_finding {
    uint32_t entry;
    post_conf conf;
} post_finding;

typedef struct post_match_result {
    post_finding *f; /* n findings (one per entry), borrowed from the matcher */
    size_t n;
    int vague; /* the text says nothing but vague words */
    int empty; /* the text has no word at all */
    int said_by_pictures; /* the goods are only pictures ("🍄🍄 (hàng đẹp)", "💵💵💵") */
    int papers; /* the text names documents or letters ("Hồ sơ xin việc") */
} post_match_result;

typedef struct post_matcher post_matcher;

/* A matcher for one thread over d (borrowed; must outlive it). */
post_matcher *post_matcher_new(const post_dict *d);
void post_matcher_free(post_matcher *m);

/* Match one free-text description. Exceptions and negating context words
 * are applied, and each finding says how the sender wrote it (post_conf);
 * results of recent descriptions are cached per matcher. Returns 0 and r
 * (valid until the next call), or a negative code if the scan failed (err
 * says why). post_matcher_new returns NULL when Hyperscan cannot allocate
 * its scratch space. */
int post_match(post_matcher *m, const char *s, size_t len, post_match_result *r, cg_err *err);

/* Entries whose "hs:" prefix starts the HS code s[0..len) (digits; dots
 * and spaces ignored): their indexes appended to out (at most max);
 * returns how many. */
size_t post_match_hs(const post_dict *d, const char *s, size_t len, uint32_t *out, size_t max);

#endif
