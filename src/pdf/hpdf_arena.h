/* Memory for libharu's objects while one document is written: libharu makes
 * about 2,400 small allocations for a seed-002 report and frees them all in
 * HPDF_Free (malloc and free for them were 2 % of a warm render). Given to
 * HPDF_NewEx, rg_hpdf_arena_alloc hands out pieces of blocks kept by the
 * thread from one document to the next; rg_hpdf_arena_free does nothing;
 * rg_hpdf_arena_reset, after HPDF_Free, makes every block free again.
 *
 * Per thread (_Thread_local): a document must be written, from HPDF_NewEx to
 * HPDF_Free and the reset, on one thread, and a thread writes one document
 * at a time. The blocks kept are what the largest document so far needed
 * (pieces over a block's size get an allocation of their own, freed by the
 * reset), so a worker's memory stays flat over its documents. Internal to
 * src/pdf. */
#ifndef RG_HPDF_ARENA_H
#define RG_HPDF_ARENA_H

#include <hpdf.h>

void *HPDF_STDCALL rg_hpdf_arena_alloc(HPDF_UINT size);
void HPDF_STDCALL rg_hpdf_arena_free(void *ptr);
/* After HPDF_Free: everything handed out since the last reset is free again. */
void rg_hpdf_arena_reset(void);

#endif
