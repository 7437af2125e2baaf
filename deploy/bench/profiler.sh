#!/usr/bin/env bash
# Fetches async-profiler's agent from Maven Central (tools.profiler:async-profiler, through the Maven Wrapper) and
# prints the path of its Linux x64 library, for COST_PROFILER of receipt-cost.sh:
#
#   COST_PROFILER=$(bash deploy/bench/profiler.sh) bash deploy/bench/receipt-cost.sh
#
# The library is unpacked under deploy/bench/results/ (ignored by git). Nothing is installed on the machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=${PROFILER_VERSION:-4.1}
LIB=deploy/bench/results/async-profiler-$VERSION/linux-x64/libasyncProfiler.so
if [ ! -f "$LIB" ]; then
    ./mvnw -B -ntp -q dependency:get -Dartifact="tools.profiler:async-profiler:$VERSION" -Dtransitive=false >&2
    mkdir -p "deploy/bench/results/async-profiler-$VERSION"
    unzip -o -q "$HOME/.m2/repository/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION.jar" \
        linux-x64/libasyncProfiler.so -d "deploy/bench/results/async-profiler-$VERSION"
fi
echo "$(pwd)/$LIB"
