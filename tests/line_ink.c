/* Test helper: checks, from what a PDF really draws, that the ink of no glyph
 * of one line touches the ink of a glyph of another line.
 *
 *   mutool trace file.pdf > trace.xml
 *   line_ink trace.xml FONT.ttf...
 *
 * `mutool trace` lists every glyph a page draws: its font (the PDF's
 * /BaseFont, "ABCDEF+Laksaman-Bold"), glyph ID, origin (PDF points) and
 * size. raingan's PDFs keep the font's glyph IDs (subsets retain them), so
 * each glyph's ink box is its extents in the font file of that PostScript
 * name, among the files given (HarfBuzz, hb_font_get_glyph_extents), placed
 * at its origin. A glyph's line is the baseline of its text object (one
 * glyph run, in one or more spans), taken as the y most of its glyphs sit at (marks the shaper moved up
 * or down keep their run's line; /W widths cannot tell marks from bases: a
 * monospaced font gives its marks a width). Two glyphs of different lines
 * whose ink boxes overlap horizontally must be more than GAP points apart
 * vertically.
 *
 * Prints each offending pair and exits 1 if any; prints how many glyphs and
 * how many neighbouring pairs (glyphs of different lines overlapping
 * horizontally within 3 em of each other) it checked and the closest gap.
 * Exits 2 on a font it cannot find or an unreadable trace. */
#include <hb-ot.h>
#include <hb.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GAP 0.25   /* points: less is "touching" */

typedef struct font_file {
    char *ps_name;
    hb_font_t *font;
    double upem;
} font_file;

typedef struct box {
    double x1, y1, x2, y2;   /* ink, PDF points, y up */
    double baseline, size;
    char text[8];            /* the glyph's character, for messages */
} box;

static font_file *fonts;
static size_t font_count;

static void load_font(const char *path)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        fprintf(stderr, "line_ink: cannot read %s\n", path);
        exit(2);
    }
    unsigned n = hb_face_count(blob);
    for (unsigned i = 0; i < (n ? n : 1); i++) {
        hb_face_t *face = hb_face_create(blob, i);
        char name[256];
        unsigned len = sizeof name;
        if (!hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
                                 name)) {
            hb_face_destroy(face);
            continue;
        }
        fonts = realloc(fonts, (font_count + 1) * sizeof *fonts);
        if (!fonts)
            exit(2);
        fonts[font_count].ps_name = strdup(name);
        fonts[font_count].font = hb_font_create(face);
        fonts[font_count].upem = hb_face_get_upem(face);
        font_count++;
        hb_face_destroy(face);
    }
    hb_blob_destroy(blob);
}

static const font_file *find_font(const char *base_font)
{
    const char *plus = strchr(base_font, '+');
    const char *name = plus ? plus + 1 : base_font;
    for (size_t i = 0; i < font_count; i++)
        if (!strcmp(fonts[i].ps_name, name))
            return &fonts[i];
    /* The PDF writer cuts long names ("TlwgTypewriter-BoldObliq"): the only
     * font whose name starts so. */
    const font_file *found = NULL;
    for (size_t i = 0; i < font_count; i++)
        if (strlen(name) >= 16 && !strncmp(fonts[i].ps_name, name, strlen(name))) {
            if (found && strcmp(found->ps_name, fonts[i].ps_name)) {
                fprintf(stderr, "line_ink: %s could be %s or %s\n", base_font, found->ps_name,
                        fonts[i].ps_name);
                exit(2);
            }
            found = &fonts[i];
        }
    if (found)
        return found;
    fprintf(stderr, "line_ink: no font file given for %s\n", base_font);
    exit(2);
}

static double attr_num(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    double d = v ? strtod((const char *)v, NULL) : 0;
    xmlFree(v);
    return d;
}

/* The y most glyphs of a text object sit at (the first such on a tie): one
 * glyph run, drawn as several spans when letter spacing draws some of its
 * glyphs from widened copies of the font (src/pdf/letter_spacing.h). */
static double text_baseline(xmlNode *fill)
{
    double ys[4096];
    size_t n = 0;
    for (xmlNode *span = fill->children; span; span = span->next) {
        if (span->type != XML_ELEMENT_NODE || xmlStrcmp(span->name, (const xmlChar *)"span"))
            continue;
        for (xmlNode *g = span->children; g && n < 4096; g = g->next)
            if (g->type == XML_ELEMENT_NODE && !xmlStrcmp(g->name, (const xmlChar *)"g"))
                ys[n++] = attr_num(g, "y");
    }
    double best = NAN;
    size_t best_count = 0;
    for (size_t i = 0; i < n; i++) {
        size_t count = 0;
        for (size_t j = 0; j < n; j++)
            count += fabs(ys[j] - ys[i]) < 0.01;
        if (count > best_count) {
            best = ys[i];
            best_count = count;
        }
    }
    return best;
}

