/* PDF object parsing and writing for the signer (see pdf_object.h). The
 * parser is strict about structure but bounded everywhere: damaged input
 * yields an error naming the byte offset, never a crash or a runaway loop. */
#include "sign/pdf_object.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/vec.h"

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\0';
}

static int is_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

static int is_regular(unsigned char c)
{
    return !is_space(c) && !is_delim(c);
}

size_t rg_pdf_skip_space(const char *data, size_t len, size_t pos)
{
    while (pos < len) {
        unsigned char c = (unsigned char)data[pos];
        if (is_space(c)) {
            pos++;
        } else if (c == '%') {
            while (pos < len && data[pos] != '\n' && data[pos] != '\r')
                pos++;
        } else {
            break;
        }
    }
    return pos;
}

int rg_pdf_at_keyword(const char *data, size_t len, size_t pos, const char *word)
{
    size_t n = strlen(word);
    if (pos + n > len || memcmp(data + pos, word, n) != 0)
        return 0;
    return pos + n == len || !is_regular((unsigned char)data[pos + n]);
}

int rg_pdf_read_uint(const char *data, size_t len, size_t *pos, long long *value)
{
    size_t p = rg_pdf_skip_space(data, len, *pos);
    long long v = 0;
    size_t start = p;
    while (p < len && data[p] >= '0' && data[p] <= '9') {
        if (v > 1000000000000LL)
            return -1;
        v = v * 10 + (data[p] - '0');
        p++;
    }
    if (p == start || (p < len && is_regular((unsigned char)data[p])))
        return -1;
    *value = v;
    *pos = p;
    return 0;
}

rg_pdf_obj *rg_pdf_new(rg_pdf_type type)
{
    rg_pdf_obj *obj = calloc(1, sizeof *obj);
    if (obj)
        obj->type = type;
    return obj;
}

static rg_pdf_obj *new_raw_n(rg_pdf_type type, const char *raw, size_t n)
{
    rg_pdf_obj *obj = rg_pdf_new(type);
    if (!obj)
        return NULL;
    obj->raw = malloc(n + 1);
    if (!obj->raw) {
        free(obj);
        return NULL;
    }
    memcpy(obj->raw, raw, n);
    obj->raw[n] = '\0';
    return obj;
}

rg_pdf_obj *rg_pdf_new_raw(rg_pdf_type type, const char *raw)
{
    return new_raw_n(type, raw, strlen(raw));
}

rg_pdf_obj *rg_pdf_new_ref(long long num, int gen)
{
    rg_pdf_obj *obj = rg_pdf_new(RG_PDF_REF);
    if (obj) {
        obj->num = num;
        obj->gen = gen;
    }
    return obj;
}

rg_pdf_obj *rg_pdf_new_int(long long value)
{
    char text[32];
    snprintf(text, sizeof text, "%lld", value);
    rg_pdf_obj *obj = rg_pdf_new_raw(RG_PDF_INT, text);
    if (obj)
        obj->num = value;
    return obj;
}

void rg_pdf_free(rg_pdf_obj *obj)
{
    if (!obj)
        return;
    for (size_t i = 0; i < obj->count; i++)
        rg_pdf_free(obj->items[i]);
    free(obj->items);
    free(obj->raw);
    free(obj);
}

int rg_pdf_array_push(rg_pdf_obj *array, rg_pdf_obj *item)
{
    if (!item)
        return -1;
    rg_pdf_obj **items = rg_vec_reserve(array->items, array->count, &array->cap, sizeof *items, 8);
    if (!items) {
        rg_pdf_free(item);
        return -1;
    }
    array->items = items;
    array->items[array->count++] = item;
    return 0;
}

rg_pdf_obj *rg_pdf_clone(const rg_pdf_obj *obj)
{
    rg_pdf_obj *copy = obj->raw ? rg_pdf_new_raw(obj->type, obj->raw) : rg_pdf_new(obj->type);
    if (!copy)
        return NULL;
    copy->num = obj->num;
    copy->gen = obj->gen;
    for (size_t i = 0; i < obj->count; i++) {
        if (rg_pdf_array_push(copy, rg_pdf_clone(obj->items[i])) < 0) {
            rg_pdf_free(copy);
            return NULL;
        }
    }
    return copy;
}

