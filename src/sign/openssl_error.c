/* OpenSSL's last error as text (openssl_error.h). */
#include "sign/openssl_error.h"

#include <openssl/err.h>
#include <stdio.h>

const char *rg_openssl_reason(char *buf, size_t size)
{
    unsigned long e = ERR_peek_last_error();
    if (e)
        ERR_error_string_n(e, buf, size);
    else
        snprintf(buf, size, "no details");
    ERR_clear_error();
    return buf;
}
