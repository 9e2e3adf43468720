/* The document model: what template binding produces and layout consumes.
 *
 * A document is a list of sections (each with its page size, orientation,
 * margins, running header and footer) holding a tree of blocks: paragraphs,
 * label/value fields, lists, tables, images, signature blocks and groups.
 * All data is already bound and formatted (dates, amounts, digits): layout
 * decides only where things go. Every block carries resolved text
 * properties, so layout never looks anything up by name.
 *
 * Ownership: the rg_document owns every block, string and list reachable
 * from it; rg_document_free releases all of it. Constructors copy the strings
 * they are given. */
#ifndef RG_DOCUMENT_H
#define RG_DOCUMENT_H

#include <stddef.h>

#include "layout/display.h"
#include "text/paragraph.h"

/* rg_align (LEFT, CENTER, RIGHT, JUSTIFY, THAI_DISTRIBUTED) is the text
 * engine's (text/paragraph.h), so a block's alignment passes straight to
 * paragraph layout. RG_ALIGN_DISTRIBUTED is the model's older name. */
#define RG_ALIGN_DISTRIBUTED RG_ALIGN_THAI_DISTRIBUTED

/* Resolved text properties of a block (inherited by its inlines). */
typedef struct rg_text_props {
    char *font_families;   /* "TH Sarabun New, TH SarabunPSK, Sarabun, Laksaman" (owned) */
    float size;            /* points */
    float line_height;     /* multiple of size (e.g. 1.2); 0 = the font's single
                            * spacing (rg_font_line_height) */
    int bold, italic, underline;
    int thai_digits;       /* print 0-9 as ๐-๙ */
    rg_color color;
} rg_text_props;

/* Inline content of a paragraph. */
typedef enum {
    RG_INLINE_TEXT = 0,
    RG_INLINE_LINE_BREAK,   /* forced line break (<br/>) */
    RG_INLINE_PAGE_NUMBER,  /* resolved by layout: this page's number in its numbering */
    RG_INLINE_PAGE_COUNT,   /* resolved by layout: total pages of the document */
    RG_INLINE_LEADER        /* dots from the end of the text before it to leader_to;
                             * the text after it continues there on the same line */
} rg_inline_kind;

enum { RG_INLINE_BOLD = 1, RG_INLINE_ITALIC = 2, RG_INLINE_UNDERLINE = 4 };

typedef struct rg_inline {
    rg_inline_kind kind;
    char *text;       /* UTF-8, owned (TEXT only) */
    unsigned flags;   /* RG_INLINE_BOLD | ... added to the block's props */
    float size;       /* 0 = the block's size */
    float leader_to;  /* LEADER: where the dots end, points from the paragraph's
                         left edge; 0 = its right edge */
} rg_inline;

typedef struct rg_inlines {
    rg_inline *items;
    size_t count, cap;
} rg_inlines;

typedef struct rg_block rg_block;

typedef struct rg_blocks {
    rg_block **items;
    size_t count, cap;
} rg_blocks;

/* Spacing and alignment shared by all blocks. */
typedef struct rg_block_box {
    float space_before, space_after;  /* points */
    float indent_left, indent_right;  /* points, from the content box */
    float first_indent;               /* extra indent of a paragraph's first line (may be < 0 for hanging) */
    rg_align align;
    int keep_with_next;               /* never a page break between this block and the next */
    int keep_together;                /* never a page break inside this block */
} rg_block_box;

typedef enum {
    RG_BLOCK_PARAGRAPH = 0,
    RG_BLOCK_FIELD,       /* "label : value": value lines hang at label_width */
    RG_BLOCK_LIST,        /* items marked 1. 2. / ๑. ๒. / • / - / none */
    RG_BLOCK_TABLE,
    RG_BLOCK_IMAGE,
    RG_BLOCK_SIGNATURE,   /* ลงชื่อ .......... role / (name) / position lines */
    RG_BLOCK_GROUP,       /* children; box.keep_together keeps them on one page */
    RG_BLOCK_SPACE,       /* vertical space of box.space_before (see space_kept) */
    RG_BLOCK_PAGE_BREAK
} rg_block_kind;

typedef enum {
    RG_MARKER_NONE = 0,   /* list-style-type: none: items indented, no marker */
    RG_MARKER_DECIMAL,    /* 1. 2. 3. (Thai digits when props.thai_digits) */
    RG_MARKER_DISC,       /* • */
    RG_MARKER_DASH        /* - */
} rg_marker;

typedef struct rg_list_block {
    rg_marker marker;
    int start;              /* first number for DECIMAL */
    char *number_prefix;    /* printed before the number, e.g. "๓." to give ๓.๑. (owned, may be NULL) */
    float marker_width;     /* points reserved for markers (item text hangs after it) */
    rg_blocks *items;       /* items[i] is the block list of item i */
    size_t item_count, item_cap;
} rg_list_block;

typedef struct rg_field_block {
    rg_inlines label;       /* printed in the label column, followed by " : " if separator set */
    char *separator;        /* e.g. " : " (owned, may be NULL) */
    unsigned separator_flags; /* RG_INLINE_BOLD | ... of the separator: a bold label's
                               colon is bold with it ("1. ชื่อตัวชี้วัด :", seed 001) */
    float label_width;      /* points; value starts here and its lines hang here. 0 = label's own width */
    rg_blocks value;        /* usually one paragraph; rich text gives several */
} rg_field_block;

/* Table cell borders: bit per side. */
enum { RG_BORDER_TOP = 1, RG_BORDER_RIGHT = 2, RG_BORDER_BOTTOM = 4, RG_BORDER_LEFT = 8,
       RG_BORDER_ALL = 15 };

typedef enum { RG_VALIGN_TOP = 0, RG_VALIGN_MIDDLE, RG_VALIGN_BOTTOM } rg_valign;

