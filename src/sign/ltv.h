/* Long-term validation data (PAdES B-LT): for a signature or time-stamp,
 * the chain of its signer's certificate up to a self-signed root, and for
 * each certificate but the root, proof that it was not revoked: an OCSP
 * response from the responder its certificate names (authorityInfoAccess),
 * else the CRL it names (cRLDistributionPoints), fetched now and checked
 * (signed by the issuer or its delegated responder, current, status good).
 * What is gathered goes into an rg_dss_data for the DSS.
 *
 * A certificate revoked before the time the signature is proven to exist
 * (its time-stamp; the present without one) fails; revoked after it, the
 * signature stays valid: warned, and the evidence recorded all the same. */
#ifndef RG_SIGN_LTV_H
#define RG_SIGN_LTV_H

#include <stddef.h>
#include <time.h>

#include "sign/dss.h"
#include "util/error.h"

typedef struct rg_ltv rg_ltv;

/* `data` receives what is gathered (borrowed; outlives the rg_ltv). */
rg_ltv *rg_ltv_new(rg_dss_data *data);
void rg_ltv_free(rg_ltv *l);

/* Certificates that may issue others (from the PKCS#12 file, --certs, a
 * DSS): DER, or a PEM file of one or more. */
int rg_ltv_add_known_der(rg_ltv *l, const void *der, size_t len, rg_error *err);
int rg_ltv_add_known_file(rg_ltv *l, const char *path, rg_error *err);

/* The validation data of one signature's /Contents: a CMS signature (with
 * its signature time-stamp, if any) or, with doc_timestamp, an RFC 3161
 * token. Recorded under the signature's VRI key. `name` names it in
 * messages. *proven gets the time its time-stamp proves (0 without one). */
int rg_ltv_add_signature(rg_ltv *l, const void *contents, size_t len, int doc_timestamp, const char *name,
                         time_t *proven, rg_error *err);

#endif
