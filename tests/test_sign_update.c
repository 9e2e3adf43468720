/* Unit tests of the signing update on PDF structures libharu does not write
 * but a signer must handle: an inline AcroForm with a field already in it, a
 * page whose /Annots is a reference, a second signature that updates the
 * AcroForm object in place; and the table of signature blocks raingan's
 * writer puts in the catalog (--field finds its block there; damaged tables
 * are refused). Each result is read back with the signer's own parser and
 * its CMS verified with OpenSSL over the /ByteRange. */
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "sign/appearance.h"
#include "sign/pdf_file.h"
#include "sign/sign.h"
#include "sign/signer.h"
#include "util/atomic_file.h"

#define PASSWORD "unit-test"

/* A throw-away EC key and self-signed certificate, as a PKCS#12 file. */
static int make_p12(const char *path)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    X509 *cert = X509_new();
    X509_NAME *name = X509_NAME_new();
    int ok = key && cert && name &&
             X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)"Unit Signer", -1, -1, 0) &&
             X509_set_version(cert, 2) && ASN1_INTEGER_set(X509_get_serialNumber(cert), 7) &&
             X509_gmtime_adj(X509_getm_notBefore(cert), -3600) &&
             X509_gmtime_adj(X509_getm_notAfter(cert), 86400) && X509_set_subject_name(cert, name) &&
             X509_set_issuer_name(cert, name) && X509_set_pubkey(cert, key) && X509_sign(cert, key, EVP_sha256());
    PKCS12 *p12 = ok ? PKCS12_create(PASSWORD, NULL, key, cert, NULL, 0, 0, 0, 0, 0) : NULL;
    unsigned char *der = NULL;
    int len = p12 ? i2d_PKCS12(p12, &der) : -1;
    rg_error err = {0};
    ok = len > 0 && rg_write_file_atomic(path, der, (size_t)len, &err) == 0;
    OPENSSL_free(der);
    PKCS12_free(p12);
    X509_NAME_free(name);
    X509_free(cert);
    EVP_PKEY_free(key);
    return ok ? 0 : -1;
}

