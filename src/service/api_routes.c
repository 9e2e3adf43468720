/* The service's API routes (docs/service.md): the forms, the records, a
 * record rendered as a PDF (stored, or posted in the import format), a page
 * of it as a PNG preview, the organizations, and the health check. Only names that appear in the loaded tables reach the
 * renderer: FORM must be one of the loaded forms, KEY is a parameter of an
 * SQL query, never a path; a posted record naming an image file is refused,
 * so no request opens a file of its choosing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/sha2.h>
#include <sqlite3.h>

#include "preview/preview.h"
#include "render/render.h"
#include "service/http_front.h"
#include "service/route.h"
#include "service/service.h"
#include "store/json_reader.h"
#include "store/kinds.h"
#include "util/bounded_int.h"
#include "util/buf.h"

#define KEY_MAX 200

extern const rg_route rg_api_routes[];

/* --- errors --- */

/* The HTTP status and code word for an error from the pipeline. */
static void reply_failure(rg_reply *reply, const rg_error *err, const char *where)
{
    if (err->code == RG_ERR_NOT_FOUND)
        rg_reply_error(reply, 404, "not_found", "path", "%s", err->message);
    else if (err->code == RG_ERR_INPUT || err->code == RG_ERR_USAGE)
        rg_reply_error(reply, 422, "unprocessable", where, "%s", err->message);
    else if (err->code == RG_ERR_DB || err->code == RG_ERR_NOMEM)
        rg_reply_error(reply, 503, err->code == RG_ERR_DB ? "database" : "no_memory", NULL, "%s", err->message);
    else
        rg_reply_error(reply, 500, "internal", NULL, "%s", err->message);
}

/* Query parameters other than `allowed` (a space-separated list) are a 400,
 * and so is one given twice (which value would be meant?): a misspelt or
 * doubled option must not silently print something else. */
static int check_query(const rg_request *req, rg_reply *reply, const char *allowed)
{
    for (size_t i = 0; i < req->query_count; i++) {
        const char *name = req->query[i].name, *p = strstr(allowed, name);
        size_t n = strlen(name);
        char where[80];
        snprintf(where, sizeof where, "query.%.60s", name);
        if (!n || strchr(name, ' ') || !p || (p != allowed && p[-1] != ' ') || (p[n] && p[n] != ' ')) {
            rg_reply_error(reply, 400, "bad_query", where, "unknown query parameter `%.60s` (this route takes: %s)",
                           name, allowed);
            return -1;
        }
        for (size_t j = 0; j < i; j++) {
            if (!strcmp(req->query[j].name, name)) {
                rg_reply_error(reply, 400, "bad_query", where, "query parameter `%s` given twice (%s=%.60s, "
                               "%s=%.60s): give it once", name, name, req->query[j].value, name, req->query[i].value);
                return -1;
            }
        }
    }
    return 0;
}

static int need_store(rg_service *svc, rg_reply *reply)
{
    if (svc->store)
        return 0;
    rg_reply_error(reply, 503, "database", NULL, "the database is not available: %s", svc->store_error.message);
    return -1;
}

/* --- GET /health --- */

static void get_health(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    rg_buf json = RG_BUF_INIT;
    rg_buf_printf(&json, "{\"status\": \"ok\", \"workers\": [");
    for (int i = 0; i < svc->worker_count; i++)
        rg_buf_printf(&json, "%s%d", i ? ", " : "", rg_serve_worker_pid(i));
    rg_buf_printf(&json, "], \"pending\": %zu, \"requests\": %lu, \"workers_replaced\": %lu}\n",
                  rg_serve_pending(), svc->requests_served, svc->workers_replaced);
    rg_reply_json(reply, 200, &json);
    rg_reply_header(reply, "Cache-Control", "no-store");
    rg_buf_free(&json);
}

/* --- GET /forms --- */

