#!/usr/bin/env bash
# JMH micro-benchmarks (bench module): the DNS gate's policy decision per query.
# Usage: bench/jmh/run.sh [JMH options, e.g. GateBenchmark -p entries=1000]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/bin/find-jdk.sh"
runwall_find_jdk
export JAVA_HOME="$RUNWALL_JAVA_HOME"
cd "$ROOT"
./mvnw -B -q -DskipTests package -pl bench -am
exec "$JAVA_HOME/bin/java" -cp "bench/target/runwall-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  org.openjdk.jmh.Main "$@"
