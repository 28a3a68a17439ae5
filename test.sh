#!/usr/bin/env bash
# Runs every test: unit tests, fuzz tests (regression mode) and the privileged integration tests
# in network sandboxes. Needs root (the integration tests create network namespaces and nftables
# tables); finds a JDK 25 itself. Extra arguments go to Maven (e.g. -pl dns -Dit.test=DnsGateIT).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
# shellcheck source=bin/find-jdk.sh
. "$ROOT/bin/find-jdk.sh"
runwall_find_jdk
export JAVA_HOME="$RUNWALL_JAVA_HOME"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
cd "$ROOT"
exec ./mvnw -B verify "$@"
