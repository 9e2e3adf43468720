/* The service's batches (batch_jobs.h): POST /batch, GET /batch/ID,
 * GET /batch/ID.zip. The selection runs in a worker (post_batch, which
 * has the database); everything else in the front: the job table, the
 * records handed to the workers, the ZIP written as the PDFs come back. */
#define _GNU_SOURCE   /* O_TMPFILE */
#include "service/batch_jobs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <yajl/yajl_tree.h>

#include "cli/render_job.h"
#include "render/batch.h"
#include "render/file_name.h"
#include "service/http_front.h"
#include "service/route.h"
#include "service/service.h"
#include "store/kinds.h"
#include "store/store.h"
#include "util/buf.h"

extern const rg_route rg_batch_routes[];

/* The worker's answer to POST /batch, for the front's step (batch_created):
 * NUL-separated fields, never sent to a client. */
#define SELECTION_TYPE "application/x-raingan-batch-selection"
#define MAX_ORGS 16
#define ID_BYTES 12

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ======================= in a worker: POST /batch ======================= */

typedef struct selection {
    rg_buf out;                 /* key\0name\0 for each record */
    const char *form;
    size_t count, max;
    rg_error err;
} selection;

static int add_selected(void *user, const rg_record_row *row, rg_error *err)
{
    selection *s = user;
    if (++s->count > s->max)
        return 0;   /* counted only: the reply says how many there are */
    char *name = rg_file_name(RG_FILE_NAME_DEFAULT, s->form, row->key, row->year, err);
    if (!name)
        return -1;
    int rc = rg_buf_append(&s->out, row->key, strlen(row->key) + 1) |
             rg_buf_append(&s->out, name, strlen(name) + 1);
    free(name);
    return rc < 0 ? rg_error_set(err, RG_ERR_NOMEM, "out of memory") : 0;
}

static int bad_member(rg_reply *reply, const char *name, const char *expected)
{
    char where[80];
    snprintf(where, sizeof where, "body.%.60s", name);
    rg_reply_error(reply, 400, "bad_body", where, "body: `%.60s` must be %s", name, expected);
    return -1;
}

/* A string, or an array of strings (at most `max`), into list; -1 with the reply set. */
static int string_list(yajl_val v, const char *name, int one_allowed, const char **list, size_t max, size_t *count,
                       rg_reply *reply)
{
    *count = 0;
    if (one_allowed && YAJL_IS_STRING(v)) {
        list[(*count)++] = YAJL_GET_STRING(v);
        return 0;
    }
    if (!YAJL_IS_ARRAY(v) || v->u.array.len > max)
        goto bad;
    for (size_t i = 0; i < v->u.array.len; i++) {
        if (!YAJL_IS_STRING(v->u.array.values[i]) || !*YAJL_GET_STRING(v->u.array.values[i]))
            goto bad;
        list[(*count)++] = YAJL_GET_STRING(v->u.array.values[i]);
    }
    return 0;
bad:;
    char expected[120];
    snprintf(expected, sizeof expected, "%san array of at most %zu non-empty strings",
             one_allowed ? "a string or " : "", max);
    return bad_member(reply, name, expected);
}

/* `keys` or `org` given as an empty array: a 422, not every record. */
static int no_records(rg_reply *reply, const char *name)
{
    char where[80];
    snprintf(where, sizeof where, "body.%.60s", name);
    rg_reply_error(reply, 422, "no_records", where, "body: `%.60s` is an empty array: it selects no record, "
                   "nothing to print (leave it out to print them all)", name);
    return -1;
}

/* The request's options, checked. */
typedef struct batch_request {
    rg_service_form *form;
    long year;
    const char *orgs[MAX_ORGS];
    size_t org_count;
    const char **keys;
    size_t key_count;
    const char *archive;        /* "", "1" or "pdfa-3b" */
    const char *date, *digits;  /* or "" */
} batch_request;

