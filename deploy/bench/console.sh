#!/usr/bin/env bash
# Times console pages and the dashboard's API calls with the session cookie against a running demo
# (20 requests each after 3 warm-ups). Usage: bash deploy/bench/console.sh [user email]   (docs/console.md)
BASE=${BASE:-http://localhost:8080}
WHO=${1:-admin@demo.kopilka.io}
C=$(curl -s -o /dev/null -D - -d "email=$WHO&password=demo-password" $BASE/console/login | grep -i '^set-cookie' | sed -E 's/.*kopilka_session=([^;]+).*/\1/')
TO=$(date -u +%F); FROM=$(date -u -d '29 days ago' +%F)
for path in /console /console/programme "/api/reports/v1/sales?from=$FROM&to=$TO&granularity=day" "/api/reports/v1/liability" "/api/reports/v1/economics?from=$FROM&to=$TO" /api/admin/v1/stores; do
  for i in 1 2 3; do curl -s -o /dev/null -b "kopilka_session=$C" "$BASE$path"; done
  for i in $(seq 1 20); do curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -b "kopilka_session=$C" "$BASE$path"; done \
    | sort -k2 -n | awk -v p="$path" '{c[NR]=$1; t[NR]=$2} END {printf "%-70s status %s  median %.1f ms  max %.1f ms\n", p, c[1], t[10]*1000, t[20]*1000}'
done
