/* gen.c: realistic postal items with ground truth, for evaluation and
 * benchmarks. */
#include "postal/gen.h"

#include "core/cg.h"
#include "postal/ident.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

typedef struct goods {
    const char *desc;
    int vmin, vmax; /* thousand VND a unit */
    int wmin, wmax; /* grams a unit */
    const char *hs;
} goods;

/* Everyday goods sold online in Vietnam. */
static const goods clean_goods[] = {
    {"Áo thun nam cotton", 80, 350, 150, 300, "610910"},
    {"Áo sơ mi nữ công sở", 150, 500, 150, 300, "620630"},
    {"Quần jean nữ ống rộng", 200, 600, 400, 700, "620462"},
    {"Váy liền thân dáng xoè", 200, 700, 250, 500, "620442"},
    {"Áo khoác gió chống nước", 250, 900, 400, 800, "620193"},
    {"Đầm maxi đi biển", 180, 450, 250, 400, "620443"},
    {"Bộ đồ ngủ lụa", 150, 400, 200, 350, "620821"},
    {"Son môi 3CE màu đỏ cam", 250, 450, 30, 80, "330410"},
    {"Kem chống nắng Anessa 60ml", 350, 600, 80, 120, "330499"},
    {"Sữa rửa mặt Cerave 236ml", 250, 450, 250, 350, "330499"},
    {"Nước hoa nữ 50ml", 500, 3000, 200, 400, "330300"},
    {"Mặt nạ giấy dưỡng ẩm (hộp 10 miếng)", 100, 300, 200, 300, "330499"},
    {"Serum vitamin C", 200, 800, 80, 150, "330499"},
    {"Dầu gội thảo dược", 80, 250, 400, 700, "330510"},
    {"Sữa tắm hương hoa hồng", 90, 250, 500, 900, "340130"},
    {"Giày thể thao nam", 300, 2000, 600, 1000, "640411"},
    {"Dép quai hậu nữ", 80, 300, 300, 500, "640299"},
    {"Túi xách nữ da PU", 200, 900, 400, 800, "420222"},
    {"Balo laptop 15.6 inch", 250, 800, 600, 1000, "420292"},
    {"Ví da nam", 150, 600, 100, 200, "420231"},
    {"Thắt lưng da bò", 150, 500, 200, 300, "420330"},
    {"Kính mát thời trang", 100, 500, 50, 120, "900410"},
    {"Đồng hồ Casio nam", 800, 3000, 100, 200, "910211"},
    {"Sách Đắc nhân tâm", 80, 150, 300, 450, "490199"},
    {"Sách giáo khoa lớp 5", 15, 40, 150, 300, "490199"},
    {"Truyện tranh Doraemon tập 12", 20, 30, 100, 150, "490300"},
    {"Tiểu thuyết Nhà giả kim", 70, 120, 250, 400, "490199"},
    {"Bộ Lego Classic 500 chi tiết", 500, 1500, 700, 1200, "950300"},
    {"Gấu bông Teddy 60cm", 150, 400, 400, 800, "950341"},
    {"Xe ô tô đồ chơi điều khiển", 200, 600, 500, 900, "950300"},
    {"Búp bê Barbie", 150, 500, 300, 500, "950300"},
    {"Đồ chơi xếp hình gỗ cho bé", 100, 300, 400, 800, "950300"},
    {"Tai nghe có dây Sony", 200, 800, 50, 150, "851830"},
    {"Ốp lưng điện thoại iPhone 15", 50, 200, 30, 60, "392690"},
    {"Cáp sạc Type-C 1m", 40, 150, 40, 80, "854442"},
    {"Kính cường lực Samsung A54", 30, 100, 20, 40, "700719"},
    {"Bàn phím cơ gaming", 500, 2000, 800, 1200, "847160"},
    {"Nồi chiên không dầu 5 lít", 1000, 2500, 4000, 5500, "851679"},
    {"Máy xay sinh tố", 400, 1200, 2000, 3500, "850940"},
    {"Chảo chống dính 26cm", 150, 500, 700, 1200, "732393"},
    {"Bộ dao nhà bếp 5 món", 200, 700, 800, 1500, "821191"},
    {"Hộp cơm giữ nhiệt", 100, 300, 500, 800, "392410"},
    {"Cà phê Trung Nguyên 500g", 100, 250, 500, 600, "090121"},
    {"Trà ô long Bảo Lộc", 150, 400, 250, 500, "090230"},
    {"Bánh pía Sóc Trăng", 60, 150, 400, 600, "190590"},
    {"Kẹo dừa Bến Tre", 40, 100, 300, 500, "170490"},
    {"Hạt điều rang muối 500g", 150, 300, 500, 600, "080132"},
    {"Khô gà lá chanh", 80, 200, 200, 500, "160232"},
    {"Mật ong rừng 1 lít", 200, 500, 1300, 1600, "040900"},
    {"Sữa bột Meiji số 9", 400, 700, 800, 900, "190110"},
    {"Tã bỉm Bobby size M", 250, 400, 1500, 2500, "961900"},
    {"Khẩu trang y tế 4 lớp (hộp 50 cái)", 40, 100, 200, 300, "630790"},
    {"Vỏ gối cotton", 50, 150, 150, 300, "630231"},
    {"Bộ chăn ga gối", 400, 1500, 2000, 4000, "630231"},
    {"Rèm cửa chống nắng", 200, 800, 1500, 3000, "630391"},
    {"Đèn ngủ để bàn", 150, 500, 400, 800, "940520"},
    {"Bút bi Thiên Long (hộp 20 cây)", 60, 100, 200, 300, "960810"},
    {"Vở ô li 96 trang", 10, 20, 150, 200, "482020"},
    {"Cây sen đá mini", 30, 100, 200, 500, "060290"},
    {"Hạt giống rau cải", 10, 30, 20, 50, "120991"},
    {"Thức ăn cho mèo 1.5kg", 150, 350, 1500, 1700, "230910"},
    {"Cát vệ sinh cho mèo", 80, 200, 4000, 5000, "250810"},
    {"Mũ bảo hiểm nửa đầu", 150, 500, 500, 800, "650610"},
    {"Áo mưa bộ", 100, 300, 500, 800, "392620"},
    {"Ô dù gấp gọn", 80, 250, 300, 500, "660191"},
    {"Bàn chải đánh răng điện", 300, 1500, 200, 400, "850980"},
    {"Máy sấy tóc", 200, 800, 500, 900, "851631"},
    {"Phụ tùng xe máy Honda Wave: má phanh", 80, 300, 200, 500, "871410"},
    {"Vitamin tổng hợp cho người lớn", 200, 600, 150, 300, "210690"},
    {"Nước mắm Phú Quốc 500ml", 60, 150, 700, 900, "210390"},
    {"Men's cotton T-shirt", 150, 400, 150, 300, "610910"},
    {"Children's books", 100, 300, 300, 800, "490199"},
    {"Lipstick", 200, 500, 30, 80, "330410"},
    {"Running shoes", 800, 2500, 700, 1100, "640411"},
};

