/* Family and style -> font file, answered by fontconfig and remembered on disk.
 *
 * Loading fontconfig's configuration (some 70 XML files and the cache of
 * every font directory) takes about 4 ms, a quarter of a whole `raingan
 * render`, while a document asks only a handful of questions ("TH Sarabun New,
 * bold?") whose answers change only when fonts or fontconfig's configuration
 * change. So the answers are kept in a small cache file together with a stamp
 * (inode, size, modification time) of everything they depend on: every
 * configuration file fontconfig read and the directories holding them, every
 * font directory it scanned (a font added or removed changes its directory's
 * time), the places a user configuration would appear, and fontconfig's
 * version and environment. When every stamp still matches, fontconfig is
 * never loaded; when any differs, or a question is new, fontconfig is loaded
 * and the cache is written again with fresh stamps.
 *
 * The cache is $RAINGAN_FONT_CACHE if set ("off" turns it off), else
 * $XDG_CACHE_HOME/raingan/fonts.cache, else ~/.cache/raingan/fonts.cache.
 * It is only a memory of fontconfig's answers: a cache that cannot be read,
 * parsed or written is ignored (the answer comes from fontconfig), never an
 * error, so an unwritable home directory costs speed, not a document; a font
 * file it names that cannot be loaded sends the question back to fontconfig
 * (rg_font_lookup_refresh). The stamps also cover the bundled font
 * directory, and the key raingan's version and the language variables; a
 * cache that depends on the working directory (a "cwd" <dir>) says so.
 *
 * Threads: one rg_font_lookup is used by one thread at a time. */
#ifndef RG_FONT_LOOKUP_H
#define RG_FONT_LOOKUP_H

#include "text/font.h"
#include "util/error.h"

typedef struct rg_font_lookup rg_font_lookup;

/* A lookup whose fontconfig configuration will include app_font_dir (the
 * bundled fonts). Cheap: neither the cache nor fontconfig is read yet. */
rg_font_lookup *rg_font_lookup_new(const char *app_font_dir, rg_error *err);
void rg_font_lookup_free(rg_font_lookup *lookup);

/* The face fontconfig picks for exactly this family and style. Returns 1 with
 * *path (malloc'd, caller frees), *index (in a collection) and *exact (1 when
 * the face has the requested style, 0 for a regular stand-in); 0 when no
 * TrueType face of that family exists; -1 with err set when fontconfig cannot
 * load its configuration or memory runs out. */
int rg_font_lookup_find(rg_font_lookup *lookup, const char *family, rg_font_style style,
                        char **path, unsigned *index, int *exact, rg_error *err);

/* When a file a cached answer named cannot be loaded: loads fontconfig (if
 * the answers came from the cache), asks every question again and rewrites
 * the cache. Returns 1 when the answers were renewed (ask again), 0 when
 * they already came from fontconfig, -1 with err set on failure. */
int rg_font_lookup_refresh(rg_font_lookup *lookup, rg_error *err);

/* Frees fontconfig's configuration; the answers so far are kept, and a new
 * question loads it again. */
void rg_font_lookup_release(rg_font_lookup *lookup);

/* For `raingan fonts`: the cache file (NULL when turned off), and how the
 * answers were obtained so far: whether fontconfig had to be loaded, and why
 * the cache was not used or could not be written ("" when it was fine). */
const char *rg_font_lookup_cache_path(const rg_font_lookup *lookup);
int rg_font_lookup_loaded_fontconfig(const rg_font_lookup *lookup);
const char *rg_font_lookup_cache_note(const rg_font_lookup *lookup);

#endif
