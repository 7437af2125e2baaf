# Shared by run.sh and job-impact.sh (sourced after they cd to the repository root and set BENCH_DIR): their
# log, the data set and service they share, building the jar when needed, and starting and stopping the packaged
# service against the PostgreSQL database $DB on $HTTP_PORT (PGHOST/PGPORT: the machine's shared server unless the
# caller started its own cluster, as run.sh does with deploy/bench/cluster.sh).

HTTP_PORT=${BENCH_HTTP_PORT:-18080}
BUILD=${BENCH_BUILD:-auto}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
# the data set of load-data.sql
DB=${BENCH_DB:-kopilka_bench} # the database the benchmark drops and creates
STORES=200
CUSTOMERS=100000
JAR=target/quarkus-app/quarkus-run.jar

# bench_log NAME: everything the script prints also goes to deploy/bench/results/NAME-<stamp>.log
bench_log() {
    RESULTS=$BENCH_DIR/results
    mkdir -p "$RESULTS"
    STAMP=$(date +%Y%m%dT%H%M%S)
    LOG=$RESULTS/$1-$STAMP.log
    exec > >(tee -a "$LOG") 2>&1
}

# datasource_env: the VAR=value settings that point a Kopilka process at $DB (for env)
datasource_env() {
    echo "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$PGHOST:$PGPORT/$DB QUARKUS_DATASOURCE_USERNAME=$PGUSER QUARKUS_DATASOURCE_PASSWORD="
}

# field FILE PHASE KEY: value of KEY= on LoadGen's RESULT line of PHASE in FILE (the last one), or on its closing
# TOTAL line when PHASE is TOTAL
field() {
    [ -f "$1" ] || return 0
    awk -v p="$2" -v k="$3" '($1 == "RESULT" && $2 == p) || ($1 == "TOTAL" && p == "TOTAL") {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) { print substr($i, length(k) + 2) } } }' "$1" | tail -1
}

psql_q() {
    psql -X -v ON_ERROR_STOP=1 -qAt "$@"
}

# build_if_needed auto|always|never JAR
build_if_needed() {
    local mode=$1 jar=$2
    if [ "$mode" = always ] || { [ "$mode" = auto ] && { [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; }; }; then
        echo "== building the service (./mvnw -B -q package -DskipTests)"
        ./mvnw -B -q package -DskipTests
    else
        echo "== service jar is up to date ($jar)"
    fi
    [ -f "$jar" ] || { echo "no $jar after the build"; exit 1; }
}

# require_free_port PORT
require_free_port() {
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
        echo "port $1 is already in use (a service left running?): stop it or set BENCH_HTTP_PORT"
        exit 1
    fi
}

# start_service JAR LOGFILE: sets SERVICE_PID (JVM options: BENCH_SERVICE_JAVA_OPTS, then SERVICE_LOG_OPTS, e.g. a GC log); exits when the service does not become ready within 60 s. Each of the
# benchmark's 32 tills sells far faster than a real one (500 receipts/s is 16/s a till), so the per-terminal limits
# are lifted (BENCH_TERMINAL_LIMIT, default 1,000,000/s); their cost per request is still paid
start_service() {
    local jar=$1 log=$2
    echo "== starting the service on 127.0.0.1:$HTTP_PORT (log: $log)"
    # shellcheck disable=SC2086,SC2046
    env $(datasource_env) \
    KOPILKA_ADMIN_EMAIL=bench@kopilka.local \
    KOPILKA_ADMIN_PASSWORD=bench-password \
    KOPILKA_HTTP_PORT=$HTTP_PORT \
    KOPILKA_LIMITS_TERMINAL_PER_SECOND=${BENCH_TERMINAL_LIMIT:-1000000} \
    KOPILKA_LIMITS_TERMINAL_BURST=${BENCH_TERMINAL_LIMIT:-1000000} \
    KOPILKA_LIMITS_LOOKUP_PER_MINUTE=${BENCH_TERMINAL_LIMIT:-1000000} \
        java ${BENCH_SERVICE_JAVA_OPTS:-} ${SERVICE_LOG_OPTS:-} -jar "$jar" >"$log" 2>&1 &
    SERVICE_PID=$!
    for _ in $(seq 1 240); do # at most 60 s
        if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
            echo "the service exited during start-up; its log:"
            tail -40 "$log"
            exit 1
        fi
        if [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/q/health/ready" || true)" = 200 ]; then
            echo "   ready (pid $SERVICE_PID)"
            return 0
        fi
        sleep 0.25
    done
    echo "the service was not ready within 60 s"
    tail -40 "$log"
    exit 1
}

# stop_service: stops the service started by start_service (10 s, then SIGKILL)
stop_service() {
    if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        echo "== stopping the service (pid $SERVICE_PID)"
        kill "$SERVICE_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$SERVICE_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$SERVICE_PID" 2>/dev/null || true
        wait "$SERVICE_PID" 2>/dev/null || true
    fi
    SERVICE_PID=
}

# recreate_database: drops and creates $DB; the targets are defined with synchronous_commit on, so refuse otherwise
recreate_database() {
    echo "== recreating database $DB on $PGHOST:$PGPORT"
    psql_q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
    psql_q -d postgres -c "CREATE DATABASE $DB"
    SYNC_COMMIT=$(psql_q -d "$DB" -c "SHOW synchronous_commit")
    echo "   SHOW synchronous_commit = $SYNC_COMMIT"
    if [ "$SYNC_COMMIT" != on ]; then
        echo "synchronous_commit must be on for this benchmark (the targets are defined with it); not changing it"
        exit 1
    fi
}
