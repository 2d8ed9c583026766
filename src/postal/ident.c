/* ident.c: S10 check digits, domestic code patterns, citizen ID checks. */
#include "postal/ident.h"

#include <pthread.h>
#include <string.h>

static const char iso_codes[] =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW";

int post_iso_country(const char *s, size_t len)
{
    if (len != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z')
        return 0;
    static unsigned char known[26 * 26];
    static int ready;
    if (!ready) { /* idempotent: racing threads write the same bytes */
        for (size_t i = 0; i + 1 < sizeof iso_codes; i += 3)
            known[(iso_codes[i] - 'A') * 26 + (iso_codes[i + 1] - 'A')] = 1;
        ready = 1;
    }
    return known[(s[0] - 'A') * 26 + (s[1] - 'A')];
}

int post_s10_check_digit(const char *d)
{
    /* All eight digits checked at once (a bit per byte outside '0'-'9'),
     * then the weighted sum written out: no branch per digit. */
    unsigned bad = 0;
    for (int i = 0; i < 8; i++)
        bad |= (unsigned)(unsigned char)(d[i] - '0') > 9;
    if (bad)
        return -1;
    int sum = (d[0] - '0') * 8 + (d[1] - '0') * 6 + (d[2] - '0') * 4 + (d[3] - '0') * 2 +
              (d[4] - '0') * 3 + (d[5] - '0') * 5 + (d[6] - '0') * 9 + (d[7] - '0') * 7;
    int c = 11 - sum % 11;
    return c == 10 ? 0 : c == 11 ? 5 : c;
}

int post_s10_valid(const char *s, size_t len)
{
    if (len != 13)
        return 0;
    for (int i = 0; i < 2; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return 0;
    /* Reserved first letters (J, K, S, T, W), as bits of the alphabet. */
    if ((1u << (s[0] - 'A')) & (1u << ('J' - 'A') | 1u << ('K' - 'A') | 1u << ('S' - 'A') |
                                1u << ('T' - 'A') | 1u << ('W' - 'A')))
        return 0;
    int c = post_s10_check_digit(s + 2);
    if (c < 0 || s[10] != '0' + c)
        return 0;
    return post_iso_country(s + 11, 2);
}

static int is_up(char c)
{
    return c >= 'A' && c <= 'Z';
}
static int is_dig(char c)
{
    return c >= '0' && c <= '9';
}
static int is_alnum(char c)
{
    return is_up(c) || is_dig(c) || (c >= 'a' && c <= 'z');
}

int post_code_match(const char *pat, const char *s, size_t len)
{
    if (!*pat)
        return len == 0;
    if (*pat == '*') {
        for (size_t i = 0;; i++) {
            if (post_code_match(pat + 1, s + i, len - i))
                return 1;
            if (i == len || !is_alnum(s[i]))
                return 0;
        }
    }
    if (!len)
        return 0;
    char c = s[0];
    int ok = *pat == 'A'   ? is_up(c)
             : *pat == '9' ? is_dig(c)
             : *pat == 'X' ? is_up(c) || is_dig(c)
                           : c == *pat;
    return ok && post_code_match(pat + 1, s + 1, len - 1);
}

static const struct {
    int code;
    const char *name;
} provinces[] = {
    {1, "Hà Nội"},
    {2, "Hà Giang"},
    {4, "Cao Bằng"},
    {6, "Bắc Kạn"},
    {8, "Tuyên Quang"},
    {10, "Lào Cai"},
    {11, "Điện Biên"},
    {12, "Lai Châu"},
    {14, "Sơn La"},
    {15, "Yên Bái"},
    {17, "Hoà Bình"},
    {19, "Thái Nguyên"},
    {20, "Lạng Sơn"},
    {22, "Quảng Ninh"},
    {24, "Bắc Giang"},
    {25, "Phú Thọ"},
    {26, "Vĩnh Phúc"},
    {27, "Bắc Ninh"},
    {30, "Hải Dương"},
    {31, "Hải Phòng"},
    {33, "Hưng Yên"},
    {34, "Thái Bình"},
    {35, "Hà Nam"},
    {36, "Nam Định"},
    {37, "Ninh Bình"},
    {38, "Thanh Hoá"},
    {40, "Nghệ An"},
    {42, "Hà Tĩnh"},
    {44, "Quảng Bình"},
    {45, "Quảng Trị"},
    {46, "Thừa Thiên Huế"},
    {48, "Đà Nẵng"},
    {49, "Quảng Nam"},
    {51, "Quảng Ngãi"},
    {52, "Bình Định"},
    {54, "Phú Yên"},
    {56, "Khánh Hoà"},
    {58, "Ninh Thuận"},
    {60, "Bình Thuận"},
    {62, "Kon Tum"},
    {64, "Gia Lai"},
    {66, "Đắk Lắk"},
    {67, "Đắk Nông"},
    {68, "Lâm Đồng"},
    {70, "Bình Phước"},
    {72, "Tây Ninh"},
    {74, "Bình Dương"},
    {75, "Đồng Nai"},
    {77, "Bà Rịa - Vũng Tàu"},
    {79, "TP Hồ Chí Minh"},
    {80, "Long An"},
    {82, "Tiền Giang"},
    {83, "Bến Tre"},
    {84, "Trà Vinh"},
    {86, "Vĩnh Long"},
    {87, "Đồng Tháp"},
    {89, "An Giang"},
    {91, "Kiên Giang"},
    {92, "Cần Thơ"},
    {93, "Hậu Giang"},
    {94, "Sóc Trăng"},
    {95, "Bạc Liêu"},
    {96, "Cà Mau"},
};

/* The three-digit codes indexed once, the first entry of a code winning as
 * in the list. */
static const char *province_by_code[1000];
static pthread_once_t province_once = PTHREAD_ONCE_INIT;

static void province_index(void)
{
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
        if (provinces[i].code >= 0 && provinces[i].code < 1000 &&
            !province_by_code[provinces[i].code])
            province_by_code[provinces[i].code] = provinces[i].name;
}

const char *post_province_name(int code)
{
    if (code >= 0 && code < 1000) {
        pthread_once(&province_once, province_index);
        return province_by_code[code];
    }
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
        if (provinces[i].code == code)
            return provinces[i].name;
    return NULL;
}

post_id_kind post_id_check(const char *s, size_t len, int year, const char **why)
{
    size_t digits = 0, letters = 0;
    for (size_t i = 0; i < len; i++) {
        if (is_dig(s[i]))
            digits++;
        else if (is_up(s[i]) || (s[i] >= 'a' && s[i] <= 'z'))
            letters++;
    }
    *why = NULL;
    if (len == 12 && digits == 12) {
        int prov = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
        if (!post_province_name(prov)) {
            *why = "mã tỉnh trong số CCCD không tồn tại";
            return POST_ID_IMPOSSIBLE;
        }
        int cg = s[3] - '0';
        int by = 1900 + (cg / 2) * 100 + (s[4] - '0') * 10 + (s[5] - '0');
        if (year > 0 && (by > year || by < year - 120)) {
            *why = "năm sinh trong số CCCD không thể có";
            return POST_ID_IMPOSSIBLE;
        }
        return POST_ID_CITIZEN;
    }
    if (len == 9 && digits == 9)
        return POST_ID_OLD_CARD;
    if (len >= 6 && len <= 12 && digits + letters == len && letters >= 1 && letters <= 3 &&
        digits >= 5)
        return POST_ID_PASSPORT;
    *why = "số giấy tờ tuỳ thân không đúng dạng CCCD, CMND hay hộ chiếu";
    return POST_ID_IMPOSSIBLE;
}

int post_phone_normalize(const char *s, size_t len, char out[PHONE_MAX + 1], const char **why)
{
    /* "0" then nine digits, the second not "0": core makes it 84 and the
     * nine digits. */
    if (len == 10 && s[0] == '0' && s[1] >= '1' && s[1] <= '9') {
        int digits = 1;
        for (size_t i = 2; i < 10; i++)
            digits &= s[i] >= '0' && s[i] <= '9';
        if (digits) {
            out[0] = '8', out[1] = '4';
            memcpy(out + 2, s + 1, 9);
            out[11] = '\0';
            return 11;
        }
    }
    return phone_normalize(s, len, out, why);
}

phone_kind post_phone_classify(const char *e164, size_t len)
{
    /* 84 and nine digits: a mobile number when its first two digits are a
     * mobile prefix (core's list, as bits), otherwise invalid. */
    if (len == 11 && e164[0] == '8' && e164[1] == '4') {
        int digits = 1;
        for (size_t i = 2; i < 11; i++)
            digits &= e164[i] >= '0' && e164[i] <= '9';
        if (digits) {
            static const uint64_t mobile[2] = {
                /* 32-39, 52, 55, 56, 58, 59 */
                (0xffull << 32) | (1ull << 52) | (1ull << 55) | (1ull << 56) | (1ull << 58) |
                    (1ull << 59),
                /* 70, 76-79, 81-89, 90-94, 96-99 (minus 64) */
                (1ull << 6) | (0xfull << 12) | (0x1ffull << 17) | (0x1full << 26) | (0xfull << 32)};
            unsigned p = (unsigned)(e164[2] - '0') * 10 + (unsigned)(e164[3] - '0');
            return (mobile[p >> 6] >> (p & 63)) & 1 ? PHONE_VN_MOBILE : PHONE_INVALID;
        }
    }
    return phone_classify(e164);
}
