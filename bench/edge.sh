#!/usr/bin/env bash
# The edge load test (issue 13): slow clients and slow upstreams against the gateway, on this machine.
#
#   bench/edge.sh [--stalled N] [--sources N] [--calls N] [--rate N] [--heap SIZE] [--phase 1|2] [--upstream-h1]
#                 [--no-build]
#
# Phase 1: N (20,000) connections that never finish their request head, spread over --sources (10) loopback source
#   addresses, opened at 4,000/s, while a well-behaved client on 127.0.0.1 makes one call every 50 ms for 30 s
#   (StalledClients). Pass: every well-behaved call answered 200.
# Phase 2: --calls (10,000) concurrent calls to bench-slow, whose upstream answers after 5-30 s with ~1.5 MB; the
#   calls start at --rate (2,000) per second, so all are in flight at once by the end of the ramp; the gateway's RSS
#   is sampled (HoldTest). Each call is a plain socket of its own that sends its request at once (RawCall). The gateway
#   speaks HTTP/2 (h2c) to the mock upstream, as it does by ALPN to providers over https; --upstream-h1 makes it
#   HTTP/1.1, a socket per call in flight. Pass: zero errors and peak RSS <= 1 GB.
# Needs open files: the gateway holds a socket per client, plus one per upstream call over HTTP/1.1 (10,000 calls then
# need over 20,000); this script raises the soft limit `ulimit -n` to the hard one. The load generator and the mock
# upstream run in JVMs of their own.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
stalled=20000 sources=10 calls=10000 rate=2000 heap=512m build=1 phase=all h1=0
while [ $# -gt 0 ]; do
  case "$1" in
    --stalled) stalled=$2; shift ;;
    --sources) sources=$2; shift ;;
    --calls) calls=$2; shift ;;
    --rate) rate=$2; shift ;;
    --heap) heap=$2; shift ;;
    --phase) phase=$2; shift ;;
    --upstream-h1) h1=1 ;;
    --no-build) build=0 ;;
    *) echo "unknown option: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
ulimit -n "$(ulimit -Hn)"
echo "open files: $(ulimit -n) per process"
up_port=${BENCH_UPSTREAM_PORT:-18081}
gw_port=${BENCH_GATEWAY_PORT:-18080}
out=$root/bench/target/edge-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
java_home=${JAVA_HOME:-}
if [ -z "$java_home" ] || ! "$java_home/bin/java" -version 2>&1 | grep -q 'version "2[1-9]'; then
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/*-21-*; do
    if [ -x "$candidate/bin/java" ]; then java_home=$candidate; break; fi
  done
fi
java="$java_home/bin/java"
if [ "$build" = 1 ]; then
  (cd "$root" && mvn -q -B -o -DskipTests -pl cli,bench -am package)
fi
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
wait_up() {
  for _ in $(seq 1 150); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "not up: $1" >&2; exit 1
}

"$java" -Xms512m -Xmx512m -XX:+UseSerialGC -cp "$cp" dev.imagegate.bench.MockUpstream "$up_port" \
  > "$out/upstream.log" 2>&1 &
pids+=("$!")
wait_up "http://127.0.0.1:$up_port/stats"

# start_gateway PER_CLIENT TOTAL: a gateway with those connection caps
start_gateway() {
  sed -e "s/127\.0\.0\.1:18081/127.0.0.1:$up_port/" -e "s/max_connections_per_client: .*/max_connections_per_client: $1/" \
    -e "s/max_connections: .*/max_connections: $2/" "$root/bench/gateway-edge.yaml" > "$out/gateway.yaml"
  if [ "$h1" = 1 ]; then sed -i -e '/upstream_h2c_hosts/d' "$out/gateway.yaml"; fi
  "$java" -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:G1HeapRegionSize=4m --add-modules jdk.incubator.vector \
    -jar "$root/cli/target/imagegate.jar" serve --config "$out/gateway.yaml" --host 127.0.0.1 --port "$gw_port" \
    >> "$out/gateway.log" 2>&1 &
  gw_pid=$!
  wait_up "http://127.0.0.1:$gw_port/health/liveliness"
}

if [ "$phase" != 2 ]; then
echo "phase 1: $stalled stalled connections from $sources addresses, a well-behaved client on 127.0.0.1..."
start_gateway 1000 15000
"$java" -Xmx512m -cp "$cp" dev.imagegate.bench.StalledClients --gateway "http://127.0.0.1:$gw_port" \
  --count "$stalled" --sources "$sources" --seconds 30 --rate 4000 | tee "$out/stalled.txt"
kill "$gw_pid"; wait "$gw_pid" 2>/dev/null || true
fi

if [ "$phase" != 1 ]; then
echo "phase 2: $calls concurrent calls, upstream answers after 5-30 s with ~1.5 MB (upstream over $([ "$h1" = 1 ] \
  && echo HTTP/1.1 || echo h2c))..."
start_gateway $((calls + 100)) $((calls + 1000))
"$java" -Xmx1g -cp "$cp" dev.imagegate.bench.HoldTest --url "http://127.0.0.1:$gw_port/v1/images/generations" \
  --model bench-slow --count "$calls" --rate "$rate" --pid "$gw_pid" --upstream "http://127.0.0.1:$up_port" \
  | tee "$out/hold.txt"
kill "$gw_pid"; wait "$gw_pid" 2>/dev/null || true
fi
echo "results in $out"
