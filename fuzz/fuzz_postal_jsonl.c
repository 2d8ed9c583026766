/* fuzz_postal_jsonl.c: the postal-jsonl item scanner on arbitrary bytes: it
 * must never read or write outside the line, and every string it returns
 * must lie inside the line and be valid UTF-8. */
#include "core/text.h"
#include "postal/item.h"

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
    if (!p)
        p = post_parser_new();
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
    } else if (!err.msg[0]) {
        abort();
    }
    free(line);
    return 0;
}
