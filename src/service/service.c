/* Loading the forms once for the whole service, and each worker's store
 * (service.h). */
#include "service/service.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "template/template.h"

int rg_service_load(rg_service *svc, const char *db_path, const char *templates_dir, rg_error *err)
{
    memset(svc, 0, sizeof *svc);
    svc->db_path = db_path;
    svc->templates_dir = templates_dir ? strdup(templates_dir) : rg_render_default_templates_dir();
    if (!svc->templates_dir)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    rg_form_info *forms;
    size_t count;
    if (rg_template_list(svc->templates_dir, &forms, &count, err) < 0)
        return -1;
    svc->forms = calloc(count ? count : 1, sizeof *svc->forms);
    if (!svc->forms) {
        rg_form_info_free(forms, count);
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    int rc = 0;
    for (size_t i = 0; i < count && rc == 0; i++) {
        if (forms[i].error) {
            rc = rg_error_set(err, RG_ERR_INPUT, "%s", forms[i].error);
            break;
        }
        rg_service_form *f = &svc->forms[svc->form_count];
        f->name = strdup(forms[i].name);
        f->kind = strdup(forms[i].kind);
        f->description = strdup(forms[i].description ? forms[i].description : "");
        svc->form_count++;
        if (!f->name || !f->kind || !f->description) {
            rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            break;
        }
        /* By its path: the name is only ever looked up in this table. */
        f->renderer = rg_renderer_new(forms[i].path, svc->templates_dir, err);
        if (!f->renderer)
            rc = rg_error_prefix(err, "form %s: ", forms[i].name);
    }
    rg_form_info_free(forms, count);
    if (rc == 0 && svc->form_count == 0)
        rc = rg_error_set(err, RG_ERR_INPUT, "%s: no form templates there", svc->templates_dir);
    return rc;
}

void rg_service_free(rg_service *svc)
{
    for (size_t i = 0; i < svc->form_count; i++) {
        free(svc->forms[i].name);
        free(svc->forms[i].kind);
        free(svc->forms[i].description);
        rg_renderer_free(svc->forms[i].renderer);
    }
    free(svc->forms);
    free(svc->templates_dir);
    rg_store_close(svc->store);
    memset(svc, 0, sizeof *svc);
}

rg_service_form *rg_service_form_find(rg_service *svc, const char *name)
{
    for (size_t i = 0; i < svc->form_count; i++)
        if (!strcmp(svc->forms[i].name, name))
            return &svc->forms[i];
    return NULL;
}

void rg_service_worker_open(rg_service *svc)
{
    rg_error_clear(&svc->store_error);
    if (svc->db_path)
        svc->store = rg_store_open(svc->db_path, RG_STORE_READ_ONLY, &svc->store_error);
    else
        rg_error_set(&svc->store_error, RG_ERR_USAGE, "the service was started without --db");
}

void rg_service_warm_up(rg_service *svc, rg_store *store)
{
    rg_error err;
    rg_error_clear(&err);
    rg_store *own = store ? NULL : svc->db_path ? rg_store_open(svc->db_path, RG_STORE_READ_ONLY, &err) : NULL;
    if (!store && !(store = own))
        return;
    for (size_t i = 0; i < svc->form_count; i++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(rg_store_db(store), "SELECT key FROM records WHERE kind = ?1 ORDER BY key LIMIT 1",
                               -1, &st, NULL) != SQLITE_OK)
            break;
        sqlite3_bind_text(st, 1, svc->forms[i].kind, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            rg_render_options opts;
            rg_render_options_init(&opts);
            rg_buf pdf = RG_BUF_INIT;
            rg_render_job job;
            rg_render_job_init(&job);
            /* any outcome will do */
            rg_render_record(svc->forms[i].renderer, store, (const char *)sqlite3_column_text(st, 0), &opts,
                             rg_render_to_buffer(&pdf), &job);
            rg_render_job_free(&job);
            rg_buf_free(&pdf);
        }
        sqlite3_finalize(st);
    }
    rg_store_close(own);   /* in the front, before the workers fork: a handle never crosses a fork */
}
