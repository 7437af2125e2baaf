# Where the time goes, collected during each programme's load (sourced by run.sh after cluster.sh); cheap enough to
# leave on: a psql session sampling pg_stat_activity 5 times a second, pg_stat_statements reset before and read
# after, the PostgreSQL log of the window (checkpoints, autovacuum, lock waits), the service's GC log.
# Each function writes its raw material to $RESULTS and prints one summary fragment.

SAMPLER_PID=
EVIDENCE=
PGSS=no
PG_LOG_OFFSET=0

# evidence_start NAME: resets pg_stat_statements, remembers where the PostgreSQL log is, starts the sampler
evidence_start() {
    local name=$1
    if [ "$(psql_q -d postgres -c "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'" 2>/dev/null)" = 1 ] &&
        psql_q -d postgres -c "SELECT pg_stat_statements_reset()" >/dev/null 2>&1; then
        PGSS=yes
    else
        PGSS=no
    fi
    PG_LOG_OFFSET=$( [ -n "${PG_LOG:-}" ] && [ -f "$PG_LOG" ] && stat -c %s "$PG_LOG" || echo 0)
    # Every 0.2 s: one 'S' line (backends of $DB waiting for a lock, busy ones), then a 'W' line per
    # state/wait event of the busy ones. 'idle in transaction' is a transaction waiting for the service's next
    # statement (a round trip, with its locks held).
    local where="datname = '$DB' AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
    (
        while :; do
            echo "SELECT 'S', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'HH24:MI:SS.MS'),
                         count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'),
                         count(*) FILTER (WHERE state <> 'idle') FROM pg_stat_activity WHERE $where;
                  SELECT 'W', replace(state, ' ', '_'), coalesce(wait_event_type, 'CPU') || ':' || coalesce(wait_event, '-'), count(*)
                    FROM pg_stat_activity WHERE $where AND state <> 'idle' GROUP BY 2, 3;"
            sleep 0.2
        done
    ) | psql -X -qAt -F ' ' -d postgres >"$RESULTS/waits-$STAMP-$name.txt" 2>&1 &
    SAMPLER_PID=$!
}

# evidence_stop NAME: stops the sampler, writes the statements and the log window, prints the top statements and
# sets EVIDENCE to the summary's "evidence: ..." fragment
evidence_stop() {
    local name=$1
    local waits pgss_file="$RESULTS/statements-$STAMP-$name.txt" window="$RESULTS/postgres-window-$STAMP-$name.log"
    if [ -n "$SAMPLER_PID" ]; then
        kill "$SAMPLER_PID" 2>/dev/null || true
        wait "$SAMPLER_PID" 2>/dev/null || true
        SAMPLER_PID=
    fi
    local samples="$RESULTS/waits-$STAMP-$name.txt"
    waits=$(awk '
        $1 == "S" { n++; if ($3 > 0) locked++; if ($3 > maxl) maxl = $3; busy += $4 }
        END {
            if (n == 0) { print "waits: no samples"; exit }
            printf "waits (%d samples, 5/s): lock_waiting_samples=%d (%.1f %%) max_lock_waiters=%d avg_busy_backends=%.2f; avg backends by state/wait:", n, locked, 100 * locked / n, maxl, busy / n
        }' "$samples")
    waits="$waits$(awk '$1 == "S" { n++ } $1 == "W" { w[$2 "/" $3] += $4 }
        END { for (e in w) printf "%.2f %s\n", w[e] / (n ? n : 1), e }' "$samples" | sort -rn | awk 'NR <= 6 { printf " %s=%s", $2, $1 }')"

    local pgss_note="pg_stat_statements: not loaded on this server"
    if [ "$PGSS" = yes ]; then
        {
            echo "# pg_stat_statements of database $DB during the load generator's phases (programme $name), by total time"
            echo "# calls | total_ms | mean_ms | rows | share_of_time_pct | wal_bytes_per_call | query"
            psql_q -d postgres -F ' | ' -c "SELECT calls, round(total_exec_time::numeric, 1), round(mean_exec_time::numeric, 3), rows,
                    round((100 * total_exec_time / nullif(sum(total_exec_time) OVER (), 0))::numeric, 1),
                    round(wal_bytes / nullif(calls, 0)), regexp_replace(left(query, 300), '\s+', ' ', 'g')
                FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$DB')
                ORDER BY total_exec_time DESC LIMIT 40"
        } >"$pgss_file"
        pgss_note="pg_stat_statements: top statements in ${pgss_file#"$ROOT"/}"
        echo "   top statements by total time (calls | total ms | mean ms | rows | % | WAL bytes/call | query):"
        # awk reads the whole file: with head, grep died of SIGPIPE once the file passed its 4 KB output buffer
        # and pipefail ended the run (exit 141)
        awk '!/^#/ && ++n <= 6 { print "     " substr($0, 1, 200) }' "$pgss_file"
    fi

    local log_note="postgres log: not readable (shared server)"
    if [ -n "${PG_LOG:-}" ] && [ -f "$PG_LOG" ]; then
        tail -c +"$((PG_LOG_OFFSET + 1))" "$PG_LOG" >"$window"
        log_note=$(awk '
            /checkpoint starting:/ { cs++ }
            /checkpoint complete:/ { cc++; if (match($0, /total=[0-9.]+ s/)) { t = substr($0, RSTART + 6, RLENGTH - 8) + 0; if (t > maxt) maxt = t } }
            /automatic vacuum of table/ { av++ }
            /automatic analyze of table/ { aa++ }
            /still waiting for/ { lw++ }
            /deadlock detected/ { dl++ }
            / duration: / { slow++ }
            END { printf "postgres log: checkpoints_started=%d completed=%d (longest %.1f s) autovacuum=%d autoanalyze=%d lock_waits_logged=%d deadlocks=%d slow_statements=%d", cs, cc, maxt, av, aa, lw, dl, slow }' "$window")
        log_note="$log_note (${window#"$ROOT"/})"
    fi
    EVIDENCE="evidence: $waits | $log_note | $pgss_note"
}

# gc_summary LOGFILE: the service's collector pauses and its longest safepoint, from its -Xlog:gc*,safepoint file
gc_summary() {
    [ -f "$1" ] || { echo "gc: no log"; return 0; }
    awk '/\]\[gc *\] GC\([0-9]+\) Pause/ && /ms$/ {
            v = $NF; sub(/ms$/, "", v); v += 0; n++; sum += v; if (v > max) { max = v; what = $0 } }
         /\]\[safepoint *\] Safepoint "/ {
            t = $0; sub(/.*Total: /, "", t); t = (t + 0) / 1e6; sp++
            if (t > spmax) { spmax = t; op = $0; sub(/.*Safepoint "/, "", op); sub(/".*/, "", op)
                             r = $0; sub(/.*Reaching safepoint: /, "", r); spreach = (r + 0) / 1e6 } }
         END { sub(/.*\) Pause /, "Pause ", what); printf "gc: pauses=%d total_ms=%.1f longest_ms=%.2f (%s)", n, sum, max, what
               if (sp) printf "; safepoints=%d longest_ms=%.2f (%s, reaching it %.2f ms)", sp, spmax, op, spreach }' "$1"
}