/* Clean items that a careless filter would stop. */
static const goods lookalikes[] = {
    {"Súng nước đồ chơi cho bé", 50, 150, 200, 400, "950300"},
    {"Súng bắn keo nến 20W", 60, 150, 200, 300, "851580"},
    {"Súng massage cầm tay 6 đầu", 400, 1200, 800, 1200, "901910"},
    {"Dao cạo râu Gillette", 50, 200, 50, 100, "821210"},
    {"Sách: Tác hại của ma tuý đối với thanh thiếu niên", 40, 90, 200, 300, "490199"},
    {"Tờ rơi tuyên truyền phòng, chống ma tuý", 10, 50, 100, 500, "491110"},
    {"Tiền âm phủ, vàng mã các loại", 20, 100, 200, 600, "482390"},
    {"Pháo giấy trang trí sinh nhật", 30, 100, 100, 300, "950590"},
    {"Viên uống bổ sung canxi", 200, 500, 100, 200, "210690"},
    {"Máy bơm nước mini", 150, 400, 500, 1000, "841370"},
    {"Băng dán cá nhân (hộp 100 miếng)", 30, 60, 50, 100, "300510"},
    {"Mô hình súng đồ chơi bằng gỗ", 100, 300, 300, 600, "950300"},
    {"Hộp đàn guitar", 300, 700, 1500, 2500, "420292"},
    {"Kẹo lạc Nam Định", 30, 80, 300, 500, "170490"},
    {"Hàng giá rẻ: khăn mặt cotton", 20, 50, 100, 200, "630260"},
    {"Cà phê culi rang xay", 100, 250, 500, 600, "090121"},
    {"Tinh dầu sả chanh 50ml", 50, 150, 80, 120, "330129"},
    {"Ốp lưng Samsung Galaxy S24", 50, 200, 30, 60, "392690"},
    {"Đèn pháo hoa LED trang trí", 80, 250, 300, 600, "940540"},
    {"Bom tắm bath bomb hương oải hương", 30, 80, 100, 200, "340130"},
    {"Đổi mới bếp: bộ nồi inox", 500, 1500, 3000, 5000, "732393"},
    {"Que thử ma tuý nhanh (hộp 10 que)", 100, 300, 50, 150, "382200"},
    {"Kiếm gỗ tập võ", 100, 300, 300, 600, "950300"},
    {"Glue gun with 10 sticks", 100, 200, 200, 300, "851580"},
    {"Sổ tay bullet journal", 50, 150, 200, 400, "482010"},
    {"Máy xông tinh dầu", 200, 500, 300, 600, "850970"},
};