static int read_batch_request(rg_service *svc, yajl_val root, batch_request *b, rg_reply *reply)
{
    if (!YAJL_IS_OBJECT(root)) {
        rg_reply_error(reply, 400, "bad_body", "body", "body: expected a JSON object such as "
                       "{\"form\": \"progress-report\", \"year\": 2566}");
        return -1;
    }
    const char *kind = NULL;
    int org_given = 0, keys_given = 0;
    b->archive = b->date = b->digits = "";
    for (size_t i = 0; i < root->u.object.len; i++) {
        const char *name = root->u.object.keys[i];
        yajl_val v = root->u.object.values[i];
        if (!strcmp(name, "form")) {
            if (!YAJL_IS_STRING(v))
                return bad_member(reply, name, "a form's name (GET /forms)");
            b->form = rg_service_form_find(svc, YAJL_GET_STRING(v));
            if (!b->form) {
                rg_reply_error(reply, 404, "no_such_form", "body.form", "no form named `%.100s` (GET /forms lists them)",
                               YAJL_GET_STRING(v));
                return -1;
            }
        } else if (!strcmp(name, "kind")) {
            if (!YAJL_IS_STRING(v))
                return bad_member(reply, name, "a record kind (project, indicator, plan)");
            kind = YAJL_GET_STRING(v);
        } else if (!strcmp(name, "year")) {
            if (!YAJL_IS_INTEGER(v) || YAJL_GET_INTEGER(v) < 2400 || YAJL_GET_INTEGER(v) > 3000)
                return bad_member(reply, name, "a Buddhist-era year such as 2566");
            b->year = (long)YAJL_GET_INTEGER(v);
        } else if (!strcmp(name, "org")) {
            if (string_list(v, name, 1, b->orgs, MAX_ORGS, &b->org_count, reply) < 0)
                return -1;
            org_given = 1;
        } else if (!strcmp(name, "keys")) {
            if (YAJL_IS_ARRAY(v) && v->u.array.len > svc->batch_max_records) {
                rg_reply_error(reply, 422, "too_many_records", "body.keys",
                               "%zu keys asked for; a batch prints at most %zu records", v->u.array.len,
                               svc->batch_max_records);
                return -1;
            }
            free(b->keys);
            b->keys = YAJL_IS_ARRAY(v) && v->u.array.len ? calloc(v->u.array.len, sizeof *b->keys) : NULL;
            if (string_list(v, name, 0, b->keys, svc->batch_max_records, &b->key_count, reply) < 0)
                return -1;
            keys_given = 1;
        } else if (!strcmp(name, "archive")) {
            if (YAJL_IS_TRUE(v))
                b->archive = "1";
            else if (YAJL_IS_STRING(v) && (!strcmp(v->u.string, "pdfa-1b") || !strcmp(v->u.string, "pdfa-3b")))
                b->archive = v->u.string;
            else if (!YAJL_IS_FALSE(v))
                return bad_member(reply, name, "true (PDF/A-1b), false, \"pdfa-1b\" or \"pdfa-3b\"");
        } else if (!strcmp(name, "date")) {
            char buf[11];
            const char *date;
            rg_error err;
            rg_error_clear(&err);
            if (!YAJL_IS_STRING(v) || rg_render_date(YAJL_GET_STRING(v), buf, &date, &err) < 0)
                return bad_member(reply, name, "a Buddhist-era date YYYY-MM-DD that exists, such as \"2566-01-16\"");
            b->date = YAJL_GET_STRING(v);
        } else if (!strcmp(name, "digits")) {
            if (!YAJL_IS_STRING(v) || (strcmp(v->u.string, "thai") && strcmp(v->u.string, "arabic")))
                return bad_member(reply, name, "\"thai\" or \"arabic\"");
            b->digits = v->u.string;
        } else {
            char where[80];
            snprintf(where, sizeof where, "body.%.60s", name);
            rg_reply_error(reply, 400, "bad_body", where, "body: unknown member `%.60s` (a batch takes form, kind, "
                           "year, org, keys, archive, date, digits)", name);
            return -1;
        }
    }
    if (!b->form) {
        rg_reply_error(reply, 400, "bad_body", "body.form", "body: `form` is missing: the form to print (GET /forms)");
        return -1;
    }
    if (kind && strcmp(kind, b->form->kind)) {
        rg_reply_error(reply, 400, "bad_body", "body.kind", "body: form %s prints %s records, not %.60s",
                       b->form->name, b->form->kind, kind);
        return -1;
    }
    /* A kind declared in a file may have no fiscal year or no organization
     * (a memo has no year): selecting by it is the request's mistake, as
     * for GET /records, not the database's. */
    const rg_kind_desc *k = rg_kinds_find(b->form->kind);
    if (k && b->year && !k->year_column) {
        rg_reply_error(reply, 400, "bad_body", "body.year", "body: `year`: %s records have no fiscal year to select "
                       "by (their kind declares no year field)", k->name);
        return -1;
    }
    if (k && b->org_count && !k->org_column) {
        rg_reply_error(reply, 400, "bad_body", "body.org", "body: `org`: %s records belong to no organization to "
                       "select by (their kind declares no organization field)", k->name);
        return -1;
    }
    /* An empty array is not "any organization" nor "every record". */
    if (org_given && !b->org_count)
        return no_records(reply, "org");
    if (keys_given && !b->key_count)
        return no_records(reply, "keys");
    return 0;
}

