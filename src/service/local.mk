# src/service: raingan-serve, the HTTP service `raingan serve` runs
# (cmd_serve.c); its own program so that only it loads libmicrohttpd (and,
# for its PNG previews, poppler: src/preview).
pkglibexec_PROGRAMS += raingan-serve
raingan_serve_SOURCES = src/service/serve_main.c src/service/service.c src/service/service.h \
	src/service/route.h src/service/route_tables.h src/service/router.c \
	src/service/workers.c src/service/workers.h src/service/http_front.c src/service/http_front.h \
	src/service/api_routes.c src/service/batch_jobs.c src/service/batch_jobs.h \
	src/service/web_routes.c src/service/web_assets.S $(PREVIEW_SOURCES) \
	src/cli/render_job.c src/cli/render_job.h src/cli/db_option.c src/cli/cli_report.c
raingan_serve_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) $(ARCHIVE_CFLAGS) $(PREVIEW_CFLAGS)
raingan_serve_LDADD = libraingan.a $(MHD_LIBS) $(ARCHIVE_LIBS) $(PREVIEW_LIBS) $(DEP_LIBS)
# The clerks' page, built into the program (web_assets.S includes the files).
WEB_ASSETS = src/service/web/index.html src/service/web/app.js src/service/web/app.css
EXTRA_DIST += $(WEB_ASSETS)
raingan_serve_CCASFLAGS = $(AM_CCASFLAGS) -I$(srcdir)/src/service/web
src/service/raingan_serve-web_assets.$(OBJEXT): $(srcdir)/src/service/web/index.html \
	$(srcdir)/src/service/web/app.js $(srcdir)/src/service/web/app.css