int rg_pdf_is_name(const rg_pdf_obj *obj, const char *name)
{
    return obj && obj->type == RG_PDF_NAME && obj->raw[0] == '/' && !strcmp(obj->raw + 1, name);
}

rg_pdf_obj *rg_pdf_dict_get(const rg_pdf_obj *dict, const char *key)
{
    if (!dict || dict->type != RG_PDF_DICT)
        return NULL;
    for (size_t i = 0; i + 1 < dict->count; i += 2)
        if (rg_pdf_is_name(dict->items[i], key))
            return dict->items[i + 1];
    return NULL;
}

int rg_pdf_dict_set(rg_pdf_obj *dict, const char *key, rg_pdf_obj *value)
{
    if (!value)
        return -1;
    for (size_t i = 0; i + 1 < dict->count; i += 2) {
        if (rg_pdf_is_name(dict->items[i], key)) {
            rg_pdf_free(dict->items[i + 1]);
            dict->items[i + 1] = value;
            return 0;
        }
    }
    rg_buf name = RG_BUF_INIT;
    if (rg_buf_printf(&name, "/%s", key) < 0) {
        rg_pdf_free(value);
        return -1;
    }
    rg_pdf_obj *k = rg_pdf_new_raw(RG_PDF_NAME, name.data);
    rg_buf_free(&name);
    if (rg_pdf_array_push(dict, k) < 0) {
        rg_pdf_free(value);
        return -1;
    }
    if (rg_pdf_array_push(dict, value) < 0) {
        dict->count--;
        rg_pdf_free(k);
        return -1;
    }
    return 0;
}

/* ---- parsing ---- */

typedef struct parser {
    const char *data;
    size_t len, pos;
    rg_error *err;
} parser;

static rg_pdf_obj *parse_value(parser *p, int depth);

static rg_pdf_obj *syntax_error(parser *p, const char *what)
{
    rg_error_set(p->err, RG_ERR_INPUT, "damaged PDF: %s at byte %zu", what, p->pos);
    return NULL;
}

static rg_pdf_obj *nomem(parser *p)
{
    rg_error_set(p->err, RG_ERR_NOMEM, "out of memory");
    return NULL;
}

static rg_pdf_obj *checked(parser *p, rg_pdf_obj *obj)
{
    return obj ? obj : nomem(p);
}

static rg_pdf_obj *parse_literal_string(parser *p)
{
    size_t start = p->pos;
    int nesting = 0;
    while (p->pos < p->len) {
        char c = p->data[p->pos++];
        if (c == '\\') {
            p->pos++;
        } else if (c == '(') {
            nesting++;
        } else if (c == ')') {
            if (--nesting == 0)
                return checked(p, new_raw_n(RG_PDF_STRING, p->data + start, p->pos - start));
        }
    }
    p->pos = start;
    return syntax_error(p, "unterminated string");
}

