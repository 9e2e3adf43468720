# src/cli: the raingan program and its subcommands (one cmd_<name>.c each).
raingan_SOURCES += src/cli/main.c src/cli/commands.c src/cli/commands.h src/cli/command_list.h \
	src/cli/cli_report.c src/cli/cmd_version.c
raingan_SOURCES += src/cli/cmd_sign.c
# raingan-sign: `raingan sign` runs it (cmd_sign.c); the one program linked with OpenSSL.
raingan_sign_SOURCES = src/cli/sign_tool.c src/cli/cli_report.c src/cli/commands.h
raingan_sign_LDADD = libraingan.a $(CRYPTO_LIBS) $(CURL_LIBS) $(DEP_LIBS)
raingan_SOURCES += src/cli/db_option.c src/cli/db_option.h src/cli/cmd_init.c src/cli/cmd_import.c \
	src/cli/cmd_export.c src/cli/cmd_list.c
raingan_SOURCES += src/cli/cmd_fonts.c src/cli/cmd_proof.c
raingan_SOURCES += src/cli/cmd_forms.c src/cli/cmd_render.c
raingan_SOURCES += src/cli/cmd_batch.c src/cli/batch_progress.c src/cli/batch_progress.h \
	src/cli/render_job.c src/cli/render_job.h
raingan_SOURCES += src/cli/cmd_verify.c
raingan_SOURCES += src/cli/archive_copy.c src/cli/archive_copy.h
raingan_SOURCES += src/cli/cmd_check.c
raingan_SOURCES += src/cli/image_option.c src/cli/image_option.h
# `raingan import --from postgresql://`: runs raingan-pg, the one program linked with libpq
# (import_from.h says why); both programs share cmd_import.c.
raingan_SOURCES += src/cli/import_from.c src/cli/import_from.h
pkglibexec_PROGRAMS += raingan-pg
raingan_pg_SOURCES = src/cli/pg_import_tool.c src/cli/cmd_import.c src/cli/import_from.h \
	src/cli/archive_copy.c src/cli/archive_copy.h src/cli/db_option.c src/cli/db_option.h \
	src/cli/cli_report.c src/cli/commands.h src/source/pg_source.c src/source/pg_source.h \
	src/cli/image_option.c src/cli/image_option.h
raingan_pg_LDADD = libraingan.a $(PQ_LIBS) $(DEP_LIBS)
raingan_SOURCES += src/cli/cmd_serve.c
# `raingan preview`: runs raingan-preview (preview_tool.c), which alone with raingan-serve
# loads poppler (src/preview).
raingan_SOURCES += src/cli/cmd_preview.c src/cli/run_program.c
pkglibexec_PROGRAMS += raingan-preview
raingan_preview_SOURCES = src/cli/preview_tool.c src/cli/render_job.c src/cli/render_job.h \
	src/cli/db_option.c src/cli/db_option.h src/cli/image_option.c src/cli/image_option.h \
	src/cli/cli_report.c src/cli/commands.h $(PREVIEW_SOURCES)
raingan_preview_CFLAGS = $(AM_CFLAGS) $(PREVIEW_CFLAGS)
raingan_preview_LDADD = libraingan.a $(PREVIEW_LIBS) $(DEP_LIBS)
