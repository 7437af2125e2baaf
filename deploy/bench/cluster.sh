# The benchmark's own PostgreSQL 15 cluster (sourced by run.sh after service.sh): initdb into a fresh directory,
# the production configuration deploy/postgres/kopilka.conf plus the benchmark's port and socket, started as the
# postgres OS user (PostgreSQL refuses to run as root), stopped by its postmaster's PID, and deleted afterwards
# unless BENCH_KEEP_DB=1. docs/adr/0033-benchmark-cluster-and-production-postgresql.md says why.
#
#   BENCH_PG_BIN [/usr/lib/postgresql/15/bin]   initdb, pg_ctl, postgres
#   BENCH_PG_PORT [a free port]                 never 5432
#   BENCH_PG_DIR [/tmp]                         parent of the cluster's directory (kopilka-bench-pg.XXXXXX)
#   BENCH_PG_SETTINGS []                        extra settings after kopilka.conf, ';'-separated
#                                               (e.g. 'autovacuum=off;shared_buffers=1GB'): to try a variant
#   BENCH_KEEP_DB [0]                           1: keep the stopped cluster's directory (its path is printed)

PG_BIN=${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_CONF_FILE=$ROOT/deploy/postgres/kopilka.conf
PG_WORK=
PG_DATA=
PG_PID=
PG_LOG=

as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# free_pg_port: the first port from 55432 on that nothing listens on
free_pg_port() {
    local p
    for p in $(seq 55432 55531); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    echo "no free port in 55432-55531" >&2
    return 1
}

# start_cluster: sets PG_WORK, PG_DATA, PG_PID, PG_LOG and exports PGHOST/PGPORT/PGUSER for psql, pgbench and the service
start_cluster() {
    [ -x "$PG_BIN/initdb" ] || { echo "no $PG_BIN/initdb (apt-get install postgresql-15)"; exit 1; }
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "running as root and there is no postgres OS user to own the cluster"
        exit 1
    fi
    local port=${BENCH_PG_PORT:-$(free_pg_port)}
    [ "$port" != 5432 ] || { echo "BENCH_PG_PORT must not be 5432 (the machine's shared server)"; exit 1; }
    PG_WORK=$(mktemp -d "${BENCH_PG_DIR:-/tmp}/kopilka-bench-pg.XXXXXX")
    PG_DATA=$PG_WORK/data
    PG_LOG=$PG_WORK/postgres.log
    [ "$(id -u)" != 0 ] || chown postgres "$PG_WORK"
    echo "== the benchmark's own PostgreSQL cluster: $PG_DATA on 127.0.0.1:$port ($PG_BIN)"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_WORK/initdb.log" 2>&1 \
        || { cat "$PG_WORK/initdb.log"; exit 1; }
    cp "$PG_CONF_FILE" "$PG_DATA/kopilka.conf"
    {
        echo "# the benchmark's own settings (deploy/bench/cluster.sh), after the production file"
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$PG_WORK'"
        if [ -n "${BENCH_PG_SETTINGS:-}" ]; then
            echo "# BENCH_PG_SETTINGS"
            tr ';' '\n' <<<"$BENCH_PG_SETTINGS" | sed '/^ *$/d'
        fi
    } >"$PG_DATA/bench.conf"
    printf "\ninclude 'kopilka.conf'\ninclude 'bench.conf'\n" >>"$PG_DATA/postgresql.conf"
    [ "$(id -u)" != 0 ] || chown postgres "$PG_DATA/kopilka.conf" "$PG_DATA/bench.conf"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 120 start >/dev/null \
        || { echo "the cluster did not start:"; tail -20 "$PG_LOG"; exit 1; }
    PG_PID=$(head -1 "$PG_DATA/postmaster.pid")
    export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres
    echo "   started (postmaster pid $PG_PID, log $PG_LOG)"
    psql_q -d postgres -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
}

# stop_cluster: fast shutdown by the postmaster's PID (immediate after 60 s), keeps its log in the results, deletes it
stop_cluster() {
    [ -n "$PG_WORK" ] || return 0
    if [ -n "$PG_PID" ] && kill -0 "$PG_PID" 2>/dev/null; then
        echo "== stopping the benchmark's cluster (postmaster pid $PG_PID)"
        kill -INT "$PG_PID" 2>/dev/null || true
        for _ in $(seq 1 600); do
            kill -0 "$PG_PID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$PG_PID" 2>/dev/null; then
            kill -QUIT "$PG_PID" 2>/dev/null || true
            sleep 2
        fi
    fi
    PG_PID=
    [ ! -f "$PG_LOG" ] || cp "$PG_LOG" "$RESULTS/postgres-$STAMP.log"
    if [ "${BENCH_KEEP_DB:-0}" = 1 ]; then
        echo "   kept $PG_DATA (BENCH_KEEP_DB=1): runuser -u postgres -- $PG_BIN/pg_ctl -D $PG_DATA -l $PG_LOG start"
    else
        rm -rf "$PG_WORK"
    fi
    PG_WORK=
}

# print_pg_settings FILE: every setting that does not have its built-in default, written to FILE, the main ones printed
print_pg_settings() {
    psql_q -d postgres -F ' ' -c "SELECT name, setting || coalesce(unit, ''), source FROM pg_settings
        WHERE source NOT IN ('default', 'override', 'client', 'session') ORDER BY name" >"$1"
    echo "   PostgreSQL $(psql_q -d postgres -c 'SHOW server_version'), settings (all non-default ones in $1):"
    psql_q -d postgres -c "SELECT string_agg(name || '=' || coalesce(current_setting(name, true), 'n/a'), ' ' ORDER BY ord)
        FROM unnest(ARRAY['max_connections', 'shared_buffers', 'effective_cache_size', 'work_mem', 'maintenance_work_mem',
                          'synchronous_commit', 'fsync', 'wal_compression', 'wal_buffers', 'max_wal_size', 'checkpoint_timeout',
                          'checkpoint_completion_target', 'autovacuum', 'autovacuum_max_workers', 'autovacuum_naptime',
                          'autovacuum_vacuum_scale_factor', 'autovacuum_vacuum_insert_scale_factor',
                          'autovacuum_analyze_scale_factor', 'jit', 'random_page_cost', 'shared_preload_libraries',
                          'pg_stat_statements.track', 'track_io_timing', 'log_checkpoints', 'log_autovacuum_min_duration',
                          'log_lock_waits', 'deadlock_timeout']) WITH ORDINALITY AS s(name, ord)" | fold -s -w 110 | sed 's/^/     /'
}
