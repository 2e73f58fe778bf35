#!/usr/bin/env bash
# Builds the benchmarks and runs the short version of every dane4j benchmark (a few
# minutes), then prints the ratios the performance targets are stated in.
# Usage: benchmarks/run.sh [--full]      (--full: the longer run docs/PERFORMANCE.md uses)
# Any other JMH use: java -cp "$(benchmarks/run.sh --classpath)" org.openjdk.jmh.Main <regex> ...
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -DskipTests package -pl benchmarks -am >&2
classpath="benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:$(cat benchmarks/target/classpath.txt)"
if [[ "${1:-}" == "--classpath" ]]; then
  echo "$classpath"
  exit 0
fi
if ! command -v unbound >/dev/null 2>&1 && [[ ! -x /usr/sbin/unbound ]]; then
  echo "NOTE: unbound is not installed; the Unbound column is skipped (apt-get install -y unbound)." >&2
fi
echo "load: $(cat /proc/loadavg 2>/dev/null || uptime)" >&2
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" org.dane4j.benchmarks.ShortRun "$@"