/* A PDF of objects 1..n (objects[0] unused), trailer /Root 1 0 R /Info 3 0 R. */
static void build_pdf(rg_buf *b, const char *const *objects, int n)
{
    size_t offsets[64];
    rg_buf_puts(b, "%PDF-1.3\n");
    for (int i = 1; i <= n; i++) {
        offsets[i] = b->len;
        rg_buf_printf(b, "%d 0 obj\n%s\nendobj\n", i, objects[i]);
    }
    size_t xref = b->len;
    rg_buf_printf(b, "xref\n0 %d\n0000000000 65535 f\r\n", n + 1);
    for (int i = 1; i <= n; i++)
        rg_buf_printf(b, "%010zu 00000 n\r\n", offsets[i]);
    rg_buf_printf(b, "trailer\n<< /Size %d /Root 1 0 R /Info 3 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n + 1, xref);
}

/* A PDF with an inline AcroForm holding a text field, and /Annots by reference. */
static void make_pdf(rg_buf *b)
{
    static const char *const objects[] = {
        NULL,
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /DA (/Helv 0 Tf 0 g) >> >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Producer (raingan 0.1.0 \\(libharu 2.3.0\\)) >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots 6 0 R >>",
        "<< /FT /Tx /T (name) /Subtype /Widget /Rect [10 10 100 30] /P 4 0 R >>",
        "[5 0 R]",
    };
    build_pdf(b, objects, 6);
}

/* A page tree whose every node lists the same child twice, 25 levels deep and
 * without pages: walking it naively takes 2^25 steps; it is refused quickly. */
static void test_page_tree_bomb(const rg_signer *signer)
{
    enum { LEVELS = 25 };
    char bodies[LEVELS + 4][96];
    const char *objects[LEVELS + 4];
    objects[0] = NULL;
    objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
    objects[3] = "<< /Producer (raingan) >>";
    /* Level 0 is object 2 (the catalog's /Pages); level k > 0 is object k + 3. */
    for (int level = 0; level < LEVELS; level++) {
        int num = level == 0 ? 2 : level + 3;
        if (level + 1 < LEVELS)
            snprintf(bodies[num], sizeof bodies[num], "<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count 9 >>",
                     level + 4, level + 4);
        else
            snprintf(bodies[num], sizeof bodies[num], "<< /Type /Pages /Kids [] /Count 9 >>");
        objects[num] = bodies[num];
    }
    rg_buf pdf = RG_BUF_INIT, out = RG_BUF_INIT;
    build_pdf(&pdf, objects, LEVELS + 2);
    rg_sign_options opt = {0};
    rg_error err = {0};
    CHECK(rg_sign_pdf(pdf.data, pdf.len, signer, &opt, &out, &err) < 0);
    CHECK(strstr(err.message, "page tree is too deep or loops") != NULL);
    rg_buf_free(&pdf);
    rg_buf_free(&out);
}

static rg_pdf_obj *get(rg_pdf_file *f, rg_pdf_obj *dict, const char *key)
{
    rg_error err = {0};
    return rg_pdf_file_resolve(f, rg_pdf_dict_get(dict, key), &err);
}

static size_t byte_range_item(rg_pdf_obj *range, size_t i)
{
    return range && range->type == RG_PDF_ARRAY && range->count == 4 ? (size_t)range->items[i]->num : 0;
}

/* The signature dictionary's CMS verifies over its /ByteRange, which covers
 * all of the file but the /Contents hex; it has no signing-time attribute. */
static void check_signature(const rg_buf *pdf, rg_pdf_obj *sig)
{
    rg_pdf_obj *range = rg_pdf_dict_get(sig, "ByteRange");
    size_t a = byte_range_item(range, 1), b = byte_range_item(range, 2), c = byte_range_item(range, 3);
    CHECK(a > 0 && b > a && b + c == pdf->len);
    CHECK(a < pdf->len && pdf->data[a] == '<' && pdf->data[b - 1] == '>');
    rg_buf der = RG_BUF_INIT;
    CHECK(rg_pdf_string_decode(rg_pdf_dict_get(sig, "Contents"), &der) == 0);
    const unsigned char *p = (const unsigned char *)der.data;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)der.len);
    CHECK(cms != NULL);
    if (cms && b + c == pdf->len && b > a) {
        BIO *content = BIO_new(BIO_s_mem());
        BIO_write(content, pdf->data, (int)a);
        BIO_write(content, pdf->data + b, (int)c);
        CHECK(CMS_verify(cms, NULL, NULL, content, NULL, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY | CMS_DETACHED) == 1);
        CMS_SignerInfo *si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
        CHECK(CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1) < 0);
        CHECK(CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) >= 0);
        BIO_free(content);
    }
    CMS_ContentInfo_free(cms);
    rg_buf_free(&der);
}

static const char *field_name(rg_pdf_file *f, rg_pdf_obj *fields, size_t i, rg_buf *name)
{
    rg_buf_reset(name);
    rg_error err = {0};
    rg_pdf_obj *field = i < fields->count ? rg_pdf_file_resolve(f, fields->items[i], &err) : NULL;
    rg_pdf_string_decode(rg_pdf_dict_get(field, "T"), name);
    rg_buf_puts(name, "");
    return name->data;
}