/* The selection, as `raingan batch` makes it (render/batch.h): the form's
 * kind, the filters; organizations and keys asked for must exist. */
static void select_batch(rg_service *svc, const batch_request *b, rg_reply *reply)
{
    const rg_kind_desc *kind = rg_kinds_find(b->form->kind);
    if (!kind) {
        rg_reply_error(reply, 500, "internal", NULL, "form %s prints records of unknown kind %s", b->form->name,
                       b->form->kind);
        return;
    }
    rg_error err;
    rg_error_clear(&err);
    selection s = {RG_BUF_INIT, b->form->name, 0, svc->batch_max_records, {0}};
    rg_record_filter filter = {b->year, b->orgs, b->org_count, b->keys, b->key_count};
    rg_buf_printf(&s.out, "%s%c%s%c%s%c%s%c", b->form->name, 0, b->archive, 0, b->date, 0, b->digits, 0);
    rg_batch_input where;
    size_t which;
    if (rg_batch_select(svc->store, kind, &filter, add_selected, &s, &where, &which, &err) < 0) {
        /* The messages name neither the database's path nor more than
         * 100 bytes of what the client sent. */
        if (where == RG_BATCH_INPUT_ORG)
            rg_reply_error(reply, 404, "not_found", "body.org", "no organization `%.100s` in the store", b->orgs[which]);
        else if (where == RG_BATCH_INPUT_KEY)
            rg_reply_error(reply, 404, "not_found", "body.keys", "no %s with key `%.100s`%s in the store",
                           b->form->kind, b->keys[which], b->year || b->org_count ? " matches the other filters" : "");
        else
            rg_reply_error(reply, 503, "database", NULL, "cannot select the records: %s", err.message);
        rg_buf_free(&s.out);
        return;
    }
    if (s.count > s.max) {
        rg_reply_error(reply, 422, "too_many_records", "body", "%zu %s records match; a batch prints at most %zu "
                       "(choose a year or an organization)", s.count, b->form->kind, s.max);
    } else if (s.count == 0) {
        rg_reply_error(reply, 422, "no_records", "body", "no %s record matches: nothing to print", b->form->kind);
    } else {
        rg_reply_free(reply);
        rg_reply_init(reply);
        reply->body = s.out;
        s.out = (rg_buf)RG_BUF_INIT;
        rg_reply_header(reply, "Content-Type", SELECTION_TYPE);
    }
    rg_buf_free(&s.out);
}

static void post_batch(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    if (req->query_count) {
        rg_reply_error(reply, 400, "bad_query", "query", "POST /batch takes its options in the body, not the query");
        return;
    }
    if (!svc->store) {
        rg_reply_error(reply, 503, "database", NULL, "the database is not available: %s", svc->store_error.message);
        return;
    }
    char message[200] = "";
    yajl_val root = req->body && req->body_len ? yajl_tree_parse(req->body, message, sizeof message) : NULL;
    if (!root) {
        message[strcspn(message, "\n")] = '\0';
        rg_reply_error(reply, 400, "bad_body", "body", "body: %s", req->body && req->body_len
                       ? (message[0] ? message : "not JSON") : "empty: POST a JSON object such as "
                       "{\"form\": \"progress-report\", \"year\": 2566}");
        return;
    }
    batch_request b;
    memset(&b, 0, sizeof b);
    if (read_batch_request(svc, root, &b, reply) == 0)
        select_batch(svc, &b, reply);
    free(b.keys);
    yajl_tree_free(root);
}

