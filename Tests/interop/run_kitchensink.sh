#!/usr/bin/env bash
#
# Run the conductor-python SDK's examples/kitchensink.py, unchanged, against a Baton server that
# this script starts, and check that its workflow ends COMPLETED.
#
# The example's HTTP tasks call https://orkes-api-tester.orkesconductor.com/api. With no network,
# Tests/interop/fake_remote.py plays that host: Baton gets it as its --http-proxy, and the test CA
# that signed the fake's certificate as its --http-ca-file.
#
# For developers; not part of CI (CI cannot fetch the SDK repository).
#
#   PYTHON_SDK_DIR=/tmp/python-sdk-v2 PYTHON=/tmp/interop-venv/bin/python \
#     Tests/interop/run_kitchensink.sh
#
#   PYTHON_SDK_DIR   a checkout of github.com/conductor-oss/python-sdk at tag v2.0.0
#                    (e.g. `git -C <clone> archive v2.0.0 | tar -x -C /tmp/python-sdk-v2`)
#   PYTHON           the interpreter that has conductor-python 2.0.0 (default: python3)
#   BATON_BIN        the baton binary (default: .build/debug/baton)
#   BATON_DATABASE   the server's --database (default: a new SQLite file in a temp dir)
#
# Exit status: 0 if the workflow COMPLETED, 1 if not, 2 if something could not start.

set -u

HERE="$(cd "$(dirname "$0")" && pwd)"
SDK="${PYTHON_SDK_DIR:?set PYTHON_SDK_DIR to a python-sdk v2.0.0 checkout}"
PY="${PYTHON:-python3}"
BIN="${BATON_BIN:-$HERE/../../.build/debug/baton}"
WORK="$(mktemp -d /tmp/baton-kitchensink.XXXXXX)"
REMOTE_HOST=orkes-api-tester.orkesconductor.com

[ -f "$SDK/examples/kitchensink.py" ] || { echo "not a python-sdk checkout: $SDK" >&2; exit 2; }
[ -x "$BIN" ] || { echo "no baton binary at $BIN (swift build, or set BATON_BIN)" >&2; exit 2; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done; }
trap cleanup EXIT

# The fake remote: prints "PORT CA_FILE" once it listens.
"$PY" "$HERE/fake_remote.py" "$WORK/pki" "$REMOTE_HOST" >"$WORK/remote.out" 2>"$WORK/remote.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$WORK/remote.out" ] && break; sleep 0.1; done
read -r PROXY_PORT CA_FILE <"$WORK/remote.out" || { echo "fake remote did not start:" >&2; cat "$WORK/remote.log" >&2; exit 2; }

PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
"$BIN" server --port "$PORT" --database "${BATON_DATABASE:-sqlite:$WORK/baton.sqlite}" \
    --http-proxy "http://127.0.0.1:$PROXY_PORT" --http-ca-file "$CA_FILE" >"$WORK/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do curl -fsS "$URL/health" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "$URL/health" >/dev/null || { echo "server not healthy:" >&2; cat "$WORK/server.log" >&2; exit 2; }

echo "=== kitchensink.py against $URL (logs: $WORK)" >&2
(cd "$SDK/examples" && CONDUCTOR_SERVER_URL="$URL/api" CONDUCTOR_HTTP2_ENABLED=false \
    PYTHONPATH="$SDK/src" timeout 120 "$PY" kitchensink.py) 2>&1 | tee "$WORK/kitchensink.log"

# What ran: each task of the workflow and its output (an HTTP task's: what the fake remote answered).
WF_ID="$(sed -n 's|.*/execution/\([0-9a-zA-Z-]*\).*|\1|p' "$WORK/kitchensink.log" | tail -1)"
[ -z "$WF_ID" ] || "$PY" - "$URL/api/workflow/$WF_ID?includeTasks=true" <<'PYTHON'
import json, sys, urllib.request
for task in json.load(urllib.request.urlopen(sys.argv[1]))["tasks"]:
    output = task.get("outputData") or {}
    shown = json.dumps(output["response"]["body"] if "response" in output else output)
    print(f"  {task['taskType']:<18} {task['referenceTaskName'][:36]:<36} {task['status']:<10} {shown[:100]}")
PYTHON

if grep -q "Workflow status: COMPLETED" "$WORK/kitchensink.log"; then
    echo "kitchensink: PASS (workflow COMPLETED)"
    exit 0
fi
echo "kitchensink: FAIL (see $WORK)"
exit 1