static void get_forms(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    if (check_query(req, reply, "") < 0)
        return;
    rg_buf json = RG_BUF_INIT;
    rg_buf_puts(&json, "{\"forms\": [");
    for (size_t i = 0; i < svc->form_count; i++) {
        rg_buf_puts(&json, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
        rg_json_string(&json, svc->forms[i].name);
        rg_buf_puts(&json, ", \"kind\": ");
        rg_json_string(&json, svc->forms[i].kind);
        const rg_kind_desc *kind = rg_kinds_find(svc->forms[i].kind);
        rg_buf_puts(&json, ", \"kind_label\": ");
        rg_json_string(&json, kind && kind->label ? kind->label : svc->forms[i].kind);
        rg_buf_puts(&json, ", \"description\": ");
        rg_json_string(&json, svc->forms[i].description);
        rg_buf_puts(&json, "}");
    }
    rg_buf_puts(&json, "\n]}\n");
    rg_reply_json(reply, 200, &json);
    rg_buf_free(&json);
}

/* --- GET /records --- */

/* GET /records' list, one record at a time. */
typedef struct listing {
    rg_buf json;
    const rg_kind_desc *kind;
    size_t count;
} listing;

static int list_record(void *user, const rg_record_row *row, rg_error *err)
{
    (void)err;
    listing *l = user;
    rg_buf *json = &l->json;
    rg_buf_puts(json, l->count++ ? ",\n  {\"kind\": " : "\n  {\"kind\": ");
    rg_json_string(json, l->kind->name);
    rg_buf_puts(json, ", \"key\": ");
    rg_json_string(json, row->key);
    if (row->year)
        rg_buf_printf(json, ", \"year\": %ld", row->year);
    else
        rg_buf_puts(json, ", \"year\": null");
    rg_buf_puts(json, ", \"name\": ");
    rg_json_string(json, row->title ? row->title : "");
    rg_buf_puts(json, ", \"organization\": ");
    rg_json_string(json, row->org ? row->org : "");
    rg_buf_puts(json, "}");
    return 0;
}

static void get_records(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    if (check_query(req, reply, "kind year org") < 0 || need_store(svc, reply) < 0)
        return;
    const char *kind = rg_request_query(req, "kind"), *year = rg_request_query(req, "year"),
               *org = rg_request_query(req, "org");
    const rg_kind_desc *only = kind ? rg_kinds_find(kind) : NULL;
    if (kind && (!only || !only->printable)) {
        char kinds[200];
        rg_kinds_printable_list(kinds, sizeof kinds);
        rg_reply_error(reply, 400, "bad_query", "query.kind", "kind=%s: expected %s", kind, kinds);
        return;
    }
    long long y = 0;
    if (year) {
        if (rg_parse_bounded_int(year, 2400, 3000, &y) != RG_INT_OK) {
            rg_reply_error(reply, 400, "bad_query", "query.year",
                           "year=%s: expected a Buddhist-era year such as 2566", year);
            return;
        }
    }
    /* A kind declared in a file may have no fiscal year or no organization
     * (a memo has neither year nor, perhaps, organization): asked for by
     * name with such a filter it is the query's mistake; listed with the
     * others, none of its records matches. */
    if (only && year && !only->year_column) {
        rg_reply_error(reply, 400, "bad_query", "query.year", "year=%s: %s records have no fiscal "
                       "year to select by (their kind declares no year field)", year, only->name);
        return;
    }
    if (only && org && !only->org_column) {
        rg_reply_error(reply, 400, "bad_query", "query.org", "org=%s: %s records belong to no "
                       "organization to select by (their kind declares no organization field)", org,
                       only->name);
        return;
    }
    /* The store selects (an organization selects the units under it too, as
     * `raingan batch --org` does): every printable kind in the kinds table's
     * order (the built-in ones, then those declared in files), or the one
     * asked for. */
    const char *orgs[1] = {org};
    rg_record_filter filter = {(long)y, orgs, org ? 1 : 0, NULL, 0};
    listing l = {RG_BUF_INIT, NULL, 0};
    rg_buf_puts(&l.json, "{\"records\": [");
    rg_error err;
    rg_error_clear(&err);
    long rc = 0;
    for (size_t i = 0; i < rg_kinds_count() && rc >= 0; i++) {
        l.kind = rg_kinds_get(i);
        if (l.kind->printable && (!only || only == l.kind) && (!y || l.kind->year_column) &&
            (!org || l.kind->org_column))
            rc = rg_store_select_records(svc->store, l.kind, &filter, list_record, &l, &err);
    }
    if (rc < 0) {
        rg_reply_error(reply, 503, "database", NULL, "cannot list the records: %s", err.message);
    } else {
        rg_buf_puts(&l.json, "\n]}\n");
        rg_reply_json(reply, 200, &l.json);
        rg_reply_header(reply, "Cache-Control", "no-cache");
    }
    rg_buf_free(&l.json);
}

/* --- GET /organizations --- */

/* The organization tree as stored (key, name, parent): what the clerks'
 * page offers to select by, named as the office names its units, and only
 * the units that are stored (an organization key is no path: `bma` need
 * not be one because `bma/bang-sue` is). */
static void get_organizations(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    if (check_query(req, reply, "") < 0 || need_store(svc, reply) < 0)
        return;
    sqlite3_stmt *st;
    if (rg_store_statement(svc->store, "SELECT key, name, parent_key FROM organizations ORDER BY key", &st) !=
        SQLITE_OK || !st) {
        rg_reply_error(reply, 503, "database", NULL, "cannot list the organizations: %s",
                       sqlite3_errmsg(rg_store_db(svc->store)));
        return;
    }
    rg_buf json = RG_BUF_INIT;
    rg_buf_puts(&json, "{\"organizations\": [");
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *parent = (const char *)sqlite3_column_text(st, 2);
        rg_buf_puts(&json, n++ ? ",\n  {\"key\": " : "\n  {\"key\": ");
        rg_json_string(&json, (const char *)sqlite3_column_text(st, 0));
        rg_buf_puts(&json, ", \"name\": ");
        rg_json_string(&json, (const char *)sqlite3_column_text(st, 1));
        rg_buf_puts(&json, ", \"parent\": ");
        if (parent)
            rg_json_string(&json, parent);
        else
            rg_buf_puts(&json, "null");
        rg_buf_puts(&json, "}");
    }
    if (rc != SQLITE_DONE) {
        rg_reply_error(reply, 503, "database", NULL, "cannot list the organizations: %s",
                       sqlite3_errmsg(rg_store_db(svc->store)));
    } else {
        rg_buf_puts(&json, "\n]}\n");
        rg_reply_json(reply, 200, &json);
        rg_reply_header(reply, "Cache-Control", "no-cache");
    }
    rg_store_statement_done(svc->store, st);
    rg_buf_free(&json);
}

