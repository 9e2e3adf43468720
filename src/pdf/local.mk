# src/pdf: sources of the pdf module (appended to libraingan.a).
libraingan_a_SOURCES += src/pdf/pdf_writer.h src/pdf/pdfa.h src/pdf/pdfa.c
libraingan_a_SOURCES += src/pdf/pdf_writer.c src/pdf/hpdf_internals.h src/pdf/hpdf_internals.c
libraingan_a_SOURCES += src/pdf/font_embed.h src/pdf/font_embed.c
libraingan_a_SOURCES += src/pdf/flate.h src/pdf/flate.c src/pdf/pdf_prepare.h src/pdf/pdf_prepare.c
libraingan_a_SOURCES += src/pdf/letter_spacing.h src/pdf/letter_spacing.c
libraingan_a_SOURCES += src/pdf/composite.h src/pdf/composite.c
libraingan_a_SOURCES += src/pdf/hpdf_arena.h src/pdf/hpdf_arena.c
