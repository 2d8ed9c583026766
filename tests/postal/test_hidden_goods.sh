#!/usr/bin/env bash
# Contraband listed after ordinary goods is not excused by the words that
# excuse the ordinary goods ("đồ chơi", "sách"), while those words still
# excuse what they speak of; a thing shaped like a gun is not a gun.
set -u
[ -x "${CANHGAC:-}" ] || { echo "CANHGAC does not name the program"; exit 1; }
item() { printf '{"item_id":"EE123456785VN","direction":"domestic","accepted_at":"2026-11-02T09:14:00","sender":{"name":"Nguyễn Văn A","phone":"0912345678","address":"12 Lê Lợi, Mỹ Tho"},"recipient":{"name":"Trần Thị B","phone":"0987654321","address":"45 Trần Phú, Cà Mau"},"contents":[{"description":"%s","quantity":1,"value_vnd":200000,"weight_g":500}],"weight_g":600,"declared_value_vnd":200000}\n' "$1"; }
out=$( { item "Đồ chơi lego xếp hình kèm tiền mặt"; item "Sách giáo khoa lớp 5 kèm tài liệu phản động";
         item "Sách về tác hại của ma túy"; item "Vỏ ốp điện thoại hình súng"; item "Áo dài lụa và shisha điện tử"; } |
       "$CANHGAC" postal screen --quiet - )
want="hold hold accept accept hold"
got=$(echo "$out" | python3 -c 'import json, sys; print(" ".join(json.loads(l)["decision"] for l in sys.stdin))')
[ "$got" = "$want" ] || { echo "FAIL: decisions '$got', want '$want'"; echo "$out"; exit 1; }
echo "ok   hidden goods held, excused goods accepted"
