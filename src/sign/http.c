/* HTTP transfers through libcurl (see http.h). */
#include "sign/http.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "util/bounded_int.h"

/* Seconds allowed to connect and for a whole transfer; RAINGAN_HTTP_TIMEOUT
 * (seconds) overrides the second, for slow links. */
#define CONNECT_TIMEOUT 15L
#define TRANSFER_TIMEOUT 60L

typedef struct sink {
    rg_buf *reply;
    size_t start;
    int too_big, nomem;
} sink;

static size_t collect(char *data, size_t size, size_t count, void *user)
{
    sink *s = user;
    size_t n = size * count;
    if (s->reply->len - s->start + n > RG_HTTP_MAX_REPLY) {
        s->too_big = 1;
        return 0;
    }
    if (rg_buf_append(s->reply, data, n) < 0) {
        s->nomem = 1;
        return 0;
    }
    return n;
}

static long transfer_timeout(void)
{
    const char *env = getenv("RAINGAN_HTTP_TIMEOUT");
    long long v;
    return env && rg_parse_bounded_int(env, 1, 3599, &v) == RG_INT_OK ? (long)v : TRANSFER_TIMEOUT;
}

static int url_allowed(const char *url)
{
    return strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0;
}

int rg_http_fetch(const char *url, const char *what, const char *type, const void *body, size_t len,
                  rg_buf *reply, char *content_type, size_t size, rg_error *err)
{
    if (!url_allowed(url))
        return rg_error_set(err, RG_ERR_USAGE, "%s: %s must be an http:// or https:// URL", url, what);
    static int initialized;
    if (!initialized) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            return rg_error_set(err, RG_ERR_INTERNAL, "cannot initialize libcurl");
        initialized = 1;
    }
    CURL *curl = curl_easy_init();
    if (!curl)
        return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    char message[CURL_ERROR_SIZE] = "";
    char ctype_header[128];
    struct curl_slist *headers = NULL;
    sink s = {reply, reply->len, 0, 0};
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, message);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, transfer_timeout());
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)RG_HTTP_MAX_REPLY);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "raingan-sign");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &s);
    if (body) {
        snprintf(ctype_header, sizeof ctype_header, "Content-Type: %s", type);
        headers = curl_slist_append(headers, ctype_header);
        if (!headers) {
            curl_easy_cleanup(curl);
            return rg_error_set(err, RG_ERR_NOMEM, "out of memory");
        }
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, (const char *)body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    char *ctype = NULL;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &ctype);
    int result = 0;
    if (s.nomem)
        result = rg_error_set(err, RG_ERR_NOMEM, "out of memory");
    else if (s.too_big || rc == CURLE_FILESIZE_EXCEEDED)
        result = rg_error_set(err, RG_ERR_INPUT, "%s (%s) answered with more than %u MB", what, url,
                              RG_HTTP_MAX_REPLY >> 20);
    else if (rc != CURLE_OK)
        result = rg_error_set(err, RG_ERR_IO, "cannot reach %s at %s: %s", what, url,
                              message[0] ? message : curl_easy_strerror(rc));
    else if (status != 200)
        result = rg_error_set(err, RG_ERR_IO, "%s at %s answered HTTP status %ld", what, url, status);
    if (result == 0 && content_type && size) {
        size_t n = 0;
        for (const char *c = ctype ? ctype : ""; *c && *c != ';' && !isspace((unsigned char)*c) && n + 1 < size; c++)
            content_type[n++] = (char)tolower((unsigned char)*c);
        content_type[n] = '\0';
    }
    if (result < 0)
        reply->len = s.start;
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return result;
}
