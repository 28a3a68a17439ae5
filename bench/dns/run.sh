#!/usr/bin/env bash
# Runwall DNS proxy against dnsmasq, both forwarding to the sandbox's authoritative resolver (198.18.0.53),
# both in the sandbox's runner namespace, measured with dnsperf on the same query file in one run.
#
#   sudo bench/dns/run.sh      # DURATION=20 ROUNDS=3 WARMUP=20 WARMUP_RUNS=5 by default; results in $OUT
#                              # (printed at the end); the warm-up is split into WARMUP_RUNS dnsperf runs
#   BENCH_JVM_OPTS='-XX:StartFlightRecording=filename=/tmp/ours-@PORT@.jfr,settings=profile' sudo bench/dns/run.sh
#                              # extra JVM options for our servers; @PORT@ becomes each server's port
#   CLIENTS=8 sudo bench/dns/run.sh   # dnsperf sends from 8 sockets instead of 1 (-c), so a burst of
#                              # queries comes from several clients, as from several resolvers on a runner
#
# Ours runs with policy checks (block mode, every queried name in the policy) and event logging (one
# JSON line per query through the agent's EventLog) on; a second instance of ours (runwall_attr) adds the
# agent's process attribution of every query (sock_diag + procfs), a third (runwall_nolog, cached only)
# runs without event log (see docs/benchmarks.md).
# Scenarios, each for both servers, interleaved round by round:
#   cached   both caches warm (10,000 entries each): max qps (dnsperf -q 100), mean latency at -Q 2000
#   nocache  both caches off, every query goes to the authoritative: the same two measurements
# plus the authoritative resolver asked directly at -Q 2000, the base line for "added latency".
# Needs root, dnsperf and dnsmasq (apt-get install dnsperf dnsmasq-base), a JDK 25 (found like ./runwall).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
DURATION="${DURATION:-20}"
ROUNDS="${ROUNDS:-3}"
WARMUP="${WARMUP:-20}"
WARMUP_RUNS="${WARMUP_RUNS:-5}"
BENCH_JVM_OPTS="${BENCH_JVM_OPTS:-}"
# Hosts in the benchmark zone (the sandbox zone writer no longer emits aliases, so any number works).
HOSTS="${HOSTS:-20}"
CLIENTS="${CLIENTS:-1}"
NAME="rwdnsbench$$"
NS="rw-$NAME-r"
UPSTREAM=198.18.0.53
die() { echo "bench/dns: $*" >&2; exit 2; }
[[ "$WARMUP" =~ ^[0-9]+$ && "$WARMUP_RUNS" =~ ^[1-9][0-9]*$ ]] \
  || die "WARMUP must be a number of seconds and WARMUP_RUNS a number of runs (1 or more)"
OUT="${OUT:-$(mktemp -d /tmp/runwall-dnsbench.XXXXXX)}"
mkdir -p "$OUT"

[ "$(id -u)" = 0 ] || die "needs root (network namespaces, port 53 in the sandbox): run with sudo"
command -v dnsperf >/dev/null || die "dnsperf not found: apt-get install dnsperf"
command -v dnsmasq >/dev/null || die "dnsmasq not found: apt-get install dnsmasq-base"
# shellcheck source=../../bin/find-jdk.sh
. "$ROOT/bin/find-jdk.sh"
runwall_find_jdk
JAVA="$RUNWALL_JAVA_HOME/bin/java"

echo "== build (bench module and its dependencies; output in $OUT)"
(cd "$ROOT" && JAVA_HOME="$RUNWALL_JAVA_HOME" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
  timeout 900 ./mvnw -B -q -DskipTests -Dmaven.test.skip=true -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=runtime) >"$OUT/build.log" 2>&1 \
  || { cat "$OUT/build.log" >&2; die "build failed"; }
CP="$ROOT/bench/target/classes:$(cat "$OUT/cp.txt")"

