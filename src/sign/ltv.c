/* Gathering long-term validation data with OpenSSL (see ltv.h). */
#include "sign/ltv.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "sign/http.h"
#include "sign/openssl_error.h"
#include "util/atomic_file.h"
#include "util/vec.h"

/* Chains longer than this are refused (real ones have 2 to 4 links). */
#define MAX_CHAIN 10
/* How far a responder's clock may be ahead or behind (seconds). */
#define CLOCK_SKEW 300

/* A certificate whose revocation data was gathered already in this run:
 * where it is in the rg_dss_data lists. */
typedef struct checked {
    size_t cert, item;
    int kind;  /* 1 OCSP, 2 CRL */
} checked;

struct rg_ltv {
    rg_dss_data *data;
    STACK_OF(X509) *known;
    checked *done;
    size_t ndone, done_cap;
};

static void cert_name(X509 *cert, char *buf, size_t size)
{
    X509_NAME *subject = X509_get_subject_name(cert);
    int i = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    unsigned char *utf8 = NULL;
    int n = i >= 0 ? ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i))) : -1;
    if (n >= 0)
        snprintf(buf, size, "%.*s", n, (const char *)utf8);
    else
        X509_NAME_oneline(subject, buf, (int)size);
    OPENSSL_free(utf8);
}

static void format_time(time_t t, char *buf, size_t size)
{
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm))
        snprintf(buf, size, "(unknown time)");
}

static time_t asn1_time(const ASN1_TIME *t)
{
    struct tm tm;
    return t && ASN1_TIME_to_tm(t, &tm) ? timegm(&tm) : 0;
}

rg_ltv *rg_ltv_new(rg_dss_data *data)
{
    rg_ltv *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->data = data;
    l->known = sk_X509_new_null();
    if (!l->known) {
        free(l);
        return NULL;
    }
    return l;
}

void rg_ltv_free(rg_ltv *l)
{
    if (!l)
        return;
    sk_X509_pop_free(l->known, X509_free);
    free(l->done);
    free(l);
}

/* Takes a reference of its own to cert. */
static int add_known(rg_ltv *l, X509 *cert)
{
    for (int i = 0; i < sk_X509_num(l->known); i++)
        if (X509_cmp(sk_X509_value(l->known, i), cert) == 0)
            return 0;
    if (!X509_up_ref(cert))
        return -1;
    if (!sk_X509_push(l->known, cert)) {
        X509_free(cert);
        return -1;
    }
    return 0;
}

int rg_ltv_add_known_der(rg_ltv *l, const void *der, size_t len, rg_error *err)
{
    const unsigned char *p = der;
    X509 *cert = d2i_X509(NULL, &p, (long)len);
    if (!cert) {
        ERR_clear_error();
        return 0;  /* not a certificate: nothing to learn from it */
    }
    int rc = add_known(l, cert);
    X509_free(cert);
    return rc < 0 ? rg_error_set(err, RG_ERR_NOMEM, "out of memory") : 0;
}

