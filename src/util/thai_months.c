/* Thai month names (see thai_months.h). */
#include "util/thai_months.h"

#include <string.h>

static const char *const month_full[12] = {
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"};
static const char *const month_abbreviated[12] = {
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."};

const char *rg_thai_month_name(int m, int abbreviated)
{
    if (m < 1 || m > 12)
        return NULL;
    return abbreviated ? month_abbreviated[m - 1] : month_full[m - 1];
}

int rg_thai_month_parse(const char *text, size_t *consumed)
{
    int best = 0;
    size_t best_len = 0;
    for (int m = 1; m <= 12; m++) {
        size_t full = strlen(month_full[m - 1]);
        if (full > best_len && !strncmp(text, month_full[m - 1], full))
            best = m, best_len = full;
        /* With or without the final dot. */
        size_t abbr = strlen(month_abbreviated[m - 1]);
        if (abbr > best_len && !strncmp(text, month_abbreviated[m - 1], abbr))
            best = m, best_len = abbr;
        else if (abbr - 1 > best_len && !strncmp(text, month_abbreviated[m - 1], abbr - 1))
            best = m, best_len = abbr - 1;
    }
    *consumed = best_len;
    return best;
}