/* --- rendering --- */

typedef struct render_options {
    rg_bind_options bind;
    char date_buf[11];
    int archive;      /* 0, or the PDF/A part: 1 or 3 */
    int download;     /* Content-Disposition: attachment */
} render_options;

/* ?archive= ?date= ?digits= ?download=, checked as `raingan render` checks
 * its options, with the same messages. */
static int read_options(const rg_request *req, rg_reply *reply, const char *allowed, render_options *o)
{
    memset(o, 0, sizeof *o);
    rg_bind_options_init(&o->bind);
    if (check_query(req, reply, allowed) < 0)
        return -1;
    const char *archive = rg_request_query(req, "archive"), *digits = rg_request_query(req, "digits"),
               *download = rg_request_query(req, "download");
    if (archive && strcmp(archive, "0")) {
        o->archive = !strcmp(archive, "1") || !strcmp(archive, "pdfa-1b") ? 1 : !strcmp(archive, "pdfa-3b") ? 3 : 0;
        if (!o->archive) {
            rg_reply_error(reply, 400, "bad_query", "query.archive",
                           "archive=%.60s: expected 1 (PDF/A-1b), pdfa-1b or pdfa-3b", archive);
            return -1;
        }
    }
    if (digits) {
        o->bind.digits = !strcmp(digits, "thai") ? RG_DIGITS_THAI : !strcmp(digits, "arabic") ? RG_DIGITS_ARABIC : -2;
        if (o->bind.digits == -2) {
            rg_reply_error(reply, 400, "bad_query", "query.digits", "digits=%.60s: expected thai or arabic", digits);
            return -1;
        }
    }
    o->download = download && strcmp(download, "0");
    rg_error err;
    rg_error_clear(&err);
    if (rg_render_date(rg_request_query(req, "date"), o->date_buf, &o->bind.date, &err) < 0) {
        /* "--date: ..." is the command line's wording; here it is the query. */
        const char *m = strncmp(err.message, "--date: ", 8) ? err.message : err.message + 8;
        rg_reply_error(reply, 400, "bad_query", "query.date", "date: %s", m);
        return -1;
    }
    return 0;
}

