/* The signer's key and certificates (from a PKCS#12 file) and the CMS
 * signature over the signed byte ranges of a PDF (OpenSSL 3).
 *
 * The signature is CAdES-style, as PAdES baseline B-B asks of
 * /SubFilter /ETSI.CAdES.detached: detached SHA-256 CMS SignedData whose
 * signed attributes are content-type, message-digest and
 * signing-certificate-v2, and deliberately no signing-time (PAdES puts the
 * claimed time in the signature dictionary's /M instead). The signing
 * certificate and the chain found in the PKCS#12 file are embedded. */
#ifndef RG_SIGN_SIGNER_H
#define RG_SIGN_SIGNER_H

#include <stddef.h>
#include <time.h>

#include "util/buf.h"
#include "util/error.h"

typedef struct rg_signer rg_signer;

/* Load KEY.p12 with its password. A wrong password, a file that is not
 * PKCS#12, a key that does not match its certificate: NULL with err set. */
rg_signer *rg_signer_load_p12(const char *path, const char *password, rg_error *err);
/* Frees the key (OpenSSL clears private key material when freeing it). */
void rg_signer_free(rg_signer *s);

/* The certificate subject's common name (UTF-8), or its one-line subject. */
const char *rg_signer_name(const rg_signer *s);
/* Warn (rg_warn) when the certificate is expired or not yet valid at `when`,
 * or is not meant for signatures. Returns how many warnings were given. */
int rg_signer_check(const rg_signer *s, time_t when, const char *key_path);
/* Bytes to reserve in /Contents for this signer's CMS. */
size_t rg_signer_reserve(const rg_signer *s);

/* One range of bytes covered by the signature. */
typedef struct rg_sign_range {
    const char *data;
    size_t len;
} rg_sign_range;

/* Sign the concatenation of the ranges; the DER CMS is appended to der.
 * The result is verified against the data before it is returned. With
 * tsa_url (else NULL), the signature value is time-stamped there (RFC 3161)
 * and the token added as the unsigned attribute signature-time-stamp
 * (id-aa-signatureTimeStampToken): PAdES B-T; its time goes to *stamped. */
int rg_signer_sign(const rg_signer *s, const rg_sign_range *ranges, int nranges, const char *tsa_url,
                   rg_buf *der, time_t *stamped, rg_error *err);

#endif
