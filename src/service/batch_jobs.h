/* The service's batches (docs/service.md, "Batches"): POST /batch selects
 * records (in a worker, which has the database), the front keeps the job,
 * hands its records to the render workers a few at a time behind the
 * clients' requests (rg_serve_submit), and writes each PDF into the job's
 * ZIP (libarchive) as it comes back; GET /batch/ID tells the progress,
 * GET /batch/ID.zip sends the ZIP once the job has finished.
 *
 * Jobs live in the front process only, in memory: a restart forgets them.
 * A ZIP is an unlinked temporary file (in $TMPDIR, else /tmp) held open by
 * its job, so nothing is left on disk when a job expires or the service
 * stops, however it stops. Limits: jobs kept at most (finished ones expire
 * after a while, the oldest dropped first when a new one needs room),
 * records per job at most. Routes: rg_batch_routes (route_tables.h). */
#ifndef RG_SERVICE_BATCH_JOBS_H
#define RG_SERVICE_BATCH_JOBS_H

#define RG_BATCH_DEFAULT_MAX_RECORDS 2000
#define RG_BATCH_DEFAULT_MAX_JOBS 16
#define RG_BATCH_DEFAULT_EXPIRY_S 3600

/* Drops every job (their ZIPs go with their descriptors). In the front,
 * after the worker pool has stopped (its last replies reach the jobs). */
void rg_batch_jobs_free(void);

/* In a process forked from the front (a replacement worker): closes the
 * jobs' ZIP descriptors it inherited, so that a ZIP's space is freed when
 * its job goes, whatever the workers do. */
void rg_batch_jobs_close_in_child(void);

#endif
