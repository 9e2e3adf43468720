/* Line-break opportunities and grapheme clusters for UTF-8 text.
 *
 * Thai has no spaces between words: breaks inside Thai text come from libthai's
 * dictionary (th_brk), so words are never cut. Elsewhere a UAX #14-like subset:
 * break after spaces; mandatory break at LF, CR LF, U+2028, U+2029; no break
 * before closing punctuation ) ] } , . ; : ! ? % ” ’ » ๆ ฯ or after opening
 * punctuation ( [ { “ ‘ « ฿; numbers stay whole ("1,234.00", "2/12/2562",
 * "10-12", and digit groups separated by single spaces such as the phone number
 * "0 2280 7416"); break after a hyphen or dash that follows a letter, and
 * before an em dash; never inside a grapheme cluster (a base with its marks,
 * sara am included). NBSP (U+00A0) and U+2060 never break. */
#ifndef RG_LINEBREAK_H
#define RG_LINEBREAK_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* Flags for the position *before* byte i. */
enum {
    RG_BRK_CLUSTER = 1,    /* a grapheme cluster starts here */
    RG_BRK_ALLOWED = 2,    /* a line may break here */
    RG_BRK_MANDATORY = 4,  /* a line must break here (after a newline) */
    RG_BRK_FALLBACK = 8,   /* a word boundary inside a word kept whole (templates/
                              thai-words.txt, or after ผู้): used only when that
                              word alone is wider than the line, before cutting
                              between clusters */
    /* With RG_BRK_ALLOWED, breaks a paragraph avoids when it has room
     * (paragraph.h): */
    RG_BRK_COMPOUND = 16,  /* inside a compound: a Thai word of templates/
                              thai-compounds.txt (ดำเนิน|การ, จัด|เก็บ), or after the
                              prefix ความ (ความ|โปร่งใส) */
    RG_BRK_NUMBER = 32     /* separates a number from the word before it
                              (มาตรา |๙, ระยะที่ |๒) or a day from its month
                              (16 |ธันวาคม) */
};

/* Fills flags[0..len) for valid UTF-8 text (flags[0] has RG_BRK_CLUSTER only;
 * positions inside a multi-byte character get 0). Returns 0, or -1 with err set
 * (the libthai dictionary could not be loaded, out of memory). Thread-safe. */
int rg_linebreak_analyze(const char *text, size_t len, uint8_t *flags, rg_error *err);

/* Starts loading libthai's dictionary on a thread, so that it overlaps other
 * start-up work; the first rg_linebreak_analyze waits for it. Optional (the
 * dictionary is otherwise loaded on first use), idempotent, and safe with
 * fork(): a fork waits for the load to finish first. */
void rg_linebreak_preload(void);

/* Hands the texts about to be laid out to another thread, which breaks their
 * Thai runs (the thread of rg_linebreak_preload once the dictionary is loaded,
 * or a new one if it is loaded already), so that rg_linebreak_analyze finds
 * the answers ready. Copies the texts; does nothing while an earlier prefetch
 * runs, or when helper threads are off (util/thread.h). Never changes a
 * result, only where it is computed. */
void rg_linebreak_prefetch(const char *const *texts, const size_t *lens, size_t count);
/* How many Thai runs the prefetch has answered so far (for tests and benchmarks). */
size_t rg_linebreak_prefetched_runs(void);

/* Empties the caches of libthai results (recent and prefetched Thai runs). */
void rg_linebreak_cache_clear(void);

#endif
