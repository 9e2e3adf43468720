/* RFC 3161 time-stamps from a time-stamping authority (TSA), for PAdES:
 * the signature time-stamp of B-T (over a CMS signature value) and the
 * document time-stamp of B-LTA (over the PDF's byte ranges).
 *
 * The answer is checked before it is used: a granted status, the message
 * imprint and nonce of our request, a signature that verifies with the
 * certificate it carries, and that certificate meant for time-stamping
 * (extended key usage timeStamping alone, critical: RFC 3161 2.3). */
#ifndef RG_SIGN_TSA_H
#define RG_SIGN_TSA_H

#include <stddef.h>
#include <time.h>

#include "util/buf.h"
#include "util/error.h"

/* Room to reserve for one time-stamp token (with the TSA's certificates). */
#define RG_TSA_RESERVE 16384

/* Ask the TSA at url for a token over `digest`, the SHA-256 (32 bytes) of
 * the data stamped. The token (a DER CMS ContentInfo) is appended to token,
 * its time to *gen_time. A TSA that cannot be reached: RG_ERR_IO; one that
 * refuses, or answers anything but a matching, valid token: RG_ERR_INPUT.
 * Every message names the URL. */
int rg_tsa_stamp(const char *url, const unsigned char digest[32], rg_buf *token, time_t *gen_time,
                 rg_error *err);

#endif
