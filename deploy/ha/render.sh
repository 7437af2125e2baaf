#!/usr/bin/env bash
# Fills a template of deploy/ha/ (${NAME} placeholders) from the environment and prints it; fails, naming it,
# when a placeholder has no value, so that no half-filled configuration is written.
#   bash deploy/ha/render.sh deploy/ha/patroni.yml.in > /etc/patroni/config.yml
set -euo pipefail
[ $# = 1 ] || { echo "usage: render.sh TEMPLATE" >&2; exit 2; }
perl -e '
    local $/; my $t = <STDIN>; my @missing;
    $t =~ s/\$\{([A-Z0-9_]+)\}/exists $ENV{$1} ? $ENV{$1} : do { push @missing, $1; "" }/ge;
    if (@missing) { my %s; print STDERR "render.sh: no value for: ", join(" ", grep { !$s{$_}++ } @missing), "\n"; exit 1 }
    print $t;' <"$1"
