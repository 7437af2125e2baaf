#!/bin/sh
# Compiles the example register client with the JDK's javac alone and runs its whole flow against a running Kopilka,
# such as the demo (README.md, "Set-up": java -jar target/quarkus-app/quarkus-run.jar demo, which prints the till
# keys and a customer's phone).
#
#   deploy/examples/register-client/run.sh <a customer's phone> [base URL] [terminal key]
#
# base URL defaults to http://localhost:8080, the terminal key to the demo's kpk_demo_store_0001_till_1.
set -eu
if [ $# -lt 1 ]; then
    echo "usage: $0 <a customer's phone printed by the demo> [base URL, default http://localhost:8080] [terminal key]" >&2
    exit 2
fi
PHONE=$1
BASE=${2:-http://localhost:8080}
KEY=${3:-kpk_demo_store_0001_till_1}
HERE=$(cd "$(dirname "$0")" && pwd)
CLASSES=$(mktemp -d)
trap 'rm -rf "$CLASSES"' EXIT
javac --release 17 -classpath "" -d "$CLASSES" "$HERE/RegisterClient.java"
java -classpath "$CLASSES" RegisterClient "$BASE" "$KEY" "$PHONE"
