/* RFC 3161 time-stamp client (see tsa.h), OpenSSL's TS API over rg_http. */
#include "sign/tsa.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "sign/http.h"

static const char *openssl_reason(char *buf, size_t size)
{
    unsigned long e = ERR_peek_last_error();
    const char *text = e ? ERR_reason_error_string(e) : NULL;
    if (text)
        snprintf(buf, size, "%s", text);
    else if (e)
        ERR_error_string_n(e, buf, size);
    else
        snprintf(buf, size, "no details");
    ERR_clear_error();
    return buf;
}

/* version 1, SHA-256 imprint, a random 64-bit nonce, and the TSA's
 * certificate asked for (certReq), which long-term validation needs. */
static TS_REQ *make_request(const unsigned char digest[32])
{
    TS_REQ *req = TS_REQ_new();
    TS_MSG_IMPRINT *imprint = TS_MSG_IMPRINT_new();
    X509_ALGOR *alg = X509_ALGOR_new();
    ASN1_INTEGER *nonce = NULL;
    BIGNUM *bn = BN_new();
    int ok = req && imprint && alg && bn && TS_REQ_set_version(req, 1) &&
             X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) &&
             TS_MSG_IMPRINT_set_algo(imprint, alg) && TS_MSG_IMPRINT_set_msg(imprint, (unsigned char *)digest, 32) &&
             TS_REQ_set_msg_imprint(req, imprint) && BN_rand(bn, 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) &&
             (nonce = BN_to_ASN1_INTEGER(bn, NULL)) != NULL && TS_REQ_set_nonce(req, nonce) &&
             TS_REQ_set_cert_req(req, 1);
    ASN1_INTEGER_free(nonce);
    BN_free(bn);
    X509_ALGOR_free(alg);
    TS_MSG_IMPRINT_free(imprint);
    if (!ok) {
        TS_REQ_free(req);
        return NULL;
    }
    return req;
}

static void status_text(TS_STATUS_INFO *info, char *buf, size_t size)
{
    const STACK_OF(ASN1_UTF8STRING) *text = TS_STATUS_INFO_get0_text(info);
    buf[0] = '\0';
    for (int i = 0; i < sk_ASN1_UTF8STRING_num(text); i++) {
        const ASN1_UTF8STRING *s = sk_ASN1_UTF8STRING_value(text, i);
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%s%.*s", used ? "; " : "", ASN1_STRING_length(s),
                 (const char *)ASN1_STRING_get0_data(s));
    }
}

/* The token's signature verifies with the certificate it carries, which is
 * a time-stamping certificate. */
static int check_token_signature(const char *url, const unsigned char *der, size_t len, rg_error *err)
{
    char reason[256];
    const unsigned char *p = der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
    STACK_OF(X509) *signers = NULL;
    int rc = -1;
    if (!cms) {
        rg_error_set(err, RG_ERR_INPUT, "the time-stamping authority at %s sent a token that cannot be read", url);
        goto done;
    }
    if (!CMS_verify(cms, NULL, NULL, NULL, NULL, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY)) {
        rg_error_set(err, RG_ERR_INPUT, "the time-stamp from %s does not verify: %s", url,
                     openssl_reason(reason, sizeof reason));
        goto done;
    }
    signers = CMS_get0_signers(cms);
    X509 *tsa = sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : NULL;
    if (!tsa) {
        rg_error_set(err, RG_ERR_INPUT, "the time-stamp from %s does not carry the TSA's certificate", url);
        goto done;
    }
    if (X509_check_purpose(tsa, X509_PURPOSE_TIMESTAMP_SIGN, 0) != 1) {
        char name[256];
        X509_NAME_oneline(X509_get_subject_name(tsa), name, sizeof name);
        rg_error_set(err, RG_ERR_INPUT,
                     "the time-stamp from %s is signed by '%s', which is not a time-stamping certificate "
                     "(its extended key usage must be timeStamping alone, marked critical)", url, name);
        goto done;
    }
    rc = 0;
done:
    sk_X509_free(signers);
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
    return rc;
}

int rg_tsa_stamp(const char *url, const unsigned char digest[32], rg_buf *token, time_t *gen_time,
                 rg_error *err)
{
    char reason[256], ctype[128];
    ERR_clear_error();
    TS_REQ *req = make_request(digest);
    TS_RESP *resp = NULL;
    TS_VERIFY_CTX *ctx = NULL;
    unsigned char *query = NULL, *tok = NULL;
    rg_buf reply = RG_BUF_INIT;
    int rc = -1;
    int qlen = req ? i2d_TS_REQ(req, &query) : -1;
    if (qlen <= 0) {
        rg_error_set(err, RG_ERR_NOMEM, "cannot make the time-stamp request");
        goto done;
    }
    if (rg_http_fetch(url, "the time-stamping authority", "application/timestamp-query", query, (size_t)qlen,
                      &reply, ctype, sizeof ctype, err) < 0)
        goto done;
    const unsigned char *p = (const unsigned char *)reply.data;
    resp = reply.len ? d2i_TS_RESP(NULL, &p, (long)reply.len) : NULL;
    if (!resp) {
        rg_error_set(err, RG_ERR_INPUT,
                     "the time-stamping authority at %s did not answer with a time-stamp response "
                     "(%zu bytes of %s)", url, reply.len, ctype[0] ? ctype : "unknown type");
        goto done;
    }
    TS_STATUS_INFO *info = TS_RESP_get_status_info(resp);
    long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(info));
    if (status != 0 && status != 1) {
        char text[512];
        status_text(info, text, sizeof text);
        rg_error_set(err, RG_ERR_INPUT, "the time-stamping authority at %s refused the request (status %ld%s%s)",
                     url, status, text[0] ? ": " : "", text);
        goto done;
    }
    /* Version, imprint and nonce; the signature is checked below, with the
     * certificate the token carries (OpenSSL's check needs a trust store). */
    ctx = TS_REQ_to_TS_VERIFY_CTX(req, NULL);
    if (ctx)
        TS_VERIFY_CTX_set_flags(ctx, TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_NONCE);
    if (!ctx || !TS_RESP_verify_response(ctx, resp)) {
        rg_error_set(err, RG_ERR_INPUT, "the time-stamp from %s does not answer our request: %s", url,
                     openssl_reason(reason, sizeof reason));
        goto done;
    }
    PKCS7 *t = TS_RESP_get_token(resp);
    int tlen = t ? i2d_PKCS7(t, &tok) : -1;
    if (tlen <= 0) {
        rg_error_set(err, RG_ERR_INPUT, "the time-stamp response from %s holds no token", url);
        goto done;
    }
    if (check_token_signature(url, tok, (size_t)tlen, err) < 0)
        goto done;
    struct tm tm;
    const ASN1_GENERALIZEDTIME *when = TS_TST_INFO_get_time(TS_RESP_get_tst_info(resp));
    if (!when || !ASN1_TIME_to_tm(when, &tm)) {
        rg_error_set(err, RG_ERR_INPUT, "the time-stamp from %s has no readable time", url);
        goto done;
    }
    *gen_time = timegm(&tm);
    if (rg_buf_append(token, tok, (size_t)tlen) < 0) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    rc = 0;
done:
    OPENSSL_free(query);
    OPENSSL_free(tok);
    TS_VERIFY_CTX_free(ctx);
    TS_RESP_free(resp);
    TS_REQ_free(req);
    rg_buf_free(&reply);
    ERR_clear_error();
    return rc;
}