/* The record's file name for Content-Disposition (RFC 6266): an ASCII
 * fallback with every other byte as '_', and the exact UTF-8 name in
 * filename* (RFC 5987 percent-encoding). */
static void content_disposition(rg_reply *reply, const char *form, const char *key, int archive, int download)
{
    rg_buf name = RG_BUF_INIT, v = RG_BUF_INIT;
    rg_buf_printf(&name, "%s-%s%s.pdf", form, key, archive ? "-archive" : "");
    rg_buf_printf(&v, "%s; filename=\"", download ? "attachment" : "inline");
    for (const char *c = name.data; *c; c++) {
        unsigned char u = (unsigned char)*c;
        rg_buf_putc(&v, u < 0x20 || u > 0x7e || u == '"' || u == '\\' || u == '/' ? '_' : (char)u);
    }
    rg_buf_puts(&v, "\"; filename*=UTF-8''");
    for (const char *c = name.data; *c; c++) {
        unsigned char u = (unsigned char)*c;
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || strchr("!#$&+-.^_`|~", u))
            rg_buf_putc(&v, (char)u);
        else
            rg_buf_printf(&v, "%%%02X", u);
    }
    rg_reply_header(reply, "Content-Disposition", v.data);
    rg_buf_free(&name);
    rg_buf_free(&v);
}

/* `data` (malloc'd, taken) as the reply's body with a strong ETag (a digest
 * of its bytes: the same record, template, fonts and options give the same
 * bytes) and Cache-Control: private, no-cache. Returns 0, or 1 after a 304
 * when the client already has those bytes (If-None-Match): data freed, no
 * body. */
static int reply_cached(const rg_request *req, rg_reply *reply, unsigned char *data, size_t len)
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof digest, digest);
    char etag[2 + 2 * 16 + 1] = "\"";
    for (int i = 0; i < 16; i++)
        snprintf(etag + 1 + 2 * i, 3, "%02x", digest[i]);
    strcat(etag, "\"");
    rg_reply_header(reply, "ETag", etag);
    rg_reply_header(reply, "Cache-Control", "private, no-cache");
    if (req->if_none_match && strstr(req->if_none_match, etag)) {
        reply->status = 304;
        free(data);
        return 1;
    }
    reply->status = 200;
    rg_buf_free(&reply->body);
    reply->body.data = (char *)data;
    reply->body.len = len;
    reply->body.cap = len;
    return 0;
}

/* What the query asks of the renderer. */
static rg_render_options query_render_options(const render_options *o)
{
    rg_render_options opts;
    rg_render_options_init(&opts);
    opts.date = o->bind.date;
    opts.digits = o->bind.digits;
    opts.archive = o->archive;
    return opts;
}

/* Renders the stored record o->bind.id through `form` into `pdf`. Returns
 * 0, or -1 with the error replied. */
static int render_pdf(rg_service_form *form, rg_store *store, rg_reply *reply, const render_options *o,
                      const char *where, rg_buf *pdf)
{
    rg_render_options opts = query_render_options(o);
    rg_render_job job;
    rg_render_job_init(&job);
    int rc = rg_render_record(form->renderer, store, o->bind.id, &opts, rg_render_to_buffer(pdf), &job);
    if (rc < 0)
        reply_failure(reply, &job.err, where);
    rg_render_job_free(&job);
    return rc;
}

/* `pdf` (emptied), the record `key` printed with `form`, as the reply. */
static void reply_pdf(rg_service_form *form, const char *key, const rg_request *req, rg_reply *reply,
                      const render_options *o, rg_buf *pdf)
{
    size_t len = pdf->len;
    if (reply_cached(req, reply, (unsigned char *)rg_buf_steal(pdf), len) == 0) {
        rg_reply_header(reply, "Content-Type", "application/pdf");
        content_disposition(reply, form->name, key, o->archive, o->download);
    }
}

