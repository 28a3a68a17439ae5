#!/usr/bin/env bash
# bench/secure: `runwall secure` over 1,000 workflow files with a warm ref cache (no network).
# Prints files per second, end to end (one JVM start included) and without the JVM start.
# Usage: bench/secure/run.sh [N]   (builds the CLI first when needed, through ./runwall)
# Runs `runwall secure DIR` (diff mode, output discarded) with the launcher's JVM flags.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
N="${1:-1000}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$ROOT/bench/secure/generate.sh" "$WORK/many" "$N" >/dev/null
"$ROOT/bench/secure/generate.sh" "$WORK/one" 1 >/dev/null
"$ROOT/runwall" --version >/dev/null   # build once, outside the measurement
. "$ROOT/bin/find-jdk.sh"
runwall_find_jdk
# the same JVM and flags as the ./runwall launcher, without its rebuild check (before 2026-11-26:
# -XX:TieredStopAtLevel=1, as the launcher had then)
RUNWALL=("$RUNWALL_JAVA_HOME/bin/java" "${RUNWALL_JVM_OPTS[@]}" -jar "$ROOT/cli/target/runwall.jar")

measure() { # DIR -> seconds for one run (diff output discarded)
  local start end
  start=$(date +%s.%N)
  "${RUNWALL[@]}" secure --cache-dir "$1/refs-cache" "$1" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  end=$(date +%s.%N)
  sed -n 's/.*, in \([0-9.]*\) s$/\1/p' "$WORK/err" >> "$WORK/inproc-$(basename "$1")"
  echo "$end - $start" | bc -l
}

measure "$WORK/many" >/dev/null   # warm the page cache
printf 'load average before: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
many=(); one=()
for _ in 1 2 3; do
  many+=("$(measure "$WORK/many")")
  one+=("$(measure "$WORK/one")")
done
best_many=$(printf '%s\n' "${many[@]}" | sort -g | head -1)
best_one=$(printf '%s\n' "${one[@]}" | sort -g | head -1)
inproc=$(tail -3 "$WORK/inproc-many" | sort -g | head -1)
printf 'files: %s, cores: %s, load average after: %s\n' "$N" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'best of 3, end to end (JVM start included): %.2f s  -> %.0f files/s\n' "$best_many" "$(echo "$N / $best_many" | bc -l)"
printf 'one file (JVM start and warm-up): %.2f s\n' "$best_one"
printf 'best of 3 inside the JVM (reading, hardening, verifying, diffing %s files): %.2f s  -> %.0f files/s\n' "$N" "$inproc" \
  "$(echo "$N / $inproc" | bc -l)"
printf 'without the one-file baseline: %.2f s  -> %.0f files/s\n' "$(echo "$best_many - $best_one" | bc -l)" \
  "$(echo "($N - 1) / ($best_many - $best_one)" | bc -l)"
