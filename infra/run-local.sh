#!/usr/bin/env bash
# Builds PSA Bridge and runs the gateway, psa-worker, webhook-receiver and the ConnectWise simulator
# against PostgreSQL and RabbitMQ (local defaults on 127.0.0.1; POSTGRES_* / RABBITMQ_* override),
# connects a demo tenant to the simulator and prints a curl that enqueues a note.
#   infra/run-local.sh           run until Ctrl-C
#   infra/run-local.sh --smoke   enqueue the demo note, wait until the simulator has it, stop
# On a machine with only a JDK: when nothing answers on 127.0.0.1:5432 / :5672 and no POSTGRES_* /
# RABBITMQ_* is set, an embedded PostgreSQL and an embedded Apache Qpid broker are started in a process
# of their own (pipeline-core's com.psabridge.core.embedded). PSA_LOCAL_SERVICES=embedded forces that,
# PSA_LOCAL_SERVICES=local forbids it. Embedded data is kept in .run/embedded/ between runs.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=false
[ "${1:-}" = "--smoke" ] && smoke=true

state=.run
mkdir -p "$state"
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | sed -n 2p)

local_services=${PSA_LOCAL_SERVICES:-auto}
postgres_configured=${POSTGRES_HOST:-}${POSTGRES_PORT:-}
rabbitmq_configured=${RABBITMQ_HOST:-}${RABBITMQ_PORT:-}
export POSTGRES_HOST=${POSTGRES_HOST:-127.0.0.1} POSTGRES_PORT=${POSTGRES_PORT:-5432}
export RABBITMQ_HOST=${RABBITMQ_HOST:-127.0.0.1} RABBITMQ_PORT=${RABBITMQ_PORT:-5672}
export PSA_ADMIN_API_KEY=${PSA_ADMIN_API_KEY:-local-admin-key}
export PSA_CONNECTWISE_CLIENT_ID=${PSA_CONNECTWISE_CLIENT_ID:-00000000-0000-0000-0000-00000000local}
export PSA_CONNECTWISE_ALLOW_INSECURE_HTTP=${PSA_CONNECTWISE_ALLOW_INSECURE_HTTP:-true}
export PSA_CALLBACK_PUBLIC_URL=${PSA_CALLBACK_PUBLIC_URL:-http://127.0.0.1:8081}
# Tenant private keys stored by one run must open in the next: keep the local key on disk.
if [ -z "${PSA_CREDENTIALS_KEY:-}" ]; then
  [ -s "$state/credentials.key" ] || head -c 32 /dev/urandom | base64 > "$state/credentials.key"
  PSA_CREDENTIALS_KEY=$(cat "$state/credentials.key")
  export PSA_CREDENTIALS_KEY
fi
simulator_port=${SIMULATOR_PORT:-8090}

answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Which PostgreSQL and broker run: the ones that answer, else embedded ones unless some were configured.
mode() { # name host port configured -> prints local or embedded
  if [ "$local_services" = embedded ]; then echo embedded; return; fi
  if answers "$2" "$3"; then echo local; return; fi
  if [ "$local_services" = local ] || [ -n "$4" ]; then
    echo "$1 does not answer on $2:$3. Start it (see README, 'Local services'), point ${1^^}_HOST/_PORT at one," >&2
    echo "or unset ${1^^}_HOST/_PORT to run an embedded one." >&2
    exit 1
  fi
  echo embedded
}
postgres_mode=$(mode PostgreSQL "$POSTGRES_HOST" "$POSTGRES_PORT" "$postgres_configured")
rabbitmq_mode=$(mode RabbitMQ "$RABBITMQ_HOST" "$RABBITMQ_PORT" "$rabbitmq_configured")

echo "Building (./mvnw package, tests skipped)..."
./mvnw -B -q -DskipTests package

pids=()
embedded_pid=
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  # The services are gone: now the database and broker they used.
  if [ -n "$embedded_pid" ]; then kill "$embedded_pid" 2>/dev/null || true; wait "$embedded_pid" 2>/dev/null || true; fi
}
trap stop EXIT
trap 'exit 130' INT TERM

start() { # name jar args...
  local name=$1 jar=$2; shift 2
  local own=(); [ -f "infra/$name.jvm.options" ] && own=("@infra/$name.jvm.options")
  # MALLOC_ARENA_MAX: as in the image (infra/docker/Dockerfile).
  MALLOC_ARENA_MAX=2 java @infra/jvm.options "${own[@]}" -jar "$jar" "$@" > "$state/$name.log" 2>&1 &
  pids+=($!)
}

wait_healthy() { # name url
  for _ in $(seq 1 90); do
    if curl -fs "$2" > /dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "$1 did not become healthy; see $state/$1.log" >&2
  tail -n 40 "$state/$1.log" >&2
  exit 1
}

