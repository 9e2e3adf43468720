/* Where raingan finds its data files (templates/, fonts/).
 *
 * Order: $RAINGAN_DATA if set; the installed $(pkgdatadir) when the running
 * binary is the installed one; otherwise the source tree it was built from,
 * so that ./raingan works straight out of a build directory. */
#ifndef RG_PATHS_H
#define RG_PATHS_H

/* The data directory (static storage, never NULL). */
const char *rg_data_dir(void);
/* The path of one of raingan's helper programs (raingan-sign): in
 * $(pkglibexecdir) for the installed binary, else beside the running binary
 * (a build tree). Newly allocated (caller frees); NULL on OOM. */
char *rg_helper_path(const char *name);
/* Join dir and name into a newly allocated path (caller frees); NULL on OOM. */
char *rg_path_join(const char *dir, const char *name);

#endif
