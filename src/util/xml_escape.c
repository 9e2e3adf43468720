/* XML escaping (see xml_escape.h). */
#include "util/xml_escape.h"

int rg_xml_escape(rg_buf *out, const char *s)
{
    int rc = 0;
    for (; *s; s++) {
        switch (*s) {
        case '<': rc |= rg_buf_puts(out, "&lt;"); break;
        case '>': rc |= rg_buf_puts(out, "&gt;"); break;
        case '&': rc |= rg_buf_puts(out, "&amp;"); break;
        case '"': rc |= rg_buf_puts(out, "&quot;"); break;
        case '\'': rc |= rg_buf_puts(out, "&apos;"); break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
                rc |= rg_buf_putc(out, ' ');
            else
                rc |= rg_buf_putc(out, *s);
        }
    }
    return rc;
}
