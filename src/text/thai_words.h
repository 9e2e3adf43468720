/* The list of Thai words kept whole at line ends (thai-words.txt), and which
 * templates directory it comes from (src/text/thai_words.c, docs/thai-text.md).
 *
 * The list belongs with the templates: an administrator who keeps their own
 * templates directory (--templates DIR, $RAINGAN_TEMPLATES) keeps their own
 * DIR/thai-words.txt there. A directory without one uses the installed list
 * (rg_data_dir()/templates/thai-words.txt); with neither, libthai's word
 * boundaries are used alone. */
#ifndef RG_THAI_WORDS_H
#define RG_THAI_WORDS_H

#include "util/error.h"

/* Loads the list of templates directory `dir` (NULL: $RAINGAN_TEMPLATES when
 * set, else the installed templates) and makes it the one every later line
 * break uses, replacing any list loaded before. Call it once the templates
 * directory is known and before text is laid out: not while another thread
 * lays out text. Without a call, the first line break loads the list of the
 * NULL choice. Problems are warnings (rg_warn) naming the file, as with a
 * missing font: a list that exists but cannot be read gives way to the
 * installed one, a line that is not a Thai word is skipped. Fails only when
 * out of memory. */
int rg_thai_words_use_dir(const char *dir, rg_error *err);
/* Counts the lists put in use (rg_thai_words_use_dir): what was analysed
 * with another list (paragraph.c's prepared paragraphs) is analysed again. */
unsigned rg_thai_words_generation(void);

/* The file the list in use was read from ("" for none); for messages and
 * tests. Static storage, valid until the next rg_thai_words_use_dir. */
const char *rg_thai_words_file(void);

#endif
