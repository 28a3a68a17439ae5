# Sourced by ./runwall, ./test.sh and the benchmarks. Sets RUNWALL_JAVA_HOME to a JDK 25 (or newer) or
# prints what to do and exits 2. Search order: $JAVA_HOME, `java` on PATH, /usr/lib/jvm/*
# (RUNWALL_JVM_DIRS, colon-separated, replaces /usr/lib/jvm; the launcher test uses it).

# The options of the runwall JVM (the agent daemon inherits them), and of the benchmarks' JVMs, so that
# they measure what runs: native access for the netlink and nftables layer (java.lang.foreign); the serial
# GC (a small heap on a 2-core runner); and the C2 compiler kept for code that is really hot (16x the
# default tier-4 thresholds: the DNS proxy's paths under a query flood get there within 10 to 20 s,
# the audit reader's during a build do not). An agent starts afresh for every CI job, and with lower
# thresholds C2 spends more CPU compiling lukewarm code than that code then saves within the job
# (docs/benchmarks.md, attribution, "a fresh agent JVM per run" and "C2's thresholds again": agent CPU
# during a 600-compiler-run build 1.9-2.1 s at 4x, 1.3-1.5 s at 16x).
RUNWALL_JVM_OPTS=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC
  -XX:Tier4InvocationThreshold=80000 -XX:Tier4MinInvocationThreshold=9600
  -XX:Tier4CompileThreshold=240000 -XX:Tier4BackEdgeThreshold=640000)

runwall_java_major() {
  # Prints the major version of the java binary $1 (e.g. 25), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

runwall_find_jdk() {
  local candidates=() home java major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if java=$(command -v java 2>/dev/null); then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$java")")")")
  fi
  local dirs dir
  IFS=: read -r -a dirs <<< "${RUNWALL_JVM_DIRS:-/usr/lib/jvm}"
  for dir in "${dirs[@]}"; do
    for home in "$dir"/*; do candidates+=("$home"); done
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(runwall_java_major "$home/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      RUNWALL_JAVA_HOME="$home"
      return 0
    fi
  done
  cat >&2 <<'MSG'
runwall: no JDK 25 found.
  Looked at $JAVA_HOME, the `java` on PATH and every JDK under /usr/lib/jvm.
  Install one (for example Debian/Ubuntu: apt-get install temurin-25-jdk from adoptium.net,
  or unpack a JDK 25 under /usr/lib/jvm), or set JAVA_HOME to a JDK 25, then run this again.
MSG
  exit 2
}
