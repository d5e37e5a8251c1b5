#!/usr/bin/env bash
# Delivery-engine benchmark (issue 3): retry firing precision with 10,000 scheduled requests, and a healthy
# tenant's delivery latency with and without another tenant's ConnectWise hanging. Runs against the local
# PostgreSQL and RabbitMQ and an in-process ConnectWise simulator; prints a markdown table.
#   bench/delivery.sh [-Dbench.scheduled=10000] [-Dbench.tenants=50] [-Dbench.backlog=2000]
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f psa-worker/target/delivery-benchmark.md
log=$(mktemp)
# Built in the reactor with the modules it needs; only the benchmark runs.
if ! ./mvnw -B -pl psa-worker -am -Pbench test -Dtest=DeliveryBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    "$@" > "$log" 2>&1; then
  grep -E 'ERROR|FAIL' "$log" | head -40
  echo "benchmark failed; full log: $log" >&2
  exit 1
fi
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -n 1)"
cat psa-worker/target/delivery-benchmark.md
