/* X-macro list of the service's route tables, tried in this order: add one
 * line per file that serves routes (route.h). Each names a `const rg_route
 * NAME[]` defined in that file, ended by a route with a NULL pattern. */
ROUTE_TABLE(rg_api_routes)
ROUTE_TABLE(rg_batch_routes)
ROUTE_TABLE(rg_web_routes)
