#!/usr/bin/env bash
# Builds PSA Bridge and runs the gateway, psa-worker, webhook-receiver and the ConnectWise simulator
# against PostgreSQL and RabbitMQ (local defaults on 127.0.0.1; POSTGRES_* / RABBITMQ_* override),
# connects a demo tenant to the simulator and prints a curl that enqueues a note.
#   infra/run-local.sh           run until Ctrl-C
#   infra/run-local.sh --smoke   enqueue the demo note, wait until the simulator has it, stop
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=false
[ "${1:-}" = "--smoke" ] && smoke=true

state=.run
mkdir -p "$state"
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | sed -n 2p)

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
for service in "PostgreSQL $POSTGRES_HOST $POSTGRES_PORT" "RabbitMQ $RABBITMQ_HOST $RABBITMQ_PORT"; do
  set -- $service
  if ! answers "$2" "$3"; then
    echo "$1 does not answer on $2:$3. Start it (see README, 'Local services') or point ${1^^}_HOST/_PORT at one." >&2
    exit 1
  fi
done

echo "Building (./mvnw package, tests skipped)..."
./mvnw -B -q -DskipTests package

pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

start() { # name jar args...
  local name=$1 jar=$2; shift 2
  java -Xss512k -XX:+UseSerialGC -jar "$jar" "$@" > "$state/$name.log" 2>&1 &
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
  PostgreSQL $POSTGRES_HOST:$POSTGRES_PORT, RabbitMQ $RABBITMQ_HOST:$RABBITMQ_PORT

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
