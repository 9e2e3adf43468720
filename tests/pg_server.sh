# A throw-away PostgreSQL server for tests and benchmarks: source it, then
#   pg_start            initdb + pg_ctl start in a new temp dir, on a Unix socket only
#   pg_sql "SQL"        run SQL in the database "rgtest" (psql, stops at the first error)
#   pg_stop             stop the server and delete its dir (also run on exit)
# Sets PG_BIN (the server's programs), PG_DIR, PG_URI (postgresql://raingan@/rgtest?host=...).
# Debian's postgresql package puts the server in /usr/lib/postgresql/<v>/bin. initdb refuses
# to run as root, so as root the server runs as the user postgres (in a directory it owns).
# pg_find returns 1 when no server is installed; callers say SKIP then, never silently.
pg_find() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]
}
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$PG_DIR"
  fi
  PG_DIR=
}
pg_start() {
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/raingan-pg.XXXXXX") || return 1
  chmod 755 "$PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U raingan -A trust -E UTF8 --no-locale \
    --no-sync >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-k $PG_DIR -c listen_addresses= -c fsync=off -c full_page_writes=off" start \
    >/dev/null 2>&1 || { cat "$PG_DIR/server.log" >&2; return 1; }
  "$PG_BIN/psql" -X -q -h "$PG_DIR" -U raingan -d postgres -c "CREATE DATABASE rgtest" \
    >/dev/null || return 1
  PG_URI="postgresql://raingan@/rgtest?host=$PG_DIR"
}
pg_sql() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -U raingan -d rgtest -c "$1" >/dev/null
}