int rg_ltv_add_known_file(rg_ltv *l, const char *path, rg_error *err)
{
    char *data = NULL;
    size_t len = 0;
    if (rg_read_file(path, &data, &len, err) < 0)
        return -1;
    BIO *bio = BIO_new_mem_buf(data, (int)len);
    int count = 0, rc = 0;
    X509 *cert;
    while (bio && rc == 0 && (cert = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
        rc = add_known(l, cert);
        X509_free(cert);
        count++;
    }
    ERR_clear_error();
    BIO_free(bio);
    free(data);
    if (rc < 0 || !bio)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    if (count == 0)
        return rg_error_set(err, RG_ERR_INPUT, "%s: no PEM certificate in the file", path);
    return 0;
}

static int add_certs(rg_ltv *l, STACK_OF(X509) *certs)
{
    for (int i = 0; i < sk_X509_num(certs); i++)
        if (add_known(l, sk_X509_value(certs, i)) < 0)
            return -1;
    return 0;
}

static int self_signed(X509 *cert)
{
    return X509_check_issued(cert, cert) == X509_V_OK && X509_verify(cert, X509_get0_pubkey(cert)) == 1;
}

static X509 *find_issuer(rg_ltv *l, X509 *cert)
{
    for (int i = 0; i < sk_X509_num(l->known); i++) {
        X509 *c = sk_X509_value(l->known, i);
        if (X509_check_issued(c, cert) == X509_V_OK && X509_verify(cert, X509_get0_pubkey(c)) == 1)
            return c;
    }
    ERR_clear_error();
    return NULL;
}

/* cert, its issuer, ..., a self-signed root (borrowed pointers). */
static STACK_OF(X509) *chain_of(rg_ltv *l, X509 *cert, rg_error *err)
{
    STACK_OF(X509) *chain = sk_X509_new_null();
    char name[256], issuer[256];
    while (chain) {
        if (sk_X509_num(chain) == MAX_CHAIN) {
            rg_error_set(err, RG_ERR_INPUT, "the certificate chain of '%s' is longer than %d", name, MAX_CHAIN);
            break;
        }
        if (!sk_X509_push(chain, cert)) {
            rg_error_set(err, RG_ERR_NOMEM, "out of memory");
            break;
        }
        if (self_signed(cert))
            return chain;
        X509 *next = find_issuer(l, cert);
        if (!next) {
            cert_name(cert, name, sizeof name);
            X509_NAME_oneline(X509_get_issuer_name(cert), issuer, sizeof issuer);
            rg_error_set(err, RG_ERR_INPUT,
                         "the certificate that issued '%s' (%s) is not known: put it in the PKCS#12 file or "
                         "give it with --certs FILE.pem", name, issuer);
            break;
        }
        cert = next;
    }
    if (!chain)
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    sk_X509_free(chain);
    ERR_clear_error();
    return NULL;
}

static int add_cert_data(rg_ltv *l, rg_vri *vri, X509 *cert, size_t *index)
{
    unsigned char *der = NULL;
    int len = i2d_X509(cert, &der);
    int rc = len > 0 ? rg_der_list_add(&l->data->certs, der, (size_t)len, index) : -1;
    OPENSSL_free(der);
    return rc == 0 && vri ? rg_index_list_add(&vri->certs, *index) : rc;
}

/* A revoked certificate: an error when revoked before `proven` (0: now),
 * else a warning (the evidence is kept). */
static int judge_revoked(X509 *cert, time_t revoked, const char *reason, time_t proven, const char *source,
                         rg_error *err)
{
    char name[256], when[64], stamp[64];
    cert_name(cert, name, sizeof name);
    format_time(revoked, when, sizeof when);
    if (proven && revoked > proven) {
        format_time(proven, stamp, sizeof stamp);
        rg_warn("the certificate of '%s' was revoked on %s (%s, says %s), after the time-stamp of %s: "
                "the signature stays valid, and the revocation is recorded", name, when, reason, source, stamp);
        return 0;
    }
    return rg_error_set(err, RG_ERR_INPUT, "the certificate of '%s' was revoked on %s (%s), says %s", name, when,
                        reason, source);
}

/* The OCSP response for cert from the responder at url, checked. Returns 1
 * when recorded, 0 when this responder gave no usable answer (err set), -1
 * when the certificate is revoked or memory runs out. */
static int fetch_ocsp(rg_ltv *l, rg_vri *vri, X509 *cert, X509 *issuer, X509 *root, const char *url, time_t proven,
                      size_t cert_index, rg_error *err)
{
    char reason[256], source[512];
    snprintf(source, sizeof source, "the OCSP responder at %s", url);
    OCSP_REQUEST *req = OCSP_REQUEST_new();
    OCSP_CERTID *id = OCSP_cert_to_id(NULL, cert, issuer);
    OCSP_CERTID *id_copy = id ? OCSP_CERTID_dup(id) : NULL;
    OCSP_RESPONSE *resp = NULL;
    OCSP_BASICRESP *basic = NULL;
    X509_STORE *store = X509_STORE_new();
    unsigned char *query = NULL, *der = NULL;
    rg_buf reply = RG_BUF_INIT;
    int rc = 0, qlen = -1;
    if (req && id_copy && OCSP_request_add0_id(req, id_copy)) {
        id_copy = NULL;
        if (OCSP_request_add1_nonce(req, NULL, -1))
            qlen = i2d_OCSP_REQUEST(req, &query);
    }
    if (qlen <= 0 || !store || !X509_STORE_add_cert(store, root)) {
        rc = -1;
        rg_error_set(err, RG_ERR_NOMEM, "cannot make an OCSP request");
        goto done;
    }
    if (rg_http_fetch(url, "the OCSP responder", "application/ocsp-request", query, (size_t)qlen, &reply, NULL, 0,
                      err) < 0)
        goto done;
    const unsigned char *p = (const unsigned char *)reply.data;
    resp = d2i_OCSP_RESPONSE(NULL, &p, (long)reply.len);
    if (!resp) {
        rg_error_set(err, RG_ERR_INPUT, "%s did not answer with an OCSP response", source);
        goto done;
    }
    int status = OCSP_response_status(resp);
    if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
        rg_error_set(err, RG_ERR_INPUT, "%s refused the request (%s)", source, OCSP_response_status_str(status));
        goto done;
    }
    basic = OCSP_response_get1_basic(resp);
    if (!basic || OCSP_check_nonce(req, basic) == 0) {
        rg_error_set(err, RG_ERR_INPUT, "%s answered another request (nonce mismatch)", source);
        goto done;
    }
    if (OCSP_basic_verify(basic, l->known, store, 0) <= 0) {
        rg_error_set(err, RG_ERR_INPUT, "the answer of %s does not verify: %s", source,
                     rg_openssl_reason(reason, sizeof reason));
        goto done;
    }
    int cert_status, crl_reason;
    ASN1_GENERALIZEDTIME *revoked, *this_update, *next_update;
    if (!OCSP_resp_find_status(basic, id, &cert_status, &crl_reason, &revoked, &this_update, &next_update)) {
        rg_error_set(err, RG_ERR_INPUT, "the answer of %s is about another certificate", source);
        goto done;
    }
    if (!OCSP_check_validity(this_update, next_update, CLOCK_SKEW, -1)) {
        rg_error_set(err, RG_ERR_INPUT, "the answer of %s is out of date", source);
        goto done;
    }
    if (cert_status == V_OCSP_CERTSTATUS_UNKNOWN) {
        char name[256];
        cert_name(cert, name, sizeof name);
        rg_error_set(err, RG_ERR_INPUT, "%s does not know the certificate of '%s'", source, name);
        goto done;
    }
    if (cert_status == V_OCSP_CERTSTATUS_REVOKED &&
        judge_revoked(cert, asn1_time(revoked), crl_reason >= 0 ? OCSP_crl_reason_str(crl_reason) : "no reason given",
                      proven, source, err) < 0) {
        rc = -1;
        goto done;
    }
    /* The responder's own certificates, for whoever checks the answer. */
    X509 *responder = NULL;
    size_t index;
    if (OCSP_resp_get0_signer(basic, &responder, l->known) && responder) {
        STACK_OF(X509) *chain = chain_of(l, responder, err);
        for (int i = 0; chain && i < sk_X509_num(chain); i++)
            add_cert_data(l, vri, sk_X509_value(chain, i), &index);
        sk_X509_free(chain);
        rg_error_clear(err);
    }
    int len = i2d_OCSP_RESPONSE(resp, &der);
    checked *done_list = rg_vec_reserve(l->done, l->ndone, &l->done_cap, sizeof *done_list, 8);
    if (len <= 0 || !done_list || rg_der_list_add(&l->data->ocsps, der, (size_t)len, &index) < 0 ||
        rg_index_list_add(&vri->ocsps, index) < 0) {
        rc = -1;
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    l->done = done_list;
    l->done[l->ndone++] = (checked){cert_index, index, 1};
    rc = 1;
done:
    OPENSSL_free(query);
    OPENSSL_free(der);
    OCSP_CERTID_free(id);
    OCSP_CERTID_free(id_copy);
    OCSP_BASICRESP_free(basic);
    OCSP_RESPONSE_free(resp);
    OCSP_REQUEST_free(req);
    X509_STORE_free(store);
    rg_buf_free(&reply);
    ERR_clear_error();
    return rc;
}

/* The CRL at url for cert, checked; returns like fetch_ocsp. */
static int fetch_crl(rg_ltv *l, rg_vri *vri, X509 *cert, X509 *issuer, const char *url, time_t proven,
                     size_t cert_index, rg_error *err)
{
    char source[512];
    snprintf(source, sizeof source, "the CRL at %s", url);
    rg_buf reply = RG_BUF_INIT;
    X509_CRL *crl = NULL;
    unsigned char *der = NULL;
    int rc = 0;
    if (rg_http_fetch(url, "the CRL server", NULL, NULL, 0, &reply, NULL, 0, err) < 0)
        goto done;
    const unsigned char *p = (const unsigned char *)reply.data;
    crl = d2i_X509_CRL(NULL, &p, (long)reply.len);
    if (!crl) {
        BIO *bio = BIO_new_mem_buf(reply.data, (int)reply.len);
        crl = bio ? PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL) : NULL;
        BIO_free(bio);
    }
    if (!crl) {
        rg_error_set(err, RG_ERR_INPUT, "%s is not a certificate revocation list", source);
        goto done;
    }
    if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) != 0 ||
        X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1) {
        rg_error_set(err, RG_ERR_INPUT, "%s is not signed by the certificate's issuer", source);
        goto done;
    }
    const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl);
    if (next && X509_cmp_time(next, NULL) < 0) {
        rg_error_set(err, RG_ERR_INPUT, "%s is out of date (its next update was due before now)", source);
        goto done;
    }
    X509_REVOKED *entry = NULL;
    if (X509_CRL_get0_by_cert(crl, &entry, cert) == 1 &&
        judge_revoked(cert, asn1_time(X509_REVOKED_get0_revocationDate(entry)), "listed in the CRL", proven, source,
                      err) < 0) {
        rc = -1;
        goto done;
    }
    int len = i2d_X509_CRL(crl, &der);
    size_t index;
    checked *done_list = rg_vec_reserve(l->done, l->ndone, &l->done_cap, sizeof *done_list, 8);
    if (len <= 0 || !done_list || rg_der_list_add(&l->data->crls, der, (size_t)len, &index) < 0 ||
        rg_index_list_add(&vri->crls, index) < 0) {
        rc = -1;
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    l->done = done_list;
    l->done[l->ndone++] = (checked){cert_index, index, 2};
    rc = 1;
done:
    OPENSSL_free(der);
    X509_CRL_free(crl);
    rg_buf_free(&reply);
    ERR_clear_error();
    return rc;
}

