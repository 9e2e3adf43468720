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

/* Convert src (UTF-8, len bytes) into canonical rich text, appended to out.
 * Plain text (no tags) becomes one paragraph per non-empty line. Unsupported
 * tags keep their text and are dropped with a warning (rg_warn). Returns 0, or
 * -1 only when memory runs out. */
int rg_richtext_from_html(const char *src, size_t len, rg_buf *out, rg_error *err);
/* The same, with `context` (e.g. "file.json: $.records[0].body (line 4)")
 * put in front of each warning. */
int rg_richtext_convert(const char *src, size_t len, const char *context, rg_buf *out,
                        rg_error *err);
/* 1 if the canonical text has no visible text (i.e. it is "<rt></rt>"). */
int rg_richtext_is_empty(const char *canonical);

#endif