/* ======================= in the front: the jobs ======================= */

typedef struct record_item {
    char *key, *name;
    int state;                  /* 0 waiting, 1 rendering, 2 printed, 3 failed */
    char *error, *message;      /* a failed record's */
} record_item;

typedef struct job {
    char id[2 * ID_BYTES + 1];
    char *form, *archive, *date, *digits;
    record_item *items;
    size_t total, next, printed, failed;
    int zip_fd;
    struct archive *zip;        /* open while the job runs */
    char *zip_error;            /* the ZIP could not be written: the job failed */
    double created, finished;   /* finished: 0 while running */
    struct job *next_job;
} job;

static struct {
    job *jobs;                  /* oldest first */
    size_t count;
    size_t in_flight;           /* records handed to workers, all jobs */
    size_t render_table, render_index;
    int render_route;           /* found */
} jobs;

static void job_free(job *j)
{
    for (size_t i = 0; i < j->total; i++) {
        free(j->items[i].key);
        free(j->items[i].name);
        free(j->items[i].error);
        free(j->items[i].message);
    }
    free(j->items);
    if (j->zip)
        archive_write_free(j->zip);
    if (j->zip_fd >= 0)
        close(j->zip_fd);
    free(j->form);
    free(j->archive);
    free(j->date);
    free(j->digits);
    free(j->zip_error);
    free(j);
}

/* Finished jobs older than the expiry go; with `room`, the oldest finished
 * one goes too while the table is full. */
static void expire(rg_service *svc, int room)
{
    double now = now_s();
    for (job **p = &jobs.jobs; *p;) {
        job *j = *p;
        int full = room && jobs.count >= svc->batch_max_jobs;
        if (j->finished && (full || now - j->finished > svc->batch_expiry_s)) {
            *p = j->next_job;
            jobs.count--;
            job_free(j);
        } else {
            p = &j->next_job;
        }
    }
}

static job *find_job(const char *id)
{
    for (job *j = jobs.jobs; j; j = j->next_job)
        if (id && !strcmp(j->id, id))
            return j;
    return NULL;
}

static void finish_job(job *j)
{
    if (j->zip) {
        if (archive_write_close(j->zip) != ARCHIVE_OK && !j->zip_error)
            j->zip_error = strdup(archive_error_string(j->zip) ? archive_error_string(j->zip) : "cannot write");
        archive_write_free(j->zip);
        j->zip = NULL;
    }
    j->finished = now_s();
}

/* The PDF into the ZIP, under the record's file name. */
static int zip_add(job *j, const record_item *it, const rg_reply *reply)
{
    struct archive_entry *e = archive_entry_new();
    if (!e)
        return -1;
    archive_entry_set_pathname_utf8(e, it->name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)reply->body.len);
    archive_entry_set_mtime(e, time(NULL), 0);
    int rc = archive_write_header(j->zip, e) == ARCHIVE_OK &&
             archive_write_data(j->zip, reply->body.data, reply->body.len) == (la_ssize_t)reply->body.len &&
             archive_write_finish_entry(j->zip) == ARCHIVE_OK ? 0 : -1;
    archive_entry_free(e);
    if (rc < 0 && !j->zip_error)
        j->zip_error = strdup(archive_error_string(j->zip) ? archive_error_string(j->zip) : "cannot write");
    return rc;
}

/* A failed record's error word and message, from the service's JSON error. */
static void record_failure(record_item *it, const rg_reply *reply)
{
    char *body = strndup(reply->body.data ? reply->body.data : "", reply->body.len);
    yajl_val root = body ? yajl_tree_parse(body, NULL, 0) : NULL;
    const char *error_path[] = {"error", NULL}, *message_path[] = {"message", NULL};
    const char *error = YAJL_GET_STRING(yajl_tree_get(root, error_path, yajl_t_string));
    const char *message = YAJL_GET_STRING(yajl_tree_get(root, message_path, yajl_t_string));
    char fallback[64];
    snprintf(fallback, sizeof fallback, "status %d", reply->status);
    it->error = strdup(error ? error : "internal");
    it->message = strdup(message ? message : fallback);
    yajl_tree_free(root);
    free(body);
}

