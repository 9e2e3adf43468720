/* raingan-sign: the program behind `raingan sign` and `raingan timestamp`
 * (cmd_sign.c runs it; argv[0] says which), which adds a digital signature
 * (PAdES B-B to B-LTA, incremental updates) or a document time-stamp with
 * long-term validation data to a PDF written by raingan. See
 * docs/signing.md. A program of its own because it alone needs OpenSSL and
 * libcurl, whose loading would cost every other command 0.7 ms. */
#include <errno.h>
#include <getopt.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/commands.h"
#include "sign/dss.h"
#include "sign/ltv.h"
#include "sign/pdf_history.h"
#include "sign/sign.h"
#include "sign/signature_check.h"
#include "sign/signer.h"
#include "util/atomic_file.h"
#include "util/bounded_int.h"
#include "util/buf.h"
#include "util/error.h"

#define PASSWORD_ENV "RAINGAN_P12_PASSWORD"
#define MAX_PASSWORD 1024

static void usage(FILE *out)
{
    fprintf(out,
            "usage: raingan sign IN.pdf --key KEY.p12 -o OUT.pdf [options]\n"
            "Add a digital signature (PAdES, CMS detached, SHA-256) to a PDF written by raingan,\n"
            "as an incremental update that keeps earlier signatures valid.\n\n"
            "  --key FILE            PKCS#12 file with the signer's key and certificate\n"
            "  --password-file FILE  read the key's password from the first line of FILE\n"
            "                        (otherwise from the environment variable " PASSWORD_ENV ")\n"
            "  -o, --output FILE     the signed PDF (never the input; refused if it exists;\n"
            "                        - for standard output)\n"
            "  --force               replace OUT.pdf if it exists\n"
            "  --field NAME          the signature block to sign, e.g. the role: writer,\n"
            "                        proposer, reviewer, endorser, approver; the visible box is\n"
            "                        drawn over that block of the form (default Signature<N>)\n"
            "  --invisible           no visible box, even over the block named by --field\n"
            "  --reason TEXT         why the document is signed\n"
            "  --location TEXT       where it is signed\n"
            "  --box PAGE,X,Y,W,H    draw the visible box here instead (PAGE from 1, points\n"
            "                        from the page's lower left corner)\n"
            "  --date WHEN           signing time claimed: YYYY-MM-DDTHH:MM:SSZ or @EPOCH\n"
            "                        (default: SOURCE_DATE_EPOCH if set, else now)\n"
            "  --allow-foreign       sign a PDF whose /Producer is not raingan or libharu\n"
            "  --tsa URL             time-stamp the signature at this RFC 3161 time-stamping\n"
            "                        authority (PAdES B-T)\n"
            "  --level LEVEL         B-B (no --tsa), B-T (the default with --tsa), B-LT (also\n"
            "                        the certificates and OCSP/CRL answers in the DSS), B-LTA\n"
            "                        (and a document time-stamp over all of it)\n"
            "  --certs FILE.pem      more CA certificates, to complete chains (repeatable)\n");
}

static void timestamp_usage(FILE *out)
{
    fprintf(out,
            "usage: raingan timestamp IN.pdf --tsa URL -o OUT.pdf [options]\n"
            "Add a document time-stamp (PAdES B-LTA) over the whole PDF, after adding to its\n"
            "document security store the certificates and OCSP/CRL answers that validate\n"
            "each signature and time-stamp not yet covered. Run it again before the last\n"
            "time-stamp's certificate expires to extend the proof.\n\n"
            "  --tsa URL             the RFC 3161 time-stamping authority\n"
            "  -o, --output FILE     the time-stamped PDF (never the input; refused if it exists)\n"
            "  --force               replace OUT.pdf if it exists\n"
            "  --certs FILE.pem      more CA certificates, to complete chains (repeatable)\n"
            "  --allow-foreign       accept a PDF whose /Producer is not raingan or libharu\n");
}

static int parse_box(const char *text, rg_sign_options *opt)
{
    char extra;
    if (sscanf(text, "%d,%lf,%lf,%lf,%lf%c", &opt->page, &opt->x, &opt->y, &opt->w, &opt->h, &extra) != 5)
        return -1;
    if (opt->page < 1 || opt->w <= 0 || opt->h <= 0 || opt->x < 0 || opt->y < 0 || opt->x > 14400 ||
        opt->y > 14400 || opt->w > 14400 || opt->h > 14400)
        return -1;
    opt->visible = 1;
    return 0;
}

