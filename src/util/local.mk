# src/util: errors, buffers, UTF-8, data paths, atomic files, growable arrays, XML escaping,
# helper threads.
libraingan_a_SOURCES += src/util/error.c src/util/error.h src/util/buf.c src/util/buf.h \
	src/util/utf8.c src/util/utf8.h src/util/paths.c src/util/paths.h \
	src/util/atomic_file.c src/util/atomic_file.h src/util/xml_escape.c src/util/xml_escape.h src/util/vec.h \
	src/util/thread.c src/util/thread.h
# the heap kept between documents by long-lived render workers
libraingan_a_SOURCES += src/util/heap.c src/util/heap.h
# "did you mean": the nearest known name (template fields, import fields)
libraingan_a_SOURCES += src/util/nearest.c src/util/nearest.h
# Thai month names: printed by templates, read in dates by import
libraingan_a_SOURCES += src/util/thai_months.c src/util/thai_months.h
# fields of the messages between raingan's processes (worker pool, service)
libraingan_a_SOURCES += src/util/wire.c src/util/wire.h
# whole numbers typed by people (options, query parameters): digits only, bounds inclusive
libraingan_a_SOURCES += src/util/bounded_int.c src/util/bounded_int.h
