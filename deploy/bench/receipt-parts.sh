#!/usr/bin/env bash
# What each part of a receipt costs the database (issue 19): deploy/bench/receipt.pgbench as it is, then without
# one part at a time, in rounds that alternate the variants, on the benchmark's own cluster (kopilka.conf) with
# load-data.sql's data. A variant's gain is an upper bound of what a design that drops or moves that part could
# save on the database's side; the service's side is not in it. Needs both locks:
#   flock /tmp/kopilka-bench.lock flock /tmp/kopilka-build.lock bash deploy/bench/receipt-parts.sh
# Settings: PARTS_SECONDS (20 per variant and round), PARTS_ROUNDS (5), BENCH_CONNECTIONS (32 clients),
#   PARTS_VARIANTS (all of those below, space-separated, full among them), PARTS_RATE (receipts a second: each
#   variant at that rate, pgbench -R, to compare latencies at a load below the peak instead of peaks; none by default).
#   full        receipt.pgbench
#   no_lines    without the receipt_lines rows (2-8 a receipt): the lines kept inside the receipt's row instead
#   no_trigger  without the report trigger on receipts (report_receipt_recorded: a row in report_dirty_days)
#   no_result   with an empty stored result ('{}' instead of the answer's 1.3 KB of JSON)
#   batch8      eight receipts in one transaction: the statements unchanged, one BEGIN and one COMMIT for eight (a
#               lower bound of what a writer that batches receipts per transaction saves the database; pgbench
#               retries a deadlock between two batches' customer locks, --max-tries=10, and prints them)
#   earn1       receipt.pgbench with no receipt redeeming (redeem_pct=0): merged8's yardstick
#   merged8     eight earn-only receipts with one statement per kind of row for the eight (receipt-merged8.pgbench):
#               what a write path redesigned to merge the receipts of many tills would save the database
#   group8      what the database does under a group writer (docs/adr/0050): each of eight earn-only receipts reads
#               its customer with the balance on its own, as a request would before handing its write over, then
#               merged8's write for the eight (8 reads + 1 transaction of one statement per kind of row)
#   bare        the least a receipt could write: earn only, no lines rows, no report trigger, the earn entry
#               without its lot (2 rows, 7 index entries instead of 9 rows and 16): what the database side of
#               a redesign of the receipt's data could reach at best (docs/benchmark.md, "What the two ratios ask")
#   tpcb        pgbench's built-in TPC-B-like transaction, scale 32, in the same cluster (issue 19's yardstick)
# Every variant's line gives tps (transactions) and receipts_per_s (eight a transaction for batch8, merged8 and group8).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${PARTS_SECONDS:-20}
rounds=${PARTS_ROUNDS:-5}
clients=${BENCH_CONNECTIONS:-32}
PG_BIN=${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}
pgbench() { "$PG_BIN/pgbench" "$@"; }
work=$(mktemp -d /tmp/kopilka-parts.XXXXXX)
pg_pid=
pg_data=

cleanup() {
    if [ -n "$pg_pid" ] && kill -0 "$pg_pid" 2>/dev/null; then
        kill -INT "$pg_pid" 2>/dev/null || true
        for _ in $(seq 1 600); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
    fi
    [ -z "$pg_data" ] || rm -rf "$(dirname "$pg_data")"
    rm -rf "$work"
}
trap cleanup EXIT

echo "== the data: run.sh with the shortest phases, its cluster kept (log $work/run.log)"
BENCH_KEEP_DB=1 BENCH_PROGRAMME=plain BENCH_REPEAT=1 BENCH_WARMUP_SECONDS=2 BENCH_PEAK_SECONDS=3 \
    BENCH_OPEN_RATE=50 BENCH_OPEN_WARMUP_SECONDS=1 BENCH_OPEN_SECONDS=3 BENCH_PGBENCH_SECONDS=0 BENCH_TPCB_SECONDS=0 \
    bash "$here/run.sh" >"$work/run.log" 2>&1 || { tail -20 "$work/run.log"; exit 1; }
