/* norm.h: the text the matcher sees. Senders write the same word with or
 * without diacritics, in any case, decomposed or not, and some write it to
 * slip past a filter: "m@ t.u.ý", "C-Ầ-N S-A", "h3r0in", "tuyyyy". Two
 * steps undo that: a fast fold (exactly core's text_fold, table-driven for
 * the scripts postal items use) and a normaliser that splits tokens, maps
 * look-alike digits and symbols inside words to letters, collapses
 * repeated letters and joins letters spelled out one by one. */
#ifndef CG_POSTAL_NORM_H
#define CG_POSTAL_NORM_H

#include "core/buf.h"

#include <stddef.h>

/* Append the folded form of s[0..len) to out: byte for byte what
 * text_fold appends (invalid bytes dropped; returns how many), but with a
 * lookup table instead of a Unicode decomposition for every character. */
size_t post_fold(const char *s, size_t len, buf *out);

/* Append to out the normalised token string of folded text s[0..len):
 * " tok tok ... " (a space before and after every token), tokens made of
 * letters and digits, separators dropped. Leet inside words is mapped
 * (0 o, 1 i, 3 e, 4 a, 5 s, 7 t, @ a, $ s, ! i, | l) unless the token reads
 * as a quantity ("500g"); model codes ("k54") are mapped alike in the
 * dictionary and the text, so they still meet; runs of one repeated letter
 * become one; tokens of one letter in a row are joined ("c a n s
 * a" -> "cansa"), also when symbols of any kind stand between them
 * ("s^ú`n#g🔥 h~ơ+i" -> "sung hoi"; a symbol with a space ends the word);
 * a run so joined from letters spelled out with symbols, dots or dashes
 * is followed by the Vietnamese syllables it reads as ("k.e.o.l.a.c" ->
 * "keolac keo lac"). Teencode is read when the token then is a
 * Vietnamese syllable ("tjen" tien, "zao" dao, "hơj" hơi), and a short
 * number among words written with look-alike digits is one too ("h47
 * 9i0ng c4n 54"). */
void post_normalize(const char *s, size_t len, buf *out);

/* The same for folded text whose raw text has diacritics (marked, see
 * post_has_marks): there a run of eight letters or more spelled out with
 * spaces is read as syllables too ("t r à s ữ a t r ộ n m a t ú y"), as
 * post_exact reads the raw text. */
void post_normalize_marked(const char *s, size_t len, int marked, buf *out);

/* Append to out the exact form of raw (unfolded) text s[0..len): case
 * folded and decomposed with diacritics kept, normalised as above, and in
 * each token the tone marks moved to its end, so that the old and the new
 * tone placement ("tuý" / "túy", "hoà" / "hòa") give the same form while
 * "súng" and "sung" stay apart. Invalid bytes are dropped. */
void post_exact(const char *s, size_t len, buf *out);

/* 1 when s[0..len) has a letter with a diacritic (or đ): the sender wrote
 * Vietnamese with its marks. */
int post_has_marks(const char *s, size_t len);

/* Append to out the text s[0..len) with every token that is a Vietnamese
 * syllable typed as Telex keystrokes without the input method ("mas",
 * "tuys", "ddas", "sungs", "ngawns") decoded ("má", "tuý", "đá", "súng",
 * "ngắn", decomposed), other bytes as they are. Returns how many tokens
 * were decoded; when none, nothing is appended. */
size_t post_telex(const char *s, size_t len, buf *out);

/* post_telex reads VNI ("ma tu1y d9a1", and d9 alone, the đ after an
 * amount: "500.000d9") and VIQR ("ma tu'y dda'") tokens too. Here *signed_tokens (may be NULL) also gets how many of the decoded
 * tokens were typed so, with digits or signs, or 0 when some other token
 * has digits or signs among its letters that are no syllable ("m4t",
 * "iphone15"): a text typed in VNI or VIQR through and through has
 * digits inside words that are no look-alikes. */
size_t post_telex_keys(const char *s, size_t len, buf *out, size_t *signed_tokens);

/* Append to out the raw text s[0..len) with a space between the words a
 * sender ran together in a token that has letters with diacritics:
 * between the Vietnamese syllables it reads as ("sữabộtgiả" -> "sữa bột
 * giả"), and where it changes from syllables to digits or to a word of
 * another case ("thuốcláđiếuJet", "còngsố8"), but not inside an amount
 * or a code ("500k", "K54"). Returns how many spaces were put; when none,
 * nothing is appended. */
size_t post_unglue(const char *s, size_t len, buf *out);

/* 1 when raw text s[0..len) hides a word on purpose: zero-width
 * characters or soft hyphens inside a word, look-alike digits or symbols
 * between letters ("ph@o", "m1n"), letters written full-width ("ｐｈｉｍ"),
 * or three or more letters in a row written one by one ("s u n g",
 * "m.i.n"). */
int post_obfuscated(const char *s, size_t len);

/* The code point at s[i] (i < len) and its length in bytes in *n; an
 * invalid byte is U+FFFD, one byte long. */
unsigned post_cp_at(const char *s, size_t len, size_t i, size_t *n);

/* 1 for a character that shows nothing (zero-width space and joiners,
 * soft hyphen, combining grapheme joiner, word joiner, byte order mark,
 * Hangul fillers): slipped inside a word, it splits nothing. */
int post_invisible(unsigned cp);

/* 1 for punctuation, a sign or a picture outside ASCII ("•", "【", "×",
 * "🔥"): where the normaliser ends a word. */
int post_symbol(unsigned cp);

/* Append to out the text s[0..len) with its HTML character references
 * decoded ("h&#224;ng" -> "hàng", "&amp;" -> "&"): descriptions copied out
 * of web shops' exports keep them. Numeric references to controls or
 * past Unicode, and names outside Latin-1 and common punctuation, stay as
 * written. Returns how many were decoded; when none, nothing is appended. */
size_t post_html_decode(const char *s, size_t len, buf *out);

#endif
