# src/store: sources of the store module (appended to libraingan.a).
libraingan_a_SOURCES += src/store/store.c src/store/store.h src/store/store_internal.h \
	src/store/schema.c src/store/schema.h src/store/dates.c src/store/dates.h \
	src/store/richtext.c src/store/richtext.h src/store/json_reader.c src/store/json_reader.h \
	src/store/import.c src/store/export.c \
	src/store/kinds.c src/store/kinds.h src/store/select.c \
	src/store/images.c src/store/images.h
libraingan_a_SOURCES += src/store/check.c
# Statements kept per connection (rg_store_statement)
libraingan_a_SOURCES += src/store/statements.c
# Record kinds declared in files (templates/kinds/*.xml, docs/kinds.md)
libraingan_a_SOURCES += src/store/kind_decl.c src/store/kind_decl.h src/store/declared.c