/* The URLs of the certificate's CRL distribution points. */
static STACK_OF(OPENSSL_STRING) *crl_urls(X509 *cert)
{
    STACK_OF(OPENSSL_STRING) *urls = sk_OPENSSL_STRING_new_null();
    STACK_OF(DIST_POINT) *points = X509_get_ext_d2i(cert, NID_crl_distribution_points, NULL, NULL);
    for (int i = 0; urls && i < sk_DIST_POINT_num(points); i++) {
        DIST_POINT *dp = sk_DIST_POINT_value(points, i);
        if (!dp->distpoint || dp->distpoint->type != 0)
            continue;
        GENERAL_NAMES *names = dp->distpoint->name.fullname;
        for (int j = 0; j < sk_GENERAL_NAME_num(names); j++) {
            GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, j);
            if (gn->type != GEN_URI)
                continue;
            char *url = OPENSSL_strndup((const char *)ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier),
                                        (size_t)ASN1_STRING_length(gn->d.uniformResourceIdentifier));
            if (url && !sk_OPENSSL_STRING_push(urls, url))
                OPENSSL_free(url);
        }
    }
    sk_DIST_POINT_pop_free(points, DIST_POINT_free);
    ERR_clear_error();
    return urls;
}

static void free_string(char *s)
{
    OPENSSL_free(s);
}

