# src/preview: PNG previews of PDF pages through poppler-glib and cairo
# (preview.h). Compiled into raingan-preview and raingan-serve only, never
# into libraingan.a or raingan: no other command loads poppler.
PREVIEW_SOURCES = src/preview/preview.c src/preview/preview.h
PREVIEW_CFLAGS = $(POPPLER_CFLAGS) $(CAIRO_CFLAGS)
PREVIEW_LIBS = $(POPPLER_LIBS) $(CAIRO_LIBS)
