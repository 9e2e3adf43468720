# src/template: sources of the template module (appended to libraingan.a).
libraingan_a_SOURCES += src/template/format.c src/template/format.h \
	src/template/rich_blocks.c src/template/rich_blocks.h \
	src/template/template.c src/template/template.h src/template/template_internal.h \
	src/template/binder.h src/template/expr.c src/template/bind.c \
	src/template/dump.c src/template/dump.h
