/* Paths: where raingan finds its data files (templates/, fonts/) and its
 * helper programs, and making the directories a file is to go into.
 *
 * Data files, in order: $RAINGAN_DATA if set; the installed $(pkgdatadir) when the running
 * binary is the installed one; otherwise the source tree it was built from,
 * so that ./raingan works straight out of a build directory. */
#ifndef RG_PATHS_H
#define RG_PATHS_H

#include "util/error.h"

/* The data directory (static storage, never NULL). */
const char *rg_data_dir(void);
/* The path of one of raingan's helper programs (raingan-sign): in
 * $(pkglibexecdir) for the installed binary, else beside the running binary
 * (a build tree). Newly allocated (caller frees); NULL on OOM. */
char *rg_helper_path(const char *name);
/* Creates the missing directories above path (not path itself) with mode
 * (less the umask). Returns 0, or -1 with err naming the directory that
 * could not be made ("cannot create DIR: reason") and errno left as mkdir
 * set it. */
int rg_make_parent_dirs(const char *path, unsigned mode, rg_error *err);
/* Join dir and name into a newly allocated path (caller frees); NULL on OOM. */
char *rg_path_join(const char *dir, const char *name);

#endif