static rg_pdf_obj *parse_hex_string(parser *p)
{
    size_t start = p->pos++;
    while (p->pos < p->len && p->data[p->pos] != '>') {
        unsigned char c = (unsigned char)p->data[p->pos];
        if (!is_space(c) && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return syntax_error(p, "bad hex string");
        p->pos++;
    }
    if (p->pos >= p->len) {
        p->pos = start;
        return syntax_error(p, "unterminated hex string");
    }
    p->pos++;
    return checked(p, new_raw_n(RG_PDF_STRING, p->data + start, p->pos - start));
}

static rg_pdf_obj *parse_container(parser *p, int depth, int is_dict)
{
    rg_pdf_obj *obj = rg_pdf_new(is_dict ? RG_PDF_DICT : RG_PDF_ARRAY);
    if (!obj)
        return nomem(p);
    for (;;) {
        p->pos = rg_pdf_skip_space(p->data, p->len, p->pos);
        if (p->pos >= p->len) {
            rg_pdf_free(obj);
            return syntax_error(p, is_dict ? "unterminated dictionary" : "unterminated array");
        }
        if (!is_dict && p->data[p->pos] == ']') {
            p->pos++;
            return obj;
        }
        if (is_dict && p->data[p->pos] == '>') {
            if (p->pos + 1 < p->len && p->data[p->pos + 1] == '>') {
                p->pos += 2;
                if (obj->count % 2) {
                    rg_pdf_free(obj);
                    return syntax_error(p, "dictionary key without value");
                }
                return obj;
            }
            rg_pdf_free(obj);
            return syntax_error(p, "stray '>'");
        }
        if (is_dict && obj->count % 2 == 0 && p->data[p->pos] != '/') {
            rg_pdf_free(obj);
            return syntax_error(p, "dictionary key is not a name");
        }
        rg_pdf_obj *item = parse_value(p, depth + 1);
        if (!item || rg_pdf_array_push(obj, item) < 0) {
            rg_pdf_free(obj);
            return item ? nomem(p) : NULL;
        }
    }
}

/* An integer may be the start of "N G R": look ahead without consuming. */
static rg_pdf_obj *parse_number(parser *p)
{
    size_t start = p->pos;
    int is_real = 0, digits = 0;
    if (p->data[p->pos] == '+' || p->data[p->pos] == '-')
        p->pos++;
    while (p->pos < p->len) {
        char c = p->data[p->pos];
        if (c >= '0' && c <= '9')
            digits++;
        else if (c == '.' && !is_real)
            is_real = 1;
        else
            break;
        p->pos++;
    }
    if (!digits || (p->pos < p->len && is_regular((unsigned char)p->data[p->pos])) ||
        p->pos - start > 40)
        return syntax_error(p, "bad number");
    if (!is_real && p->data[start] != '-' && p->data[start] != '+') {
        size_t look = p->pos;
        long long gen;
        if (rg_pdf_read_uint(p->data, p->len, &look, &gen) == 0 && gen < 65536) {
            look = rg_pdf_skip_space(p->data, p->len, look);
            if (rg_pdf_at_keyword(p->data, p->len, look, "R")) {
                p->pos = look + 1;
                return checked(p, rg_pdf_new_ref(strtoll(p->data + start, NULL, 10), (int)gen));
            }
        }
    }
    rg_pdf_obj *obj = new_raw_n(is_real ? RG_PDF_REAL : RG_PDF_INT, p->data + start, p->pos - start);
    if (!obj)
        return nomem(p);
    if (!is_real)
        obj->num = strtoll(obj->raw, NULL, 10);
    return obj;
}

static rg_pdf_obj *parse_value(parser *p, int depth)
{
    if (depth > RG_PDF_MAX_DEPTH)
        return syntax_error(p, "objects nested too deeply");
    p->pos = rg_pdf_skip_space(p->data, p->len, p->pos);
    if (p->pos >= p->len)
        return syntax_error(p, "unexpected end of file");
    char c = p->data[p->pos];
    if (c == '(')
        return parse_literal_string(p);
    if (c == '<') {
        if (p->pos + 1 < p->len && p->data[p->pos + 1] == '<') {
            p->pos += 2;
            return parse_container(p, depth, 1);
        }
        return parse_hex_string(p);
    }
    if (c == '[') {
        p->pos++;
        return parse_container(p, depth, 0);
    }
    if (c == '/') {
        size_t start = p->pos++;
        while (p->pos < p->len && is_regular((unsigned char)p->data[p->pos]))
            p->pos++;
        return checked(p, new_raw_n(RG_PDF_NAME, p->data + start, p->pos - start));
    }
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')
        return parse_number(p);
    static const struct { const char *word; rg_pdf_type type; } keywords[] = {
        {"true", RG_PDF_BOOL}, {"false", RG_PDF_BOOL}, {"null", RG_PDF_NULL}};
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
        if (rg_pdf_at_keyword(p->data, p->len, p->pos, keywords[i].word)) {
            p->pos += strlen(keywords[i].word);
            return checked(p, rg_pdf_new_raw(keywords[i].type, keywords[i].word));
        }
    }
    return syntax_error(p, "unexpected token");
}

rg_pdf_obj *rg_pdf_parse_object(const char *data, size_t len, size_t *pos, rg_error *err)
{
    parser p = {data, len, *pos, err};
    rg_pdf_obj *obj = parse_value(&p, 0);
    if (obj)
        *pos = p.pos;
    return obj;
}

