#!/usr/bin/env bash
# test_obfuscations.sh: every way of hiding a word that senders use, applied
# to prohibited goods of every class, alone and inside ordinary text: the
# term as written, spelled out with spaces, dots or dashes, Telex keystrokes
# typed without the input method, look-alike digits and symbols, zero-width
# spaces and soft hyphens inside words, doubled letters, mixed case. Every
# variant must be stopped. The variants are made by a fixed rule from the
# list below (no randomness), so a failure names the exact text.
set -u
[ -x "${CANHGAC:-}" ] || { echo "CANHGAC does not name the program"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

python3 - > "$dir/items.txt" <<'PY'
import unicodedata
terms = """ma túy đá|cần sa khô|heroin|kẹo lắc|thuốc lắc|súng ngắn|súng hơi|đạn chì|lựu đạn|pháo hoa
pháo nổ|thuốc nổ|kíp nổ|thuốc lá điện tử|tinh dầu vape|tiền mặt|ngoại tệ|tiền giả|hàng nhái
tài liệu phản động|truyền đơn|phim khiêu dâm|thiết bị phá sóng|trạm BTS giả|sừng tê giác|vảy tê tê
ngà voi|mật gấu|cao hổ cốt|dao găm|mã tấu|bình xịt hơi cay|dùi cui điện""".replace("\n", "|").split("|")
TONE = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
def telex(w):
    out = []
    for word in w.split(" "):
        tone, s = "", ""
        for ch in unicodedata.normalize("NFD", word):
            if ch in TONE: tone = TONE[ch]
            elif ch == "\u0302": s += s[-1]
            elif ch in "\u0306\u031b": s += "w"
            elif ch == "đ": s += "dd"
            else: s += ch
        out.append(s + tone)
    return " ".join(out)
def spaced(w, sep):
    return " ".join(sep.join(x) for x in w.split(" ")) if sep != " " else " ".join(w.replace(" ", ""))
LEET = {"a": "4", "e": "3", "o": "0", "i": "1", "s": "$"}
def leet(w):
    return "".join(LEET.get(c, c) if i % 2 == 0 else c for i, c in enumerate(w))
def inside(w, ch):
    return " ".join(x[:len(x) // 2] + ch + x[len(x) // 2:] if len(x) > 1 else x for x in w.split(" "))
def doubled(w):
    return "".join(c * 2 if c.isalpha() and i % 3 == 0 else c for i, c in enumerate(w))
def mixed(w):
    return "".join(c.upper() if i % 2 else c for i, c in enumerate(w))
ways = [lambda w: w, lambda w: spaced(w, " "), lambda w: spaced(w, "."), lambda w: spaced(w, "-"),
        telex, leet, lambda w: inside(w, "\u200b"), lambda w: inside(w, "\u00ad"), doubled, mixed,
        lambda w: w.upper()]
contexts = ["{}", "Áo thun nam + {}", "Gửi {} cho bạn", "{} (hàng test) 2 hộp"]
n = 0
for t in terms:
    for k, f in enumerate(ways):
        print(contexts[(n + k) % len(contexts)].format(f(t)))
    n += 1
PY

n=0
while IFS= read -r desc; do
  n=$((n + 1))
  d=${desc//\\/\\\\}
  d=${d//\"/\\\"}
  printf '{"item_id":"O%06d","direction":"domestic","accepted_at":%d,"sender":{"name":"Lê Văn Minh","phone":"09%08d","address":"%d Lê Lợi, TP Huế"},"recipient":{"name":"Phạm Thị Lan","phone":"03%08d","address":"7 Trần Phú, Đà Nẵng"},"contents":[{"description":"%s","quantity":1}],"weight_g":800,"declared_value_vnd":250000}\n' \
    "$n" $((1793577600 + n * 600)) "$n" "$n" "$n" "$d"
done < "$dir/items.txt" > "$dir/items.jsonl"
"$CANHGAC" postal screen --quiet "$dir/items.jsonl" > "$dir/out" || { echo "FAIL: screen failed"; exit 1; }
miss=$(paste -d'\t' "$dir/items.txt" "$dir/out" | grep '"decision":"accept"')
echo "$(grep -vc '"decision":"accept"' "$dir/out") of $(wc -l < "$dir/out") hidden words stopped"
[ -z "$miss" ] || { echo "FAIL: not stopped:"; echo "$miss" | cut -c1-160; exit 1; }