typedef struct pending {
    job *j;
    size_t index;
} pending;

static void pump(void);

/* A record's reply from its worker (also a 5xx when the worker died or
 * the service stops). */
static void record_done(void *user, rg_reply *reply)
{
    pending *p = user;
    job *j = p->j;
    record_item *it = &j->items[p->index];
    free(p);
    jobs.in_flight--;
    const char *type = rg_reply_find_header(reply, "Content-Type");
    if (reply->status == 200 && type && !strcmp(type, "application/pdf") && !j->zip_error && zip_add(j, it, reply) == 0) {
        it->state = 2;
        j->printed++;
    } else {
        if (j->zip_error) {
            it->error = strdup("zip");
            it->message = strdup(j->zip_error);
        } else {
            record_failure(it, reply);
        }
        it->state = 3;
        j->failed++;
    }
    rg_reply_free(reply);
    if (j->printed + j->failed == j->total)
        finish_job(j);
    pump();
}

/* Hands waiting records to the workers: at most one per worker in flight
 * across every job, oldest job first, each behind the clients' requests
 * already waiting (rg_serve_submit), so a batch never holds up the page. */
static void pump(void)
{
    int limit = rg_serve_worker_count();
    for (job *j = jobs.jobs; j && jobs.in_flight < (size_t)limit; j = j->next_job) {
        while (j->next < j->total && jobs.in_flight < (size_t)limit) {
            record_item *it = &j->items[j->next];
            rg_request req;
            memset(&req, 0, sizeof req);
            req.method = RG_METHOD_GET;
            req.path = (char *)"/batch";
            req.captures[0] = (rg_param){(char *)"form", j->form};
            req.captures[1] = (rg_param){(char *)"key", it->key};
            req.capture_count = 2;
            if (*j->archive)
                req.query[req.query_count++] = (rg_param){(char *)"archive", j->archive};
            if (*j->date)
                req.query[req.query_count++] = (rg_param){(char *)"date", j->date};
            if (*j->digits)
                req.query[req.query_count++] = (rg_param){(char *)"digits", j->digits};
            pending *p = malloc(sizeof *p);
            if (!p)
                return;
            *p = (pending){j, j->next};
            if (rg_serve_submit(&req, jobs.render_table, jobs.render_index, record_done, p) < 0) {
                free(p);
                return;   /* the queue is full or the service stops: the next reply tries again */
            }
            it->state = 1;
            j->next++;
            jobs.in_flight++;
        }
    }
}

/* GET /render/{form}/{key}.pdf, the route each record goes through. */
static int find_render_route(void)
{
    if (jobs.render_route)
        return 0;
    for (size_t t = 0; t < rg_route_table_count; t++)
        for (size_t i = 0; rg_route_tables[t][i].pattern; i++)
            if (!strcmp(rg_route_tables[t][i].pattern, "/render/{form}/{key}.pdf")) {
                jobs.render_table = t;
                jobs.render_index = i;
                jobs.render_route = 1;
                return 0;
            }
    return -1;
}

/* An unlinked temporary file for the ZIP, and the archive writing into it. */
static int open_zip(job *j, rg_buf *why)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    j->zip_fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (j->zip_fd < 0) {
        /* A file system without O_TMPFILE: a named one, unlinked at once. */
        rg_buf path = RG_BUF_INIT;
        rg_buf_printf(&path, "%s/raingan-batch.XXXXXX", dir);
        j->zip_fd = path.data ? mkostemp(path.data, O_CLOEXEC) : -1;
        if (j->zip_fd >= 0)
            unlink(path.data);
        rg_buf_free(&path);
    }
    if (j->zip_fd < 0) {
        rg_buf_printf(why, "cannot make a temporary file in %s: %s", dir, strerror(errno));
        return -1;
    }
    j->zip = archive_write_new();
    if (!j->zip || archive_write_set_format_zip(j->zip) != ARCHIVE_OK ||
        archive_write_set_options(j->zip, "zip:compression=store,zip:hdrcharset=UTF-8") != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(j->zip, 1) != ARCHIVE_OK ||
        archive_write_open_fd(j->zip, j->zip_fd) != ARCHIVE_OK) {
        rg_buf_printf(why, "cannot start the ZIP: %s", j->zip && archive_error_string(j->zip)
                      ? archive_error_string(j->zip) : "out of memory");
        return -1;
    }
    return 0;
}