static void test_sign_updates(const rg_signer *signer)
{
    rg_buf input = RG_BUF_INIT, once = RG_BUF_INIT, twice = RG_BUF_INIT, name = RG_BUF_INIT;
    make_pdf(&input);
    rg_sign_options opt = {0};
    opt.when = 1700000000;
    opt.field_name = "approver";
    opt.reason = "อนุมัติ";
    opt.visible = 1;
    opt.page = 1;
    opt.x = 300, opt.y = 50, opt.w = 200, opt.h = 60;
    rg_error err = {0};
    CHECK(rg_sign_pdf(input.data, input.len, signer, &opt, &once, &err) == 0);
    CHECK(once.len > input.len && memcmp(once.data, input.data, input.len) == 0);

    rg_pdf_file f;
    CHECK(rg_pdf_file_open(&f, once.data, once.len, &err) == 0);
    CHECK_INT(f.sections, 2);
    rg_pdf_obj *catalog = rg_pdf_file_object(&f, 1, NULL, &err);
    rg_pdf_obj *acroform_ref = rg_pdf_dict_get(catalog, "AcroForm");
    CHECK(acroform_ref && acroform_ref->type == RG_PDF_REF);  /* the inline AcroForm moved to an object */
    rg_pdf_obj *acroform = get(&f, catalog, "AcroForm");
    CHECK_INT(rg_pdf_dict_get(acroform, "SigFlags")->num, 3);
    CHECK(rg_pdf_dict_get(acroform, "DA") != NULL);  /* existing entries kept */
    rg_pdf_obj *fields = get(&f, acroform, "Fields");
    CHECK(fields && fields->count == 2);
    if (fields && fields->count == 2) {
        CHECK_STR(field_name(&f, fields, 0, &name), "name");
        CHECK_STR(field_name(&f, fields, 1, &name), "approver");
        rg_pdf_obj *widget = rg_pdf_file_resolve(&f, fields->items[1], &err);
        CHECK(rg_pdf_is_name(rg_pdf_dict_get(widget, "FT"), "Sig"));
        CHECK(rg_pdf_dict_get(rg_pdf_dict_get(widget, "AP"), "N") != NULL);
        rg_pdf_obj *sig = get(&f, widget, "V");
        CHECK(rg_pdf_is_name(rg_pdf_dict_get(sig, "SubFilter"), "ETSI.CAdES.detached"));
        CHECK_STR(rg_pdf_dict_get(sig, "M")->raw, "(D:20231114221320+00'00')");
        CHECK_STR(rg_pdf_dict_get(sig, "Reason")->raw, "<FEFF0E2D0E190E380E210E310E150E34>");
        CHECK_STR(rg_pdf_dict_get(sig, "Name")->raw, "(Unit Signer)");
        check_signature(&once, sig);
    }
    rg_pdf_obj *annots = get(&f, rg_pdf_file_object(&f, 4, NULL, &err), "Annots");
    CHECK(annots && annots->type == RG_PDF_ARRAY && annots->count == 2);
    CHECK(rg_pdf_dict_get(rg_pdf_file_object(&f, 4, NULL, &err), "Annots")->type == RG_PDF_ARRAY);
    long long acroform_num = acroform_ref ? acroform_ref->num : 0;
    rg_pdf_file_close(&f);

    /* A second signature: default name, the AcroForm object updated in place. */
    opt.field_name = NULL;
    opt.visible = 0;
    CHECK(rg_sign_pdf(once.data, once.len, signer, &opt, &twice, &err) == 0);
    CHECK(twice.len > once.len && memcmp(twice.data, once.data, once.len) == 0);
    CHECK(rg_pdf_file_open(&f, twice.data, twice.len, &err) == 0);
    CHECK_INT(f.sections, 3);
    acroform_ref = rg_pdf_dict_get(rg_pdf_file_object(&f, 1, NULL, &err), "AcroForm");
    CHECK(acroform_ref && acroform_ref->num == acroform_num);
    fields = get(&f, rg_pdf_file_object(&f, acroform_num, NULL, &err), "Fields");
    CHECK(fields && fields->count == 3);
    if (fields && fields->count == 3) {
        CHECK_STR(field_name(&f, fields, 2, &name), "Signature1");
        rg_pdf_obj *widget = rg_pdf_file_resolve(&f, fields->items[2], &err);
        CHECK_STR(rg_pdf_dict_get(widget, "Rect")->items[2]->raw, "0");
        check_signature(&twice, get(&f, widget, "V"));
    }
    rg_pdf_file_close(&f);

    /* A field name already used (here by the text field) is refused. */
    opt.field_name = "name";
    rg_buf refused = RG_BUF_INIT;
    CHECK(rg_sign_pdf(twice.data, twice.len, signer, &opt, &refused, &err) < 0);
    CHECK(strstr(err.message, "already has a field named 'name'") != NULL);
    CHECK_INT(refused.len, 0);
    rg_buf_free(&refused);

    rg_buf_free(&input);
    rg_buf_free(&once);
    rg_buf_free(&twice);
    rg_buf_free(&name);
}