static int parse_epoch(const char *text, time_t *when)
{
    long long v;
    if (rg_parse_bounded_int(text, 0, 253402300799LL, &v) != RG_INT_OK)  /* up to year 9999 */
        return -1;
    *when = (time_t)v;
    return 0;
}

static int parse_date(const char *text, time_t *when)
{
    if (text[0] == '@')
        return parse_epoch(text + 1, when);
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    char extra;
    int n = sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2dZ%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                   &tm.tm_min, &tm.tm_sec, &extra);
    if (n != 6 || text[strlen(text) - 1] != 'Z')
        return -1;
    if (tm.tm_year < 1970 || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
        tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *when = timegm(&tm);
    return 0;
}

/* The password from --password-file (first line) or the environment. */
static int read_password(const char *file, char *password, size_t size, rg_error *err)
{
    if (file) {
        FILE *fp = fopen(file, "r");
        if (!fp)
            return rg_error_set(err, RG_ERR_IO, "%s: cannot open password file: %s", file, strerror(errno));
        struct stat st;
        if (fstat(fileno(fp), &st) == 0 && (st.st_mode & 077))
            rg_warn("%s: the password file can be read by other users (chmod 600 it)", file);
        if (!fgets(password, (int)size, fp))
            password[0] = '\0';
        int failed = ferror(fp);
        fclose(fp);
        if (failed)
            return rg_error_set(err, RG_ERR_IO, "%s: cannot read password file", file);
        password[strcspn(password, "\r\n")] = '\0';
        return 0;
    }
    const char *env = getenv(PASSWORD_ENV);
    if (!env)
        return rg_error_set(err, RG_ERR_USAGE,
                            "no password for the key: set " PASSWORD_ENV " or use --password-file FILE");
    if (strlen(env) >= size)
        return rg_error_set(err, RG_ERR_USAGE, PASSWORD_ENV " is too long");
    snprintf(password, size, "%s", env);
    return 0;
}

static int signing_time(const char *date, time_t *when, rg_error *err)
{
    if (date) {
        if (parse_date(date, when) < 0)
            return rg_error_set(err, RG_ERR_USAGE, "--date %s: expected YYYY-MM-DDTHH:MM:SSZ or @EPOCH", date);
        return 0;
    }
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    if (epoch && *epoch) {
        if (parse_epoch(epoch, when) < 0)
            return rg_error_set(err, RG_ERR_USAGE, "SOURCE_DATE_EPOCH=%s is not a number of seconds", epoch);
        return 0;
    }
    *when = time(NULL);
    return 0;
}

/* The PAdES baseline levels (ETSI EN 319 142-1), in order. */
typedef enum { LEVEL_B_B, LEVEL_B_T, LEVEL_B_LT, LEVEL_B_LTA, LEVEL_UNSET } pades_level;
static const char *const LEVEL_NAMES[] = {"B-B", "B-T", "B-LT", "B-LTA"};

#define MAX_CERT_FILES 16

typedef struct sign_args {
    const char *input, *output, *key, *password_file, *date;
    int force;
    int timestamp;  /* `raingan timestamp` */
    pades_level level;
    const char *certs[MAX_CERT_FILES];
    int ncerts;
    rg_sign_options opt;
} sign_args;

enum { OPT_KEY = 256, OPT_PASSWORD_FILE, OPT_PASSWORD, OPT_FORCE, OPT_FIELD, OPT_REASON, OPT_LOCATION,
       OPT_BOX, OPT_DATE, OPT_ALLOW_FOREIGN, OPT_INVISIBLE, OPT_TSA, OPT_LEVEL, OPT_CERTS };

static int parse_level(const char *text, pades_level *level)
{
    for (int i = 0; i < 4; i++)
        if (strcasecmp(text, LEVEL_NAMES[i]) == 0 || strcasecmp(text + (strncasecmp(text, "PAdES-", 6) ? 0 : 6),
                                                                LEVEL_NAMES[i]) == 0) {
            *level = (pades_level)i;
            return 0;
        }
    return -1;
}