/* Proof that cert (issued by issuer, under root) was not revoked: OCSP
 * first, else a CRL; each URL the certificate names is tried in turn. */
static int revocation(rg_ltv *l, rg_vri *vri, X509 *cert, X509 *issuer, X509 *root, size_t cert_index,
                      time_t proven, rg_error *err)
{
    for (size_t i = 0; i < l->ndone; i++)
        if (l->done[i].cert == cert_index)
            return rg_index_list_add(l->done[i].kind == 1 ? &vri->ocsps : &vri->crls, l->done[i].item) < 0
                       ? rg_error_set(err, RG_ERR_NOMEM, "out of memory")
                       : 0;
    STACK_OF(OPENSSL_STRING) *ocsp = X509_get1_ocsp(cert);
    STACK_OF(OPENSSL_STRING) *crl = crl_urls(cert);
    int rc = 0, tried = 0;
    for (int i = 0; rc == 0 && i < sk_OPENSSL_STRING_num(ocsp); i++, tried++)
        rc = fetch_ocsp(l, vri, cert, issuer, root, sk_OPENSSL_STRING_value(ocsp, i), proven, cert_index, err);
    for (int i = 0; rc == 0 && i < sk_OPENSSL_STRING_num(crl); i++, tried++)
        rc = fetch_crl(l, vri, cert, issuer, sk_OPENSSL_STRING_value(crl, i), proven, cert_index, err);
    X509_email_free(ocsp);
    sk_OPENSSL_STRING_pop_free(crl, free_string);
    if (rc > 0)
        rg_error_clear(err);  /* an earlier source may have failed before this one answered */
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (!tried) {
        char name[256];
        cert_name(cert, name, sizeof name);
        return rg_error_set(err, RG_ERR_INPUT,
                            "the certificate of '%s' names no OCSP responder and no CRL: its revocation status "
                            "cannot be recorded", name);
    }
    return -1;  /* err says what the last source answered */
}