if [ "$postgres_mode" = embedded ] || [ "$rabbitmq_mode" = embedded ]; then
  # The embedded servers' libraries are optional dependencies of pipeline-core: no service jar has them.
  ./mvnw -B -q -DskipTests -pl pipeline-core -am package dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime.classpath
  embedded_args=(--dir="$state/embedded")
  [ "$postgres_mode" = embedded ] && embedded_args+=(--postgres="${EMBEDDED_POSTGRES_PORT:-54329}")
  [ "$rabbitmq_mode" = embedded ] && embedded_args+=(--broker="${EMBEDDED_BROKER_PORT:-56729}")
  java -Xss512k -XX:+UseSerialGC \
    -cp "pipeline-core/target/pipeline-core-$version.jar:$(cat pipeline-core/target/runtime.classpath)" \
    com.psabridge.core.embedded.EmbeddedServices "${embedded_args[@]}" > "$state/embedded.log" 2>&1 &
  embedded_pid=$!
  for _ in $(seq 1 120); do
    grep -q '^READY' "$state/embedded.log" 2>/dev/null && break
    kill -0 "$embedded_pid" 2>/dev/null || { cat "$state/embedded.log" >&2; echo "The embedded services did not start" >&2; exit 1; }
    sleep 1
  done
  grep -q '^READY' "$state/embedded.log" || { echo "The embedded services did not start in 120 s; see $state/embedded.log" >&2; exit 1; }
  if [ "$postgres_mode" = embedded ]; then
    export POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=${EMBEDDED_POSTGRES_PORT:-54329} POSTGRES_DB=postgres \
      POSTGRES_USER=postgres POSTGRES_PASSWORD=
  fi
  if [ "$rabbitmq_mode" = embedded ]; then
    # Qpid takes other queue arguments than RabbitMQ: see pipeline-core's MessageBroker.
    export RABBITMQ_HOST=127.0.0.1 RABBITMQ_PORT=${EMBEDDED_BROKER_PORT:-56729} RABBITMQ_USERNAME=guest \
      RABBITMQ_PASSWORD=guest PSA_QUEUE_BROKER=qpid
  fi
fi
postgres_says="PostgreSQL $POSTGRES_HOST:$POSTGRES_PORT"
[ "$postgres_mode" = embedded ] && postgres_says="$postgres_says (embedded, data in $state/embedded/postgres)"
rabbitmq_says="RabbitMQ $RABBITMQ_HOST:$RABBITMQ_PORT"
[ "$rabbitmq_mode" = embedded ] && rabbitmq_says="Apache Qpid Broker-J $RABBITMQ_HOST:$RABBITMQ_PORT (embedded, in memory)"
echo "Mode: $postgres_mode PostgreSQL, $rabbitmq_mode broker -- $postgres_says; $rabbitmq_says"

start connectwise-simulator "connectwise-simulator/target/connectwise-simulator-$version.jar" --port="$simulator_port"
SERVER_PORT=8080 start gateway "gateway/target/gateway-$version.jar"
SERVER_PORT=8082 start psa-worker "psa-worker/target/psa-worker-$version.jar"
SERVER_PORT=8081 start webhook-receiver "webhook-receiver/target/webhook-receiver-$version.jar"

wait_healthy connectwise-simulator "http://127.0.0.1:$simulator_port/login/companyinfo/demo"
wait_healthy gateway http://127.0.0.1:8080/actuator/health
wait_healthy psa-worker http://127.0.0.1:8082/actuator/health
wait_healthy webhook-receiver http://127.0.0.1:8081/actuator/health

admin=(-H "Authorization: Bearer $PSA_ADMIN_API_KEY" -H 'Content-Type: application/json')
curl -fsS -X PUT "${admin[@]}" http://127.0.0.1:8080/v1/tenants/demo/connection -d "{
  \"site\": \"http://127.0.0.1:$simulator_port\", \"companyId\": \"demo\", \"publicKey\": \"demo-public\",
  \"privateKey\": \"demo-private\", \"codebase\": \"v4_6_release\", \"apiMemberIdentifier\": \"psabridge\" }" > /dev/null
curl -fsS -X PUT "${admin[@]}" http://127.0.0.1:8080/v1/tenants/demo/member-mappings/u-42 \
  -d '{ "memberId": 151, "memberIdentifier": "jdoe" }' > /dev/null

enqueue="curl -sS -X POST http://127.0.0.1:8080/v1/tenants/demo/ticket-notes \\
  -H 'Authorization: Bearer $PSA_ADMIN_API_KEY' -H 'Content-Type: application/json' \\
  -d '{\"ticketId\": 12345, \"text\": \"Session summary: reset the VPN profile\", \"noteType\": \"INTERNAL_ANALYSIS\",
       \"visibility\": \"INTERNAL\", \"userId\": \"u-42\", \"statusId\": 17, \"reference\": \"session-9f1c\"}'"

cat <<INFO

PSA Bridge is running (logs in $state/):
  gateway               http://127.0.0.1:8080   (admin key: $PSA_ADMIN_API_KEY)
  webhook-receiver      http://127.0.0.1:8081
  psa-worker            http://127.0.0.1:8082/actuator/health
  ConnectWise simulator http://127.0.0.1:$simulator_port  (tenant "demo" is connected to it; user u-42 = member jdoe)
  $postgres_says
  $rabbitmq_says

Enqueue a note:
$enqueue

Then see it arrive in ConnectWise (the simulator):
  curl -s http://127.0.0.1:$simulator_port/__sim/notes/12345
and follow the request with the Location the gateway answered (GET with the same key).
INFO

if $smoke; then
  answer=$(eval "$enqueue")
  echo "gateway answered: $answer"
  for _ in $(seq 1 30); do
    notes=$(curl -fs "http://127.0.0.1:$simulator_port/__sim/notes/12345" || true)
    if echo "$notes" | grep -q "reset the VPN profile"; then
      echo "smoke: the note arrived in the simulator"
      exit 0
    fi
    sleep 1
  done
  echo "smoke: the note did not arrive; see $state/*.log" >&2
  exit 1
fi

echo "Ctrl-C stops everything."
wait
