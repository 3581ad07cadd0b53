#!/usr/bin/env bash
# The streaming benchmark (issue #18): how long the first partial image takes from the upstream to the client, with
# 200 concurrent streams (first partial 2 s after the request, events 3 s apart), straight from the upstream and
# through the gateway in alternating rounds of one run (targets: p50 added <= 1 ms, p99 added <= 5 ms); then the
# gateway's peak RSS with 1,000 streams of three ~1.5 MB partials each in flight at once (target: <= 512 MB, as the
# non-streamed hold test). Everything runs on this machine.
#
# The streaming upstream runs inside the load generator's JVM (StreamsBench), so the first partial's send time and
# its arrival are two readings of one System.nanoTime(); the send time travels in a side channel keyed by the stream
# id in the prompt (the gateway rebuilds each event from its fields, so a timestamp field would not survive it).
#
# Options: --rounds N (3), --seconds N (20), --warmup N (60: seconds of streams through the gateway before the
# rounds), --concurrency N (200), --delay-ms N (2000: first partial after),
# --gap-ms N (3000: between events), --hold-count N (1000), --hold-rate N (500 streams started per second),
# --hold-delay-ms N (5000), --hold-gap-ms N (3000), --heap SIZE (gateway -Xms/-Xmx, 256m as run.sh's hold test),
# --direct-only (no gateway: checks the harness), --no-build, --out DIR.
# Env: BENCH_UPSTREAM_PORT (18081), BENCH_GATEWAY_PORT (18080), GATEWAY_JAVA_OPTS (as run.sh).
# Exits 1 when a target fails.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
rounds=3 seconds=20 warmup=60 concurrency=200 delay=2000 gap=3000 hold_count=1000 hold_rate=500 hold_delay=5000 hold_gap=3000
heap=256m build=1 out="" direct_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --concurrency) concurrency=$2; shift ;;
    --delay-ms) delay=$2; shift ;;
    --gap-ms) gap=$2; shift ;;
    --hold-count) hold_count=$2; shift ;;
    --hold-rate) hold_rate=$2; shift ;;
    --hold-delay-ms) hold_delay=$2; shift ;;
    --hold-gap-ms) hold_gap=$2; shift ;;
    --heap) heap=$2; shift ;;
    --direct-only) direct_only=1 ;;
    --no-build) build=0 ;;
    --out) out=$2; shift ;;
    *) echo "unknown option: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
up_port=${BENCH_UPSTREAM_PORT:-18081}
gw_port=${BENCH_GATEWAY_PORT:-18080}
out=${out:-$root/bench/target/streams-$(date +%Y%m%d-%H%M%S)}
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
  (cd "$root" && mvn -o -q -B -DskipTests -pl cli,bench -am package)
fi
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"

pids=()
# A gateway out of heap may not act on SIGTERM: it gets 10 s, then SIGKILL.
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM
for port in "$up_port" "$gw_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use; set BENCH_UPSTREAM_PORT / BENCH_GATEWAY_PORT" >&2; exit 2
  fi
done

gateway_args=()
if [ "$direct_only" = 0 ]; then
  sed -e "s/127\.0\.0\.1:18081/127.0.0.1:$up_port/" -e "s#/stream/2000/3000/#/stream/$delay/$gap/#" \
    -e "s#/stream/5000/3000/#/stream/$hold_delay/$hold_gap/#" "$root/bench/streams.yaml" > "$out/gateway.yaml"
  gateway_opts="-Xms$heap -Xmx$heap ${GATEWAY_JAVA_OPTS:--XX:+UseG1GC -XX:G1HeapRegionSize=4m}"
  # shellcheck disable=SC2086
  (cd "$out" && exec "$java" $gateway_opts --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -jar "$root/cli/target/imagegate.jar" serve --config "$out/gateway.yaml" --host 127.0.0.1 --port "$gw_port" \
    > "$out/gateway.log" 2>&1) &
  gw_pid=$!; pids+=("$gw_pid")
  for _ in $(seq 1 150); do
    curl -s -o /dev/null "http://127.0.0.1:$gw_port/health/liveliness" && break
    kill -0 "$gw_pid" 2>/dev/null || { echo "the gateway died; see $out/gateway.log" >&2; exit 1; }
    sleep 0.2
  done
  gateway_args=(--gateway "http://127.0.0.1:$gw_port" --pid "$gw_pid")
fi

{
  echo "META date=$(date -u +%Y-%m-%dT%H:%MZ) cores=$(nproc) load_before=$(cut -d' ' -f1 /proc/loadavg)" \
    "gateway_heap=$heap concurrency=$concurrency rounds=$rounds seconds=$seconds warmup=$warmup delay_ms=$delay gap_ms=$gap"
} | tee "$out/results.txt"
status=0
"$java" -Xms512m -Xmx512m -Djava.awt.headless=true -cp "$cp" dev.imagegate.bench.StreamsBench \
  --upstream-port "$up_port" "${gateway_args[@]}" --concurrency "$concurrency" --rounds "$rounds" \
  --seconds "$seconds" --warmup "$warmup" --delay-ms "$delay" --gap-ms "$gap" --hold-count "$hold_count" --hold-rate "$hold_rate" \
  2> "$out/bench.err" | tee -a "$out/results.txt" || status=$?
echo "META load_after=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out/results.txt"
if [ "$direct_only" = 0 ] && ! kill -0 "$gw_pid" 2>/dev/null; then
  echo "the gateway died during the run; the end of $out/gateway.log:" >&2
  grep -v '^\s*at ' "$out/gateway.log" | tail -n 5 >&2
  status=1
fi
grep -q '=FAIL' "$out/results.txt" && status=1
echo "results: $out"
exit "$status"
