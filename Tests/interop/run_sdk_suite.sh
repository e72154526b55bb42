#!/usr/bin/env bash
#
# Run the conductor-python SDK's own example and the OSS-applicable parts of its
# integration tests against a Baton server, and print which pass.
#
# For developers; not part of CI (CI cannot fetch the SDK repository).
#
#   PYTHON_SDK_DIR=/tmp/python-sdk-v2 \
#     Tests/interop/run_sdk_suite.sh http://127.0.0.1:8080
#
#   PYTHON_SDK_DIR   a checkout of github.com/conductor-oss/python-sdk at tag v2.0.0
#                    (e.g. `git -C <clone> archive v2.0.0 | tar -x -C /tmp/python-sdk-v2`)
#   $1 or BATON_SERVER_URL or CONDUCTOR_SERVER_URL
#                    the server (with or without the trailing /api)
#   PYTHON           the interpreter that has conductor-python 2.0.0 and pytest
#                    (default: python3; e.g. /tmp/interop-venv/bin/python)
#   ITEMS            space-separated subset of the item names below (default: all)
#
# Exit status: 0 if every item passed, 1 otherwise.

set -u

SDK="${PYTHON_SDK_DIR:?set PYTHON_SDK_DIR to a python-sdk v2.0.0 checkout}"
URL="${1:-${BATON_SERVER_URL:-${CONDUCTOR_SERVER_URL:-}}}"
[ -n "$URL" ] || { echo "usage: PYTHON_SDK_DIR=... $0 SERVER_URL" >&2; exit 2; }
URL="${URL%/}"; URL="${URL%/api}"
PY="${PYTHON:-python3}"
LOGDIR="$(mktemp -d /tmp/baton-sdk-suite.XXXXXX)"

[ -f "$SDK/examples/helloworld/helloworld.py" ] || { echo "not a python-sdk checkout: $SDK" >&2; exit 2; }
curl -fsS "$URL/health" >/dev/null || { echo "server not healthy at $URL/health" >&2; exit 2; }

export CONDUCTOR_SERVER_URL="$URL/api"
export CONDUCTOR_HTTP2_ENABLED=false
unset CONDUCTOR_AUTH_KEY CONDUCTOR_AUTH_SECRET

declare -a NAMES RESULTS
run_item() {  # name, timeout seconds, command...
  local name="$1" secs="$2"; shift 2
  if [ -n "${ITEMS:-}" ] && [[ " $ITEMS " != *" $name "* ]]; then return; fi
  local log="$LOGDIR/$name.log" start=$SECONDS rc
  echo "=== $name: $*" >&2
  (cd "$SDK" && timeout "$secs" "$@") >"$log" 2>&1
  rc=$?
  local verdict=PASS
  [ $rc -eq 0 ] || verdict="FAIL(rc=$rc)"
  # pytest exits 5 when nothing was collected / everything deselected
  if [ $rc -eq 0 ] && grep -qE "^(=+ )?[0-9]+ skipped" "$log" && ! grep -qE "[0-9]+ passed" "$log"; then
    verdict="SKIPPED"
  fi
  local summary
  summary="$(grep -E '[0-9]+ (passed|failed|error|skipped)' "$log" | tail -1 | tr -s '=')"
  [ -n "$summary" ] || summary="$(grep -vE '^\s*$' "$log" | tail -1)"
  NAMES+=("$name"); RESULTS+=("$verdict  $((SECONDS - start))s  ${summary:0:110}")
}

PYTEST=("$PY" -m pytest -p no:cacheprovider -q -rfE --tb=short)

# 1. the helloworld example, unchanged: prints "workflow result: Hello, --> World"
run_item helloworld 90 bash -c "cd examples/helloworld && PYTHONPATH=\"$SDK/src\" \"$PY\" helloworld.py | tee /dev/stderr | grep -q 'workflow result: Hello, --> World'"

# 2. update-v2 (or its 404/405 fallback) with async workers that register their task defs
run_item v2_fallback 180 "${PYTEST[@]}" tests/integration/test_v2_fallback_intg.py

# 3. metadata: task/workflow def round trips (schemas, enforceSchema), kitchensink registration
run_item task_metadata 120 "${PYTEST[@]}" tests/integration/metadata/test_task_metadata_service.py
run_item workflow_definition 120 "${PYTEST[@]}" tests/integration/metadata/test_workflow_definition.py
run_item client_async 60 "${PYTEST[@]}" tests/integration/client/test_async.py

# 4. workflow-client lifecycle and task lifecycle from TestOrkesClients (the OSS parts only:
#    its secret/scheduler/application/user stages are Orkes features)
run_item orkes_clients_workflow_lifecycle 180 "$PY" -c "
import sys; sys.path[:0] = ['src', '.']
from conductor.client.configuration.configuration import Configuration
from conductor.client.workflow.conductor_workflow import ConductorWorkflow
from conductor.client.workflow.task.simple_task import SimpleTask
import tests.integration.client.orkes.test_orkes_clients as m
t = m.TestOrkesClients(Configuration())
wf = ConductorWorkflow(executor=t.workflow_executor, name=m.WORKFLOW_NAME, description='Test Create Workflow', version=1)
wf.input_parameters(['a', 'b'])
wf >> SimpleTask('simple_task', 'simple_task_ref')
t.test_workflow_lifecycle(wf.to_workflow_def(), wf)
print('workflow lifecycle: 1 passed')
"
run_item orkes_clients_task_lifecycle 180 "$PY" -c "
import sys; sys.path[:0] = ['src', '.']
from conductor.client.configuration.configuration import Configuration
import tests.integration.client.orkes.test_orkes_clients as m
m.TestOrkesClients(Configuration()).test_task_lifecycle()
print('task lifecycle: 1 passed')
"

# 5. lease extension: heartbeats keep a 50 s task with responseTimeoutSeconds 10 alive;
#    test_02 (no heartbeat -> server times the task out) is the server_timeout_unreliable case
run_item lease_extension 300 "${PYTEST[@]}" tests/integration/test_lease_extension.py -m "slow_sync"
run_item async_lease_extension 300 "${PYTEST[@]}" tests/integration/test_async_lease_extension.py -m "slow_async"

# 6. the end-to-end mix: TaskInProgress without a TaskDef, NonRetryableException, schemas
run_item comprehensive_e2e 240 "${PYTEST[@]}" tests/integration/test_comprehensive_e2e.py

echo
echo "Baton $URL  vs  conductor-python SDK at $SDK   (logs: $LOGDIR)"
failed=0
for i in "${!NAMES[@]}"; do
  printf '  %-36s %s\n' "${NAMES[$i]}" "${RESULTS[$i]}"
  [[ "${RESULTS[$i]}" == PASS* ]] || failed=1
done
exit $failed
