#!/usr/bin/env bash
# The firewall's cost on the DNS path: dnsperf through the agent's proxy in block mode, every answer of an
# allowed name going through the allowed set before it is released (firewall on), against the same agent
# with the DNS gate alone (--no-firewall), alternated; prints queries/s of each, the ratio, and the cost of
# programming the set from the agent's counters.
#
# The worst case for the firewall: every record has a TTL of 1 s and --min-address-ttl is 1, so the proxy's
# cache and the allowed set both expire every second and answers keep adding elements. NAMES query names
# (CNAMEs) lead to 16 hosts of 8 addresses each (the sandbox zone writer shares empty port lists between
# hosts as YAML aliases, which limits a zone to 17 hosts without ports or IPv6).
. "$(dirname "$0")/common.sh"
NAMES=${NAMES:-1000}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
ROUNDS=${ROUNDS:-3}
{
  echo "hosts:"
  for h in $(seq 0 15); do
    echo "  - name: h$h.bench.test"
    echo "    ttl: 1"
    echo "    ipv4: [$(for a in $(seq 1 8); do printf '198.18.%d.%d,' $((30 + h)) "$a"; done | sed 's/,$//')]"
  done
  echo "cnames:"
  for i in $(seq 0 $((NAMES - 1))); do
    echo "  - {name: n$i.bench.test, target: h$((i % 16)).bench.test, ttl: 1}"
  done
} > "$WORK/zone.yml"
for i in $(seq 0 $((NAMES - 1))); do echo "n$i.bench.test A"; done > "$WORK/queries"
sandbox_up "$WORK/zone.yml"
run() { # $1: label, rest: extra agent options
  local label=$1; shift
  rw_runner agent start --egress-policy block --allowed-endpoints '*.bench.test:443' --min-address-ttl 1 \
    --report-dir "$WORK/$label" "$@" 2>/dev/null
  sleep 3 # let the agent JVM's start-up compilation settle
  in_runner dnsperf -s 127.0.0.1 -d "$WORK/queries" -l "$SECONDS_PER_RUN" -c 8 -q 64 > "$WORK/$label.dnsperf"
  rw_runner agent stop >/dev/null 2>&1
  awk '/Queries per second/ {print $4}' "$WORK/$label.dnsperf"
}
: > "$WORK/qps-off"; : > "$WORK/qps-on"
for i in $(seq 1 "$ROUNDS"); do
  run "off$i" --no-firewall >> "$WORK/qps-off"
  run "on$i" >> "$WORK/qps-on"
done
off=$(median < "$WORK/qps-off"); on=$(median < "$WORK/qps-on")
echo "DNS gate alone   (queries/s): $(tr '\n' ' ' < "$WORK/qps-off")"
echo "with firewall    (queries/s): $(tr '\n' ' ' < "$WORK/qps-on")"
awk -v a="$off" -v b="$on" 'BEGIN { printf "median without %.0f q/s, with %.0f q/s, ratio %.3f\n", a, b, b/a }'
grep -h '"action":"stopped"' "$WORK"/on*/events.jsonl | python3 -c '
import json, sys
for line in sys.stdin:
    c = json.loads(line)["counters"]
    print("firewall: %d answers, %d elements added, %d refreshed, %d skipped, %d batches: mean %d us, max %d us per batch; lost %d"
          % (c["firewallAnswers"], c["firewallElementsAdded"], c["firewallElementsRefreshed"], c["firewallElementsSkipped"],
             c["firewallBatches"], c["firewallBatchMicrosMean"], c["firewallBatchMicrosMax"], c["dnsReleaseRefused"]))'
