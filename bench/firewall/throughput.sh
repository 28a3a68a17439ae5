#!/usr/bin/env bash
# Bulk TCP download in the sandbox (GET /bytes/N from an allowed name) through the agent in block mode with
# the kernel firewall, against the same agent with the DNS gate alone (--no-firewall), alternated; prints the
# median of each and the ratio (target >= 0.95). Each download starts 3 s after the agent, so the agent JVM's
# start-up compilation does not compete for the CPU with the transfer (it is the firewall we measure).
. "$(dirname "$0")/common.sh"
BYTES=${BYTES:-1000000000}
ROUNDS=${ROUNDS:-5}
cat > "$WORK/zone.yml" <<'Z'
hosts:
  - name: bulk.bench.test
    ipv4: 198.18.20.2
    tcp: [80]
Z
sandbox_up "$WORK/zone.yml"
download() { in_runner curl -sS -o /dev/null -w '%{speed_download}\n' "http://bulk.bench.test/bytes/$BYTES"; }
download >/dev/null # warm the server's JIT
: > "$WORK/without"; : > "$WORK/with"
agent_download() { # $1: report dir, rest: extra agent options
  local dir=$1; shift
  rw_runner agent start --egress-policy block --allowed-endpoints bulk.bench.test:80 --report-dir "$dir" "$@" 2>/dev/null
  sleep 3
  download
  rw_runner agent stop >/dev/null 2>&1
}
: > "$WORK/ratios"
for i in $(seq 1 "$ROUNDS"); do
  # pairs, in alternating order, so that a change of the machine's load hits both sides alike
  if (( i % 2 )); then
    off=$(agent_download "$WORK/off$i" --no-firewall); on=$(agent_download "$WORK/on$i")
  else
    on=$(agent_download "$WORK/on$i"); off=$(agent_download "$WORK/off$i" --no-firewall)
  fi
  echo "$off" >> "$WORK/without"; echo "$on" >> "$WORK/with"
  awk -v a="$off" -v b="$on" 'BEGIN { printf "%.4f\n", b/a }' >> "$WORK/ratios"
  grep -q '"verdict":"allowed","domain":"bulk.bench.test"' "$WORK/on$i/events.jsonl" \
    || { echo "bench: the download did not pass the firewall's allowed set" >&2; exit 1; }
done
without=$(median < "$WORK/without"); with=$(median < "$WORK/with")
echo "without firewall (bytes/s): $(tr '\n' ' ' < "$WORK/without")"
echo "with firewall    (bytes/s): $(tr '\n' ' ' < "$WORK/with")"
echo "ratio per pair: $(tr '\n' ' ' < "$WORK/ratios")"
awk -v a="$without" -v b="$with" -v r="$(median < "$WORK/ratios")" \
  'BEGIN { printf "median without %.0f MB/s, with %.0f MB/s, ratio of medians %.3f, median of pair ratios %.3f\n", a/1e6, b/1e6, b/a, r }'
