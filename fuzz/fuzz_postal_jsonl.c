/* fuzz_postal_jsonl.c: the postal-jsonl item scanner on arbitrary bytes: it
 * must never read or write outside the line, and every string it returns
 * must lie inside the line and be valid UTF-8. Items read are then screened
 * (when the dictionary is found from the repository root) and their output
 * line must be valid UTF-8. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static post_parser *p;
    static post_dict *dict;
    static post_config cfg;
    static post_screener *scr;
    if (!p) {
        cg_err e;
        p = post_parser_new();
        post_config_defaults(&cfg);
        if (post_dict_load("data/postal/dictionary.tsv", &dict, &e) == 0)
            scr = post_screener_new(dict, NULL, &cfg);
    }
    char *line = malloc(size + 1);
    memcpy(line, data, size);
    line[size] = '\0';
    post_item it;
    cg_err err = {0};
    if (post_parse_line(p, line, size, &it, &err) == 0) {
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