static rg_service_form *find_form(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    const char *name = rg_request_capture(req, "form");
    rg_service_form *form = name ? rg_service_form_find(svc, name) : NULL;
    if (!form)
        rg_reply_error(reply, 404, "no_such_form", "path", "no form named `%.100s` (GET /forms lists them)",
                       name ? name : "");
    return form;
}

/* The record key of a GET path, checked (o->bind.id). -1: replied. */
static int path_key(const rg_request *req, rg_reply *reply, render_options *o)
{
    o->bind.id = rg_request_capture(req, "key");
    if (strlen(o->bind.id) > KEY_MAX) {
        rg_reply_error(reply, 400, "bad_path", "path", "the record key is longer than %d bytes", KEY_MAX);
        return -1;
    }
    return 0;
}

static void get_render(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    render_options o;
    rg_service_form *form = find_form(svc, req, reply);
    if (!form || read_options(req, reply, "archive date digits download", &o) < 0 || need_store(svc, reply) < 0 ||
        path_key(req, reply, &o) < 0)
        return;
    rg_buf pdf = RG_BUF_INIT;
    if (render_pdf(form, svc->store, reply, &o, "path", &pdf) == 0)
        reply_pdf(form, o.bind.id, req, reply, &o, &pdf);
    rg_buf_free(&pdf);
}

/* --- GET /render/FORM/KEY/page-N.png: a page as a PNG (preview/preview.h) --- */

#define PREVIEW_DPI_DEFAULT 96

/* A whole decimal number in [lo, hi] (digits only), or -1. */
static void get_page_png(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    render_options o;
    rg_service_form *form = find_form(svc, req, reply);
    if (!form || read_options(req, reply, "archive date digits dpi", &o) < 0)
        return;
    const char *n = rg_request_capture(req, "n"), *dpi_value = rg_request_query(req, "dpi");
    long long page, dpi = PREVIEW_DPI_DEFAULT;
    if (rg_parse_bounded_int(n, 0, 999999999, &page) != RG_INT_OK) {
        rg_reply_error(reply, 400, "bad_path", "path", "page-%.60s.png: the page is a number, from 1", n);
        return;
    }
    if (dpi_value && rg_parse_bounded_int(dpi_value, RG_PREVIEW_DPI_MIN, RG_PREVIEW_DPI_MAX, &dpi) != RG_INT_OK) {
        rg_reply_error(reply, 400, "bad_query", "query.dpi", "dpi=%.60s: expected a whole number from %d to %d",
                       dpi_value, RG_PREVIEW_DPI_MIN, RG_PREVIEW_DPI_MAX);
        return;
    }
    if (need_store(svc, reply) < 0 || path_key(req, reply, &o) < 0)
        return;
    rg_buf pdf = RG_BUF_INIT, png = RG_BUF_INIT;
    if (render_pdf(form, svc->store, reply, &o, "path", &pdf) == 0) {
        rg_error err;
        rg_error_clear(&err);
        int pages;
        if (rg_preview_png(pdf.data, pdf.len, (int)page, (int)dpi, &png, &pages, &err) < 0) {
            if (err.code == RG_ERR_NOT_FOUND)
                rg_reply_error(reply, 404, "no_such_page", "path", "%s", err.message);
            else
                reply_failure(reply, &err, "path");
        } else {
            /* The page count, so that a client (the clerks' page) can page
             * through the document without asking for the PDF. */
            char count[16];
            snprintf(count, sizeof count, "%d", pages);
            rg_reply_header(reply, "X-Page-Count", count);
            size_t len = png.len;
            if (reply_cached(req, reply, (unsigned char *)rg_buf_steal(&png), len) == 0)
                rg_reply_header(reply, "Content-Type", "image/png");
        }
    }
    rg_buf_free(&pdf);
    rg_buf_free(&png);
}

/* A posted record may not name an image file (an announcement's emblem):
 * that would be a path from the request, checked or read on the server by
 * the import. Looked for in the parsed body, before anything is imported.
 * An image given as a data: URI (data:image/png;base64,...) is no file:
 * the import decodes and checks it. */
