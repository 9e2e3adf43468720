/* The heap policy of processes that render one document after another
 * (heap.h): why, and the measured cost it removes, are in the header. */
#include "util/heap.h"

#include <malloc.h>

#define KEPT_BYTES (16 * 1024 * 1024)

int rg_heap_keep_between_documents(void)
{
    /* M_MMAP_THRESHOLD fixed also ends glibc's own adjustment of it, which
     * starts at 128 KB and moves only after a large block has been freed. */
    int ok = mallopt(M_TRIM_THRESHOLD, KEPT_BYTES) == 1;
    ok = (mallopt(M_MMAP_THRESHOLD, KEPT_BYTES) == 1) && ok;
    return ok ? 0 : -1;
}
