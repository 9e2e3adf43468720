/* Rich text: the HTML the source systems store (or plain text) turned into
 * the canonical form the renderer lays out without guessing.
 *
 * Canonical form (docs/data-format.md, "Canonical rich text"), compact XML:
 *   rt     := "<rt>" block* "</rt>"
 *   block  := "<p>" inline+ "</p>"
 *           | "<list style=\"decimal|disc|dash|none\">" ("<li>" block+ "</li>")+ "</list>"
 *   inline := text | "<br/>" | "<b>" inline+ "</b>" | "<i>" ... | "<u>" ...
 * Style tags nest in the fixed order b > i > u; white space is collapsed to
 * single spaces and trimmed at paragraph and line starts/ends; empty
 * paragraphs, items and lists are dropped; text escapes only & < >.
 *
 * The conversion is idempotent: converting canonical text gives it back
 * unchanged, which is what makes `raingan export` re-importable. */
#ifndef RG_STORE_RICHTEXT_H
#define RG_STORE_RICHTEXT_H

#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

/* Lists nest at most this deep (each level indents its items by 1.5 em). */
#define RG_RICHTEXT_MAX_LIST_DEPTH 10

/* Convert src (UTF-8, len bytes) into canonical rich text, appended to out.
 * Plain text (no tags) becomes one paragraph per non-empty line. Unsupported
 * tags keep their text and are dropped with a warning (rg_warn). Returns 0,
 * or -1: RG_ERR_NOMEM, or RG_ERR_INPUT for text that cannot be kept whole
 * (tags nested more than 200 deep, lists more than
 * RG_RICHTEXT_MAX_LIST_DEPTH deep); never text silently left out. */
int rg_richtext_from_html(const char *src, size_t len, rg_buf *out, rg_error *err);
/* The same, with `context` (e.g. "file.json: $.records[0].body (line 4)")
 * put in front of each warning. */
int rg_richtext_convert(const char *src, size_t len, const char *context, rg_buf *out,
                        rg_error *err);
/* 1 if the canonical text has no visible text (i.e. it is "<rt></rt>"). */
int rg_richtext_is_empty(const char *canonical);

/* Reading canonical rich text (for the renderer and templates). */
enum { RG_RT_BOLD = 1, RG_RT_ITALIC = 2, RG_RT_UNDERLINE = 4 };

typedef enum {
    RG_RT_PARAGRAPH_START, RG_RT_PARAGRAPH_END,
    RG_RT_LIST_START,      /* list_style: "decimal", "disc", "dash" or "none" */
    RG_RT_LIST_END,
    RG_RT_ITEM_START,      /* item_number: 1, 2, ... within its list */
    RG_RT_ITEM_END,
    RG_RT_TEXT,            /* text/len: a run of one style (style: RG_RT_* bits) */
    RG_RT_LINE_BREAK
} rg_rt_event_type;

typedef struct rg_rt_event {
    rg_rt_event_type type;
    const char *text;      /* RG_RT_TEXT: UTF-8, not NUL-terminated */
    size_t len;
    int style;             /* RG_RT_TEXT */
    const char *list_style;/* RG_RT_LIST_START */
    int item_number;       /* RG_RT_ITEM_START */
    int depth;             /* list nesting: 0 outside any list */
} rg_rt_event;

/* Called once per event in document order; return non-zero to stop. */
typedef int (*rg_rt_visitor)(void *user, const rg_rt_event *event);

/* Walk canonical rich text (as stored). Text that is not canonical (e.g. a
 * hand-edited database) is converted first, so the walk always sees the
 * canonical structure. Returns 0, the visitor's non-zero value, or -1. */
int rg_richtext_walk(const char *canonical, rg_rt_visitor visit, void *user, rg_error *err);
/* Plain text of rich text: paragraphs and items on their own lines ('\n'),
 * line breaks as '\n', list markers ("1. ", "• ", "- ") before items. */
int rg_richtext_to_plain(const char *canonical, rg_buf *out, rg_error *err);

#endif
