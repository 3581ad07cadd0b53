#!/usr/bin/env bash
# The edit benchmark (also `bench/run.sh --edits`): an edit carrying a ~4 MB PNG (multipart) through the gateway versus
# straight to the mock upstream, in alternating rounds of one run (throughput ratio, p50/p99), then the gateway's peak
# RSS with 100 such uploads in flight at once (the upstream holds each answer 5 s). Everything runs on this machine.
#
# Options: --rounds N (2), --seconds N (10), --connections N (8), --hold-count N (100), --heap SIZE (gateway -Xms/-Xmx,
# 256m), --no-build, --out DIR. Env: BENCH_UPSTREAM_PORT (18081), BENCH_GATEWAY_PORT (18080), GATEWAY_JAVA_OPTS (more
# options for the gateway JVM, e.g. a flight recording).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
rounds=2 seconds=10 connections=8 hold_count=100 heap=256m build=1 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --connections) connections=$2; shift ;;
    --hold-count) hold_count=$2; shift ;;
    --heap) heap=$2; shift ;;
    --no-build) build=0 ;;
    --out) out=$2; shift ;;
    *) echo "unknown option: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
up_port=${BENCH_UPSTREAM_PORT:-18081}
gw_port=${BENCH_GATEWAY_PORT:-18080}
out=${out:-$root/bench/target/edits-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"

java_home=${JAVA_HOME:-}
if [ -z "$java_home" ] || ! "$java_home/bin/java" -version 2>&1 | grep -q 'version "2[1-9]'; then
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/*-21-*; do
    if [ -x "$candidate/bin/java" ]; then java_home=$candidate; break; fi
  done
fi
java="$java_home/bin/java"
if [ "$build" = 1 ]; then
  echo "building cli and bench (mvn package, tests skipped)..."
  (cd "$root" && mvn -q -B -DskipTests -pl cli,bench -am package)
fi
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM
for port in "$up_port" "$gw_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use; set BENCH_UPSTREAM_PORT / BENCH_GATEWAY_PORT" >&2; exit 2
  fi
done
wait_up() {
  for _ in $(seq 1 150); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "not up: $1" >&2; exit 1
}

"$java" -Xms256m -Xmx256m -XX:+UseSerialGC -cp "$cp" dev.imagegate.bench.MockUpstream "$up_port" \
  > "$out/upstream.log" 2>&1 &
pids+=("$!")
sed "s/127\.0\.0\.1:18081/127.0.0.1:$up_port/" "$root/bench/edits.yaml" > "$out/gateway.yaml"
"$java" -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:G1HeapRegionSize=4m --add-modules jdk.incubator.vector \
  --enable-native-access=ALL-UNNAMED ${GATEWAY_JAVA_OPTS:-} -jar "$root/cli/target/imagegate.jar" serve --config "$out/gateway.yaml" \
  --host 127.0.0.1 --port "$gw_port" > "$out/gateway.log" 2>&1 &
gw_pid=$!; pids+=("$gw_pid")
wait_up "http://127.0.0.1:$up_port/stats"
wait_up "http://127.0.0.1:$gw_port/health/liveliness"

"$java" -Djava.awt.headless=true -cp "$cp" dev.imagegate.bench.EditsBench --gateway "http://127.0.0.1:$gw_port" \
  --upstream "http://127.0.0.1:$up_port" --pid "$gw_pid" --rounds "$rounds" --seconds "$seconds" \
  --connections "$connections" --hold-count "$hold_count" | tee "$out/results.txt"
echo "gateway heap: -Xmx$heap; results in $out"