/* The chain of cert and the revocation data of each link, recorded in vri. */
static int validate(rg_ltv *l, rg_vri *vri, X509 *cert, time_t proven, rg_error *err)
{
    STACK_OF(X509) *chain = chain_of(l, cert, err);
    if (!chain)
        return -1;
    X509 *root = sk_X509_value(chain, sk_X509_num(chain) - 1);
    int rc = 0;
    for (int i = 0; rc == 0 && i < sk_X509_num(chain); i++) {
        size_t index;
        if (add_cert_data(l, vri, sk_X509_value(chain, i), &index) < 0)
            rc = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        else if (i + 1 < sk_X509_num(chain))
            rc = revocation(l, vri, sk_X509_value(chain, i), sk_X509_value(chain, i + 1), root, index, proven, err);
    }
    sk_X509_free(chain);
    return rc;
}

/* The signer of a parsed CMS, among its certificates and the known ones. */
static X509 *cms_signer(rg_ltv *l, CMS_ContentInfo *cms, CMS_SignerInfo **si_out)
{
    STACK_OF(X509) *certs = CMS_get1_certs(cms);
    add_certs(l, certs);
    sk_X509_pop_free(certs, X509_free);
    STACK_OF(CMS_SignerInfo) *infos = CMS_get0_SignerInfos(cms);
    CMS_SignerInfo *si = sk_CMS_SignerInfo_num(infos) > 0 ? sk_CMS_SignerInfo_value(infos, 0) : NULL;
    *si_out = si;
    for (int i = 0; si && i < sk_X509_num(l->known); i++)
        if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(l->known, i)) == 0)
            return sk_X509_value(l->known, i);
    return NULL;
}

/* A time-stamp token: its signer (the TSA) and time; its chain validated. */
static int add_token(rg_ltv *l, rg_vri *vri, const unsigned char *der, long len, const char *name, time_t *when,
                     rg_error *err)
{
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &der, len);
    CMS_SignerInfo *si;
    X509 *tsa = cms ? cms_signer(l, cms, &si) : NULL;
    ASN1_OCTET_STRING **content = cms ? CMS_get0_content(cms) : NULL;
    const unsigned char *p = content && *content ? ASN1_STRING_get0_data(*content) : NULL;
    TS_TST_INFO *info = p ? d2i_TS_TST_INFO(NULL, &p, ASN1_STRING_length(*content)) : NULL;
    int rc;
    if (!info)
        rc = rg_error_set(err, RG_ERR_INPUT, "%s: the time-stamp cannot be read", name);
    else if (!tsa)
        rc = rg_error_set(err, RG_ERR_INPUT, "%s: the time-stamp does not carry its TSA's certificate", name);
    else {
        *when = asn1_time(TS_TST_INFO_get_time(info));
        rc = validate(l, vri, tsa, *when, err);
    }
    TS_TST_INFO_free(info);
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
    return rc;
}

int rg_ltv_add_signature(rg_ltv *l, const void *contents, size_t len, int doc_timestamp, const char *name,
                         time_t *proven, rg_error *err)
{
    char key[41];
    rg_dss_vri_key(contents, len, key);
    rg_vri *vri = rg_dss_vri(l->data, key);
    if (!vri)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    *proven = 0;
    if (doc_timestamp)
        return add_token(l, vri, contents, (long)len, name, proven, err);
    const unsigned char *p = contents;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
    CMS_SignerInfo *si = NULL;
    X509 *signer = cms ? cms_signer(l, cms, &si) : NULL;
    int rc = 0;
    if (!cms || !si)
        rc = rg_error_set(err, RG_ERR_INPUT, "%s: the signature cannot be read", name);
    else if (!signer)
        rc = rg_error_set(err, RG_ERR_INPUT, "%s: the signature does not carry its signer's certificate", name);
    int at = rc == 0 ? CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1) : -1;
    if (at >= 0) {
        ASN1_TYPE *token = X509_ATTRIBUTE_get0_type(CMS_unsigned_get_attr(si, at), 0);
        if (!token || token->type != V_ASN1_SEQUENCE)
            rc = rg_error_set(err, RG_ERR_INPUT, "%s: the signature time-stamp cannot be read", name);
        else
            rc = add_token(l, vri, ASN1_STRING_get0_data(token->value.sequence),
                           ASN1_STRING_length(token->value.sequence), name, proven, err);
    }
    if (rc == 0)
        rc = validate(l, vri, signer, *proven, err);
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
    return rc;
}
