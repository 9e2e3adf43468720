/* PKCS#12 loading and CAdES-style CMS signing with OpenSSL 3 (see signer.h). */
#include "sign/signer.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

#include "sign/openssl_error.h"
#include "sign/tsa.h"
#include "util/atomic_file.h"

struct rg_signer {
    EVP_PKEY *key;
    X509 *cert;
    STACK_OF(X509) *chain;  /* other certificates of the PKCS#12 file */
    char *name;
    OSSL_PROVIDER *legacy, *default_provider;  /* loaded only for old PKCS#12 encryption */
};

static char *subject_name(X509 *cert)
{
    X509_NAME *subject = X509_get_subject_name(cert);
    int i = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (i >= 0) {
        unsigned char *utf8 = NULL;
        int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i)));
        if (n >= 0) {
            char *name = malloc((size_t)n + 1);
            if (name) {
                memcpy(name, utf8, (size_t)n);
                name[n] = '\0';
            }
            OPENSSL_free(utf8);
            return name;
        }
    }
    char *line = X509_NAME_oneline(subject, NULL, 0);
    char *name = line ? strdup(line) : NULL;
    OPENSSL_free(line);
    return name;
}

/* PKCS#12 files exported by older tools (Windows, OpenSSL 1.x) encrypt with
 * RC2 or RC4, which OpenSSL 3 keeps in its "legacy" provider. Loading it
 * (with "default", which an explicit load would otherwise displace) lets
 * such keys be read; the signer unloads both when freed. */
static int use_legacy_algorithms(rg_signer *s)
{
    if (s->legacy)
        return 0;
    s->default_provider = OSSL_PROVIDER_load(NULL, "default");
    s->legacy = OSSL_PROVIDER_load(NULL, "legacy");
    return s->default_provider && s->legacy;
}

rg_signer *rg_signer_load_p12(const char *path, const char *password, rg_error *err)
{
    char reason[256];
    char *data = NULL;
    size_t len = 0;
    if (rg_read_file(path, &data, &len, err) < 0)
        return NULL;
    rg_signer *s = calloc(1, sizeof *s);
    BIO *bio = BIO_new_mem_buf(data, (int)len);
    PKCS12 *p12 = bio ? d2i_PKCS12_bio(bio, NULL) : NULL;
    if (!s || !bio) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        goto fail;
    }
    ERR_clear_error();
    if (!p12) {
        rg_error_set(err, RG_ERR_INPUT, "%s: not a PKCS#12 (.p12) key file", path);
        goto fail;
    }
    if (PKCS12_mac_present(p12) && !PKCS12_verify_mac(p12, password, -1)) {
        ERR_clear_error();
        rg_error_set(err, RG_ERR_INPUT, "%s: wrong password for this key file", path);
        goto fail;
    }
    int parsed = PKCS12_parse(p12, password, &s->key, &s->cert, &s->chain);
    if (!parsed && use_legacy_algorithms(s)) {
        ERR_clear_error();
        parsed = PKCS12_parse(p12, password, &s->key, &s->cert, &s->chain);
    }
    if (!parsed) {
        rg_error_set(err, RG_ERR_INPUT,
                     "%s: cannot decrypt the key file (wrong password, or an old encryption "
                     "algorithm: re-export it with AES): %s", path, rg_openssl_reason(reason, sizeof reason));
        goto fail;
    }
    if (!s->key || !s->cert) {
        rg_error_set(err, RG_ERR_INPUT, "%s: the file holds no %s", path,
                     s->key ? "certificate" : "private key");
        goto fail;
    }
    /* RSA (PKCS#1 v1.5) and ECDSA are what PAdES verifiers universally
     * accept, and what the re-signing in drop_signing_time() reproduces. */
    int type = EVP_PKEY_get_base_id(s->key);
    if (type != EVP_PKEY_RSA && type != EVP_PKEY_EC) {
        rg_error_set(err, RG_ERR_INPUT, "%s: the key is of type %s; raingan signs with RSA or EC (ECDSA) keys",
                     path, OBJ_nid2sn(type));
        goto fail;
    }
    if (!X509_check_private_key(s->cert, s->key)) {
        ERR_clear_error();
        rg_error_set(err, RG_ERR_INPUT, "%s: the private key does not match the certificate", path);
        goto fail;
    }
    s->name = subject_name(s->cert);
    if (!s->name) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        goto fail;
    }
    PKCS12_free(p12);
    BIO_free(bio);
    OPENSSL_cleanse(data, len);
    free(data);
    return s;
