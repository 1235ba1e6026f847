#!/usr/bin/env bash
# Load test of `segment serve` (the HTTP functions without the Functions host) on loopback with the embedded store: GET /api/customers/{id}/scores next to
# GET /api/health (the ceiling) in the same run, at full load (closed loop, as fast as the connections go) and at half
# load: HALF_RATE requests/s (10000, half of the 20k req/s goal) offered on a fixed schedule of send times. Not part of
# the test suite. One command; seeds the data directory first when it has no promoted model (dotnet run
# bench/serving/seed.cs, a few minutes for 100k customers):
#   bench/serving/loadtest.sh [data-dir (default /tmp/serving-bench)] [customers (default 100000)]
# Environment: DURATION (15s), HALF_RATE (10000), REPETITIONS (3; medians printed), CONNECTIONS (32), THREADS (1:
# wrk shares the cores with the server), PORT (7090), WARMUP (20s of scores, then 5s of health: tiered compilation
# and dynamic PGO need ~15 s of load to settle). Every figure is printed with the 1-minute load average: on a busy
# machine compare the ratio, not the rates.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${1:-/tmp/serving-bench}
customers=${2:-100000}
duration=${DURATION:-15s}
half_rate=${HALF_RATE:-10000}
repetitions=${REPETITIONS:-3}
connections=${CONNECTIONS:-32}
threads=${THREADS:-1}
port=${PORT:-7090}
out=$(mktemp -d)

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
if [[ ! -f "$data/blobs/models/current.json" || ! -f "$data/features.db" ]]; then
  echo "seeding $data with $customers customers ..."
  rm -rf "$data"
  dotnet run "$here/seed.cs" -- "$data" "$customers"
fi
dotnet publish "$root/functions/SegmentFunctions.Cli" -c Release -o "$out/serve" --nologo -v quiet >/dev/null

# DOTNET_GCgen0size as the app settings give it (infra/settings.json): the gen0 budget the runtime derives from the
# CPU's cache size is a few MB where the cache size is not reported, as on this kind of VM.
SEGMENT_DATA_DIR=$data Telemetry__Exporter=None DOTNET_GCgen0size=0x4000000 \
  "$out/serve/segment" serve --port "$port" >"$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$out"' EXIT

base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  if curl -fs "$base/api/health" 2>/dev/null | grep -q '"status":"healthy"'; then break; fi
  sleep 0.5
done
curl -fs "$base/api/health" | grep -q '"status":"healthy"' || { echo "server not healthy" >&2; cat "$out/serve.log" >&2; exit 1; }
echo "server: $(curl -fs "$base/api/health")"
echo "sample:  $(curl -fs "$base/api/customers/c0000042/scores" | cut -c1-200)..."
echo "wrk: $threads thread(s), $connections connections, $duration per run"

load() { cut -d' ' -f1 /proc/loadavg; }
# wrk prints latencies as 812.00us, 1.26ms or 1.02s: in milliseconds, so that runs compare.
to_ms() { awk '{ v = $1 + 0; if ($1 ~ /us$/) v /= 1000; else if ($1 ~ /[0-9]s$/ && $1 !~ /ms$/) v *= 1000; printf "%.2f", v }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { printf "%s", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# The server's CPU time (user + system, clock ticks) from /proc: CPU per request holds still on a busy machine.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }

run() { # kind rate (requests/s, 0 = as fast as possible) -> prints "rps p50 p99 cpu-us-per-request errors"
  local kind=$1 rate=$2 before after
  before=$(cpu_ticks)
  PATH_KIND=$kind CUSTOMERS=$customers RATE=$(awk -v r="$rate" -v t="$threads" 'BEGIN {print r / t}') \
    wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/random-customer.lua" "$base" >"$out/wrk.txt"
  after=$(cpu_ticks)
  local rps p50 p99 errors requests cpu
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/wrk.txt")
  requests=$(awk '/requests in/ {print $1}' "$out/wrk.txt")
  cpu=$(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')
  p50=$(awk '$1=="50%" {print $2}' "$out/wrk.txt" | to_ms)
  p99=$(awk '$1=="99%" {print $2}' "$out/wrk.txt" | to_ms)
  errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' "$out/wrk.txt")
  echo "$rps $p50 $p99 $cpu ${errors:-}"
}

echo "warm-up ..."
DURATION=${WARMUP:-20s} run scores 0 >/dev/null
DURATION=5s run health 0 >/dev/null

# Each repetition runs the four cases in turn, so a drift of the machine touches them alike; medians at the end.
row() { printf '%-8s %-6s %5s %12s %10s %10s %12s %8s  %s\n' "$@"; }
row endpoint load rep "req/s" "p50 ms" "p99 ms" "cpu-us/req" loadavg errors
declare -A figures
for rep in $(seq 1 "$repetitions"); do
  for load_kind in full half; do
    for kind in health scores; do
      rate=0
      [[ $load_kind == half ]] && rate=$half_rate
      read -r rps p50 p99 cpu_us errors <<<"$(run "$kind" "$rate")"
      row "$kind" "$load_kind" "$rep" "$rps" "$p50" "$p99" "$cpu_us" "$(load)" "$errors"
      for field in rps p50 p99 cpu_us; do figures[$kind,$load_kind,$field]+="${!field} "; done
    done
  done
done
echo "medians of $repetitions:"
declare -A med
for load_kind in full half; do
  for kind in health scores; do
    for field in rps p50 p99 cpu_us; do med[$kind,$load_kind,$field]=$(median <<<"${figures[$kind,$load_kind,$field]}"); done
    row "$kind" "$load_kind" median "${med[$kind,$load_kind,rps]}" "${med[$kind,$load_kind,p50]}" "${med[$kind,$load_kind,p99]}" "${med[$kind,$load_kind,cpu_us]}" "" ""
  done
done
awk -v s="${med[scores,full,rps]}" -v h="${med[health,full,rps]}" 'BEGIN {printf "scores/health throughput ratio at full load: %.2f\n", s / h}'
awk -v s="${med[scores,full,cpu_us]}" -v h="${med[health,full,cpu_us]}" 'BEGIN {printf "health/scores server CPU per request at full load: %.2f (what the ratio tends to when the server has the cores)\n", h / s}'
