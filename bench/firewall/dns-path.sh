#!/usr/bin/env bash
# The firewall's cost on the DNS path: dnsperf through the agent's proxy in block mode, every answer of an
# allowed name going through the allowed set before it is released (firewall on), against the same agent
# with the DNS gate alone (--no-firewall), alternated; prints queries/s of each, the ratio, and the cost of
# programming the set from the agent's counters.
#
# TTL=300 (default): the steady state, answers mostly from the proxy's cache, each one checked against the
# elements already in the set. TTL=1: the worst case, the proxy's cache and the allowed set (with
# --min-address-ttl 1) expire every second, so answers keep adding elements and go upstream.
# NAMES query names (CNAMEs) lead to 16 hosts of 8 addresses each (the sandbox zone writer shares empty
# port lists between hosts as YAML aliases, which limits a zone to 17 hosts without ports or IPv6).
# Pairs of runs in alternating order; the median of the pairs' ratios is the number to quote on a busy
# machine.
. "$(dirname "$0")/common.sh"
NAMES=${NAMES:-1000}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
ROUNDS=${ROUNDS:-3}
TTL=${TTL:-300}
{
  echo "hosts:"
  for h in $(seq 0 15); do
    echo "  - name: h$h.bench.test"
    echo "    ttl: $TTL"
    echo "    ipv4: [$(for a in $(seq 1 8); do printf '198.18.%d.%d,' $((30 + h)) "$a"; done | sed 's/,$//')]"
  done
  echo "cnames:"
  for i in $(seq 0 $((NAMES - 1))); do
    echo "  - {name: n$i.bench.test, target: h$((i % 16)).bench.test, ttl: $TTL}"
  done
} > "$WORK/zone.yml"
for i in $(seq 0 $((NAMES - 1))); do echo "n$i.bench.test A"; done > "$WORK/queries"
sandbox_up "$WORK/zone.yml"
run() { # $1: label, rest: extra agent options
  local label=$1; shift
  rw_runner agent start --egress-policy block --allowed-endpoints '*.bench.test:443' --min-address-ttl "$((TTL < 60 ? TTL : 60))" \
    --report-dir "$WORK/$label" "$@" 2>/dev/null
  sleep 3 # let the agent JVM's start-up compilation settle
  in_runner dnsperf -s 127.0.0.1 -d "$WORK/queries" -l "$SECONDS_PER_RUN" -c 8 -q 64 > "$WORK/$label.dnsperf"
  rw_runner agent stop >/dev/null 2>&1
  awk '/Queries per second/ {print $4}' "$WORK/$label.dnsperf"
}
: > "$WORK/qps-off"; : > "$WORK/qps-on"; : > "$WORK/ratios"
for i in $(seq 1 "$ROUNDS"); do
  if (( i % 2 )); then
    off=$(run "off$i" --no-firewall); on=$(run "on$i")
  else
    on=$(run "on$i"); off=$(run "off$i" --no-firewall)
  fi
  echo "$off" >> "$WORK/qps-off"; echo "$on" >> "$WORK/qps-on"
  awk -v a="$off" -v b="$on" 'BEGIN { printf "%.4f\n", b/a }' >> "$WORK/ratios"
done
off=$(median < "$WORK/qps-off"); on=$(median < "$WORK/qps-on")
echo "DNS gate alone   (queries/s): $(tr '\n' ' ' < "$WORK/qps-off")"
echo "with firewall    (queries/s): $(tr '\n' ' ' < "$WORK/qps-on")"
echo "ratio per pair: $(tr '\n' ' ' < "$WORK/ratios") (TTL $TTL s)"
awk -v a="$off" -v b="$on" -v r="$(median < "$WORK/ratios")" \
  'BEGIN { printf "median without %.0f q/s, with %.0f q/s, ratio of medians %.3f, median of pair ratios %.3f\n", a, b, b/a, r }'
grep -h '"action":"stopped"' "$WORK"/on*/events.jsonl | python3 -c '
import json, sys
for line in sys.stdin:
    c = json.loads(line)["counters"]
    print("firewall: %d answers, %d elements added, %d refreshed, %d skipped, %d batches: mean %d us, max %d us per batch; answers withheld %d"
          % (c["firewallAnswers"], c["firewallElementsAdded"], c["firewallElementsRefreshed"], c["firewallElementsSkipped"],
             c["firewallBatches"], c["firewallBatchMicrosMean"], c["firewallBatchMicrosMax"], c["dnsReleaseRefused"]))'