typedef struct bad {
    const char *desc;
    const char *cls;
} bad;

/* What must be stopped, as senders name it. */
static const bad contraband[] = {
    {"ma tuý đá", "drugs"},
    {"Ma túy tổng hợp", "drugs"},
    {"heroin", "drugs"},
    {"cần sa khô", "drugs"},
    {"thuốc lắc", "drugs"},
    {"ketamine", "drugs"},
    {"cocaine", "drugs"},
    {"hồng phiến", "drugs"},
    {"thuốc phiện", "drugs"},
    {"冰毒", "drugs"},
    {"súng ngắn K54", "weapons"},
    {"súng hơi PCP", "weapons"},
    {"đạn súng hơi", "weapons"},
    {"dao găm", "weapons"},
    {"mã tấu", "weapons"},
    {"súng quân dụng", "weapons"},
    {"bình xịt hơi cay", "weapons"},
    {"dùi cui điện", "weapons"},
    {"thuốc nổ", "explosives"},
    {"kíp nổ", "explosives"},
    {"pháo hoa nổ", "explosives"},
    {"pháo bi", "explosives"},
    {"sừng tê giác", "wildlife"},
    {"ngà voi", "wildlife"},
    {"vảy tê tê", "wildlife"},
    {"rhino horn", "wildlife"},
    {"tiền mặt", "cash"},
    {"đô la Mỹ", "cash"},
    {"tài liệu phản động", "reactionary"},
    {"truyền đơn", "reactionary"},
    {"phim sex", "depraved"},
    {"văn hoá phẩm đồi truỵ", "depraved"},
    {"hàng fake", "counterfeit"},
    {"hàng nhái thương hiệu", "counterfeit"},
    {"thuốc lá điện tử", "ecig"},
    {"tinh dầu vape", "ecig"},
};

/* How a sender wraps a prohibited thing in a declaration. */
static const char *wraps[] = {
    "%s",          "%s 50g",    "1 gói %s", "%s (hàng xách tay)", "Quà tặng: %s",
    "Áo thun, %s", "%s loại 1", "Hộp %s",   "%s - giao nhanh",    "bánh kẹo + %s"};