/* ---- strings ---- */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int decode_hex(const char *s, size_t n, rg_buf *out)
{
    int high = -1;
    for (size_t i = 0; i < n; i++) {
        int v = hex_value(s[i]);
        if (v < 0)
            continue;
        if (high < 0) {
            high = v;
        } else {
            if (rg_buf_putc(out, (char)(high * 16 + v)) < 0)
                return -1;
            high = -1;
        }
    }
    return high < 0 ? 0 : rg_buf_putc(out, (char)(high * 16));
}

static int decode_literal(const char *s, size_t n, rg_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c != '\\') {
            if (rg_buf_putc(out, c) < 0)
                return -1;
            continue;
        }
        if (++i >= n)
            break;
        c = s[i];
        const char *from = "nrtbf", *to = "\n\r\t\b\f";
        const char *hit = strchr(from, c);
        if (hit && c) {
            c = to[hit - from];
        } else if (c >= '0' && c <= '7') {
            int v = 0, k = 0;
            while (k < 3 && i < n && s[i] >= '0' && s[i] <= '7') {
                v = v * 8 + (s[i++] - '0');
                k++;
            }
            i--;
            c = (char)v;
        } else if (c == '\r' || c == '\n') {  /* line continuation */
            if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
                i++;
            continue;
        }
        if (rg_buf_putc(out, c) < 0)
            return -1;
    }
    return 0;
}

int rg_pdf_string_decode(const rg_pdf_obj *str, rg_buf *out)
{
    if (!str || str->type != RG_PDF_STRING)
        return 0;
    size_t n = strlen(str->raw);
    if (n < 2)
        return 0;
    if (str->raw[0] == '<')
        return decode_hex(str->raw + 1, n - 2, out);
    return decode_literal(str->raw + 1, n - 2, out);
}

int rg_pdf_text_string(rg_buf *out, const char *utf8)
{
    size_t len = strlen(utf8);
    int ascii = 1;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)utf8[i] < 0x20 || (unsigned char)utf8[i] > 0x7E)
            ascii = 0;
    if (ascii) {
        if (rg_buf_putc(out, '(') < 0)
            return -1;
        for (size_t i = 0; i < len; i++) {
            char c = utf8[i];
            if ((c == '(' || c == ')' || c == '\\') && rg_buf_putc(out, '\\') < 0)
                return -1;
            if (rg_buf_putc(out, c) < 0)
                return -1;
        }
        return rg_buf_putc(out, ')');
    }
    if (rg_buf_puts(out, "<FEFF") < 0)
        return -1;
    size_t pos = 0;
    while (pos < len) {
        uint32_t cp = rg_utf8_next(utf8, len, &pos, NULL);
        int rc;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            rc = rg_buf_printf(out, "%04X%04X", 0xD800u + (cp >> 10), 0xDC00u + (cp & 0x3FF));
        } else {
            rc = rg_buf_printf(out, "%04X", (unsigned)cp);
        }
        if (rc < 0)
            return -1;
    }
    return rg_buf_putc(out, '>');
}

/* ---- writing ---- */

int rg_pdf_write(rg_buf *out, const rg_pdf_obj *obj)
{
    switch (obj->type) {
    case RG_PDF_REF:
        return rg_buf_printf(out, "%lld %d R", obj->num, obj->gen);
    case RG_PDF_ARRAY:
    case RG_PDF_DICT: {
        int is_dict = obj->type == RG_PDF_DICT;
        if (rg_buf_puts(out, is_dict ? "<<" : "[") < 0)
            return -1;
        for (size_t i = 0; i < obj->count; i++) {
            /* A space between items; a line per key keeps dictionaries readable. */
            const char *sep = is_dict && i % 2 == 0 ? "\n" : " ";
            if (rg_buf_puts(out, sep) < 0 || rg_pdf_write(out, obj->items[i]) < 0)
                return -1;
        }
        return rg_buf_puts(out, is_dict ? "\n>>" : " ]");
    }
    default:
        return rg_buf_puts(out, obj->raw);
    }
}
