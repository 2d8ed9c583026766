/* fuzz_postal_jsonl.c: the postal-jsonl item scanner on arbitrary bytes: it
 * must never read or write outside the line, and every string it returns
 * must lie inside the line and be valid UTF-8. Items read are then screened
 * (when the dictionary is found from the repository root) and their output
 * line must be valid UTF-8. The fast path for plain lines (its line check
 * 16, 32 or 64 bytes at a time, in turn) and the careful path must read the
 * same item, or fail with the same message. */
#include "core/buf.h"
#include "core/text.h"
#include "postal/item.h"
#include "postal/screen.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_str(post_str s, const char *line, size_t len)
{
    if (!s.p)
        return;
    if (s.p < line || s.p + s.len > line + len)
        abort();
    if (!text_utf8_valid(s.p, s.len))
        abort();
}

/* The same string at the same place of its own copy of the line. */
static void same_str(post_str a, const char *la, post_str b, const char *lb)
{
    if (!a.p != !b.p)
        abort();
    if (a.p && (a.len != b.len || a.p - la != b.p - lb || memcmp(a.p, b.p, a.len) != 0))
        abort();
}

static void same_party(const post_party *a, const char *la, const post_party *b, const char *lb)
{
    same_str(a->name, la, b->name, lb);
    same_str(a->id_number, la, b->id_number, lb);
    same_str(a->phone, la, b->phone, lb);
    same_str(a->address, la, b->address, lb);
    same_str(a->country, la, b->country, lb);
}

/* The fast path and the careful path read the same item. */
static void same_item(const post_item *a, const char *la, const post_item *b, const char *lb)
{
    same_str(a->item_id, la, b->item_id, lb);
    same_str(a->service, la, b->service, lb);
    same_str(a->office, la, b->office, lb);
    same_party(&a->sender, la, &b->sender, lb);
    same_party(&a->recipient, la, &b->recipient, lb);
    if (a->direction != b->direction || a->accepted_at != b->accepted_at || a->has != b->has ||
        a->ncontents != b->ncontents || a->ndocs != b->ndocs)
        abort();
    if (memcmp(&a->weight_g, &b->weight_g, sizeof a->weight_g) ||
        memcmp(&a->declared_value_vnd, &b->declared_value_vnd, sizeof(double)) ||
        memcmp(&a->cod_vnd, &b->cod_vnd, sizeof(double)))
        abort();
    for (size_t i = 0; i < a->ncontents; i++) {
        const post_content *x = &a->contents[i], *y = &b->contents[i];
        same_str(x->description, la, y->description, lb);
        same_str(x->hs_code, la, y->hs_code, lb);
        same_str(x->origin_country, la, y->origin_country, lb);
        if (x->has != y->has || memcmp(&x->quantity, &y->quantity, sizeof(double)) ||
            memcmp(&x->weight_g, &y->weight_g, sizeof(double)) ||
            memcmp(&x->value_vnd, &y->value_vnd, sizeof(double)))
            abort();
    }
    for (size_t i = 0; i < a->ndocs; i++) {
        same_str(a->docs[i].kind, la, b->docs[i].kind, lb);
        same_str(a->docs[i].number, la, b->docs[i].number, lb);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static post_parser *careful;
    static post_parser *p;
    static post_dict *dict;
    static post_config cfg;
    static post_screener *scr;
    if (!p) {
        cg_err e;
        p = post_parser_new();
        careful = post_parser_new();
        post_parser_set_fast(careful, 0);
        post_config_defaults(&cfg);
        if (post_dict_load("data/postal/dictionary.tsv", &dict, &e) == 0)
            scr = post_screener_new(dict, NULL, &cfg);
    }
    char *line = malloc(size + 1);
    memcpy(line, data, size);
    line[size] = '\0';
    /* The fast path's line check in turn at each width the processor has. */
    static const int widths[] = {0, 16, 32, 64};
    static unsigned turn;
    post_parser_set_width(p, widths[turn++ % 4]);
    char *line2 = malloc(size + 1);
    memcpy(line2, data, size);
    line2[size] = '\0';
    post_item it, it2;
    cg_err err = {0}, err2 = {0};
    int rc = post_parse_line(p, line, size, &it, &err);
    int rc2 = post_parse_line(careful, line2, size, &it2, &err2);
    if (rc != rc2 || strcmp(err.msg, err2.msg) != 0)
        abort();
    if (rc == 0)
        same_item(&it, line, &it2, line2);
    free(line2);
    if (rc == 0) {
        check_str(it.item_id, line, size);
        check_str(it.sender.name, line, size);
        check_str(it.recipient.address, line, size);
        for (size_t i = 0; i < it.ncontents; i++)
            check_str(it.contents[i].description, line, size);
        for (size_t i = 0; i < it.ndocs; i++)
            check_str(it.docs[i].kind, line, size);
        if (scr) {
            post_decision d;
            post_decision_init(&d);
            buf out = BUF_INIT;
            if (post_screen_item(scr, &it, &d, &err) != 0)
                abort();
            post_decision_json(&it, &d, &out);
            if (!text_utf8_valid(out.p, out.len) || d.score < 0 || d.score > 1)
                abort();
            buf_free(&out);
            post_decision_free(&d);
        }
    } else if (!err.msg[0]) {
        abort();
    }
    free(line);
    return 0;
}
