/* Record kinds: the one table saying, for each kind of record, where the
 * store keeps it. Import, export, record selection, digests, templates and
 * batch all read it rather than knowing table names themselves.
 *
 * The five built-in kinds (organization, person, project, indicator, plan)
 * are entries 0..RG_KIND_COUNT-1, in the rg_kind order (store.h). Kinds
 * declared in files are added at run time with rg_kinds_register and follow
 * them; a kind's index never changes once it is in the table.
 *
 * Thread-safety: register every kind before starting threads or forking
 * workers; from then on the table is read-only and any thread may read it.
 * Descriptors returned stay valid until rg_kinds_reset. */
#ifndef RG_STORE_KINDS_H
#define RG_STORE_KINDS_H

#include <stddef.h>

#include "util/error.h"

/* A child table: rows belonging to one record (a project's progress entries). */
typedef struct rg_kind_child {
    const char *part;         /* its name in digests: "progress_entries" */
    const char *label;        /* in verification messages: "progress entries" */
    const char *table;        /* "progress_entries" */
    const char *owner_column; /* the column holding the record's key: "project_key" */
    const char *order;        /* ORDER BY making the row sequence canonical: "number" */
    const char *columns;      /* the columns import writes, in bind order; the first is
                                 owner_column (NULL: the kind has its own import code) */
} rg_kind_child;

#define RG_KIND_MAX_PEOPLE 4

typedef struct rg_kind_desc {
    const char *name;         /* "project": the "kind" of import records and of <form kind=> */
    const char *table;        /* "projects" */
    const char *key_column;   /* "key" */
    const char *title_column; /* the record's name or title, for lists: "name" */
    const char *columns;      /* the main row's columns import writes, in bind order,
                                 key first (NULL: none written generically) */
    const char *year_column;  /* fiscal year (Buddhist era), or NULL */
    const char *org_column;   /* the organization the record belongs to (for an
                                 organization, its parent), or NULL */
    const char *person_columns[RG_KIND_MAX_PEOPLE + 1];  /* people referred to; NULL ends */
    const char *date_sql;     /* the date the data carries, ?1 = key, or NULL */
    int printable;            /* forms may print records of this kind */
    size_t child_count;
    const rg_kind_child *children;  /* in digest order; a child may refer to an earlier
                                       one (items to their section), so rows are deleted
                                       last child first */
    const char *label;        /* what users call the kind, in Thai ("โครงการ"; a declared
                                 kind's description), or NULL: then its name */
} rg_kind_desc;

/* How many kinds the table holds (RG_KIND_COUNT + those registered). */
size_t rg_kinds_count(void);
/* Kind `index` (< rg_kinds_count()), or NULL. */
const rg_kind_desc *rg_kinds_get(size_t index);
/* The kind named `name`, or NULL. */
const rg_kind_desc *rg_kinds_find(const char *name);
/* The index of `kind` in the table (rg_kind for the built-in ones). */
size_t rg_kinds_index(const rg_kind_desc *kind);

/* Adds a kind (deep copy: `kind` and its strings may be freed afterwards).
 * Refuses, with RG_ERR_INPUT, a name or table already in the table or a
 * descriptor without name, table or key column. Not thread-safe (see above). */
int rg_kinds_register(const rg_kind_desc *kind, rg_error *err);
/* Drops every registered kind (the built-in ones stay). */
void rg_kinds_reset(void);

/* "kind=project, indicator or plan": the printable kinds' names joined for
 * messages, into buf (always terminated). */
void rg_kinds_printable_list(char *buf, size_t size);

#endif