echo "== zone, policy and query file ($HOSTS hosts: A and AAAA each, and a CNAME to each, asked for A)"
{
  echo "hosts:"
  for i in $(seq 0 $((HOSTS - 1))); do
    echo "  - name: h$i.bench.test"
    echo "    ipv4: 198.18.$((10 + i / 250)).$((i % 250 + 1))"
    echo "    ipv6: fd52:7761:6c6c:10::$(printf '%x' $((i + 1)))"
    echo "    ttl: 3600"
  done
  echo "cnames:"
  for i in $(seq 0 $((HOSTS - 1))); do
    echo "  - name: c$i.bench.test"
    echo "    target: h$i.bench.test"
    echo "    ttl: 3600"
  done
} >"$OUT/zone.yml"
: >"$OUT/policy.txt"
: >"$OUT/queries.txt"
for i in $(seq 0 $((HOSTS - 1))); do
  printf 'h%d.bench.test:443\nc%d.bench.test:443\n' "$i" "$i" >>"$OUT/policy.txt"
  printf 'h%d.bench.test A\nh%d.bench.test AAAA\nc%d.bench.test A\n' "$i" "$i" "$i" >>"$OUT/queries.txt"
done

PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  timeout 60 "$ROOT/runwall" sandbox down --name "$NAME" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== sandbox $NAME"
timeout 120 "$ROOT/runwall" sandbox up --name "$NAME" --zone "$OUT/zone.yml" >"$OUT/sandbox.log" 2>&1 \
  || { cat "$OUT/sandbox.log" >&2; die "sandbox up failed"; }
in_runner() { ip netns exec "$NS" "$@"; }
in_runner_bg() { # a server in the runner, remembered for kill (no subshell between us and it)
  ip netns exec "$NS" "$@" &
  PIDS+=($!)
}

echo "== servers in the runner namespace"
start_ours() { # port cache [none: no event log] [sockdiag: the agent's process attribution of every query]
  # shellcheck disable=SC2086 # BENCH_JVM_OPTS: extra JVM options, word-split (e.g. a flight recording per port)
  in_runner_bg timeout 3600 "$JAVA" -Xmx512m "${RUNWALL_JVM_OPTS[@]}" ${BENCH_JVM_OPTS//@PORT@/$1} -cp "$CP" dev.runwall.bench.dns.DnsBenchProxy \
    --listen "127.0.0.1:$1" --upstream "$UPSTREAM:53" --mode block --allowed-endpoints-file "$OUT/policy.txt" \
    --events "${3:-$OUT/events-$1.jsonl}" --cache "$2" --attribution "${4:-off}" >"$OUT/ours-$1.log" 2>&1
}
start_dnsmasq() { # port cache
  in_runner_bg timeout 3600 dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll --bind-interfaces \
    --listen-address=127.0.0.1 --port="$1" --server="$UPSTREAM" --cache-size="$2" --dns-forward-max=1000 \
    --pid-file="$OUT/dnsmasq-$1.pid" --user=root >"$OUT/dnsmasq-$1.log" 2>&1
}
start_ours 5300 10000
start_ours 5302 10000 none
start_ours 5303 10000 "$OUT/events-5303.jsonl" sockdiag
start_dnsmasq 5301 10000
start_ours 5310 0
start_ours 5313 0 "$OUT/events-5313.jsonl" sockdiag
start_dnsmasq 5311 0
PORTS="5300 5302 5303 5301 5310 5313 5311"
for port in $PORTS; do
  for _ in $(seq 1 100); do
    if in_runner timeout 5 dnsperf -s 127.0.0.1 -p "$port" -d "$OUT/queries.txt" -n 1 -t 1 >/dev/null 2>&1; then
      break
    fi
    sleep 0.2
  done
done

SERVER_PID=() # port -> pid of the server process (java or dnsmasq), for its CPU time
cpu_ticks() { # pid: user+system clock ticks so far
  if [ -n "${1:-}" ] && [ -r "/proc/$1/stat" ]; then awk '{print $14 + $15}' "/proc/$1/stat"; else echo 0; fi
}
thread_ticks() { # pid: "thread-name ticks" per thread name (threads of one name summed), sorted by name
  [ -n "${1:-}" ] && [ -d "/proc/$1/task" ] || return 0
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' _ <"$t/comm" 2>/dev/null)" "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null)"
  done | awk 'NF == 2 { a[$1] += $2 } END { for (k in a) print k, a[k] }' | sort
}
perf() { # label server port extra-args... ; appends "label qps mean-latency lost cpu-us-per-query p50 p99"
  local label="$1" server="$2" port="$3"; shift 3
  local log="$OUT/dnsperf-$label.log" pid="${SERVER_PID[$port]:-}"
  local t0 t1
  t0=$(cpu_ticks "$pid")
  thread_ticks "$pid" >"$OUT/threads-before"
  in_runner timeout $((DURATION + 60)) dnsperf -s "$server" -p "$port" -d "$OUT/queries.txt" -l "$DURATION" -c "$CLIENTS" \
    -t 2 "$@" >"$log" 2>&1
  t1=$(cpu_ticks "$pid")
  thread_ticks "$pid" >"$OUT/threads-after"
  local qps lat lost done cpu p50=0 p99=0
  if grep -q '^> ' "$log"; then # -v: one line per answer, latency last
    read -r p50 p99 < <(awk '/^> / { print $NF }' "$log" | sort -g | awk '{ v[NR] = $1 } END {
      i = int(NR * 0.99); if (i < 1) i = 1; if (NR == 0) print 0, 0; else print v[int((NR + 1) / 2)], v[i] }')
  fi
  qps=$(sed -n 's/^ *Queries per second: *\([0-9.]*\).*/\1/p' "$log")
  lat=$(sed -n 's/^ *Average Latency (s): *\([0-9.]*\).*/\1/p' "$log")
  lost=$(sed -n 's/^ *Queries lost: *\([0-9]*\).*/\1/p' "$log")
  done=$(sed -n 's/^ *Queries completed: *\([0-9]*\).*/\1/p' "$log")
  cpu=$(awk -v d="$((t1 - t0))" -v n="${done:-0}" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (n > 0) printf "%.1f", d * 1e6 / hz / n; else print 0 }')
  printf '%s %s %s %s %s %s %s\n' "$label" "${qps:-0}" "${lat:-0}" "${lost:-?}" "$cpu" "$p50" "$p99" \
    | tee -a "$OUT/raw.txt"
  # our servers: CPU µs per query by thread (which thread pays for what), in threads.txt
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = java ]; then
    join "$OUT/threads-before" "$OUT/threads-after" | awk -v l="$label" -v n="${done:-0}" -v hz="$(getconf CLK_TCK)" '
      n > 0 { d = ($3 - $2) * 1e6 / hz / n; if (d >= 0.05) out = out sprintf(" %s=%.2f", $1, d) }
      END { print l ":" out }' >>"$OUT/threads.txt"
  fi
}

