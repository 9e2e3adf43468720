/* Data directory lookup (see paths.h). */
#include "util/paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int running_installed_binary(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return 0;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    char bindir[PATH_MAX];
    if (!realpath(RG_BINDIR, bindir))
        return 0;
    return strcmp(exe, bindir) == 0;
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

char *rg_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s", dir, name);
    return path;
}