fail:
    PKCS12_free(p12);
    BIO_free(bio);
    OPENSSL_cleanse(data, len);
    free(data);
    rg_signer_free(s);
    return NULL;
}

void rg_signer_free(rg_signer *s)
{
    if (!s)
        return;
    EVP_PKEY_free(s->key);
    X509_free(s->cert);
    sk_X509_pop_free(s->chain, X509_free);
    free(s->name);
    if (s->legacy)
        OSSL_PROVIDER_unload(s->legacy);
    if (s->default_provider)
        OSSL_PROVIDER_unload(s->default_provider);
    free(s);
}

const char *rg_signer_name(const rg_signer *s)
{
    return s->name;
}

static void format_asn1_time(const ASN1_TIME *t, char *buf, size_t size)
{
    struct tm tm;
    if (ASN1_TIME_to_tm(t, &tm))
        strftime(buf, size, "%Y-%m-%d %H:%M UTC", &tm);
    else
        snprintf(buf, size, "(unreadable date)");
}

int rg_signer_check(const rg_signer *s, time_t when, const char *key_path)
{
    int warnings = 0;
    char date[64];
    const ASN1_TIME *not_after = X509_get0_notAfter(s->cert);
    const ASN1_TIME *not_before = X509_get0_notBefore(s->cert);
    if (X509_cmp_time(not_after, &when) < 0) {
        format_asn1_time(not_after, date, sizeof date);
        rg_warn("%s: the certificate of '%s' expired on %s; the document is signed, but "
                "verifiers will report the certificate as expired", key_path, s->name, date);
        warnings++;
    }
    if (X509_cmp_time(not_before, &when) > 0) {
        format_asn1_time(not_before, date, sizeof date);
        rg_warn("%s: the certificate of '%s' is not valid before %s (is the signing date "
                "right?); the document is signed, but verifiers may reject it", key_path, s->name, date);
        warnings++;
    }
    uint32_t usage = X509_get_key_usage(s->cert);
    if (usage != UINT32_MAX && !(usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION))) {
        rg_warn("%s: the certificate's key usage does not include digital signatures", key_path);
        warnings++;
    }
    ERR_clear_error();
    return warnings;
}

size_t rg_signer_reserve(const rg_signer *s)
{
    /* Certificates, the signature value, and room for the attributes and
     * ASN.1 framing; generous, since unused room is only zero padding. */
    size_t size = 4096 + (size_t)i2d_X509(s->cert, NULL) + 2 * (size_t)EVP_PKEY_get_size(s->key);
    for (int i = 0; i < sk_X509_num(s->chain); i++)
        size += (size_t)i2d_X509(sk_X509_value(s->chain, i), NULL);
    return (size + 1023) / 1024 * 1024;
}

typedef struct der_item {
    unsigned char *der;
    int len;
} der_item;

static int compare_der(const void *a, const void *b)
{
    const der_item *x = a, *y = b;
    int n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->der, y->der, (size_t)n);
    return c ? c : x->len - y->len;
}

static int put_der_length(rg_buf *out, size_t len)
{
    if (len < 0x80)
        return rg_buf_putc(out, (char)len);
    unsigned char bytes[8];
    int n = 0;
    for (size_t v = len; v; v >>= 8)
        bytes[n++] = (unsigned char)(v & 0xFF);
    if (rg_buf_putc(out, (char)(0x80 | n)) < 0)
        return -1;
    while (n--)
        if (rg_buf_putc(out, (char)bytes[n]) < 0)
            return -1;
    return 0;
}

/* The DER of the signed attributes as signed: a SET OF, sorted (X.690 11.6). */
static int encode_signed_attrs(CMS_SignerInfo *si, rg_buf *out)
{
    int n = CMS_signed_get_attr_count(si);
    der_item *items = calloc((size_t)(n > 0 ? n : 1), sizeof *items);
    int rc = items ? 0 : -1;
    size_t total = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        items[i].len = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &items[i].der);
        if (items[i].len <= 0)
            rc = -1;
        else
            total += (size_t)items[i].len;
    }
    if (rc == 0) {
        qsort(items, (size_t)n, sizeof *items, compare_der);
        rc = rg_buf_putc(out, 0x31) < 0 || put_der_length(out, total) < 0 ? -1 : 0;
        for (int i = 0; i < n && rc == 0; i++)
            rc = rg_buf_append(out, items[i].der, (size_t)items[i].len);
    }
    for (int i = 0; items && i < n; i++)
        OPENSSL_free(items[i].der);
    free(items);
    return rc;
}