for port in $PORTS; do # after they answered: the java/dnsmasq process under timeout
  SERVER_PID[$port]=$(pgrep -f -- "127.0.0.1:$port |port=$port " | while read -r p; do
    case "$(cat "/proc/$p/comm" 2>/dev/null)" in java|dnsmasq) echo "$p" ;; esac; done | head -n 1)
done

# The warm-up is WARMUP_RUNS dnsperf runs, each from new client sockets: a runner's resolvers come and go, and
# a warm-up from one set of sockets teaches the JIT that clients never change, so the first new socket of the
# measurement (every dnsperf run is one) deoptimised and recompiled the attributed servers' hot paths inside
# the measured seconds (docs/benchmarks.md, dns, "the warm-up").
warm_each=$(( (WARMUP + WARMUP_RUNS - 1) / WARMUP_RUNS )) # rounded up: at least WARMUP seconds in all
echo "== warm-up ${WARMUP}s each (JIT, caches), in $WARMUP_RUNS dnsperf runs of ${warm_each}s"
for port in $PORTS; do
  for _ in $(seq 1 "$WARMUP_RUNS"); do
    in_runner timeout $((warm_each + 60)) dnsperf -s 127.0.0.1 -p "$port" -d "$OUT/queries.txt" -l "$warm_each" \
      -c "$CLIENTS" >/dev/null 2>&1
  done
done

