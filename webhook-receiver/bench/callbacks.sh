#!/usr/bin/env bash
# Callbacks accepted per second and answer times of the callback intake (signing key cached), against the
# PostgreSQL and RabbitMQ named by POSTGRES_* / RABBITMQ_* (default: the local ones). Prints a Markdown table.
# Usage: webhook-receiver/bench/callbacks.sh [requests per round] [concurrency levels...]
# Needs shared-model, pipeline-core and connectwise-simulator installed (./mvnw install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl webhook-receiver test-compile
./mvnw -B -q -pl webhook-receiver dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr), $(java -version 2>&1 | head -n 1)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), load average before: $(cut -d" " -f1-3 /proc/loadavg)"
exec java -Xmx1g -cp "webhook-receiver/target/test-classes:webhook-receiver/target/classes:$(cat webhook-receiver/target/bench-classpath.txt)" \
  com.psabridge.webhook.bench.CallbackBenchmark "$@"
