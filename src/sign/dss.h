/* The document security store (DSS, ISO 32000-2 12.8.4.3, ETSI EN 319 142-1
 * 5.4): the certificates, OCSP responses and CRLs a verifier needs to check
 * the document's signatures and time-stamps years later, when the servers
 * that gave them are gone (PAdES B-LT), written as an incremental update.
 *
 * Each item is a stream holding its DER unfiltered. The catalog's /DSS
 * gets /Certs, /OCSPs and /CRLs (arrays of those streams, the old ones kept)
 * and /VRI: for each signature, under the upper-case hex SHA-1 of its
 * /Contents bytes, the items that validate that one signature. */
#ifndef RG_SIGN_DSS_H
#define RG_SIGN_DSS_H

#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

/* A list of DER items, without duplicates. */
typedef struct rg_der_list {
    rg_buf *items;
    size_t count, cap;
} rg_der_list;

typedef struct rg_index_list {
    size_t *items;
    size_t count, cap;
} rg_index_list;

/* The validation data of one signature: indexes into rg_dss_data's lists. */
typedef struct rg_vri {
    char key[41];
    rg_index_list certs, ocsps, crls;
} rg_vri;

typedef struct rg_dss_data {
    rg_der_list certs, ocsps, crls;
    rg_vri *vri;
    size_t nvri, vri_cap;
} rg_dss_data;

/* Add der to list unless it is there; *index (may be NULL) gets its place. */
int rg_der_list_add(rg_der_list *list, const void *der, size_t len, size_t *index);
/* Add index to list unless it is there. */
int rg_index_list_add(rg_index_list *list, size_t index);
/* The VRI entry for key (40 hex digits), made when new (NULL: out of memory). */
rg_vri *rg_dss_vri(rg_dss_data *d, const char *key);
void rg_dss_data_free(rg_dss_data *d);

/* The VRI key of a signature: SHA-1 of its /Contents bytes, upper-case hex. */
void rg_dss_vri_key(const void *contents, size_t len, char key[41]);

/* Append to pdf (not modified) an update that adds d to the DSS: items
 * already in the file's DSS (as unfiltered streams) are not written again.
 * The result replaces out. */
int rg_dss_append(const char *pdf, size_t len, const rg_dss_data *d, rg_buf *out, rg_error *err);

/* The VRI entry for key, or NULL. */
const rg_vri *rg_dss_find_vri(const rg_dss_data *d, const char *key);

/* What pdf's DSS holds already, added to known: its items (unfiltered
 * streams only; others are not compared) and its VRI keys (entries with
 * empty lists). A PDF without a DSS adds nothing. */
int rg_dss_read(const char *pdf, size_t len, rg_dss_data *known, rg_error *err);

#endif
