#!/usr/bin/env bash
# Attribution under load and its overhead (docs/benchmarks.md, section "attribution").
#   bench/attribution/run.sh [load RATE...] [overhead [connect] [cpu] [build] [fresh|floor[=GROUPS]]]
#   default: load 200 1000 2000, then overhead of connect (10,000 connecting processes) and cpu (a build of
#   120 compiler runs); build: 600 compiler runs; fresh: the stack in a new JVM for every run, as on a runner;
#   floor: only runwall's audit rules and a reader that drops every event (what any audit-based agent costs);
#   floor=network,exec: only those groups of the rules (network, exec, exit, fork), to see what each costs
# Needs root (network namespaces, nftables, NFLOG, kernel audit), ip, nft, gcc, and the bench module
# built (./mvnw -pl bench -am -DskipTests package). Every flow goes from a network namespace this run
# creates to a peer namespace where nothing listens (198.18.210.0/24, fd52:7761:6c6c:210::/64).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../bin/find-jdk.sh
. "$ROOT/bin/find-jdk.sh"
runwall_find_jdk
[ "$(id -u)" -eq 0 ] || { echo "bench: must run as root (namespaces, nftables, audit)" >&2; exit 3; }
for tool in ip nft gcc; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 3; }
done
WORK="$(mktemp -d /tmp/runwall-attribution-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
gcc -O2 -o "$WORK/connect-once" "$ROOT/bench/attribution/connect-once.c"
gcc -O2 -o "$WORK/spawn-at-rate" "$ROOT/bench/attribution/spawn-at-rate.c"
cp "$ROOT/bench/attribution/spawn-at-rate.c" "$WORK/"
CP_FILE="$WORK/classpath"
(cd "$ROOT" && JAVA_HOME="$RUNWALL_JAVA_HOME" ./mvnw -B -q -o -pl bench -am dependency:build-classpath \
   -Dmdep.outputFile="$CP_FILE" >/dev/null)
# the modules' own classes first (never a runwall jar from ~/.m2)
CP="$ROOT/core/target/classes:$ROOT/linux/target/classes:$ROOT/dns/target/classes:$ROOT/sandbox/target/classes"
CP="$CP:$ROOT/agent/target/classes"
CP="$CP:$ROOT/bench/target/classes:$(tr ':' '\n' < "$CP_FILE" | grep -v '/dev/runwall/' | paste -sd:)"
# BENCH_JVM_OPTS: extra JVM options, e.g. -XX:StartFlightRecording=filename=/tmp/a-%p.jfr for a profile
#   (with "fresh" the agent JVMs get them too: name files with %p, the pid, so each JVM writes its own)
# BENCH_AGENT_JVM_OPTS: with "fresh", extra options for the agent JVMs only (e.g. -XX:AOTCache=FILE)
bench() { "$RUNWALL_JAVA_HOME/bin/java" "${RUNWALL_JVM_OPTS[@]}" ${BENCH_JVM_OPTS:-} -cp "$CP" \
  dev.runwall.bench.attribution.AttributionBench "$@"; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), kernel $(uname -r)"
if [ $# -eq 0 ]; then set -- load 200 1000 2000 overhead; fi
while [ $# -gt 0 ]; do
  case "$1" in
    load) shift
      while [ $# -gt 0 ] && [[ "$1" =~ ^[0-9]+$ ]]; do bench load "$1" 30 "$WORK"; shift; done ;;
    overhead) shift
      jobs=()
      mode=()
      while [ $# -gt 0 ] && [[ "$1" =~ ^(connect|cpu|build|fresh|floor(=[A-Za-z,]+)?)$ ]]; do
        if [[ "$1" =~ ^(fresh|floor) ]]; then mode=("$1"); else jobs+=("$1"); fi
        shift
      done
      [ ${#jobs[@]} -gt 0 ] || jobs=(connect cpu)
      for job in "${jobs[@]}"; do bench overhead "$job" 5 "$WORK" "${mode[@]}"; done ;;
    *) echo "usage: $0 [load RATE...] [overhead [connect] [cpu] [build] [fresh|floor[=GROUPS]]]" >&2; exit 2 ;;
  esac
done