static void progress_json(const job *j, rg_buf *json)
{
    rg_buf_puts(json, "{\"id\": ");
    rg_json_string(json, j->id);
    rg_buf_puts(json, ", \"form\": ");
    rg_json_string(json, j->form);
    const char *status = !j->finished ? "running" : j->printed && !j->zip_error ? "done" : "failed";
    rg_buf_printf(json, ", \"status\": \"%s\", \"total\": %zu, \"done\": %zu, \"failed\": %zu", status, j->total,
                  j->printed, j->failed);
    rg_buf_printf(json, ", \"progress\": %.4f", (double)(j->printed + j->failed) / (double)j->total);
    rg_buf_puts(json, ", \"zip\": ");
    if (!strcmp(status, "done"))
        rg_buf_printf(json, "\"/batch/%s.zip\"", j->id);
    else
        rg_buf_puts(json, "null");
    rg_buf_puts(json, ", \"errors\": [");
    size_t n = 0;
    for (size_t i = 0; i < j->total; i++) {
        const record_item *it = &j->items[i];
        if (it->state != 3)
            continue;
        rg_buf_puts(json, n++ ? ",\n  {\"key\": " : "\n  {\"key\": ");
        rg_json_string(json, it->key);
        rg_buf_puts(json, ", \"error\": ");
        rg_json_string(json, it->error ? it->error : "internal");
        rg_buf_puts(json, ", \"message\": ");
        rg_json_string(json, it->message ? it->message : "");
        rg_buf_puts(json, "}");
    }
    rg_buf_puts(json, n ? "\n]" : "]");
    if (j->zip_error) {
        rg_buf_puts(json, ", \"zip_error\": ");
        rg_json_string(json, j->zip_error);
    }
    rg_buf_puts(json, "}\n");
}

/* POST /batch, back in the front with the worker's selection: the job. */
static void batch_created(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    const char *type = rg_reply_find_header(reply, "Content-Type");
    if (reply->status != 200 || !type || strcmp(type, SELECTION_TYPE))
        return;   /* the worker's error, as it is */
    expire(svc, 1);
    if (jobs.count >= svc->batch_max_jobs) {
        rg_reply_error(reply, 503, "too_many_jobs", NULL, "%zu batches are running, the most this service keeps; "
                       "try again when one has finished", jobs.count);
        rg_reply_header(reply, "Retry-After", "10");
        return;
    }
    const char *p = reply->body.data, *end = reply->body.data + reply->body.len;
    job *j = calloc(1, sizeof *j);
    rg_buf why = RG_BUF_INIT;
    if (!j || find_render_route() < 0) {
        free(j);
        rg_reply_error(reply, 500, "internal", NULL, "cannot start the batch: out of memory");
        return;
    }
    j->zip_fd = -1;
    char *fields[4];
    for (int f = 0; f < 4; f++) {
        fields[f] = strdup(p);
        p += strlen(p) + 1;
    }
    j->form = fields[0], j->archive = fields[1], j->date = fields[2], j->digits = fields[3];
    for (const char *q = p; q < end; q += strlen(q) + 1, q += strlen(q) + 1)
        j->total++;
    j->items = calloc(j->total ? j->total : 1, sizeof *j->items);
    int ok = j->form && j->archive && j->date && j->digits && j->items;
    for (size_t i = 0; ok && i < j->total; i++) {
        j->items[i].key = strdup(p);
        p += strlen(p) + 1;
        j->items[i].name = strdup(p);
        p += strlen(p) + 1;
        ok = j->items[i].key && j->items[i].name;
    }
    uint8_t random[ID_BYTES];
    if (ok && getrandom(random, sizeof random, 0) != (ssize_t)sizeof random)
        ok = 0;
    for (int i = 0; ok && i < ID_BYTES; i++)
        snprintf(j->id + 2 * i, 3, "%02x", random[i]);
    if (!ok || open_zip(j, &why) < 0) {
        rg_reply_error(reply, 500, "internal", NULL, "cannot start the batch: %s", why.data ? why.data : "out of memory");
        rg_buf_free(&why);
        job_free(j);
        return;
    }
    j->created = now_s();
    job **tail = &jobs.jobs;
    while (*tail)
        tail = &(*tail)->next_job;
    *tail = j;
    jobs.count++;
    rg_buf json = RG_BUF_INIT;
    progress_json(j, &json);
    rg_reply_json(reply, 202, &json);
    rg_buf_free(&json);
    char location[64];
    snprintf(location, sizeof location, "/batch/%s", j->id);
    rg_reply_header(reply, "Location", location);
    rg_reply_header(reply, "Cache-Control", "no-store");
    pump();
}

