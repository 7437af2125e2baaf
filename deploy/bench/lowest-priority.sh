#!/usr/bin/env bash
# Runs a command the way deploy/systemd/kopilka-campaigns.service runs the campaign job: in a scheduling group
# of its own with the lowest weight (systemd: CPUWeight=idle; here a new session, whose autogroup gets nice 19)
# and at the idle CPU policy (CPUSchedulingPolicy=idle, chrt -i 0). Used by job-impact.sh.
# A process that is only niced or SCHED_IDLE still competes with PostgreSQL at the level of the groups, because
# PostgreSQL runs in a group (session, cgroup) of its own: see docs/benchmark.md, "Campaign batch job".
exec setsid bash -c 'echo 19 > /proc/self/autogroup 2>/dev/null || true; exec chrt -i 0 "$@"' lowest-priority "$@"