/* `raingan timestamp` takes only some of the options. */
static int check_timestamp_args(const sign_args *a, rg_error *err)
{
    const char *stray = a->key ? "--key" : a->password_file ? "--password-file" : a->opt.field_name ? "--field"
                      : a->opt.reason ? "--reason" : a->opt.location ? "--location" : a->opt.visible ? "--box"
                      : a->opt.invisible ? "--invisible" : a->date ? "--date" : a->level != LEVEL_UNSET ? "--level"
                      : NULL;
    if (stray)
        return rg_error_set(err, RG_ERR_USAGE, "%s is an option of `raingan sign`, not of `raingan timestamp`", stray);
    if (!a->opt.tsa_url)
        return rg_error_set(err, RG_ERR_USAGE, "--tsa URL is required (the time-stamping authority)");
    if (!a->output)
        return rg_error_set(err, RG_ERR_USAGE, "-o OUT.pdf is required");
    return 0;
}

/* Returns 0, 1 for --help, or -1 with err set. */
static int parse_args(int argc, char **argv, sign_args *a, rg_error *err)
{
    static const struct option options[] = {
        {"key", required_argument, NULL, OPT_KEY},
        {"password-file", required_argument, NULL, OPT_PASSWORD_FILE},
        {"password", optional_argument, NULL, OPT_PASSWORD},
        {"output", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, OPT_FORCE},
        {"field", required_argument, NULL, OPT_FIELD},
        {"reason", required_argument, NULL, OPT_REASON},
        {"location", required_argument, NULL, OPT_LOCATION},
        {"box", required_argument, NULL, OPT_BOX},
        {"date", required_argument, NULL, OPT_DATE},
        {"allow-foreign", no_argument, NULL, OPT_ALLOW_FOREIGN},
        {"invisible", no_argument, NULL, OPT_INVISIBLE},
        {"tsa", required_argument, NULL, OPT_TSA},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"certs", required_argument, NULL, OPT_CERTS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
        switch (c) {
        case OPT_KEY: a->key = optarg; break;
        case OPT_PASSWORD_FILE: a->password_file = optarg; break;
        case OPT_PASSWORD:
            return rg_error_set(err, RG_ERR_USAGE,
                                "--password is not accepted: a password on the command line is visible "
                                "to other users (ps) and kept in shell history; set " PASSWORD_ENV
                                " or use --password-file FILE");
        case 'o': a->output = optarg; break;
        case OPT_FORCE: a->force = 1; break;
        case OPT_FIELD: a->opt.field_name = optarg; break;
        case OPT_REASON: a->opt.reason = optarg; break;
        case OPT_LOCATION: a->opt.location = optarg; break;
        case OPT_BOX:
            if (parse_box(optarg, &a->opt) < 0)
                return rg_error_set(err, RG_ERR_USAGE,
                                    "--box %s: expected PAGE,X,Y,W,H (page from 1, points, W and H > 0)", optarg);
            break;
        case OPT_DATE: a->date = optarg; break;
        case OPT_ALLOW_FOREIGN: a->opt.allow_foreign = 1; break;
        case OPT_INVISIBLE: a->opt.invisible = 1; break;
        case OPT_TSA: a->opt.tsa_url = optarg; break;
        case OPT_LEVEL:
            if (parse_level(optarg, &a->level) < 0)
                return rg_error_set(err, RG_ERR_USAGE, "--level %s: expected B-B, B-T, B-LT or B-LTA", optarg);
            break;
        case OPT_CERTS:
            if (a->ncerts == MAX_CERT_FILES)
                return rg_error_set(err, RG_ERR_USAGE, "--certs: at most %d files", MAX_CERT_FILES);
            a->certs[a->ncerts++] = optarg;
            break;
        case 'h': return 1;
        case ':': return rg_error_set(err, RG_ERR_USAGE, "%s needs a value", argv[optind - 1]);
        default: return rg_error_set(err, RG_ERR_USAGE, "unknown option %s (see --help)", argv[optind - 1]);
        }
    }
    if (optind < argc)
        a->input = argv[optind++];
    if (optind < argc)
        return rg_error_set(err, RG_ERR_USAGE, "unexpected argument '%s' (one input PDF at a time)", argv[optind]);
    if (!a->input)
        return rg_error_set(err, RG_ERR_USAGE, "no input PDF given (see --help)");
    if (a->timestamp)
        return check_timestamp_args(a, err);
    if (a->level == LEVEL_UNSET)
        a->level = a->opt.tsa_url ? LEVEL_B_T : LEVEL_B_B;
    if (a->level > LEVEL_B_B && !a->opt.tsa_url)
        return rg_error_set(err, RG_ERR_USAGE, "--level %s needs a time-stamping authority: --tsa URL",
                            LEVEL_NAMES[a->level]);
    if (a->level == LEVEL_B_B && a->opt.tsa_url)
        return rg_error_set(err, RG_ERR_USAGE, "--level B-B and --tsa contradict each other (B-B has no time-stamp)");
    if (!a->key)
        return rg_error_set(err, RG_ERR_USAGE, "--key KEY.p12 is required");
    if (!a->output)
        return rg_error_set(err, RG_ERR_USAGE, "-o OUT.pdf is required");
    if (a->opt.invisible && a->opt.visible)
        return rg_error_set(err, RG_ERR_USAGE, "--invisible and --box contradict each other");
    if (a->opt.field_name && (!*a->opt.field_name || strchr(a->opt.field_name, '.')))
        return rg_error_set(err, RG_ERR_USAGE, "--field: a field name must be non-empty and contain no '.'");
    return 0;
}

