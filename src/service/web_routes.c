/* The clerks' page (docs/service.md, "The clerks' page"): GET / and its
 * script and style sheet, built into the program (web_assets.S). They hold
 * no data, so they are served without the token (like /health): the page
 * asks for the token when the API refuses it. */
#include <string.h>

#include "service/route.h"
#include "service/service.h"

extern const rg_route rg_web_routes[];

extern const char rg_web_index_html[], rg_web_index_html_end[];
extern const char rg_web_app_js[], rg_web_app_js_end[];
extern const char rg_web_app_css[], rg_web_app_css_end[];

static void serve_asset(const rg_request *req, rg_reply *reply, const char *data, const char *end, const char *type)
{
    if (req->query_count) {
        rg_reply_error(reply, 400, "bad_query", "query", "the page takes no query parameters");
        return;
    }
    rg_buf_free(&reply->body);
    if (rg_buf_append(&reply->body, data, (size_t)(end - data)) < 0) {
        rg_reply_error(reply, 503, "no_memory", NULL, "out of memory");
        return;
    }
    reply->status = 200;
    rg_reply_header(reply, "Content-Type", type);
    /* The page's code is its own: nothing from elsewhere runs or loads. */
    rg_reply_header(reply, "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' blob:; object-src 'none'; frame-ancestors 'none'");
    rg_reply_header(reply, "Cache-Control", "no-cache");
}

static void get_page(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    serve_asset(req, reply, rg_web_index_html, rg_web_index_html_end, "text/html; charset=utf-8");
}

static void get_script(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    serve_asset(req, reply, rg_web_app_js, rg_web_app_js_end, "text/javascript; charset=utf-8");
}

static void get_style(rg_service *svc, const rg_request *req, rg_reply *reply)
{
    serve_asset(req, reply, rg_web_app_css, rg_web_app_css_end, "text/css; charset=utf-8");
}

const rg_route rg_web_routes[] = {
    {RG_METHOD_GET, "/", RG_ROUTE_FRONT, get_page, NULL},
    {RG_METHOD_GET, "/web/app.js", RG_ROUTE_FRONT, get_script, NULL},
    {RG_METHOD_GET, "/web/app.css", RG_ROUTE_FRONT, get_style, NULL},
    {0, NULL, RG_ROUTE_FRONT, NULL, NULL},
};
