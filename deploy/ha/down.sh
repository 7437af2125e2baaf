#!/usr/bin/env bash
# Stops exactly the processes deploy/ha/up.sh started (the PIDs in its state file) and removes its temporary
# directory. Patroni stops its PostgreSQL on SIGTERM; a postmaster left behind by a Patroni that was killed is
# stopped through its own data directory's postmaster.pid.
#   HA_STATE (default /tmp/kopilka-ha.state); HA_KEEP_LOGS=1 keeps the directory
set -uo pipefail
STATE=${HA_STATE:-/tmp/kopilka-ha.state}
[ -f "$STATE" ] || { echo "down.sh: no $STATE: nothing to stop"; exit 0; }
# shellcheck disable=SC1090
. "$STATE"
stop() {   # stop PID [seconds]: SIGTERM, then SIGKILL after the given time
    local pid=$1 wait_s=${2:-20}
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 $((wait_s * 4))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null
}
stop "${API1_PID:-}" 15 & stop "${API2_PID:-}" 15 & wait
stop "${HAPROXY_PID:-}" 5
stop "${PATRONI1_PID:-}" & stop "${PATRONI2_PID:-}" & stop "${PATRONI3_PID:-}" & wait
for i in 1 2 3; do
    pidfile=${HA_DIR:-/nonexistent}/pg$i/data/postmaster.pid
    [ -f "$pidfile" ] || continue
    pid=$(head -1 "$pidfile")
    # only a postgres whose data directory is ours
    if [ -n "$pid" ] && grep -qF -- "$HA_DIR/pg$i/data" "/proc/$pid/cmdline" 2>/dev/null; then kill -9 "$pid"; fi
done
stop "${ETCD_PID:-}" 5
if [ -n "${HA_DIR:-}" ] && [[ "$HA_DIR" == /tmp/kopilka-ha.* ]]; then
    if [ "${HA_KEEP_LOGS:-}" = 1 ]; then echo "down.sh: logs kept in $HA_DIR"; else rm -rf "$HA_DIR"; fi
fi
rm -f "$STATE"
echo "down.sh: stopped"
