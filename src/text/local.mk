# src/text: sources of the text module (appended to libraingan.a).
libraingan_a_SOURCES += src/text/glyph_run.h src/text/glyph_run.c \
	src/text/font.h src/text/font_lookup.h src/text/shape.h src/text/linebreak.h src/text/paragraph.h
libraingan_a_SOURCES += src/text/text_internal.h src/text/thai_words.h src/text/font.c src/text/font_lookup.c src/text/shape.c \
	src/text/linebreak.c src/text/thai_dict.c src/text/thai_words.c src/text/paragraph.c
libraingan_a_SOURCES += src/text/line_metrics.c
# Prepared paragraphs kept by content (text/prepared_cache.h).
libraingan_a_SOURCES += src/text/prepared_cache.h src/text/prepared_cache.c
# Paragraph-wide line breaking (text/line_fit.h).
libraingan_a_SOURCES += src/text/line_fit.h src/text/line_fit.c
