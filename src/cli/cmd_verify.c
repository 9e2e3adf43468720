/* `raingan verify FILE.pdf --db FILE`: does an archival copy (render
 * --archive) still match the stored data? Reads the stamp from the PDF's XMP
 * metadata, recomputes the record's digests from the database (read-only)
 * and names every record and part that changed (docs/archival.md). */
#include <errno.h>
#include <getopt.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "archive/archive.h"
#include "archive/xmp.h"
#include "cli/archive_copy.h"
#include "cli/commands.h"
#include "cli/db_option.h"
#include "sign/pdf_history.h"
#include "store/store.h"
#include "util/atomic_file.h"
#include "util/buf.h"
#include "util/paths.h"

extern char **environ;

/* Exit status when the PDF no longer matches the data (0 = it matches;
 * errors use the usual statuses 2..6). */
#define VERIFY_CHANGED 8

int cmd_verify(int argc, char **argv);

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan verify FILE.pdf [--db FILE]\n"
            "Check that an archival PDF (raingan render --archive) still matches the stored data.\n"
            "Without --db, a PDF/A-3b copy is checked against the data it carries.\n"
            "  --db FILE   the database, opened read-only (default: $RAINGAN_DB, else ./%s)\n"
            "Prints MATCHES (exit 0), or CHANGED and the records that changed (exit %d).\n",
            RG_CLI_DEFAULT_DB, VERIFY_CHANGED);
}

/* The file's signatures checked by raingan-sign (the one program linked
 * with OpenSSL), which prints its part of the report. Returns 0, VERIFY_CHANGED,
 * or an error status (raingan-sign has given the message). */
static int report_signed_file(const char *path)
{
    rg_error err;
    char *helper = rg_helper_path("raingan-sign");
    if (!helper) {
        rg_error_set(&err, RG_ERR_NOMEM, "out of memory");
        return rg_cli_fail("verify", &err);
    }
    char *args[] = {"raingan verify", RG_SIGN_REPORT_OPTION, (char *)path, NULL};
    fflush(stdout);
    pid_t pid;
    int rc = posix_spawn(&pid, helper, NULL, NULL, args, environ), status = 0;
    if (rc != 0) {
        rg_error_set(&err, RG_ERR_IO, "cannot run the signature checker %s: %s (reinstall raingan)", helper,
                     strerror(rc));
        free(helper);
        return rg_cli_fail("verify", &err);
    }
    free(helper);
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return 4;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    rg_error_set(&err, RG_ERR_INTERNAL, "%s: the signature checker was killed by signal %d", path,
                 WTERMSIG(status));
    return rg_cli_fail("verify", &err);
}

/* What the file itself says: its signatures, and anything appended after
 * the last one (docs/archival.md, "The file"). */
static int report_file(const char *path, const char *data, size_t len)
{
    rg_error err;
    rg_error_clear(&err);
    rg_pdf_history h;
    if (rg_pdf_history_read(data, len, &h, &err) < 0) {
        rg_error_prefix(&err, "%s: ", path);
        return rg_cli_fail("verify", &err);
    }
    size_t signatures = h.signature_count;
    rg_pdf_history_free(&h);
    if (signatures)
        return report_signed_file(path);
    rg_buf report = RG_BUF_INIT;
    int changed = 0;
    if (rg_pdf_history_report(data, len, NULL, &report, &changed, &err) < 0) {
        rg_buf_free(&report);
        rg_error_prefix(&err, "%s: ", path);
        return rg_cli_fail("verify", &err);
    }
    fwrite(report.data, 1, report.len, stdout);
    rg_buf_free(&report);
    return changed ? VERIFY_CHANGED : 0;
}

