#!/usr/bin/env bash
# The gateway load benchmark: the gateway versus the same load sent straight to the upstream, in one run, in
# interleaved rounds, on this machine (load generator, gateway and mock upstream share it; all traffic on 127.0.0.1).
#
#   bench/run.sh            full run: 60 s warm-up, then 4 rounds x 10 s per scenario, about 14 minutes
#   bench/run.sh --quick    10 s warm-up, 1 round x 5 s, about 3 minutes
# Every run also measures what the durable spend write costs: a second gateway with the same config and
# spend_journal: false (answers do not wait for their spend row to be on disk) takes the same load in the same
# rounds, and the summary compares the two (throughput ratio, added p50 at one connection, fsyncs per second and rows
# per fsync of the journaled gateway).
#
#   bench/run.sh --edits    the edit benchmark instead (bench/edits.sh: a 4 MB PNG upload, gateway vs direct, and
#                           peak RSS with 100 uploads in flight); the options after it are edits.sh's
#   bench/run.sh --streams  the streaming benchmark instead (bench/streams.sh: first-partial latency through the
#                           gateway vs direct with 200 streams, peak RSS with 1,000 streams in flight)
#   bench/run.sh --floor    also measures the floor under the gateway (FloorProxy: the same Jetty server and client
#                           forwarding with no imagegate logic; read-whole like the gateway, and streaming), about
#                           2 minutes more
#
# Options: --rounds N, --seconds N, --connections N (default 32), --heap SIZE (gateway -Xms/-Xmx, default 256m),
# --hold-count N (default 1000), --warmup N (seconds of load per gateway and answer size before the rounds; default
# 60, --quick 10), --no-build, --out DIR (default bench/target/run-<time>).
# Env: BENCH_UPSTREAM_PORT (18081), BENCH_GATEWAY_PORT (18080), BENCH_NOJOURNAL_PORT (18082), BENCH_FLOOR_PORT (18090 and the next two, with
# --floor), GATEWAY_JAVA_OPTS (the gateway's JVM flags besides the heap size; default -XX:+UseG1GC
# -XX:G1HeapRegionSize=4m, so a 1.5 MB body is not a humongous object).
# Prints one summary table (ratios, PASS/FAIL against the targets); exits 1 when a target fails.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
rounds=4 seconds=10 connections=32 heap=256m hold_count=1000 build=1 warmup=60 out="" floor=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) rounds=1 seconds=5 warmup=10 ;;
    --edits) shift; exec "$(dirname "$0")/edits.sh" "$@" ;;
    --streams) shift; exec "$(dirname "$0")/streams.sh" "$@" ;;
    --rounds) rounds=$2; shift ;;
    --seconds) seconds=$2; shift ;;
    --connections) connections=$2; shift ;;
    --heap) heap=$2; shift ;;
    --hold-count) hold_count=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --no-build) build=0 ;;
    --floor) floor=1 ;;
    --out) out=$2; shift ;;
    *) echo "unknown option: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