echo "== measure: ${ROUNDS} rounds of ${DURATION}s each (label qps mean-latency-s lost cpu-µs-per-query p50-s p99-s)"
: >"$OUT/raw.txt"
: >"$OUT/threads.txt"
for r in $(seq 1 "$ROUNDS"); do
  perf "direct-lat-$r" "$UPSTREAM" 53 -Q 2000 -v
  for scenario in cached nocache; do
    if [ "$scenario" = cached ]; then ours=5300; attr=5303; theirs=5301; else ours=5310; attr=5313; theirs=5311; fi
    order="ours theirs attr"
    [ "$scenario" = cached ] && order="ours theirs attr nolog"
    [ $((r % 2)) = 0 ] && order=$(echo "$order" | tr ' ' '\n' | tac | tr '\n' ' ')
    for who in $order; do
      case "$who" in
        ours) port=$ours; name=runwall ;;
        nolog) port=5302; name=runwall_nolog ;;
        attr) port=$attr; name=runwall_attr ;;
        theirs) port=$theirs; name=dnsmasq ;;
      esac
      perf "$scenario-$name-max-$r" 127.0.0.1 "$port" -q 100
      perf "$scenario-$name-lat-$r" 127.0.0.1 "$port" -Q 2000 -v
    done
  done
done
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
for _ in $(seq 1 50); do # the proxies print their counters when they stop
  [ "$(grep -l "^counters" "$OUT"/ours-*.log 2>/dev/null | wc -l)" -ge 5 ] && break
  sleep 0.2
done
grep -H "^counters" "$OUT"/ours-*.log >"$OUT/counters.txt" 2>/dev/null || true

echo "== summary (means over the rounds; latencies in µs at 2,000 qps; CPU of the server process per query)"
awk '
  { split($1, p, "-")
    if (p[1] == "direct") { dm += $3; d50 += $6; d99 += $7; dn++; next }
    key = p[1] SUBSEP p[2]; seen[key] = 1
    if (p[3] == "max") { q[key] += $2; qn[key]++; cm[key] += $5 }
    else { l[key] += $3; l50[key] += $6; l99[key] += $7; ln[key]++; c[key] += $5 } }
  END {
    DM = dm / dn * 1e6; D50 = d50 / dn * 1e6; D99 = d99 / dn * 1e6
    printf "| scenario | server | max qps | CPU/query at max (µs) | mean latency | median | p99 | added median vs direct | CPU/query at 2,000 qps (µs) |\n"
    printf "|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
    printf "| - | authoritative asked directly | | | %.0f | %.0f | %.0f | 0 | |\n", DM, D50, D99
    split("cached nocache", scs, " "); split("runwall runwall_attr runwall_nolog dnsmasq", ws, " ")
    for (s = 1; s <= 2; s++) for (w = 1; w <= 4; w++) {
      k = scs[s] SUBSEP ws[w]; if (!(k in seen)) continue
      Q[k] = q[k] / qn[k]; L[k] = l[k] / ln[k] * 1e6; M[k] = l50[k] / ln[k] * 1e6; P[k] = l99[k] / ln[k] * 1e6
      printf "| %s | %s | %.0f | %.1f | %.0f | %.0f | %.0f | %+.0f | %.1f |\n", scs[s], ws[w], Q[k], cm[k] / qn[k],
        L[k], M[k], P[k], M[k] - D50, c[k] / ln[k]
    }
    for (s = 1; s <= 2; s++) {
      r = scs[s] SUBSEP "runwall"; d = scs[s] SUBSEP "dnsmasq"
      printf "\n%s: throughput runwall/dnsmasq = %.2f; mean latency runwall/dnsmasq = %.2f; median latency runwall/dnsmasq = %.2f; added median latency runwall %+.0f µs, dnsmasq %+.0f µs\n",
        scs[s], Q[r] / Q[d], L[r] / L[d], M[r] / M[d], M[r] - D50, M[d] - D50
      a = scs[s] SUBSEP "runwall_attr"
      printf "%s: with process attribution of every query: throughput %.2f of runwall without, median latency %+.0f µs\n",
        scs[s], Q[a] / Q[r], M[a] - M[r]
    }
  }' "$OUT/raw.txt" | tee "$OUT/summary.md"
echo
echo "CPU per query by thread of our servers: $OUT/threads.txt"
echo "raw measurements: $OUT/raw.txt; dnsperf logs: $OUT/dnsperf-*.log; proxy counters: $OUT/counters.txt"
