/* CMS verification of PDF signatures with OpenSSL 3 (see signature_check.h). */
#include "sign/signature_check.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

static void common_name(X509 *cert, char *out, size_t size)
{
    X509_NAME *subject = X509_get_subject_name(cert);
    int i = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    unsigned char *utf8 = NULL;
    int n = i >= 0 ? ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i)))
                   : -1;
    if (n >= 0)
        snprintf(out, size, "%.*s", n, (const char *)utf8);
    else
        X509_NAME_oneline(subject, out, (int)size);
    OPENSSL_free(utf8);
    /* The name goes to the user's terminal: no control characters. */
    for (char *c = out; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7F)
            *c = '?';
}

void rg_signature_check(const char *data, size_t len, const rg_pdf_signature *sig,
                        rg_signature_verdict *v)
{
    memset(v, 0, sizeof *v);
    (void)len;  /* the range was checked against it when the history was read */
    if (!sig->sub_filter || (strcmp(sig->sub_filter, "adbe.pkcs7.detached") &&
                             strcmp(sig->sub_filter, "ETSI.CAdES.detached"))) {
        snprintf(v->detail, sizeof v->detail, "sub-filter %s is not checked by this version",
                 sig->sub_filter ? sig->sub_filter : "(none)");
        return;
    }
    v->checked = 1;
    ERR_clear_error();
    const unsigned char *p = sig->cms;
    /* d2i stops at the end of the DER; the zero padding after it is ignored. */
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)sig->cms_len);
    BIO *signed_bytes = BIO_new(BIO_s_mem());
    const long long *r = sig->range;
    if (!cms) {
        snprintf(v->detail, sizeof v->detail, "its signature value is not a CMS structure");
    } else if (!signed_bytes || BIO_write(signed_bytes, data + r[0], (int)r[1]) != (int)r[1] ||
               BIO_write(signed_bytes, data + r[2], (int)r[3]) != (int)r[3]) {
        snprintf(v->detail, sizeof v->detail, "out of memory");
    } else {
        STACK_OF(X509) *signers = NULL;
        if (CMS_verify(cms, NULL, NULL, signed_bytes, NULL,
                       CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY | CMS_DETACHED)) {
            v->valid = 1;
        } else {
            const char *why = ERR_reason_error_string(ERR_peek_last_error());
            snprintf(v->detail, sizeof v->detail, "the signed bytes were changed, or the signature "
                     "does not belong to them (%s)", why ? why : "no details");
        }
        signers = CMS_get0_signers(cms);
        if (signers && sk_X509_num(signers) > 0)
            common_name(sk_X509_value(signers, 0), v->signer, sizeof v->signer);
        sk_X509_free(signers);
    }
    BIO_free(signed_bytes);
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
}
