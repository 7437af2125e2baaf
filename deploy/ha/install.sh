#!/usr/bin/env bash
# Installs what deploy/ha/ runs, from Debian's own packages (docs/operations.md, "High availability"):
# Patroni, etcd, HAProxy and PostgreSQL 15. Safe to run again: a package already there is left alone.
#   HA_NO_SERVICES=1  do not let the packages start their default services (a test machine where up.sh starts
#                     its own processes on free ports); on the three production machines leave it unset.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "install.sh: run as root (apt-get)"; exit 1; }

missing=()
command -v patroni >/dev/null 2>&1 || missing+=(patroni)
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
# Patroni's etcd client (the package accepts any of several stores and may come without it)
/usr/bin/python3 -c 'import etcd' >/dev/null 2>&1 || missing+=(python3-etcd)
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client-15)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)

if [ "${#missing[@]}" = 0 ]; then
    echo "install.sh: patroni, etcd, haproxy and postgresql-15 are installed"
    exit 0
fi
echo "install.sh: installing ${missing[*]}"
POLICY=/usr/sbin/policy-rc.d
ADDED_POLICY=
if [ "${HA_NO_SERVICES:-}" = 1 ] && [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$POLICY" && chmod +x "$POLICY" && ADDED_POLICY=1
    trap 'rm -f "$POLICY"' EXIT
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for c in patroni etcd etcdctl haproxy; do command -v "$c" >/dev/null || { echo "install.sh: $c missing after install"; exit 1; }; done
[ -x /usr/lib/postgresql/15/bin/postgres ] || { echo "install.sh: PostgreSQL 15 missing after install"; exit 1; }
echo "install.sh: done ($(patroni --version 2>&1 | head -1), etcd $(etcd --version 2>/dev/null | sed -n 's/^etcd Version: //p'), $(haproxy -v | head -1 | cut -d' ' -f1-3))"