static int check_output(const sign_args *a, rg_error *err)
{
    struct stat in_st, out_st;
    if (stat(a->input, &in_st) < 0)
        return rg_error_set(err, RG_ERR_IO, "%s: cannot open: %s", a->input, strerror(errno));
    /* Never the input, the key or the password file, whatever the name. */
    const char *inputs[] = {a->input, a->key, a->password_file};
    const char *what[] = {"the input, which is never modified", "the signing key", "the password file"};
    if (rg_output_check_inputs(a->output, inputs, what, 3, err) < 0)
        return -1;
    int stream = rg_output_is_stream(a->output, err);
    if (stream < 0)
        return -1;
    if (!stream && stat(a->output, &out_st) == 0 && !a->force)
        return rg_error_set(err, RG_ERR_IO, "%s: the output file exists; use --force to replace it", a->output);
    return 0;
}

/* The DSS update for the signatures of *pdf (replaced by the result): the
 * last one only (`raingan sign`), or each one the DSS does not cover yet
 * (`raingan timestamp`). No signature to cover: *pdf is left as it is. */
static int add_validation_data(rg_buf *pdf, const sign_args *a, int last_only, rg_error *err)
{
    rg_dss_data known = {0}, data = {0};
    rg_pdf_history history;
    memset(&history, 0, sizeof history);
    rg_buf out = RG_BUF_INIT;
    rg_ltv *ltv = NULL;
    int rc = -1;
    if (rg_pdf_history_read(pdf->data, pdf->len, &history, err) < 0 || rg_dss_read(pdf->data, pdf->len, &known, err) < 0)
        goto done;
    ltv = rg_ltv_new(&data);
    if (!ltv) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < known.certs.count; i++)
        if (rg_ltv_add_known_der(ltv, known.certs.items[i].data, known.certs.items[i].len, err) < 0)
            goto done;
    for (int i = 0; i < a->ncerts; i++)
        if (rg_ltv_add_known_file(ltv, a->certs[i], err) < 0)
            goto done;
    size_t count = history.signature_count;
    for (size_t i = last_only && count ? count - 1 : 0; i < count; i++) {
        const rg_pdf_signature *sig = &history.signatures[i];
        char key[41];
        time_t proven;
        if (!sig->cms)
            continue;  /* unreadable: `raingan verify` says so */
        rg_dss_vri_key(sig->cms, sig->cms_len, key);
        if (!last_only && rg_dss_find_vri(&known, key))
            continue;  /* validated when it was added or extended */
        if (rg_ltv_add_signature(ltv, sig->cms, sig->cms_len, sig->doc_timestamp, sig->field, &proven, err) < 0) {
            rg_error_prefix(err, "%s '%s': ", sig->doc_timestamp ? "time-stamp" : "signature", sig->field);
            goto done;
        }
    }
    if (data.nvri && rg_dss_append(pdf->data, pdf->len, &data, &out, err) < 0)
        goto done;
    if (data.nvri) {
        rg_buf swap = *pdf;
        *pdf = out;
        out = swap;
    }
    rc = 0;
done:
    rg_ltv_free(ltv);
    rg_dss_data_free(&known);
    rg_dss_data_free(&data);
    rg_pdf_history_free(&history);
    rg_buf_free(&out);
    return rc;
}

