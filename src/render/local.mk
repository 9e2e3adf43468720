# src/render: the one way to render a record (render.h), and the worker pool
# that renders many at once in forked processes.
libraingan_a_SOURCES += src/render/render.h src/render/render.c \
	src/render/file_name.h src/render/file_name.c
