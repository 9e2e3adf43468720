/* Presence of text values (tpl_val_present, used by `if`/`present` tests and
 * the `default` filter): its quick scan must agree with parsing the rich text
 * (rg_rich_is_empty) on every kind of value, including the ones it leaves to
 * the parser (entities, comments, CDATA, '>' in attribute values). */
#include <sqlite3.h>
#include <stdlib.h>

#include "check.h"
#include "template/binder.h"
#include "template/rich_blocks.h"

static int present(const char *s)
{
    tpl_val v = {SQLITE_TEXT, 0, 0, (char *)s};
    return tpl_val_present(&v);
}

int main(void)
{
    static const struct { const char *value; int present; } cases[] = {
        {"", 0}, {"   \n\t", 0}, {"x", 1}, {"  a & b", 1}, {"&", 1}, {"<b>", 1},
        {"<rt/>", 0}, {"<rt></rt>", 0}, {"<rt><p/></rt>", 0}, {" \n<rt> <p> </p>\n</rt>", 0},
        {"<rt><p>ข้อความ</p></rt>", 1}, {"<rt><p><b>x</b></p></rt>", 1},
        {"<rt><p>&#32;&#10;</p></rt>", 0}, {"<rt><p>&amp;</p></rt>", 1},
        {"<rt><p>&#x0E01;</p></rt>", 1}, {"<rt><!-- note --><p/></rt>", 0},
        {"<rt><!-- a > b --><p>x</p></rt>", 1}, {"<rt><![CDATA[ ]]></rt>", 0},
        {"<rt><![CDATA[<x>]]></rt>", 1}, {"<rt><list style=\"a > b\"><li/></list></rt>", 0},
        {"<rt><list style='a > b'><li>y</li></list></rt>", 1},
        {"<rt><p>unclosed</rt>", 1}, {"<rt><p ", 1}, {"<rt>\xA0</rt>", 1},
        {"<rt><p>\xC2\xA0</p></rt>", 1}, {"<rt><?pi x?><p/></rt>", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *s = cases[i].value;
        if (present(s) != cases[i].present)
            fprintf(stderr, "value %zu: \"%s\"\n", i, s);
        CHECK_INT(present(s), cases[i].present);
        CHECK_INT(present(s), !rg_rich_is_empty(s));
    }
    tpl_val null = {SQLITE_NULL, 0, 0, NULL}, zero = {SQLITE_INTEGER, 0, 0, NULL};
    CHECK_INT(tpl_val_present(&null), 0);
    CHECK_INT(tpl_val_present(&zero), 1);
    return CHECK_DONE();
}