static int find_file_reference(const rg_jnode *n)
{
    if (n->key && !strcmp(n->key, "emblem") && n->type == RG_J_STRING && n->len &&
        !(n->len > 5 && !strncmp(n->text, "data:", 5)))
        return 1;
    for (size_t i = 0; i < n->count; i++)
        if (find_file_reference(n->items[i]))
            return 1;
    return 0;
}

static int scan_record(void *user, rg_jnode *record, long index, rg_error *err)
{
    if (find_file_reference(record))
        *(long *)user = index;
    return 0;
}

/* -1 when no record names a file, else the index of one that does (or -2
 * when the body does not parse: the import then says why). */
static long record_naming_a_file(const rg_request *req)
{
    rg_json_source src = {.name = "body", .data = req->body, .len = req->body_len, .lenient = 1};
    long found = -1;
    rg_error err;
    rg_error_clear(&err);
    if (rg_json_read(&src, scan_record, &found, &err) < 0)
        return -2;
    return found;
}

static void post_render(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    render_options o;
    rg_service_form *form = find_form(svc, req, reply);
    if (!form || read_options(req, reply, "id archive date digits download", &o) < 0)
        return;
    if (o.archive) {
        /* An archival copy stamps a stored record (raingan verify checks it against the database). */
        rg_reply_error(reply, 400, "bad_query", "query.archive",
                       "archival copies are made of stored records: GET /render/FORM/KEY.pdf?archive=1");
        return;
    }
    if (!req->body || !req->body_len) {
        rg_reply_error(reply, 400, "bad_body", "body", "POST a record in the import format "
                       "(docs/data-format.md) as the body");
        return;
    }
    long naming = record_naming_a_file(req);
    if (naming >= 0) {
        rg_reply_error(reply, 422, "file_reference", "body",
                       "body: $.records[%ld] names an image file (emblem); a request cannot make the service "
                       "read a file: import the record into the database with `raingan import` instead", naming);
        return;
    }
    /* Imported into a memory store of its own, then rendered as `raingan
     * render FORM --data` renders it (render.h). */
    rg_render_options opts = query_render_options(&o);
    rg_render_job job;
    rg_render_job_init(&job);
    rg_buf pdf = RG_BUF_INIT;
    if (rg_render_json(form->renderer, "body", req->body, req->body_len, rg_request_query(req, "id"), &opts,
                       rg_render_to_buffer(&pdf), &job) == 0)
        reply_pdf(form, job.key, req, reply, &o, &pdf);
    else if (job.failed == RG_RENDER_FAILED_DATA && job.err.code == RG_ERR_INPUT)
        rg_reply_error(reply, 400, "bad_body", "body", "%s", job.err.message);
    else if (job.failed == RG_RENDER_FAILED_CHOICE && job.err.code == RG_ERR_INPUT && job.records > 1)
        rg_reply_error(reply, 422, "which_record", "query.id",
                       "the body holds several %s records: name one with ?id=KEY", form->kind);
    else if (job.failed == RG_RENDER_FAILED_CHOICE && job.err.code == RG_ERR_INPUT)
        rg_reply_error(reply, 422, "which_record", "body", "the body holds no %s record, which form %s prints",
                       form->kind, form->name);
    else
        reply_failure(reply, &job.err, "body");
    rg_render_job_free(&job);
    rg_buf_free(&pdf);
}

const rg_route rg_api_routes[] = {
    {RG_METHOD_GET, "/health", RG_ROUTE_FRONT, get_health, NULL},
    {RG_METHOD_GET, "/forms", RG_ROUTE_FRONT, get_forms, NULL},
    {RG_METHOD_GET, "/records", RG_ROUTE_WORKER, get_records, NULL},
    {RG_METHOD_GET, "/organizations", RG_ROUTE_WORKER, get_organizations, NULL},
    {RG_METHOD_GET, "/render/{form}/{key}.pdf", RG_ROUTE_WORKER, get_render, NULL},
    {RG_METHOD_GET, "/render/{form}/{key}/page-{n}.png", RG_ROUTE_WORKER, get_page_png, NULL},
    {RG_METHOD_POST, "/render/{form}", RG_ROUTE_WORKER, post_render, NULL},
    {0, NULL, RG_ROUTE_FRONT, NULL, NULL},
};
