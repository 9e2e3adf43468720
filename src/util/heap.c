/* The heap policy of processes that render one document after another
 * (heap.h): why, and the measured cost it removes, are in the header. */
#include "util/heap.h"

#include <malloc.h>

int rg_heap_keep_between_documents(void)
{
    /* M_MMAP_THRESHOLD fixed also ends glibc's own adjustment of it, which
     * starts at 128 KB and moves only after a large block has been freed;
     * M_TOP_PAD grows the heap 4 MB at a time instead of a page or so. */
    int ok = mallopt(M_MMAP_THRESHOLD, 16 << 20) == 1;
    ok = (mallopt(M_TRIM_THRESHOLD, 64 << 20) == 1) && ok;
    ok = (mallopt(M_TOP_PAD, 4 << 20) == 1) && ok;
    return ok ? 0 : -1;
}