static int contains(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0)
            return 1;
    return 0;
}

/* A one-page PDF whose catalog lists signature blocks as `table`. */
static void make_block_pdf(rg_buf *b, const char *table)
{
    rg_buf catalog = RG_BUF_INIT;
    rg_buf_printf(&catalog, "<< /Type /Catalog /Pages 2 0 R /RainganSignatureBlocks %s >>", table);
    const char *const objects[] = {
        NULL, catalog.data, "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", "<< /Producer (raingan 0.1.0) >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    };
    build_pdf(b, objects, 4);
    rg_buf_free(&catalog);
}

/* Sign `table`'s PDF as opt says; returns 0 and the widget's /Rect text in
 * rect, or -1 with the message in err. *placed gets opt as the block lookup
 * leaves it (rg_sign_place). */
static int sign_at_block(const rg_signer *signer, const char *table, const rg_sign_options *opt, char *rect,
                         size_t size, rg_sign_options *placed, rg_error *err)
{
    rg_buf input = RG_BUF_INIT, out = RG_BUF_INIT, text = RG_BUF_INIT;
    make_block_pdf(&input, table);
    *placed = *opt;
    rg_error_clear(err);
    int rc = rg_sign_place(input.data, input.len, placed, err);
    rg_error place_err = *err;
    int signed_rc = rg_sign_pdf(input.data, input.len, signer, opt, &out, err);
    if (rc < 0) {
        CHECK(signed_rc < 0);  /* the lookup is the one signing does */
        CHECK_STR(err->message, place_err.message);
    }
    rc = rc < 0 ? rc : signed_rc;
    rect[0] = '\0';
    if (rc == 0) {
        rg_pdf_file f;
        CHECK(rg_pdf_file_open(&f, out.data, out.len, err) == 0);
        rg_pdf_obj *fields = get(&f, get(&f, rg_pdf_file_object(&f, 1, NULL, err), "AcroForm"), "Fields");
        rg_pdf_obj *widget = fields && fields->count == 1 ? rg_pdf_file_resolve(&f, fields->items[0], err) : NULL;
        CHECK(widget != NULL);
        rg_pdf_obj *r = rg_pdf_dict_get(widget, "Rect");
        for (size_t i = 0; r && i < r->count; i++)
            rg_buf_printf(&text, "%s%s", i ? " " : "", r->items[i]->raw);
        rg_buf_puts(&text, "");
        snprintf(rect, size, "%s", text.data);
        /* Every widget has an appearance (PDF/A); an invisible one an empty form. */
        CHECK(rg_pdf_dict_get(widget, "AP") != NULL);
        /* The appearance: a compressed form XObject without resources (no font). */
        const char *added = out.data + input.len;
        size_t added_len = out.len - input.len;
        CHECK(!contains(added, added_len, "/Font"));
        if (strcmp(rect, "0 0 0 0") != 0)
            CHECK(contains(added, added_len, "/Resources << >>\n/Filter /FlateDecode"));
        else
            CHECK(contains(added, added_len, "/BBox [0 0 0 0]\n/Resources << >>\n/Length 0\n"));
        check_signature(&out, get(&f, widget, "V"));
        rg_pdf_file_close(&f);
    }
    rg_buf_free(&input);
    rg_buf_free(&out);
    rg_buf_free(&text);
    return rc;
}

/* The box's content stream itself: outlines only, an opaque stamp over an ink area. */
static void test_appearance(const rg_signer *signer)
{
    rg_sign_options opt = {0};
    opt.when = 1700000000;
    opt.reason = "อนุมัติ";
    opt.visible = 1, opt.page = 1, opt.w = 200, opt.h = 60;
    rg_buf stream = RG_BUF_INIT;
    rg_error err = {0};
    CHECK(rg_sign_appearance(&stream, signer, &opt, &err) == 0);
    CHECK(!contains(stream.data, stream.len, "BT"));
    CHECK(!contains(stream.data, stream.len, "1 1 1 rg"));
    CHECK(contains(stream.data, stream.len, " re S\n"));  /* a transparent frame */
    /* Non-space characters of "Digitally signed by Unit Signer", "Date:
     * 2023-11-14 22:13:20 UTC" and "Reason: อนุมัติ" (seven code points). */
    size_t outlines = 0;
    for (size_t i = 0; i + 4 <= stream.len; i++)
        outlines += memcmp(stream.data + i, "\nf Q", 4) == 0;
    CHECK_INT((long)outlines, 27 + 26 + 7 + 7);
    opt.has_ink = 1, opt.ink_x = 20, opt.ink_y = 30, opt.ink_w = 110, opt.ink_h = 24;
    rg_buf_reset(&stream);
    CHECK(rg_sign_appearance(&stream, signer, &opt, &err) == 0);
    CHECK(contains(stream.data, stream.len, "1 1 1 rg"));
    CHECK(contains(stream.data, stream.len, "20.40 30.40 109.20 23.20 re B"));  /* the stamp on the ink area */
    rg_buf_free(&stream);
}

static void test_signature_blocks(const rg_signer *signer)
{
    static const char table[] =
        "[<< /Name (writer) /Page 1 /Rect [100 500 370 568] /Ink [138 544 252 568] >> "
        "<< /Name (approver) /Page 1 /Rect [100 100 370 190] >>]";
    char rect[200];
    rg_sign_options placed;
    rg_error err = {0};
    rg_sign_options opt = {0};
    opt.when = 1700000000;

    /* Found: the box is the block, the text on the ink area, opaque. */
    opt.field_name = "writer";
    CHECK(sign_at_block(signer, table, &opt, rect, sizeof rect, &placed, &err) == 0);
    CHECK_STR(rect, "100.00 500.00 370.00 568.00");
    CHECK(placed.visible && placed.page == 1 && placed.has_ink);
    CHECK(placed.ink_x == 38 && placed.ink_y == 44 && placed.ink_w == 114 && placed.ink_h == 24);
    /* A block without an ink area: the four lines in a transparent frame. */
    opt.field_name = "approver";
    CHECK(sign_at_block(signer, table, &opt, rect, sizeof rect, &placed, &err) == 0);
    CHECK_STR(rect, "100.00 100.00 370.00 190.00");
    CHECK(placed.visible && !placed.has_ink);
    /* --invisible: named, no box. --box: the box given, whatever the table says. */
    opt.field_name = "writer";
    opt.invisible = 1;
    CHECK(sign_at_block(signer, table, &opt, rect, sizeof rect, &placed, &err) == 0);
    CHECK_STR(rect, "0 0 0 0");
    CHECK(!placed.visible);
    opt.invisible = 0;
    opt.visible = 1, opt.page = 1, opt.x = 10, opt.y = 20, opt.w = 100, opt.h = 30;
    CHECK(sign_at_block(signer, table, &opt, rect, sizeof rect, &placed, &err) == 0);
    CHECK_STR(rect, "10.00 20.00 110.00 50.00");
    opt.visible = 0;

    /* Not found: the names there are. */
    opt.field_name = "reviewer";
    CHECK(sign_at_block(signer, table, &opt, rect, sizeof rect, &placed, &err) < 0);
    CHECK(strstr(err.message, "no signature block named 'reviewer' (blocks: writer, approver)") != NULL);
    /* ... and with --invisible, a plain named field. */
    opt.invisible = 1;
    CHECK(sign_at_block(signer, table, &opt, rect, sizeof rect, &placed, &err) == 0);
    opt.invisible = 0;

    /* An ink area outside its block is ignored (no stamp). */
    CHECK(sign_at_block(signer, "[<< /Name (writer) /Page 1 /Rect [100 500 370 568] /Ink [0 0 50 50] >>]", &opt,
                        rect, sizeof rect, &placed, &err) < 0);  /* reviewer still unknown */
    opt.field_name = "writer";
    CHECK(sign_at_block(signer, "[<< /Name (writer) /Page 1 /Rect [100 500 370 568] /Ink [0 0 50 50] >>]", &opt,
                        rect, sizeof rect, &placed, &err) == 0);
    CHECK(placed.visible && !placed.has_ink);

    /* Damaged tables are refused, not guessed at. */
    static const struct { const char *table, *message; } damaged[] = {
        {"(writer)", "is not an array"},
        {"[(writer)]", "a signature block is not a dictionary"},
        {"[<< /Name (writer) /Page 1 /Rect [1 2 3] >>]", "lacks /Name, /Page or /Rect"},
        {"[<< /Name (writer) /Page 1 /Rect [1 2 (3) 4] >>]", "is not 4 numbers"},
        {"[<< /Name (writer) /Page 1 /Rect [5 5 5 9] >>]", "has no area"},
        {"[<< /Name (writer) /Page 0 /Rect [5 5 50 90] >>]", "has no area"},
        {"[<< /Name (writer) /Page 2 /Rect [5 5 50 90] >>]", "page 2 does not exist"},
    };
    for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        CHECK(sign_at_block(signer, damaged[i].table, &opt, rect, sizeof rect, &placed, &err) < 0);
        CHECK(strstr(err.message, damaged[i].message) != NULL);
    }

    /* Many blocks: the list in the message is cut, the message stays whole. */
    rg_buf many = RG_BUF_INIT;
    rg_buf_puts(&many, "[");
    for (int i = 0; i < 60; i++)
        rg_buf_printf(&many, "<< /Name (block-number-%d) /Page 1 /Rect [1 1 9 9] >> ", i);
    rg_buf_puts(&many, "]");
    CHECK(sign_at_block(signer, many.data, &opt, rect, sizeof rect, &placed, &err) < 0);
    CHECK(strstr(err.message, "(blocks: block-number-0, block-number-1, ") != NULL);
    CHECK(strstr(err.message, ", ...); give --box") != NULL);
    rg_buf_free(&many);
}

int main(void)
{
    char dir[] = "/tmp/test_sign_update.XXXXXX";
    if (!mkdtemp(dir))
        return 99;
    char path[64];
    snprintf(path, sizeof path, "%s/key.p12", dir);
    CHECK(make_p12(path) == 0);
    rg_error err = {0};
    rg_signer *wrong = rg_signer_load_p12(path, "not-the-password", &err);
    CHECK(wrong == NULL);
    CHECK(strstr(err.message, "wrong password") != NULL);
    rg_error_clear(&err);
    rg_signer *signer = rg_signer_load_p12(path, PASSWORD, &err);
    CHECK(signer != NULL);
    if (signer) {
        CHECK_STR(rg_signer_name(signer), "Unit Signer");
        CHECK_INT(rg_signer_check(signer, 1700000000, path) > 0, 1);  /* before notBefore: warned */
        test_sign_updates(signer);
        test_page_tree_bomb(signer);
        test_signature_blocks(signer);
        test_appearance(signer);
    }
    rg_signer_free(signer);
    unlink(path);
    rmdir(dir);
    return CHECK_DONE();
}