# jit_summary JITLOG TIMELINE: how many methods the service's JIT compilers compiled before the open model and
# during each of its runs (from -Xlog:jit+compilation's lines, by the seconds of the generator's timeline). A
# compilation takes CPU from the receipts on a 2-core machine, and a method waiting for its compiled version runs
# slower meanwhile: many compilations in a scored run mean the service was still warming up (ADR 0049).
jit_summary() {
    [ -f "$1" ] || { echo "jit: no log"; return 0; }
    # seconds of the day, taken relative to the timeline's first second so that a run across midnight still orders
    awk 'function sec(t) { return substr(t, 1, 2) * 3600 + substr(t, 4, 2) * 60 + substr(t, 7, 2) }
         function rel(t,   d) { d = sec(t) - base; return d < -43200 ? d + 86400 : (d > 43200 ? d - 86400 : d) }
         FNR == NR { if ($1 == "TIMELINE") { t = $3; sub(/^at=/, "", t)
                         if (n == 0) base = sec(t)
                         if (!($2 in first)) { first[$2] = rel(t); order[++n] = $2 }; last[$2] = rel(t) }; next }
         /made not entrant/ || /made zombie/ { next }
         { ts = rel(substr($1, 13, 8)); level4 = ($0 ~ /\][ ]+[0-9]+[ %sbn!]+4 /)
           if (n == 0 || ts < first[order[1]]) { before++; next }
           for (i = 1; i <= n; i++) if (ts >= first[order[i]] && ts <= last[order[i]]) { c[order[i]]++; if (level4) c4[order[i]]++ } }
         END { printf "jit: compilations before the open model=%d; during", before
               for (i = 1; i <= n; i++) printf " %s=%d (C2 %d)", order[i], c[order[i]], c4[order[i]] }' "$2" "$1"
}
