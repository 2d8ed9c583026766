/* fuzz_fold.c: text folding and the obfuscation normaliser on arbitrary
 * bytes. The fast fold must give exactly what core's text_fold gives; the
 * normalised and exact forms must be valid UTF-8 framed by spaces; the
 * Telex reading of valid text must stay valid and append nothing when it
 * decodes nothing (Telex, VNI and VIQR alike); taking glued words apart
 * only adds spaces; the test for hidden words
 * must not fail; the normalised text grows only boundedly (a word spelled
 * out is followed by its syllables); the matcher (when the dictionary is
 * found from the repository root) must not fail or read out of bounds, and
 * a context word (cue) is never a finding of its own. */
#include "core/buf.h"
#include "core/text.h"
#include "postal/dict.h"
#include "postal/norm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_framed(const buf *b)
{
    if (b->len < 1 || b->p[0] != ' ' || b->p[b->len - 1] != ' ')
        abort();
    if (!text_utf8_valid(b->p, b->len))
        abort();
    if (b->len >= 2 && strstr(b->p, "  "))
        abort(); /* tokens are separated by exactly one space */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static post_dict *dict;
    static post_matcher *m;
    static int tried;
    if (!tried) {
        tried = 1;
        cg_err err;
        if (post_dict_load("data/postal/dictionary.tsv", &dict, &err) == 0)
            m = post_matcher_new(dict);
    }
    const char *s = (const char *)data;
    buf a = BUF_INIT, b = BUF_INIT, n = BUF_INIT, e = BUF_INIT;
    size_t bad_a = post_fold(s, size, &a);
    size_t bad_b = text_fold(s, size, &b);
    if (bad_a != bad_b || a.len != b.len || (a.len && memcmp(a.p, b.p, a.len) != 0))
        abort();
    post_normalize(buf_cstr(&a), a.len, &n);
    check_framed(&n);
    post_exact(s, size, &e);
    check_framed(&e);
    /* Bounded growth: "$5" becomes " usd 5", a word spelled out letter by
     * letter is followed by its syllables; nothing grows more. */
    if (n.len > 6 * a.len + 8 || e.len > 6 * size + 8)
        abort();
    buf t = BUF_INIT, tn = BUF_INIT;
    size_t decoded = post_telex(s, size, &t);
    if (!decoded && t.len)
        abort();
    if (decoded && text_utf8_valid(s, size)) {
        if (!text_utf8_valid(t.p, t.len))
            abort();
        buf tf = BUF_INIT;
        post_fold(t.p, t.len, &tf);
        post_normalize(buf_cstr(&tf), tf.len, &tn);
        check_framed(&tn);
        buf_free(&tf);
    }
    (void)post_obfuscated(s, size);
    (void)post_has_marks(s, size);
    /* A reference is never shorter than what it stands for, and decoding
     * keeps valid text valid. */
    buf h = BUF_INIT;
    size_t refs = post_html_decode(s, size, &h);
    if ((!refs && h.len) || h.len > size ||
        (refs && text_utf8_valid(s, size) && !text_utf8_valid(h.p, h.len)))
        abort();
    buf_free(&h);
    /* Taking glued words apart only adds spaces: the text without them is
     * the text as written. */
    buf g = BUF_INIT;
    size_t spaces = post_unglue(s, size, &g);
    if (!spaces && g.len)
        abort();
    if (spaces) {
        if (g.len != size + spaces)
            abort();
        size_t j = 0;
        for (size_t i = 0; i < g.len; i++)
            if (j < size && g.p[i] == s[j])
                j++;
            else if (g.p[i] != ' ')
                abort();
        if (j != size)
            abort();
    }
    buf_free(&g);
    buf_free(&t);
    buf_free(&tn);
    if (m) {
        post_match_result r;
        cg_err err;
        if (post_match(m, s, size, &r, &err) != 0)
            abort();
        for (size_t i = 0; i < r.n; i++)
            if (r.f[i].entry >= post_dict_count(dict) ||
                post_dict_entry(dict, r.f[i].entry)->action == POST_ACT_CUE)
                abort(); /* a context word is never a finding of its own */
    }
    buf_free(&a);
    buf_free(&b);
    buf_free(&n);
    buf_free(&e);
    return 0;
}
