#!/usr/bin/env bash
# Starts the Frontdesk server for a benchmark and waits until it answers; prints "RUN_PID SERVER_PID".
# usage: bench/server.sh DATA_DIR PORT [extra server args…]   (stop it with: kill RUN_PID)
# The admin token is FRONTDESK_ADMIN_TOKEN (default: the bench's fixed token, the one `load` installs).
set -euo pipefail
data=${1:?usage: bench/server.sh DATA_DIR PORT [args…]}
port=${2:?usage: bench/server.sh DATA_DIR PORT [args…]}
shift 2
cd "$(dirname "$0")/.."
export FRONTDESK_ADMIN_TOKEN=${FRONTDESK_ADMIN_TOKEN:-fd_bench-admin-token-0123456789abcdefghijklmnopqrstuvwxyz}
mkdir -p "$data"
# From the project folder, so its appsettings.json (log levels) applies whatever the caller's folder.
(cd src/Frontdesk && exec dotnet run -c Release --no-build --project . -- --data "$data" --no-demo --urls "http://127.0.0.1:$port" "$@") \
  >"$data/server.log" 2>&1 &
run_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
    # `dotnet run` starts the server as its child; memory is read from that child.
    server_pid=$(pgrep -P "$run_pid" | head -1)
    echo "$run_pid ${server_pid:-$run_pid}"
    exit 0
  fi
  sleep 0.5
done
echo "server did not start; see $data/server.log" >&2
kill "$run_pid" 2>/dev/null || true
exit 1
