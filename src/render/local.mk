# src/render: the one way to render a record (render.h), and the worker pool
# that renders many at once in forked processes.
libraingan_a_SOURCES += src/render/render.h src/render/render.c src/render/batch_names.h src/render/batch_names.c