static void print_change(const rg_archive_diff_item *item, const rg_archive_stamp *archived)
{
    const rg_archive_part *p = item->part;
    int main_record = !strcmp(p->kind, archived->kind) && !strcmp(p->key, archived->key);
    switch (item->change) {
    case RG_ARCHIVE_CHANGED:
        if (!strcmp(p->part, "record"))
            printf("  %s %s changed since printing%s\n", p->kind, p->key,
                   main_record ? "" : " (referred to by the document)");
        else
            printf("  %s %s: %s changed\n", p->kind, p->key, rg_archive_part_label(p->part));
        break;
    case RG_ARCHIVE_MISSING:
        if (!strcmp(p->part, "record"))
            printf("  %s %s is no longer stored\n", p->kind, p->key);
        break;
    case RG_ARCHIVE_ADDED:
        if (!strcmp(p->part, "record"))
            printf("  %s %s is now referred to, but was not when printed\n", p->kind, p->key);
        else
            printf("  %s %s: %s added\n", p->kind, p->key, rg_archive_part_label(p->part));
        break;
    case RG_ARCHIVE_SAME:
        break;
    }
}

int cmd_verify(int argc, char **argv)
{
    const char *db_option = NULL;
    int parsed = rg_cli_parse_db_option("verify", argc, argv, usage, &db_option);
    if (parsed >= 0)
        return parsed;
    if (optind != argc - 1) {
        fprintf(stderr, "raingan verify: %s\n", optind >= argc ? "no FILE.pdf given" : "give one FILE.pdf");
        rg_cli_try_help("verify");
        return 2;
    }
    const char *path = argv[optind];
    rg_error err;
    rg_error_clear(&err);
    rg_archive_stamp archived;
    rg_archive_stamp_init(&archived);
    char *data = NULL;
    size_t len = 0;
    if (rg_read_file(path, &data, &len, &err) < 0 ||
        rg_cli_archive_stamp(path, data, len, &archived, &err) < 0) {
        free(data);
        rg_archive_stamp_free(&archived);
        return rg_cli_fail("verify", &err);
    }
    printf("%s: document %s, form %s, %s %s, printed %s\n", path, archived.number, archived.form,
           archived.kind, archived.key, archived.print_date ? archived.print_date : "(no date)");
    int file_status = report_file(path, data, len);
    if (file_status != 0 && file_status != VERIFY_CHANGED) {
        free(data);
        rg_archive_stamp_free(&archived);
        return file_status;
    }
    /* Without --db, a copy that carries its data is checked against it. */
    int embedded = !db_option && archived.embedded_name;
    rg_archive_diff diff;
    rg_store *store = NULL;
    int rc;
    if (embedded) {
        rg_buf json = RG_BUF_INIT;
        rc = rg_cli_archive_embedded(path, data, len, &archived, &json, &store, &diff, &err);
        rg_buf_free(&json);
    } else {
        store = rg_store_open(rg_cli_db_path(db_option), RG_STORE_READ_ONLY, &err);
        /* One read transaction: every part is compared with one state of the data. */
        rc = store && rg_store_snapshot_begin(store, &err) == 0
                 ? rg_archive_compare(rg_store_db(store), &archived, &diff, &err)
                 : -1;
        rg_store_snapshot_end(store);
    }
    free(data);
    rg_store_close(store);
    if (rc < 0) {
        rg_archive_stamp_free(&archived);
        return rg_cli_fail("verify", &err);
    }
    char hex[65];
    rg_archive_hex(archived.data_digest, hex);
    const char *source = embedded ? "the embedded data" : "the stored data";
    int status = file_status;
    if (diff.matches) {
        if (embedded)
            printf("MATCHES: the embedded data (%s, SHA-256 and MD5 as recorded) is the data printed "
                   "(%zu parts, sha256:%s)\n", archived.embedded_name, archived.part_count, hex);
        else
            printf("MATCHES: the stored data is the data printed (%zu parts, sha256:%s)\n",
                   archived.part_count, hex);
    } else {
        printf("CHANGED: %s differs from the data printed:\n", source);
        for (size_t i = 0; i < diff.count; i++)
            print_change(&diff.items[i], &archived);
        status = VERIFY_CHANGED;
    }
    rg_archive_diff_free(&diff);
    rg_archive_stamp_free(&archived);
    return status;
}
