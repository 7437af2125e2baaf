#!/usr/bin/env bash
# Writes one production machine's configuration from the templates of deploy/ha/ (docs/operations.md, "High
# availability"): /etc/default/etcd, /etc/patroni/config.yml (+ kopilka.conf beside it), /etc/haproxy/haproxy.cfg,
# and on the two API machines /etc/kopilka/env (read by deploy/systemd/kopilka.service). Refuses a missing value.
#   bash deploy/ha/production/configure.sh deploy/ha/production/machine1.env /etc/kopilka/ha-secrets.env
#   DESTDIR=/tmp/try bash ... writes under /tmp/try instead of /
set -euo pipefail
[ $# = 2 ] || { echo "usage: configure.sh MACHINE_ENV SECRETS_ENV" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
HA=$HERE/..
D=${DESTDIR:-}
set -a
# shellcheck disable=SC1090,SC1091
. "$HERE/cluster.env"; . "$1"; . "$2"
set +a
for v in PG_SUPERUSER_PASSWORD PG_REPLICATION_PASSWORD PG_REWIND_PASSWORD PATRONI_REST_PASSWORD KOPILKA_DB_PASSWORD KOPILKA_CONSOLE_SESSION_SECRET; do
    [ -n "${!v:-}" ] || { echo "configure.sh: $v is empty in $2" >&2; exit 1; }
done
export HAPROXY_ADDR=$NODE_ADDR PG_DATA=/var/lib/postgresql/15/kopilka PGPASS_FILE=/var/lib/postgresql/.pgpass_patroni
export SOCKET_DIR=/var/run/postgresql KOPILKA_CONF=/etc/patroni/kopilka.conf
umask 077
mkdir -p "$D/etc/default" "$D/etc/patroni" "$D/etc/haproxy" "$D/etc/kopilka"
bash "$HA/render.sh" "$HA/etcd.env.in" >"$D/etc/default/etcd.new" && mv "$D/etc/default/etcd.new" "$D/etc/default/etcd"
bash "$HA/render.sh" "$HA/patroni.yml.in" >"$D/etc/patroni/config.yml.new" && mv "$D/etc/patroni/config.yml.new" "$D/etc/patroni/config.yml"
install -m 644 "$HA/../postgres/kopilka.conf" "$D/etc/patroni/kopilka.conf"
bash "$HA/render.sh" "$HA/haproxy.cfg.in" >"$D/etc/haproxy/haproxy.cfg.new" && mv "$D/etc/haproxy/haproxy.cfg.new" "$D/etc/haproxy/haproxy.cfg"
chmod 644 "$D/etc/haproxy/haproxy.cfg"
if [ "$API_NODE" = yes ]; then
    bash "$HA/render.sh" "$HA/kopilka.env.in" >"$D/etc/kopilka/env.new" && mv "$D/etc/kopilka/env.new" "$D/etc/kopilka/env"
fi
if [ -z "$D" ] && [ "$(id -u)" = 0 ]; then
    chown postgres:postgres /etc/patroni/config.yml
    [ "$API_NODE" = yes ] && id kopilka >/dev/null 2>&1 && chown kopilka /etc/kopilka/env
fi
echo "configure.sh: $NODE_NAME ($NODE_ADDR) written under ${D:-/}; then, on each machine in turn:"
echo "  systemctl disable --now postgresql                                  # Debian's own cluster 15/main (port 5432) is not used"
echo "  systemctl restart etcd && systemctl enable --now patroni haproxy   # etcd on all three first, then Patroni"
[ "$API_NODE" = yes ] && echo "  systemctl enable --now kopilka                                      # deploy/systemd/kopilka.service, after the database is up"
exit 0