static const char *vague_desc[] = {
    "Hàng mẫu", "Quà tặng", "Phụ tùng", "Đồ dùng cá nhân", "quà",
    "Gift",     "Samples",  "Hàng hoá", "Personal items",  "Quà biếu người thân"};

static const char *medicines[] = {"Thuốc kháng sinh Augmentin", "Thuốc giảm đau Panadol",
                                  "Thuốc huyết áp", "Thuốc tây các loại", "Thuốc bắc gia truyền"};

static const char *phones[] = {"Điện thoại iPhone 15 Pro Max", "Điện thoại Samsung Galaxy S24",
                               "Bộ đàm Motorola", "Router wifi TP-Link",
                               "Smartphone Xiaomi Redmi Note 13"};

static const char *surnames[] = {"Nguyễn", "Trần", "Lê",  "Phạm", "Hoàng", "Huỳnh", "Phan",  "Vũ",
                                 "Võ",     "Đặng", "Bùi", "Đỗ",   "Hồ",    "Ngô",   "Dương", "Lý"};
static const char *middles[] = {"Văn",  "Thị",   "Hữu",  "Đức", "Minh",
                                "Ngọc", "Thanh", "Quốc", "Thu", "Gia"};
static const char *givens[] = {"An",   "Bình",  "Chi",  "Dũng", "Hà",    "Hải",  "Hạnh", "Hùng",
                               "Lan",  "Linh",  "Mai",  "Nam",  "Phong", "Quân", "Sơn",  "Tâm",
                               "Thảo", "Trang", "Tuấn", "Vy",   "Yến",   "Khoa", "Long", "Nhung"};
static const char *streets[] = {"Lê Lợi",          "Trần Hưng Đạo", "Nguyễn Huệ",  "Hai Bà Trưng",
                                "Lý Thường Kiệt",  "Trần Phú",      "Quang Trung", "Nguyễn Trãi",
                                "Phan Đình Phùng", "Điện Biên Phủ", "Hùng Vương",  "Lê Duẩn"};
static const struct {
    const char *place;
    int code;
} places[] = {
    {"Quận 1, TP Hồ Chí Minh", 79}, {"Quận Cầu Giấy, Hà Nội", 1},
    {"TP Mỹ Tho, Tiền Giang", 82},  {"TP Cà Mau, Cà Mau", 96},
    {"Quận Hải Châu, Đà Nẵng", 48}, {"TP Thanh Hoá, Thanh Hoá", 38},
    {"TP Vinh, Nghệ An", 40},       {"Quận Ninh Kiều, Cần Thơ", 92},
    {"TP Huế, Thừa Thiên Huế", 46}, {"TP Hạ Long, Quảng Ninh", 22},
    {"TP Biên Hoà, Đồng Nai", 75},  {"TP Thủ Dầu Một, Bình Dương", 74},
};
static const struct {
    const char *cc, *name, *city, *phone;
} abroad[] = {
    {"CN", "Zhang Wei", "Guangzhou, Guangdong", "+8613800138000"},
    {"US", "John Smith", "San Jose, CA", "+14085551234"},
    {"KR", "Kim Min-jun", "Seoul", "+821012345678"},
    {"JP", "Sato Haruto", "Osaka", "+819012345678"},
    {"TW", "Chen Mei-ling", "Taipei", "+886912345678"},
    {"DE", "Anna Müller", "Berlin", "+4915112345678"},
    {"AU", "Liam Brown", "Sydney NSW", "+61412345678"},
};

typedef struct person {
    char name[96], id[16], phone[24], addr[160];
} person;

struct post_gen {
    uint64_t s;
    post_gen_opts o;
    int64_t t;
    uint64_t n;
    person watch[16];
    size_t nwatch;
    person burst_sender;
    int burst_left;
};

