# src/layout: document model -> display list (pages, tables, page breaks).
libraingan_a_SOURCES += src/layout/document.c src/layout/document.h src/layout/display.c src/layout/display.h
libraingan_a_SOURCES += src/layout/layout.h src/layout/layout.c src/layout/layout_internal.h \
	src/layout/layout_flow.c src/layout/layout_table.c src/layout/layout_image.c \
	src/layout/layout_prepare.c
