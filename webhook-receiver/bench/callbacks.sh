#!/usr/bin/env bash
# Callbacks accepted per second and answer times of the callback intake (signing key cached), against the
# PostgreSQL and RabbitMQ named by POSTGRES_* / RABBITMQ_* (default: the local ones). Prints a Markdown table.
# Usage: webhook-receiver/bench/callbacks.sh [requests per round] [concurrency levels...]
#        webhook-receiver/bench/callbacks.sh --open [rate] [seconds]
#   --open: the receiver alone in one JVM, bench/LoadGen.java in another sending signed callbacks at a fixed
#   rate (open loop, answer times counted from when each was due); prints LoadGen's line plus the receiver's
#   CPU per callback (utime + stime of its process, warm-up excluded).
# Builds the reactor's classes itself (-am); nothing needs to be installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl webhook-receiver -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/webhook-receiver/target/bench-classpath.txt" >/dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr), $(java -version 2>&1 | head -n 1)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), load average before: $(cut -d" " -f1-3 /proc/loadavg)"
classpath="webhook-receiver/target/test-classes:webhook-receiver/target/classes:$(cat webhook-receiver/target/bench-classpath.txt)"
if [ "${1:-}" != --open ]; then
  exec java -Xmx1g -cp "$classpath" com.psabridge.webhook.bench.CallbackBenchmark "$@"
fi
rate=${2:-500} seconds=${3:-30}
fifo=$(mktemp -u) && mkfifo "$fifo"
log=$(mktemp)
# The receiver runs until its input (the fifo, held open here on fd 3) closes.
java -Xmx1g ${BENCH_RECEIVER_OPTS:-} -cp "$classpath" com.psabridge.webhook.bench.CallbackBenchmark serve < "$fifo" > "$log" 2>&1 &
exec 3> "$fifo"
trap 'exec 3>&-; wait; rm -f "$fifo" "$log"' EXIT
for _ in $(seq 120); do grep -q '^url=' "$log" && break; sleep 1; done
line=$(grep '^url=' "$log") || { cat "$log"; exit 1; }
field() { tr ' ' '\n' <<< "$line" | sed -n "s/^$1=//p"; }
url=$(field url) key_url=$(field key-url) warm_url=$(field warm-url) warm_key_url=$(field warm-key-url) pid=$(field pid)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
# Warm-up at half the rate on another tenant: JIT, pools, the signing key cache (not counted).
java bench/LoadGen.java callbacks --url "$warm_url" --key-url "$warm_key_url" --signing-key benchmark-signing-key \
  --rate $((rate / 2)) --duration 15 > /dev/null
cpu0=$(ticks "$pid")
result=$(java bench/LoadGen.java callbacks --url "$url" --key-url "$key_url" --signing-key benchmark-signing-key \
  --rate "$rate" --duration "$seconds")
cpu1=$(ticks "$pid")
accepted=$(tr ' ' '\n' <<< "$result" | sed -n 's/^accepted=//p')
echo "$result"
awk -v c=$((cpu1 - cpu0)) -v hz="$hz" -v n="${accepted:-0}" 'BEGIN {
  printf "receiver_cpu_ms_per_callback=%.3f\n", (n > 0) ? 1000 * c / hz / n : 0}'
