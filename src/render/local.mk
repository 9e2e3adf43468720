# src/render: the one way to render a record (render.h), the worker pool
# that renders many at once in forked processes (worker_pool.h: `raingan
# batch` and the service), and many records into a directory (batch.h).
libraingan_a_SOURCES += src/render/render.h src/render/render.c \
	src/render/file_name.h src/render/file_name.c \
	src/render/worker_pool.h src/render/worker_pool.c \
	src/render/batch.h src/render/batch.c
