/* Data directory lookup (see paths.h). */
#include "util/paths.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory of the running binary into dir; 0, or -1 if unknown. */
static int binary_dir(char dir[PATH_MAX])
{
    ssize_t n = readlink("/proc/self/exe", dir, PATH_MAX - 1);
    if (n <= 0)
        return -1;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    return 0;
}

/* The installed raingan lives in $(bindir), its helper programs in
 * $(pkglibexecdir): both find the installed data. */
static int running_installed_binary(void)
{
    char exe[PATH_MAX];
    if (binary_dir(exe) < 0)
        return 0;
    const char *installed[] = {RG_BINDIR, RG_PKGLIBEXECDIR};
    for (size_t i = 0; i < sizeof installed / sizeof installed[0]; i++) {
        char dir[PATH_MAX];
        if (realpath(installed[i], dir) && strcmp(exe, dir) == 0)
            return 1;
    }
    return 0;
}

const char *rg_data_dir(void)
{
    static char dir[PATH_MAX];
    if (dir[0])
        return dir;
    const char *env = getenv("RAINGAN_DATA");
    if (env && *env)
        snprintf(dir, sizeof dir, "%s", env);
    else if (running_installed_binary())
        snprintf(dir, sizeof dir, "%s", RG_PKGDATADIR);
    else
        snprintf(dir, sizeof dir, "%s", RG_SRCDIR);
    /* Shown to users (raingan fonts): prefer /src/fonts over /src/build/../fonts. */
    char resolved[PATH_MAX];
    if (realpath(dir, resolved))
        snprintf(dir, sizeof dir, "%s", resolved);
    return dir;
}

char *rg_helper_path(const char *name)
{
    char dir[PATH_MAX];
    if (running_installed_binary() || binary_dir(dir) < 0)
        return rg_path_join(RG_PKGLIBEXECDIR, name);
    /* Never an installed helper for a build-tree raingan: it could be
     * another version. */
    return rg_path_join(dir, name);
}

int rg_make_parent_dirs(const char *path, unsigned mode, rg_error *err)
{
    char *dir = strdup(path);
    if (!dir)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, (mode_t)mode) != 0 && errno != EEXIST) {
            int saved = errno;
            rg_error_set(err, RG_ERR_IO, "cannot create %s: %s", dir, strerror(saved));
            free(dir);
            errno = saved;
            return -1;
        }
        *p = '/';
    }
    free(dir);
    return 0;
}

char *rg_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s", dir, name);
    return path;
}