typedef struct rg_cell {
    rg_blocks content;
    int colspan, rowspan;   /* >= 1 */
    rg_valign valign;
    unsigned borders;       /* RG_BORDER_* */
    int fill;               /* background filled with fill_color */
    rg_color fill_color;
    int bar;                /* Gantt mark: a bar across the full cell width, so consecutive
                               marked cells read as one bar */
    rg_color bar_color;     /* colour of the bar (black when left zero) */
    float bar_height;       /* points; 0 = a third of the cell's height */
    int repeat;             /* a rowspan cell cut at a page bottom prints its content again on
                               the next page (an activity's number beside its continued rows) */
} rg_cell;

typedef struct rg_row {
    rg_cell *cells;
    size_t cell_count, cell_cap;
    int header;             /* header rows repeat at the top of every page the table spans */
    int keep_with_next;     /* rows of one group (an activity's detail rows) stay together if they fit */
    int keep_together;      /* never cut at a page bottom unless taller than a page (rows tied
                               by a rowspan always are) */
} rg_row;

typedef struct rg_table_block {
    float *column_widths;   /* points; a value <= 0 means a share of the remaining width (-2 = two shares) */
    size_t column_count;
    rg_row *rows;
    size_t row_count, row_cap;
    float border_width;     /* points; 0 = no borders */
    float cell_padding;     /* points on every side */
} rg_table_block;

typedef struct rg_image_block {
    char *path;             /* PNG or JPEG file, or the name of an image of the
                             * document's image set (owned) */
    float width, height;    /* points; one may be 0 to keep the aspect ratio */
} rg_image_block;

typedef struct rg_signature_block {
    char *sign_label;       /* "ลงชื่อ" (owned) */
    char *role;             /* after the dotted line: "ผู้เขียนแผนฯ", "(ผู้รับผิดชอบโครงการ)" (may be NULL) */
    char *name;             /* printed in parentheses below; NULL or "" gives an empty (....) to fill in */
    char **position_lines;  /* printed below the name, centred (owned) */
    size_t position_count;
    float line_width;       /* points of the dotted ink line */
    float width;            /* points of the whole block (centred at box.align) */
    char *field_name;       /* a name for this block's position (for the signing tool), may be NULL */
    int no_sign_line;       /* 1: no label and no dotted line: a blank space of sign_space
                             * to sign in above "(name)", as official letters have */
    float sign_space;       /* points of that space (0: two lines of the block's size) */
} rg_signature_block;

struct rg_block {
    rg_block_kind kind;
    rg_block_box box;
    /* SPACE: 0 = dropped where it falls at the top of a page or cell, like
     * any space before a block (right after a page break); 1 = kept there,
     * as a blank band that stays with the block after it (a cover's title
     * placed down the page). */
    int space_kept;
    rg_text_props props;
    rg_inlines inlines;         /* PARAGRAPH */
    rg_field_block field;       /* FIELD */
    rg_list_block list;         /* LIST */
    rg_table_block table;       /* TABLE */
    rg_image_block image;       /* IMAGE */
    rg_signature_block signature; /* SIGNATURE */
    rg_blocks children;         /* GROUP */
};

typedef struct rg_section {
    float page_width, page_height;  /* points; landscape has width > height */
    float margin_top, margin_right, margin_bottom, margin_left;
    rg_blocks header;           /* drawn on every page of the section, in the top margin */
    rg_blocks footer;           /* drawn on every page, in the bottom margin */
    /* 1: the header is not drawn on the section's first page (the page
     * number "- 2 -" of an official letter, from page 2 on). Such a header
     * never pushes the body down: it is raised into the top margin (up to
     * the page's top edge) so that the first page, which lacks it, keeps the
     * same body frame as the pages that have it. */
    int header_skip_first;
    rg_blocks body;
    int restart_page_numbers;   /* page numbering restarts at 1 in this section */
    int number_pages;           /* 0: header/footer page numbers not shown on e.g. a cover */
    /* Distance from the page's top edge to the header's top, and from the
     * bottom edge to the footer's bottom (points); 0 = 40% of the margin.
     * A header taller than its margin pushes the body down (never overlaps). */
    float header_offset, footer_offset;
    /* When set, a paragraph whose props and box style the continuation
     * marker printed at the foot of every page but the section's last:
     * "/" and the first words of the next page, then "..." (Thai official
     * documents of several pages, seed 004). Its inlines are ignored. */
    rg_block *continuation;
} rg_section;

typedef struct rg_document {
    rg_section **sections;
    size_t section_count, section_cap;
    rg_doc_info info;           /* title, author, subject, keywords, date (owned strings) */
    rg_image_set images;        /* images of IMAGE blocks drawn from memory, by path (name) */
} rg_document;

/* Construction. All return NULL / -1 only when memory runs out. */
rg_document *rg_document_new(void);
void rg_document_free(rg_document *doc);
rg_section *rg_document_add_section(rg_document *doc);
rg_block *rg_block_new(rg_block_kind kind, const rg_text_props *props);
void rg_block_free(rg_block *block);
int rg_blocks_push(rg_blocks *list, rg_block *block);     /* takes ownership (frees it on failure) */
int rg_inlines_push_text(rg_inlines *list, const char *text, size_t len, unsigned flags, float size);
int rg_inlines_push(rg_inlines *list, rg_inline_kind kind, unsigned flags);
rg_blocks *rg_list_add_item(rg_list_block *list);         /* a new empty item */
rg_row *rg_table_add_row(rg_table_block *table);
rg_cell *rg_row_add_cell(rg_row *row);                   /* colspan = rowspan = 1, borders ALL */
int rg_signature_add_position(rg_signature_block *sig, const char *line);

#endif
