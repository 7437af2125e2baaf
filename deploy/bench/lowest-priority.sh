#!/usr/bin/env bash
# Runs a command the way deploy/systemd/kopilka-campaigns.service runs the campaign job: in a CPU cgroup of its own
# marked idle (systemd: CPUWeight=idle, which sets the cgroup's cpu.idle to 1) and at the idle CPU policy inside it
# (CPUSchedulingPolicy=idle, chrt -i 0). Used by job-impact.sh. Prints which of the following it could set up:
#   cgroup  cpu.idle=1 on /sys/fs/cgroup/kopilka-campaigns (cgroup v2) or /sys/fs/cgroup/cpu/kopilka-campaigns (v1):
#           the kernel runs the group only when no other group has work, and preempts it at once when one wakes;
#   session without a writable cgroup (not root, or no cpu controller): a new session whose autogroup gets nice 19,
#           the lowest weight but not idle, so the job still takes some CPU from the checkout (docs/benchmark.md).
# A process that is only niced or SCHED_IDLE competes with PostgreSQL at the level of the groups, because
# PostgreSQL runs in a group (session, cgroup) of its own: see docs/benchmark.md, "Campaign batch job".
set -u
group=
if [ -w /sys/fs/cgroup/cgroup.subtree_control ] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    group=/sys/fs/cgroup/kopilka-campaigns
    grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo +cpu >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
elif [ -w /sys/fs/cgroup/cpu ]; then
    group=/sys/fs/cgroup/cpu/kopilka-campaigns
fi
if [ -n "$group" ] && mkdir -p "$group" 2>/dev/null && echo 1 >"$group/cpu.idle" 2>/dev/null \
        && echo $$ >"$group/cgroup.procs" 2>/dev/null; then
    echo "lowest-priority: cgroup $group (cpu.idle=1), SCHED_IDLE" >&2
    exec chrt -i 0 "$@"
fi
echo "lowest-priority: no writable CPU cgroup; a new session with autogroup nice 19, SCHED_IDLE" >&2
exec setsid bash -c 'echo 19 > /proc/self/autogroup 2>/dev/null || true; exec chrt -i 0 "$@"' lowest-priority "$@"
