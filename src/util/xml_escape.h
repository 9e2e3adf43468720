/* Text made safe for XML character data and attribute values (the XMP
 * packets of archival PDFs). */
#ifndef RG_XML_ESCAPE_H
#define RG_XML_ESCAPE_H

#include "util/buf.h"

/* Appends s to out with < > & " ' escaped, and control characters other than
 * tab and line ends (which XML 1.0 forbids) replaced by a space. Returns 0,
 * or non-zero when memory ran out. */
int rg_xml_escape(rg_buf *out, const char *s);

#endif
