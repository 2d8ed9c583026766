/* text.h: UTF-8 and the folding of Vietnamese text for matching.
 *
 * Vietnamese is written with and without diacritics, in precomposed or
 * decomposed Unicode, in any case; people searching and matching must meet
 * it whichever way it was typed. text_fold removes the difference (NFKD,
 * marks stripped, đ -> d, case folded), text_casefold keeps the diacritics
 * (NFC, case folded) for the stricter match that tells "ma tuý" from words
 * that only fold to the same letters. */
#ifndef CG_TEXT_H
#define CG_TEXT_H

#include "core/buf.h"

#include <stddef.h>

/* Length (1..4) of the valid UTF-8 sequence at s[0..n), or 0 if invalid
 * (overlong, surrogate, beyond U+10FFFF, truncated). n must be >= 1. */
size_t text_utf8_seq(const char *s, size_t n);

/* 1 when s[0..len) is entirely valid UTF-8. */
int text_utf8_valid(const char *s, size_t len);

/* Append to out the folded form of s: compatibility-decomposed, combining
 * marks removed, đ/Đ -> d, case folded, typographic dashes, quotes and
 * spaces lumped to ASCII. Invalid bytes are dropped; returns how many. */
size_t text_fold(const char *s, size_t len, buf *out);

/* Append to out s in NFC with case folded; diacritics kept. Invalid bytes
 * are dropped; returns how many. */
size_t text_casefold(const char *s, size_t len, buf *out);

#endif
