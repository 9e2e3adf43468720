# src/render: the one way to render a record (render.h), and the worker pool
# that renders many at once in forked processes (worker_pool.h: `raingan
# batch` and the service).
libraingan_a_SOURCES += src/render/render.h src/render/render.c \
	src/render/file_name.h src/render/file_name.c \
	src/render/worker_pool.h src/render/worker_pool.c