/* A document time-stamp on *pdf (replaced by the result). */
static int add_doc_timestamp(rg_buf *pdf, const sign_args *a, rg_error *err)
{
    rg_buf out = RG_BUF_INIT;
    if (rg_sign_doc_timestamp(pdf->data, pdf->len, a->opt.tsa_url, a->opt.allow_foreign, &out, err) < 0) {
        rg_buf_free(&out);
        return -1;
    }
    rg_buf_free(pdf);
    *pdf = out;
    return 0;
}

static int sign_file(sign_args *a, rg_error *err)
{
    char password[MAX_PASSWORD];
    char *pdf = NULL;
    size_t len = 0;
    rg_signer *signer = NULL;
    rg_buf out = RG_BUF_INIT;
    int rc = -1;
    if (check_output(a, err) < 0 || signing_time(a->date, &a->opt.when, err) < 0 ||
        read_password(a->password_file, password, sizeof password, err) < 0)
        goto done;
    if (rg_read_file(a->input, &pdf, &len, err) < 0)
        goto done;
    signer = rg_signer_load_p12(a->key, password, err);
    if (!signer)
        goto done;
    rg_signer_check(signer, a->opt.when, a->key);
    if (rg_sign_pdf(pdf, len, signer, &a->opt, &out, err) < 0 ||
        (a->level >= LEVEL_B_LT && add_validation_data(&out, a, 1, err) < 0) ||
        (a->level >= LEVEL_B_LTA && add_doc_timestamp(&out, a, err) < 0)) {
        rg_error_prefix(err, "%s: ", a->input);
        goto done;
    }
    rc = rg_write_file_atomic(a->output, out.data, out.len, err);
done:
    OPENSSL_cleanse(password, sizeof password);
    rg_signer_free(signer);
    rg_buf_free(&out);
    free(pdf);
    return rc;
}

static int timestamp_file(sign_args *a, rg_error *err)
{
    rg_buf pdf = RG_BUF_INIT;
    char *data = NULL;
    size_t len = 0;
    int rc = -1;
    if (check_output(a, err) < 0 || rg_read_file(a->input, &data, &len, err) < 0)
        goto done;
    if (rg_buf_append(&pdf, data, len) < 0) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (add_validation_data(&pdf, a, 0, err) < 0 || add_doc_timestamp(&pdf, a, err) < 0) {
        rg_error_prefix(err, "%s: ", a->input);
        goto done;
    }
    rc = rg_write_file_atomic(a->output, pdf.data, pdf.len, err);
done:
    rg_buf_free(&pdf);
    free(data);
    return rc;
}

/* `raingan verify`'s file report with the signatures checked (cmd_verify.c
 * runs this; only this program links OpenSSL): printed to standard output,
 * exit 0, or 8 when the file was changed after it was signed. */
static int report_signatures(const char *path)
{
    rg_error err = {0};
    char *pdf = NULL;
    size_t len = 0;
    rg_buf report = RG_BUF_INIT;
    int changed = 0;
    if (rg_read_file(path, &pdf, &len, &err) < 0 ||
        rg_pdf_history_report(pdf, len, rg_signature_check, &report, &changed, &err) < 0) {
        free(pdf);
        rg_buf_free(&report);
        rg_error_prefix(&err, "%s: ", path);
        return rg_cli_fail("verify", &err);
    }
    fwrite(report.data, 1, report.len, stdout);
    free(pdf);
    rg_buf_free(&report);
    if (fflush(stdout) != 0)
        return 4;
    return changed ? 8 : 0;
}

/* argv[0] is "raingan sign" (cmd_sign.c), so that getopt's messages name
 * the command the user typed. */
int main(int argc, char **argv)
{
    rg_cli_install_warning_sink();
    if (argc == 3 && !strcmp(argv[1], RG_SIGN_REPORT_OPTION))
        return report_signatures(argv[2]);
    sign_args args;
    memset(&args, 0, sizeof args);
    args.level = LEVEL_UNSET;
    args.timestamp = argc > 0 && strstr(argv[0], "timestamp") != NULL;
    const char *command = args.timestamp ? "timestamp" : "sign";
    rg_error err = {0};
    int parsed = parse_args(argc, argv, &args, &err);
    if (parsed == 1) {
        (args.timestamp ? timestamp_usage : usage)(stdout);
        return 0;
    }
    if (parsed < 0 || (args.timestamp ? timestamp_file(&args, &err) : sign_file(&args, &err)) < 0)
        return rg_cli_fail(command, &err);
    return 0;
}
