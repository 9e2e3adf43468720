/* Checking a PDF signature's CMS over the bytes its /ByteRange covers
 * (OpenSSL; linked into raingan-sign only, see cmd_verify.c). */
#ifndef RG_SIGN_SIGNATURE_CHECK_H
#define RG_SIGN_SIGNATURE_CHECK_H

#include "sign/pdf_history.h"

/* An rg_signature_checker: the CMS SignedData (detached, as /SubFilter
 * adbe.pkcs7.detached and ETSI.CAdES.detached have it) must verify over the
 * signed bytes with the certificate it carries; its common name is the
 * signer. The certificate is not checked against trusted roots (raingan has
 * no trust list; docs/archival.md). Other sub-filters: not checked. */
void rg_signature_check(const char *data, size_t len, const rg_pdf_signature *sig,
                        rg_signature_verdict *verdict);

#endif
