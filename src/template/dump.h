/* The document model as indented text: what `raingan render --dump` prints
 * and what the binding tests read. One line per block, its text after a
 * colon; {page} and {pages} stand for page numbers; <br> for a line break. */
#ifndef RG_TEMPLATE_DUMP_H
#define RG_TEMPLATE_DUMP_H

#include "layout/document.h"
#include "util/buf.h"

int rg_document_dump(const rg_document *doc, rg_buf *out);

#endif