up_port=${BENCH_UPSTREAM_PORT:-18081}
gw_port=${BENCH_GATEWAY_PORT:-18080}
nj_port=${BENCH_NOJOURNAL_PORT:-18082}
floor_port=${BENCH_FLOOR_PORT:-18090}
out=${out:-$root/bench/target/run-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
results=$out/results.txt
: > "$results"

java_home=${JAVA_HOME:-}
if [ -z "$java_home" ] || ! "$java_home/bin/java" -version 2>&1 | grep -q 'version "2[1-9]'; then
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/*-21-*; do
    if [ -x "$candidate/bin/java" ]; then java_home=$candidate; break; fi
  done
fi
java="$java_home/bin/java"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }

if [ "$build" = 1 ]; then
  echo "building cli and bench (mvn package, tests skipped)..."
  (cd "$root" && mvn -q -B -DskipTests -pl cli,bench -am package)
fi
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"

pids=()
cleanup() {
  for pid in "${pids[@]}" ${nj_pid:-}; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

floor_ports=()
[ "$floor" = 1 ] && floor_ports=("$floor_port" "$((floor_port + 1))" "$((floor_port + 2))")
for port in "$up_port" "$gw_port" "$nj_port" "${floor_ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use; set BENCH_UPSTREAM_PORT / BENCH_GATEWAY_PORT / BENCH_NOJOURNAL_PORT /" \
      "BENCH_FLOOR_PORT" >&2; exit 2
  fi
done

wait_up() {
  for _ in $(seq 1 150); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "not up: $1" >&2; exit 1
}

"$java" -Xms256m -Xmx256m -XX:+UseSerialGC -Djava.awt.headless=true -cp "$cp" \
  dev.imagegate.bench.MockUpstream "$up_port" > "$out/upstream.log" 2>&1 &
up_pid=$!; pids+=("$up_pid")
sed "s/127\.0\.0\.1:18081/127.0.0.1:$up_port/" "$root/bench/gateway.yaml" > "$out/gateway.yaml"
gateway_opts="-Xms$heap -Xmx$heap ${GATEWAY_JAVA_OPTS:--XX:+UseG1GC -XX:G1HeapRegionSize=4m}"
# shellcheck disable=SC2086
"$java" $gateway_opts --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$root/cli/target/imagegate.jar" serve \
  --config "$out/gateway.yaml" --host 127.0.0.1 --port "$gw_port" > "$out/gateway.log" 2>&1 &
gw_pid=$!; pids+=("$gw_pid")
# The same gateway without the spend journal, in a folder of its own (its own SQLite file): the baseline of the
# durable spend write.
mkdir -p "$out/nojournal"
{ cat "$out/gateway.yaml"; printf '\ngeneral_settings:\n  spend_journal: false\n'; } > "$out/nojournal/gateway.yaml"
# shellcheck disable=SC2086
"$java" $gateway_opts --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$root/cli/target/imagegate.jar" serve \
  --config "$out/nojournal/gateway.yaml" --host 127.0.0.1 --port "$nj_port" > "$out/nojournal/gateway.log" 2>&1 &
nj_pid=$!
# The floors (--floor): FloorProxy forwards to one fixed upstream URL, so one per answer size, and a streaming one.
if [ "$floor" = 1 ]; then
  floor_args=("small $floor_port" "large $((floor_port + 1))" "large $((floor_port + 2)) -Dfloor.stream=true")
  for spec in "${floor_args[@]}"; do
    read -r size port flag <<< "$spec"
    # shellcheck disable=SC2086
    "$java" $gateway_opts ${flag:-} -cp "$cp" dev.imagegate.bench.FloorProxy "$port" \
      "http://127.0.0.1:$up_port/$size/v1/images/generations" > "$out/floor-$port.log" 2>&1 &
    pids+=("$!")
  done
fi
wait_up "http://127.0.0.1:$up_port/stats"
wait_up "http://127.0.0.1:$gw_port/health/liveliness"
wait_up "http://127.0.0.1:$nj_port/health/liveliness"
for port in "${floor_ports[@]}"; do
  wait_up "http://127.0.0.1:$port/"
done

direct_url() { echo "http://127.0.0.1:$up_port/$1/v1/images/generations"; }
gateway_url="http://127.0.0.1:$gw_port/v1/images/generations"
url_of() {
  case "$1" in
    direct-*) direct_url "${1#direct-}" ;;
    gateway-*) echo "$gateway_url" ;;
    nojournal-*) echo "http://127.0.0.1:$nj_port/v1/images/generations" ;;
    floor-small) echo "http://127.0.0.1:$floor_port/v1/images/generations" ;;
    floor-large) echo "http://127.0.0.1:$((floor_port + 1))/v1/images/generations" ;;
    floorstream-large) echo "http://127.0.0.1:$((floor_port + 2))/v1/images/generations" ;;
  esac
}
pid_of() {
  case "$1" in
    gateway-*) echo "$gw_pid" ;;
    nojournal-*) echo "$nj_pid" ;;
    floor-small) echo "${pids[2]}" ;;
    floor-large) echo "${pids[3]}" ;;
    floorstream-large) echo "${pids[4]}" ;;
  esac
}
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
alive() {
  kill -0 "$gw_pid" 2>/dev/null || { echo "the gateway died; see $out/gateway.log" >&2; exit 1; }
  kill -0 "$up_pid" 2>/dev/null || { echo "the upstream died; see $out/upstream.log" >&2; exit 1; }
  kill -0 "$nj_pid" 2>/dev/null || { echo "the gateway without journal died; see $out/nojournal/gateway.log" >&2
    exit 1; }
}
# journal_counter NAME: the journaled gateway's imagegate_spend_journal_NAME_total.
journal_counter() {
  curl -s "http://127.0.0.1:$gw_port/metrics" | awk -v n="imagegate_spend_journal_$1_total" '$1 == n { printf "%d", $2 }'
}
clk_tck=$(getconf CLK_TCK)

# run_wrk NAME TARGET-SIZE THREADS CONNECTIONS SECONDS ROUND: one wrk run, its WRK line plus CPU per request.
run_wrk() {
  local name=$1 target=$2 threads=$3 conns=$4 secs=$5 round=$6 g0 u0 g1 u1 line requests journal=""
  local proxy_pid; proxy_pid=$(pid_of "$target")
  proxy_pid=${proxy_pid:-$gw_pid}
  local s0 r0; s0=$(journal_counter syncs); r0=$(journal_counter rows)
  g0=$(ticks "$proxy_pid"); u0=$(ticks "$up_pid")
  line=$(wrk -t"$threads" -c"$conns" -d"${secs}s" -s "$root/bench/post.lua" "$(url_of "$target")" \
    -- "bench-${target#*-}" | grep '^WRK')
  alive
  g1=$(ticks "$proxy_pid"); u1=$(ticks "$up_pid")
  requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<< "$line")
  requests=$(( requests > 0 ? requests : 1 ))
  [ "${target%%-*}" = gateway ] && journal="syncs=$(( $(journal_counter syncs) - s0 )) rows=$(( $(journal_counter rows) - r0 ))"
  echo "WRK scenario=$name round=$round ${line#WRK } gw_cpu_us=$(( (g1 - g0) * 1000000 / clk_tck / requests ))" \
    "up_cpu_us=$(( (u1 - u0) * 1000000 / clk_tck / requests )) $journal" | tee -a "$results"
}

{
  echo "META date=$(date -u +%Y-%m-%dT%H:%MZ) cores=$(nproc) load_before=$(cut -d' ' -f1 /proc/loadavg)" \
    "jdk=$("$java" -version 2>&1 | head -n 1 | tr ' ' '_' | tr -d '"')" "gateway_opts=${gateway_opts// /,}" \
    "threads=2 connections=$connections seconds=$seconds rounds=$rounds"
} >> "$results"

# The JIT needs a while on a busy 2-core machine: after 10 s of small-answer load C2 still took a quarter of the
# gateway's CPU, after 60 s under 2% (per-thread CPU from /proc). The gateway gets the full warm-up for each answer
# size, the floor proxies half of it, the upstream a quarter.
echo "warming up (${warmup} s each gateway size, $((warmup / 4)) s each direct)..."
floor_targets=()
[ "$floor" = 1 ] && floor_targets=(floor-small floor-large floorstream-large)
for target in gateway-small nojournal-small gateway-large nojournal-large direct-small direct-large \
  "${floor_targets[@]}"; do
  secs=$warmup
  case "$target" in direct-*) secs=$((warmup / 4)) ;; floor*) secs=$((warmup / 2)) ;; esac
  wrk -t2 -c"$connections" -d"${secs}s" -s "$root/bench/post.lua" "$(url_of "$target")" \
    -- "bench-${target#*-}" > /dev/null
done

for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds"
  # the gateway without journal takes the large answers too, so both gateways' JIT sees the same mix of calls (when
  # only the journaled one served large answers, its small-call code was recompiled round after round, and the
  # comparison charged that to the journal)
  # and the two gateways take turns going first, so neither is always the one measured right after the other
  if [ $((round % 2)) = 1 ]; then first=gateway second=nojournal; else first=nojournal second=gateway; fi
  for target in direct-small "$first-small" "$second-small" direct-large "$first-large" "$second-large" \
    "${floor_targets[@]}"; do
    run_wrk "$target" "$target" 2 "$connections" "$seconds" "$round"
  done
  for target in direct-small gateway-small nojournal-small direct-large gateway-large; do
    run_wrk "c1-$target" "$target" 1 1 "$seconds" "$round"
  done
done

# Open loop at 30% of the gateway's closed-loop throughput (the Java load generator costs more CPU per request than
# wrk, on the same 2 cores), the same rate for direct and gateway.
open_rate() { grep "scenario=$1 " "$results" | sed 's/.* rps=\([0-9.]*\).*/\1/' | sort -n \
  | awk '{ v[NR] = $1 } END { r = int(v[int((NR + 1) / 2)] * 0.3); print (r < 1 ? 1 : r) }'; }
small_rate=$(open_rate gateway-small)
large_rate=$(open_rate gateway-large)
for size in small large; do
  rate=$small_rate; [ "$size" = large ] && rate=$large_rate
  for target in direct gateway; do
    url=$(url_of "$target-$size")
    "$java" -cp "$cp" dev.imagegate.bench.OpenLoop --url "$url" --model "bench-$size" --rate "$rate" \
      --seconds "$seconds" --warmup 2 --label "$target-$size" 2>/dev/null | grep '^OPENLOOP' | tee -a "$results"
  done
done

echo "hold test: $hold_count large responses in flight..."
"$java" -cp "$cp" dev.imagegate.bench.HoldTest --url "$gateway_url" --model bench-hold --count "$hold_count" \
  --pid "$gw_pid" --upstream "http://127.0.0.1:$up_port" 2>"$out/hold.err" | grep '^HOLD' | tee -a "$results"
echo "META load_after=$(cut -d' ' -f1 /proc/loadavg)" >> "$results"

status=0
"$java" -cp "$cp" dev.imagegate.bench.Summary "$results" | tee "$out/summary.txt" || status=$?
echo "results: $out"
exit "$status"
