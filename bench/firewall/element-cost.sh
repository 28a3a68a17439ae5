#!/usr/bin/env bash
# Cost of the firewall per DNS answer, without the proxy around it: ElementCost.java adds one new address
# per answer to the allowed set (one nft batch through libnftables), then repeats the answers (skipped).
# Runs in a network namespace of its own, created and removed here.
. "$(dirname "$0")/common.sh"
trap 'ip netns del "$SANDBOX" 2>/dev/null; rm -rf "$WORK"' EXIT
ip netns add "$SANDBOX"
CP="$(ls "$BENCH_ROOT"/cli/target/lib/*.jar | tr '\n' ':')$JAR"
ip netns exec "$SANDBOX" "$RUNWALL_JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" \
  "$(dirname "$0")/ElementCost.java" "${ANSWERS:-3000}"
