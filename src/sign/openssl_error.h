/* OpenSSL's last error as text for messages (shared by signer.c and ltv.c,
 * which each had a copy; tsa.c keeps its own, which prefers the bare reason). */
#ifndef RG_SIGN_OPENSSL_ERROR_H
#define RG_SIGN_OPENSSL_ERROR_H

#include <stddef.h>

/* The last error on OpenSSL's queue as text in `buf` ("no details" when the
 * queue is empty), and the queue cleared. Returns buf. */
const char *rg_openssl_reason(char *buf, size_t size);

#endif
