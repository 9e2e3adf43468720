/* QR matrix from libqrencode (qr.h). */
#include "archive/qr.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

int rg_qr_encode(const char *text, rg_qr *qr, rg_error *err)
{
    memset(qr, 0, sizeof *qr);
    errno = 0;
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        return rg_error_set(err, errno == ENOMEM ? RG_ERR_NOMEM : RG_ERR_INPUT,
                            "cannot encode a QR code of %zu bytes: %s", strlen(text),
                            errno == ERANGE ? "too long" : "libqrencode failed");
    size_t n = (size_t)code->width * (size_t)code->width;
    qr->dark = malloc(n);
    if (!qr->dark) {
        QRcode_free(code);
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        qr->dark[i] = code->data[i] & 1;
    qr->width = code->width;
    QRcode_free(code);
    return 0;
}

void rg_qr_free(rg_qr *qr)
{
    free(qr->dark);
    qr->dark = NULL;
    qr->width = 0;
}