pg_data=$(grep -oP 'kept \K\S+(?= \(BENCH_KEEP_DB=1\))' "$work/run.log")
port=$(grep -oP '^port = \K[0-9]+' "$pg_data/bench.conf")
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$pg_data" -l "$(dirname "$pg_data")/postgres.log" -w -t 120 start >/dev/null
pg_pid=$(head -1 "$pg_data/postmaster.pid")
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres
db=kopilka_bench
psql -qAtX -d "$db" -c "VACUUM ANALYZE" >/dev/null
echo "   cluster $pg_data on port $port (postmaster $pg_pid)"

result=$(psql -qAtX -d "$db" -c "SELECT result::text FROM receipts WHERE receipt_no LIKE 'L%' AND points_redeemed > 0 ORDER BY id LIMIT 1")
[ -n "$result" ] || result=$(tr -d '\n' <"$here/receipt-result.json")
perl -0pe 's/RETURNING chain_id, id\),\nl AS \(.*?AS g\)\n/RETURNING chain_id, id)\n/s or die "no lines CTE"' \
    "$here/receipt.pgbench" >"$work/no_lines.pgbench"
perl -0pe 's/WITH e AS \(\n  (INSERT INTO ledger_entries .*?\x27earn\x27.*?) RETURNING id\)\nINSERT INTO point_lots .*?RETURNING id;/$1;/s or die "no earn"' \
    "$work/no_lines.pgbench" >"$work/bare.pgbench"
# group8: receipt.pgbench's earn-only customer read, once for each of merged8's eight customers, then merged8's write
read1=$(perl -0ne 'print $1 if /\\else\n\\startpipeline\nBEGIN;\n(?:--[^\n]*\n)*(SELECT .*?;)\n\\endpipeline\n\\endif/s' "$here/receipt.pgbench")
[ -n "$read1" ] || { echo "receipt.pgbench: no earn-only customer read" >&2; exit 1; }
READ1=$read1 perl -0pe 's/\\startpipeline\nBEGIN;\n-- Customers.findWithBalance.*?\\endpipeline\n/join("", map { my $r = $ENV{READ1}; $r =~ s{:customer\b}{:c$_}g; "$r\n" } 1..8) . "BEGIN;\n"/se or die "no read"' \
    "$here/receipt-merged8.pgbench" >"$work/group8.pgbench"
perl -0pe 's/:result::jsonb\)/\x27{}\x27::jsonb)/ or die "no result"' "$here/receipt.pgbench" >"$work/no_result.pgbench"
# the body from the first \set to the COMMIT, eight times, BEGIN kept in the first copy only, then one COMMIT
awk -v copies=8 '
    /^\\set store random/ { body = 1 }
    /^COMMIT;/ { body = 0 }
    body { b[++n] = $0 }
    END {
        for (k = 1; k <= copies; k++)
            for (i = 1; i <= n; i++)
                if (k == 1 || b[i] != "BEGIN;") print b[i]
        print "COMMIT;"
    }' "$here/receipt.pgbench" >"$work/batch8.pgbench"
[ "$(grep -c '^BEGIN;' "$work/batch8.pgbench")" = 2 ] && [ "$(grep -c '^COMMIT;' "$work/batch8.pgbench")" = 1 ] ||
    { echo "batch8.pgbench: expected the two BEGINs of the first copy (one per path) and one COMMIT" >&2; exit 1; }
echo "== tpcb: pgbench -i -s 32"
pgbench -i -q -s 32 "$db" >/dev/null 2>&1

script() { # name: the pgbench script of a variant (full, no_trigger and earn1 run receipt.pgbench as it is)
    case "$1" in
        full | no_trigger | earn1) echo "$here/receipt.pgbench" ;;
        merged8) echo "$here/receipt-merged8.pgbench" ;;
        *) echo "$work/$1.pgbench" ;;
    esac
}

