#!/usr/bin/env bash
# Time from `runwall agent start --egress-policy block` to enforcing (the rules in the kernel), and to the
# command's return (DNS served, resolv.conf redirected), median of 10 runs in a sandbox's runner namespace.
. "$(dirname "$0")/common.sh"
cat > "$WORK/zone.yml" <<'Z'
hosts:
  - name: api.bench.test
    ipv4: 198.18.20.1
    tcp: [443]
Z
sandbox_up "$WORK/zone.yml"
runs=${RUNS:-10}
: > "$WORK/enforcing"; : > "$WORK/ready"
for i in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  rw_runner agent start --egress-policy block --allowed-endpoints api.bench.test:443 --report-dir "$WORK/r$i" 2>/dev/null
  t1=$(date +%s%N)
  enforcing=$(iso_to_ns "$(status_field enforcingSince)")
  echo $(( (enforcing - t0) / 1000000 )) >> "$WORK/enforcing"
  echo $(( (t1 - t0) / 1000000 )) >> "$WORK/ready"
  rw_runner agent stop >/dev/null 2>&1
done
echo "agent start -> enforcing (ms), $runs runs: $(tr '\n' ' ' < "$WORK/enforcing")"
echo "agent start -> ready, command returned (ms): $(tr '\n' ' ' < "$WORK/ready")"
echo "median: enforcing $(median < "$WORK/enforcing") ms, ready $(median < "$WORK/ready") ms"