static uint64_t rnd(post_gen *g)
{
    /* splitmix64 */
    uint64_t z = (g->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t below(post_gen *g, uint64_t n)
{
    return n ? rnd(g) % n : 0;
}

static double unit(post_gen *g)
{
    return (double)(rnd(g) >> 11) / 9007199254740992.0;
}

static int range(post_gen *g, int lo, int hi)
{
    return lo + (int)below(g, (uint64_t)(hi - lo + 1));
}

#define PICK(g, a) ((a)[below((g), N(a))])

const char *post_truth_name(post_truth t)
{
    return t == POST_TRUTH_HOLD ? "hold" : t == POST_TRUTH_INSPECT ? "inspect" : "clean";
}

void post_gen_defaults(post_gen_opts *o)
{
    o->seed = 1;
    o->hold_rate = 0.05;
    o->inspect_rate = 0.04;
    o->lookalike_rate = 0.05;
}

static void make_person(post_gen *g, person *p)
{
    snprintf(p->name, sizeof p->name, "%s %s %s", PICK(g, surnames), PICK(g, middles),
             PICK(g, givens));
    size_t pl = below(g, N(places));
    int year = range(g, 1950, 2006);
    int cg = (year >= 2000 ? 2 : 0) + (int)below(g, 2);
    snprintf(p->id, sizeof p->id, "%03d%d%02d%06u", places[pl].code, cg, year % 100,
             (unsigned)below(g, 1000000));
    static const char *pre[] = {"090", "091", "093", "094", "096", "097", "098", "086",
                                "032", "035", "038", "070", "077", "081", "085"};
    snprintf(p->phone, sizeof p->phone, "%s%07u", PICK(g, pre), (unsigned)below(g, 10000000));
    snprintf(p->addr, sizeof p->addr, "%d %s, Phường %d, %s", range(g, 1, 300), PICK(g, streets),
             range(g, 1, 15), places[pl].place);
}

/* A person who shares no phone or ID number with the watch list: the truth
 * says clean, so the data must not say otherwise by chance. */
static void fresh_person(post_gen *g, person *p)
{
    for (;;) {
        make_person(g, p);
        int clash = 0;
        for (size_t i = 0; i < g->nwatch && !clash; i++)
            clash = strcmp(p->phone, g->watch[i].phone) == 0 || strcmp(p->id, g->watch[i].id) == 0;
        if (!clash)
            return;
    }
}

post_gen *post_gen_new(const post_gen_opts *o)
{
    post_gen *g = cg_calloc(1, sizeof *g);
    g->o = *o;
    g->s = o->seed * 0x2545f4914f6cdd1dULL + 1;
    g->t = 1793577600; /* 2026-11-02 07:00 +07:00 */
    g->nwatch = N(g->watch);
    for (size_t i = 0; i < g->nwatch; i++) {
        make_person(g, &g->watch[i]);
        /* An address in an alley no random person lives in. */
        snprintf(g->watch[i].addr, sizeof g->watch[i].addr, "Kiệt %zu/%d %s, %s", 900 + i,
                 range(g, 1, 99), PICK(g, streets), places[below(g, N(places))].place);
    }
    return g;
}

void post_gen_free(post_gen *g)
{
    free(g);
}

void post_gen_watchlist(post_gen *g, buf *out)
{
    buf_puts(out, "kind,value,note\n");
    for (size_t i = 0; i < g->nwatch; i++) {
        const person *p = &g->watch[i];
        switch (i % 3) {
        case 0:
            buf_printf(out, "id_number,%s,Vụ việc #%zu: đối tượng gửi ma tuý\n", p->id, 100 + i);
            break;
        case 1:
            buf_printf(out, "phone,%s,Vụ việc #%zu: đường dây hàng cấm\n", p->phone, 100 + i);
            break;
        default:
            buf_printf(out, "address,\"%s\",Vụ việc #%zu: địa chỉ tập kết\n", p->addr, 100 + i);
        }
    }
}

static void s10(post_gen *g, char out[14], const char *cc)
{
    static const char first[] = "ECRLVU";
    out[0] = first[below(g, 6)];
    out[1] = (char)('A' + below(g, 26));
    for (int i = 0; i < 8; i++)
        out[2 + i] = (char)('0' + below(g, 10));
    out[10] = (char)('0' + post_s10_check_digit(out + 2));
    out[11] = cc[0];
    out[12] = cc[1];
    out[13] = '\0';
}

/* Obfuscate a contraband name the way a sender hiding it would. */
static void obfuscate(post_gen *g, const char *s, buf *out)
{
    int how = (int)below(g, 11);
    size_t len = strlen(s);
    switch (how) {
    case 0: /* as written */ buf_puts(out, s); return;
    case 1: { /* no diacritics */
        utf8proc_uint8_t *m = NULL;
        utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &m,
                                          UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
        if (r > 0) {
            for (utf8proc_ssize_t i = 0; i < r; i++) {
                /* đ has no mark to strip */
                if (i + 1 < r && m[i] == 0xc4 && (m[i + 1] == 0x91 || m[i + 1] == 0x90)) {
                    buf_putc(out, m[i + 1] == 0x91 ? 'd' : 'D');
                    i++;
                } else {
                    buf_putc(out, (char)m[i]);
                }
            }
        } else {
            buf_puts(out, s);
        }
        free(m);
        return;
    }
    case 2: { /* decomposed Unicode, upper case */
        utf8proc_uint8_t *m = NULL;
        utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &m,
                                          UTF8PROC_DECOMPOSE);
        for (utf8proc_ssize_t i = 0; i < r; i++) {
            char c = (char)m[i];
            buf_putc(out, c >= 'a' && c <= 'z' ? (char)(c - 32) : c);
        }
        free(m);
        if (r <= 0)
            buf_puts(out, s);
        return;
    }
    case 9:    /* an invisible zero-width space slipped after some letters */
    case 10: { /* Cyrillic look-alikes for some Latin letters */
        static const char *cyr[] = {"\xd0\xb0", "\xd0\xbe", "\xd0\xb5", "\xd1\x81"};
        static const char lat[] = "aoec";
        for (size_t i = 0; i < len; i++) {
            const char *p = how == 10 && s[i] ? strchr(lat, s[i]) : NULL;
            if (p && below(g, 2))
                buf_puts(out, cyr[p - lat]);
            else
                buf_putc(out, s[i]);
            /* after a whole character, never inside a UTF-8 sequence */
            int ends = i + 1 < len && ((unsigned char)s[i + 1] & 0xc0) != 0x80;
            if (how == 9 && ends && s[i] != ' ' && s[i + 1] != ' ' && below(g, 3) == 0)
                buf_puts(out, "\xe2\x80\x8b");
        }
        return;
    }
    default: break;
    }
    /* Letter by letter: dots, spaces, dashes, leet, repeats, mixed case. */
    for (size_t i = 0; i < len;) {
        size_t n = 1;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0xf0)
            n = 4;
        else if (c >= 0xe0)
            n = 3;
        else if (c >= 0xc0)
            n = 2;
        if (i + n > len)
            n = len - i;
        int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
        if (how == 3 && letter) {
            static const char leet_from[] = "aoie", leet_to[] = "@013";
            const char *p = c < 0x80 ? strchr(leet_from, c) : NULL;
            if (p && below(g, 2))
                buf_putc(out, leet_to[p - leet_from]);
            else
                buf_append(out, s + i, n);
        } else if (how == 4 && letter) {
            buf_append(out, s + i, n);
            if (below(g, 3) == 0)
                buf_append(out, s + i, n);
        } else if (how == 5 && letter && c < 0x80) {
            buf_putc(out, below(g, 2) ? (char)(c & ~0x20) : (char)c);
        } else {
            buf_append(out, s + i, n);
        }
        i += n;
        if (how >= 6 && letter && i < len && s[i] != ' ') {
            static const char seps[] = {'.', ' ', '-'};
            buf_putc(out, seps[how - 6]);
        }
    }
}