run_variant() { # name
    local name=$1 out tps per=1 retries redeem_pct=30
    case "$name" in batch8 | merged8 | group8) per=8 ;; esac
    case "$name" in earn1 | merged8 | group8 | bare) redeem_pct=0 ;; esac
    if [ "$name" = no_trigger ] || [ "$name" = bare ]; then
        psql -qAtX -d "$db" -c "ALTER TABLE receipts DISABLE TRIGGER report_receipt_recorded"
    fi
    psql -qAtX -d "$db" -c "CHECKPOINT"
    local rate=
    [ -z "${PARTS_RATE:-}" ] || rate=$(awk -v r="$PARTS_RATE" -v p="$per" 'BEGIN { printf "%.1f", r / p }')
    if [ "$name" = tpcb ]; then
        out=$(pgbench -n -M prepared -c "$clients" -j 2 -T "$seconds" ${rate:+-R "$rate"} "$db" 2>&1) || true
    else
        out=$(pgbench -n -M prepared -c "$clients" -j 2 -T "$seconds" ${rate:+-R "$rate"} --max-tries=10 -f "$(script "$name")" \
            -D stores=200 -D customers=100000 -D redeem_pct=$redeem_pct -D redeem_points=10 -D seq=0 -D run="$(date +%s%N)" \
            -D result="$result" "$db" 2>&1) || true
    fi
    psql -qAtX -d "$db" -c "ALTER TABLE receipts ENABLE TRIGGER report_receipt_recorded"
    tps=$(grep -oP 'tps = \K[0-9.]+' <<<"$out" | awk 'NR == 1' || true)
    [ -n "$tps" ] || { echo "$name: pgbench gave no tps:"; grep -i -m5 "error" <<<"$out" || true; echo "$out" | tail -3; exit 1; }
    retries=$(grep -oP 'number of transactions retried: \K[0-9]+' <<<"$out" || echo 0)
    printf '%-11s tps=%8.1f  receipts_per_s=%8.1f  latency_avg_ms=%s  latency_stddev_ms=%s  retried=%s\n' "$name" "$tps" \
        "$(awk -v t="$tps" -v p="$per" 'BEGIN { print t * p }')" "$(grep -oP 'latency average = \K[0-9.]+' <<<"$out")" \
        "$(grep -oP 'latency stddev = \K[0-9.]+' <<<"$out" || echo n/a)" "${retries:-0}"
    echo "$name $(awk -v t="$tps" -v p="$per" 'BEGIN { print t * p }')" >>"$work/tps"
}

echo "== $rounds rounds of $seconds s per variant, $clients clients, -M prepared"
read -r -a variants <<<"${PARTS_VARIANTS:-full no_lines no_trigger no_result batch8 earn1 merged8 group8 bare tpcb}"
[[ " ${variants[*]} " == *" full "* ]] || { echo "PARTS_VARIANTS must include full (the others are compared with it)" >&2; exit 2; }
for r in $(seq 1 "$rounds"); do
    echo "-- round $r"
    # each round starts one variant later, so that none is always the first after the others' inserts
    for k in $(seq 0 $((${#variants[@]} - 1))); do
        run_variant "${variants[$(((r - 1 + k) % ${#variants[@]}))]}"
    done
done
if [[ " ${variants[*]} " == *" merged8 "* ]]; then
    echo "== merged8 wrote, per receipt (receipt.pgbench's earn-only receipt writes 2..8 lines, one entry, one lot, one report mark):"
    psql -qAtX -F ' ' -d "$db" -c "
        WITH m AS (SELECT chain_id, id FROM receipts WHERE receipt_no LIKE 'M%'),
             n AS (SELECT greatest(count(*), 1)::numeric AS n FROM m)
        SELECT 'receipts=' || (SELECT count(*) FROM m),
               'lines=' || round((SELECT count(*) FROM receipt_lines l JOIN m ON m.chain_id = l.chain_id AND m.id = l.receipt_id) / n, 2),
               'entries=' || round((SELECT count(*) FROM ledger_entries e JOIN m ON m.chain_id = e.chain_id AND m.id = e.receipt_id) / n, 2),
               'lots=' || round((SELECT count(*) FROM point_lots p JOIN ledger_entries e ON e.chain_id = p.chain_id AND e.id = p.id
                                  JOIN m ON m.chain_id = e.chain_id AND m.id = e.receipt_id) / n, 2)
          FROM n"
fi
echo "== median receipts a second (TPC-B: transactions), and against full (and earn1, when it ran)"
sort -k1,1 -k2,2n "$work/tps" | awk '{ a[$1] = a[$1] " " $2; n[$1]++ }
    END { for (v in a) { split(substr(a[v], 2), x, " "); m[v] = x[int((n[v] + 1) / 2)] }
          for (v in m) printf "%-11s median_receipts_per_s=%8.1f  x_full=%.2f%s\n", v, m[v], m[v] / m["full"],
              ("earn1" in m) ? sprintf("  x_earn1=%.2f", m[v] / m["earn1"]) : "" }' | sort