static job *job_or_404(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    if (req->query_count) {
        rg_reply_error(reply, 400, "bad_query", "query", "this route takes no query parameters");
        return NULL;
    }
    expire(svc, 0);
    const char *id = rg_request_capture(req, "id");
    job *j = find_job(id);
    if (!j)
        rg_reply_error(reply, 404, "no_such_job", "path", "no batch `%.60s`: it never existed, or it finished more "
                       "than %u s ago and was dropped", id ? id : "", svc->batch_expiry_s);
    return j;
}

static void get_batch(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    job *j = job_or_404(svc, req, reply);
    if (!j)
        return;
    rg_buf json = RG_BUF_INIT;
    progress_json(j, &json);
    rg_reply_json(reply, 200, &json);
    rg_buf_free(&json);
    rg_reply_header(reply, "Cache-Control", "no-store");
}

static void get_batch_zip(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    job *j = job_or_404(svc, req, reply);
    if (!j)
        return;
    if (!j->finished) {
        rg_reply_error(reply, 409, "not_finished", "path", "batch %s is still running (%zu of %zu records "
                       "done): GET /batch/%s tells when it has finished", j->id, j->printed + j->failed, j->total, j->id);
        return;
    }
    if (j->zip_error || !j->printed) {
        const record_item *first = NULL;
        for (size_t i = 0; i < j->total && !first; i++)
            if (j->items[i].state == 3)
                first = &j->items[i];
        if (j->zip_error)
            rg_reply_error(reply, 409, "job_failed", "path", "batch %s failed: the ZIP could not be written: %s",
                           j->id, j->zip_error);
        else
            rg_reply_error(reply, 409, "job_failed", "path", "batch %s failed: none of its %zu records was printed "
                           "(%s: %s)", j->id, j->total, first ? first->key : "?",
                           first && first->message ? first->message : "");
        return;
    }
    reply->file = dup(j->zip_fd);
    if (reply->file < 0) {
        rg_reply_error(reply, 503, "busy", NULL, "cannot send the ZIP: %s", strerror(errno));
        return;
    }
    reply->status = 200;
    rg_reply_header(reply, "Content-Type", "application/zip");
    char disposition[160];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"%.80s-%.8s.zip\"", j->form, j->id);
    for (char *c = disposition + 22; *c; c++)
        if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e || *c == '\\' || *c == '/')
            *c = '_';
    rg_reply_header(reply, "Content-Disposition", disposition);
    rg_reply_header(reply, "Cache-Control", "private, no-cache");
}

void rg_batch_jobs_free(void)
{
    while (jobs.jobs) {
        job *j = jobs.jobs;
        jobs.jobs = j->next_job;
        job_free(j);
    }
    jobs.count = 0;
    jobs.in_flight = 0;
}

void rg_batch_jobs_close_in_child(void)
{
    for (job *j = jobs.jobs; j; j = j->next_job)
        if (j->zip_fd >= 0) {
            close(j->zip_fd);
            j->zip_fd = -1;
        }
}

const rg_route rg_batch_routes[] = {
    {RG_METHOD_POST, "/batch", RG_ROUTE_WORKER, post_batch, batch_created},
    {RG_METHOD_GET, "/batch/{id}.zip", RG_ROUTE_FRONT, get_batch_zip, NULL},
    {RG_METHOD_GET, "/batch/{id}", RG_ROUTE_FRONT, get_batch, NULL},
    {0, NULL, RG_ROUTE_FRONT, NULL, NULL},
};