/* OpenSSL always adds a signing-time attribute, which PAdES forbids: take it
 * out and sign the remaining attributes again with the same key and digest. */
static int drop_signing_time(const rg_signer *s, CMS_SignerInfo *si)
{
    int loc = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
    if (loc < 0)
        return 0;
    X509_ATTRIBUTE_free(CMS_signed_delete_attr(si, loc));
    rg_buf attrs = RG_BUF_INIT;
    unsigned char *sig = NULL;
    size_t sig_len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx && encode_signed_attrs(si, &attrs) == 0 &&
             EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, s->key) == 1 &&
             EVP_DigestSign(ctx, NULL, &sig_len, (unsigned char *)attrs.data, attrs.len) == 1 &&
             (sig = OPENSSL_malloc(sig_len)) != NULL &&
             EVP_DigestSign(ctx, sig, &sig_len, (unsigned char *)attrs.data, attrs.len) == 1 &&
             ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig, (int)sig_len) == 1;
    OPENSSL_free(sig);
    EVP_MD_CTX_free(ctx);
    rg_buf_free(&attrs);
    return ok ? 0 : -1;
}

static BIO *ranges_bio(const rg_sign_range *ranges, int nranges)
{
    BIO *bio = BIO_new(BIO_s_mem());
    for (int i = 0; bio && i < nranges; i++) {
        if (BIO_write(bio, ranges[i].data, (int)ranges[i].len) != (int)ranges[i].len) {
            BIO_free(bio);
            return NULL;
        }
    }
    return bio;
}

/* PAdES B-T: a time-stamp over the signature value (the SignerInfo's
 * signature OCTET STRING's contents, RFC 3161 appendix A), added unsigned. */
static int add_signature_timestamp(CMS_SignerInfo *si, const char *url, time_t *stamped, rg_error *err)
{
    ASN1_OCTET_STRING *value = CMS_SignerInfo_get0_signature(si);
    unsigned char digest[32];
    unsigned int dlen = 0;
    if (EVP_Digest(ASN1_STRING_get0_data(value), (size_t)ASN1_STRING_length(value), digest, &dlen, EVP_sha256(),
                   NULL) != 1)
        return rg_error_set(err, RG_ERR_INTERNAL, "cannot hash the signature value");
    rg_buf token = RG_BUF_INIT;
    if (rg_tsa_stamp(url, digest, &token, stamped, err) < 0) {
        rg_buf_free(&token);
        return -1;
    }
    int ok = CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, token.data,
                                           (int)token.len);
    rg_buf_free(&token);
    return ok ? 0 : rg_error_set(err, RG_ERR_NOMEM, "cannot add the signature time-stamp");
}

int rg_signer_sign(const rg_signer *s, const rg_sign_range *ranges, int nranges, const char *tsa_url,
                   rg_buf *der, time_t *stamped, rg_error *err)
{
    char reason[256];
    ERR_clear_error();
    BIO *content = ranges_bio(ranges, nranges);
    BIO *check = ranges_bio(ranges, nranges);
    CMS_ContentInfo *cms = NULL;
    unsigned char *out = NULL;
    int rc = -1;
    if (!content || !check) {
        rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        goto done;
    }
    unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL;
    cms = CMS_sign(NULL, NULL, s->chain, NULL, flags);
    CMS_SignerInfo *si = cms ? CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(),
                                               CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES) : NULL;
    if (!si || !CMS_final(cms, content, NULL, CMS_DETACHED | CMS_BINARY) ||
        drop_signing_time(s, si) < 0) {
        rg_error_set(err, RG_ERR_INTERNAL, "cannot create the signature: %s",
                     rg_openssl_reason(reason, sizeof reason));
        goto done;
    }
    /* Check the finished signature before it goes into a file. */
    if (!CMS_verify(cms, NULL, NULL, check, NULL, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY | CMS_DETACHED)) {
        rg_error_set(err, RG_ERR_INTERNAL, "the signature just made does not verify: %s",
                     rg_openssl_reason(reason, sizeof reason));
        goto done;
    }
    if (tsa_url && add_signature_timestamp(si, tsa_url, stamped, err) < 0)
        goto done;
    int len = i2d_CMS_ContentInfo(cms, &out);
    if (len <= 0 || rg_buf_append(der, out, (size_t)len) < 0) {
        rg_error_set(err, RG_ERR_NOMEM, "cannot encode the signature");
        goto done;
    }
    rc = 0;
done:
    OPENSSL_free(out);
    CMS_ContentInfo_free(cms);
    BIO_free(content);
    BIO_free(check);
    ERR_clear_error();
    return rc;
}
