# Sourced by the firewall benchmarks. Needs root, a built cli/target/runwall.jar (./runwall builds it),
# ip, nft, curl, dnsperf. Everything runs in a sandbox this script creates and removes.
set -euo pipefail
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../../bin/find-jdk.sh
. "$BENCH_ROOT/bin/find-jdk.sh"
runwall_find_jdk
JAR="$BENCH_ROOT/cli/target/runwall.jar"
[ -f "$JAR" ] || { echo "bench: $JAR is missing: run ./runwall --version once to build it" >&2; exit 3; }
[ "$(id -u)" -eq 0 ] || { echo "bench: must run as root (network namespaces, nftables)" >&2; exit 3; }
# the same JVM options as the ./runwall launcher (before 2026-11-26 these scripts used -XX:TieredStopAtLevel=1)
RUNWALL=("$RUNWALL_JAVA_HOME/bin/java" "${RUNWALL_JVM_OPTS[@]}" -jar "$JAR")
WORK="$(mktemp -d /tmp/runwall-bench-XXXXXX)"
SANDBOX="fwb$$"
RUNNER="rw-$SANDBOX-r"

runwall() { "${RUNWALL[@]}" "$@"; }
in_runner() { ip netns exec "$RUNNER" "$@"; }
rw_runner() { ip netns exec "$RUNNER" "${RUNWALL[@]}" "$@"; }

sandbox_up() { # $1: zone file
  runwall sandbox up --name "$SANDBOX" --zone "$1" >/dev/null
  trap sandbox_down EXIT
}

sandbox_down() {
  rw_runner agent stop --cleanup >/dev/null 2>&1 || true
  runwall sandbox down --name "$SANDBOX" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# ISO-8601 UTC with nanoseconds -> nanoseconds since the epoch
iso_to_ns() { python3 -c 'import sys,datetime
s=sys.argv[1].rstrip("Z"); base,_,frac=s.partition(".")
t=datetime.datetime.fromisoformat(base).replace(tzinfo=datetime.timezone.utc)
print(int(t.timestamp())*10**9+int((frac or "0").ljust(9,"0")[:9]))' "$1"; }

status_field() { rw_runner agent status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"][sys.argv[1]])' "$1"; }