static int by_bottom(const void *a, const void *b)
{
    double d = ((const box *)a)->y1 - ((const box *)b)->y1;
    return (d > 0) - (d < 0);
}

static size_t pairs, failures;
static double closest = 1e9;

static void check_page(box *boxes, size_t n, int page)
{
    qsort(boxes, n, sizeof *boxes, by_bottom);
    for (size_t i = 0; i < n; i++) {
        const box *a = &boxes[i];
        for (size_t j = i + 1; j < n; j++) {
            const box *b = &boxes[j];
            double reach = 3 * fmax(a->size, b->size);
            if (b->y1 > a->y2 + reach)
                break;
            if (fabs(a->baseline - b->baseline) < 0.5)
                continue;   /* the same line */
            if (fmin(a->x2, b->x2) - fmax(a->x1, b->x1) <= 0)
                continue;   /* side by side */
            pairs++;
            /* b's bottom is at or above a's: the gap is b's bottom over a's
             * top when b is the upper glyph, else they overlap vertically. */
            const box *upper = b->baseline > a->baseline ? b : a;
            const box *lower = upper == b ? a : b;
            double gap = upper->y1 - lower->y2;
            if (gap < closest)
                closest = gap;
            if (gap <= GAP) {
                failures++;
                if (failures <= 20)
                    printf("page %d: %s (line at y %.2f, ink %.2f..%.2f) and %s (line at y %.2f, "
                           "ink %.2f..%.2f) at x %.1f: %.2f pt apart\n",
                           page, upper->text, upper->baseline, upper->y1, upper->y2, lower->text,
                           lower->baseline, lower->y1, lower->y2, fmax(a->x1, b->x1), gap);
            }
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: line_ink TRACE.xml FONT.ttf...\n");
        return 2;
    }
    for (int i = 2; i < argc; i++)
        load_font(argv[i]);
    xmlDoc *doc = xmlReadFile(argv[1], NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
    if (!doc) {
        fprintf(stderr, "line_ink: cannot parse %s\n", argv[1]);
        return 2;
    }
    size_t glyphs = 0;
    int page_no = 0;
    for (xmlNode *page = xmlDocGetRootElement(doc)->children; page; page = page->next) {
        if (page->type != XML_ELEMENT_NODE || xmlStrcmp(page->name, (const xmlChar *)"page"))
            continue;
        page_no++;
        box *boxes = NULL;
        size_t n = 0, cap = 0;
        for (xmlNode *fill = page->children; fill; fill = fill->next) {
            if (fill->type != XML_ELEMENT_NODE || xmlStrcmp(fill->name, (const xmlChar *)"fill_text"))
                continue;
            for (xmlNode *span = fill->children; span; span = span->next) {
                if (span->type != XML_ELEMENT_NODE || xmlStrcmp(span->name, (const xmlChar *)"span"))
                    continue;
                xmlChar *fname = xmlGetProp(span, (const xmlChar *)"font");
                const font_file *ff = find_font(fname ? (const char *)fname : "");
                xmlFree(fname);
                double size = attr_num(span, "trm");   /* "16 0 0 16": the first is the size */
                double scale = size / ff->upem, baseline = text_baseline(fill);
                for (xmlNode *g = span->children; g; g = g->next) {
                    if (g->type != XML_ELEMENT_NODE || xmlStrcmp(g->name, (const xmlChar *)"g"))
                        continue;
                    double x = attr_num(g, "x"), y = attr_num(g, "y");
                    glyphs++;
                    hb_glyph_extents_t e;
                    unsigned gid = (unsigned)attr_num(g, "glyph");
                    if (!hb_font_get_glyph_extents(ff->font, gid, &e) || e.width == 0 || e.height == 0)
                        continue;
                    if (n == cap && !(boxes = realloc(boxes, (cap = cap ? 2 * cap : 1024) * sizeof *boxes)))
                        return 2;
                    box *b = &boxes[n++];
                    b->x1 = x + e.x_bearing * scale;
                    b->x2 = x + (e.x_bearing + e.width) * scale;
                    b->y2 = y + e.y_bearing * scale;
                    b->y1 = y + (e.y_bearing + e.height) * scale;
                    b->baseline = baseline;
                    b->size = size;
                    xmlChar *u = xmlGetProp(g, (const xmlChar *)"unicode");
                    snprintf(b->text, sizeof b->text, "%s", u ? (const char *)u : "?");
                    xmlFree(u);
                }
            }
        }
        check_page(boxes, n, page_no);
        free(boxes);
    }
    xmlFreeDoc(doc);
    printf("%zu glyphs on %d pages, %zu neighbouring pairs, closest %.2f pt, %zu touching\n", glyphs,
           page_no, pairs, pairs ? closest : 0, failures);
    for (size_t i = 0; i < font_count; i++) {
        free(fonts[i].ps_name);
        hb_font_destroy(fonts[i].font);
    }
    free(fonts);
    return failures ? 1 : 0;
}
