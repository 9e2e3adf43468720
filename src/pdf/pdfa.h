/* PDF/A-1b and PDF/A-3b for archival copies (docs/archival.md): the XMP metadata packet
 * that mirrors the document information dictionary, as PDF/A requires. Used
 * only by the PDF writer. */
#ifndef RG_PDF_PDFA_H
#define RG_PDF_PDFA_H

#include "layout/display.h"
#include "util/buf.h"
#include "util/error.h"

/* The ICC profile of the output intent when rg_pdf_options.icc_profile is
 * NULL: sRGB from Debian's icc-profiles-free. */
#define RG_PDFA_DEFAULT_ICC "/usr/share/color/icc/sRGB.icc"
#define RG_PDFA_OUTPUT_CONDITION "sRGB IEC61966-2.1"

/* The whole XMP packet: dc:title, dc:creator, dc:description, pdf:Keywords,
 * pdf:Producer, xmp:CreatorTool, xmp:CreateDate/ModifyDate/MetadataDate
 * from `info` (the same values the information dictionary gets), the PDF/A
 * identification (pdfaid:part `part`, 1 or 3, conformance B), and `extra`
 * (whole rdf:Description elements, or NULL) inside the rdf:RDF. Text is
 * XML-escaped; the packet is UTF-8. */
int rg_pdfa_xmp(const rg_doc_info *info, const char *producer, int part, const char *extra,
                rg_buf *out, rg_error *err);

#endif