static void party_json(buf *out, const char *key, const char *name, const char *id,
                       const char *phone, const char *addr, const char *cc)
{
    buf_printf(out, "\"%s\":{\"name\":", key);
    buf_json_str(out, name, strlen(name));
    if (id) {
        buf_puts(out, ",\"id_number\":");
        buf_json_str(out, id, strlen(id));
    }
    buf_puts(out, ",\"phone\":");
    buf_json_str(out, phone, strlen(phone));
    buf_puts(out, ",\"address\":");
    buf_json_str(out, addr, strlen(addr));
    buf_printf(out, ",\"country\":\"%s\"}", cc);
}

post_truth post_gen_next(post_gen *g, buf *out, buf *truth)
{
    g->n++;
    g->t += (int64_t)below(g, 4);
    double u = unit(g);
    post_truth t = POST_TRUTH_CLEAN;
    const char *cls = "goods";
    int direction = (int)below(g, 10) < 8 ? 0 : below(g, 2) ? 1 : 2; /* domestic, export, import */
    person snd, rcp;
    fresh_person(g, &snd);
    fresh_person(g, &rcp);
    buf desc = BUF_INIT;
    const goods *gd = &clean_goods[below(g, N(clean_goods))];
    int qty = range(g, 1, 3);
    int unit_v = range(g, gd->vmin, gd->vmax) * 1000;
    int unit_w = range(g, gd->wmin, gd->wmax);
    const char *hs = gd->hs;
    const char *doc = below(g, 3) == 0 ? "invoice" : NULL;
    double cod = -1;
    int kind = 0; /* the inspect variant */
    int watched = 0;
    if (g->burst_left > 0) {
        /* A sender spraying many recipients within minutes. */
        snd = g->burst_sender;
        g->burst_left--;
        t = POST_TRUTH_INSPECT, cls = "burst";
        direction = 0;
        buf_puts(&desc, gd->desc);
    } else if (u < g->o.hold_rate) {
        t = POST_TRUTH_HOLD;
        if (below(g, 10) == 0) {
            snd = g->watch[below(g, g->nwatch)];
            direction = 0;
            watched = 1;
            cls = "watchlist";
            buf_puts(&desc, gd->desc);
        } else {
            const bad *b = &contraband[below(g, N(contraband))];
            cls = b->cls;
            buf o = BUF_INIT;
            obfuscate(g, b->desc, &o);
            buf_printf(&desc, PICK(g, wraps), buf_cstr(&o));
            buf_free(&o);
            hs = NULL;
        }
    } else if (u < g->o.hold_rate + g->o.inspect_rate) {
        t = POST_TRUTH_INSPECT;
        kind = (int)below(g, 7);
        hs = NULL;
        doc = NULL;
        switch (kind) {
        case 0:
            /* Vague contents are a reason to open a customs declaration,
             * not a domestic parcel. */
            cls = "vague";
            direction = below(g, 2) ? 1 : 2;
            buf_puts(&desc, PICK(g, vague_desc));
            break;
        case 1:
            cls = "medicine_no_invoice";
            buf_puts(&desc, PICK(g, medicines));
            break;
        case 2:
            cls = "phone_no_type_approval";
            direction = 2;
            buf_puts(&desc, PICK(g, phones));
            unit_v = range(g, 3000, 30000) * 1000;
            qty = 1;
            break;
        case 3:
            cls = "high_value_no_invoice";
            buf_puts(&desc, gd->desc);
            qty = range(g, 150, 250);
            unit_v = range(g, 700, 1000) * 1000;
            break;
        case 4:
            cls = "cod_mismatch";
            direction = 0;
            buf_puts(&desc, gd->desc);
            cod = (double)unit_v * qty * range(g, 10, 40) + 1000000;
            break;
        case 5:
            if (below(g, 8) == 0) {
                /* Start a burst: this item and the next ones from one sender. */
                cls = "burst";
                direction = 0;
                buf_puts(&desc, gd->desc);
                g->burst_sender = snd;
                g->burst_left = 119;
                break;
            }
            /* fall through */
        default:
            /* Heavy and declared almost free: under-declared. */
            cls = "heavy_underdeclared";
            direction = 0;
            buf_puts(&desc, gd->desc);
            unit_w = range(g, 8000, 15000);
            unit_v = range(g, 1, 8) * 1000;
            qty = 1;
            break;
        }
    } else if (unit(g) < g->o.lookalike_rate) {
        const goods *l = &lookalikes[below(g, N(lookalikes))];
        cls = "lookalike";
        buf_puts(&desc, l->desc);
        unit_v = range(g, l->vmin, l->vmax) * 1000;
        unit_w = range(g, l->wmin, l->wmax);
        hs = l->hs;
    } else {
        buf_puts(&desc, gd->desc);
    }
    if (t == POST_TRUTH_CLEAN && direction == 2 && below(g, 4) == 0) {
        /* A phone coming in with its type approval: clean. */
        buf_reset(&desc);
        buf_puts(&desc, PICK(g, phones));
        unit_v = range(g, 3000, 30000) * 1000;
        qty = 1;
        cls = "phone_with_type_approval";
        doc = "type_approval\",\"number\":\"TA-2026-118\"},{\"kind\":\"invoice";
        hs = NULL;
    }
    double value = (double)unit_v * qty;
    if (t == POST_TRUTH_CLEAN && value >= 50000000 && !doc)
        doc = "invoice";
    double weight = (double)unit_w * qty + range(g, 20, 150);

    char id[14];
    const char *cc = direction == 2 ? abroad[below(g, N(abroad))].cc : "VN";
    s10(g, id, direction == 2 ? cc : "VN");
    static const char *services[] = {"EMS", "parcel", "express", "letter"};
    buf_puts(out, "{\"item_id\":\"");
    buf_puts(out, id);
    buf_printf(out, "\",\"service\":\"%s\",\"direction\":\"%s\",\"accepted_at\":%lld,",
               PICK(g, services),
               direction == 0   ? "domestic"
               : direction == 1 ? "export"
                                : "import",
               (long long)g->t);
    buf_puts(out, "\"office\":\"Bưu cục ");
    buf_puts(out, PICK(g, givens));
    buf_puts(out, "\",");
    if (direction == 2) {
        size_t a = below(g, N(abroad));
        party_json(out, "sender", abroad[a].name, NULL, abroad[a].phone, abroad[a].city,
                   abroad[a].cc);
    } else {
        party_json(out, "sender", snd.name,
                   watched || below(g, 2) || direction == 1 ? snd.id : NULL, snd.phone, snd.addr,
                   "VN");
    }
    buf_putc(out, ',');
    if (direction == 1) {
        size_t a = below(g, N(abroad));
        party_json(out, "recipient", abroad[a].name, NULL, abroad[a].phone, abroad[a].city,
                   abroad[a].cc);
    } else {
        party_json(out, "recipient", rcp.name, NULL, rcp.phone, rcp.addr, "VN");
    }
    buf_puts(out, ",\"contents\":[{\"description\":");
    buf_json_str(out, desc.p, desc.len);
    buf_printf(out, ",\"quantity\":%d,\"weight_g\":%d,\"value_vnd\":%.0f", qty, unit_w * qty,
               value);
    if (hs)
        buf_printf(out, ",\"hs_code\":\"%s\"", hs);
    buf_printf(out, "}],\"weight_g\":%.0f,\"declared_value_vnd\":%.0f", weight, value);
    if (direction == 0 && (cod >= 0 || below(g, 2)))
        buf_printf(out, ",\"cod_vnd\":%.0f", cod >= 0 ? cod : value + 30000);
    if (doc)
        buf_printf(out, ",\"documents\":[{\"kind\":\"%s\",\"number\":\"%07u\"}]", doc,
                   (unsigned)below(g, 10000000));
    buf_putc(out, '}');
    buf_printf(truth, "%s,%s,%s", id, post_truth_name(t), cls);
    buf_free(&desc);
    return t;
}
