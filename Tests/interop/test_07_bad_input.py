"""Bad input over raw HTTP: clear 4xx answers that name the problem, and no state change."""

import json

import pytest
import requests
from conductor.client.http.rest import ApiException

from interop_helpers import uid

JSON = {"Content-Type": "application/json"}


def _snapshot(api):
    defs = requests.get(f"{api}/metadata/taskdefs").json()
    wfs = requests.get(f"{api}/metadata/workflow").json()
    return (sorted(json.dumps(d, sort_keys=True) for d in defs),
            sorted(json.dumps(d, sort_keys=True) for d in wfs))


def _error(r, status):
    assert r.status_code == status, (r.status_code, r.text)
    body = r.json()
    assert body["status"] == status
    assert isinstance(body.get("message"), str) and body["message"]
    return body["message"]


@pytest.fixture
def api(baton):
    return baton.api


def test_bad_requests_are_4xx_and_change_nothing(api):
    name = uid("bad_wf")
    good = {"name": name, "version": 1, "schemaVersion": 2,
            "tasks": [{"name": uid("bad_t"), "taskReferenceName": "a", "type": "SIMPLE"}]}
    assert requests.post(f"{api}/metadata/workflow", json=good).status_code == 200
    before = _snapshot(api)

    # malformed JSON
    msg = _error(requests.post(f"{api}/metadata/taskdefs", data='[{"name": ', headers=JSON), 400)
    assert "json" in msg.lower()
    msg = _error(requests.post(f"{api}/workflow", data='{"name": "x", input: }', headers=JSON), 400)
    assert "json" in msg.lower()

    # wrong type in a field: the message names the field
    msg = _error(requests.post(f"{api}/metadata/taskdefs",
                               json=[{"name": uid("bad_td"), "retryCount": "three"}]), 400)
    assert "retryCount" in msg
    msg = _error(requests.post(f"{api}/workflow", json={"name": name, "input": "not-an-object"}), 400)
    assert "input" in msg
    msg = _error(requests.post(f"{api}/metadata/workflow",
                               json={**good, "name": uid("bad_wf2"), "timeoutSeconds": "soon"}), 400)
    assert "timeoutSeconds" in msg
    msg = _error(requests.post(f"{api}/metadata/taskdefs",
                               json=[{"name": uid("bad_td"), "timeoutPolicy": "BOGUS"}]), 400)
    assert "timeoutPolicy" in msg
    # a single object where a list is expected (POST /metadata/taskdefs takes a list)
    _error(requests.post(f"{api}/metadata/taskdefs", json={"name": uid("bad_td")}), 400)

    # duplicate taskReferenceName (both POST and the PUT list)
    dup = {"name": uid("bad_dup"), "version": 1, "schemaVersion": 2, "tasks": [
        {"name": "x", "taskReferenceName": "same", "type": "SIMPLE"},
        {"name": "y", "taskReferenceName": "same", "type": "SIMPLE"}]}
    assert "same" in _error(requests.post(f"{api}/metadata/workflow", json=dup), 400)
    assert "same" in _error(requests.put(f"{api}/metadata/workflow", json=[good, dup]), 400)

    # empty name, no tasks
    _error(requests.post(f"{api}/metadata/workflow", json={"name": "", "tasks": []}), 400)

    # unknown workflow
    _error(requests.post(f"{api}/workflow", json={"name": uid("nope"), "input": {}}), 404)
    _error(requests.post(f"{api}/workflow/{uid('nope')}", json={}), 404)
    _error(requests.get(f"{api}/metadata/workflow/{uid('nope')}"), 404)
    _error(requests.get(f"{api}/workflow/{uid('nope')}"), 404)
    _error(requests.delete(f"{api}/metadata/taskdefs/{uid('nope')}", json={}), 404)

    # poll limits
    assert "count" in _error(requests.get(f"{api}/tasks/poll/batch/x", params={"count": 0}), 400)
    assert "timeout" in _error(requests.get(f"{api}/tasks/poll/batch/x", params={"timeout": 10000}), 400)

    # a task update without ids
    _error(requests.post(f"{api}/tasks", json={"taskId": "", "workflowInstanceId": "", "status": "COMPLETED"}), 400)

    assert _snapshot(api) == before
    assert requests.get(f"{api}/metadata/workflow/{name}").status_code == 200


def test_sdk_sees_errors_as_api_exception(workflow_client, metadata_client):
    from conductor.client.http.models import StartWorkflowRequest
    with pytest.raises(ApiException) as e:
        workflow_client.start_workflow(StartWorkflowRequest(name=uid("nope"), input={}))
    assert e.value.status == 404
    assert "No such workflow" in (e.value.message or "")


def test_body_over_limit_is_413(own_server):
    server = own_server(["--max-body-size", "1024"])
    api = server.api
    before = _snapshot(api)
    big = [{"name": uid("big"), "description": "x" * 4096}]
    r = requests.post(f"{api}/metadata/taskdefs", json=big)
    assert r.status_code == 413, (r.status_code, r.text[:200])
    assert "1024" in r.json()["message"]
    r = requests.post(f"{api}/workflow", json={"name": "whatever", "input": {"blob": "y" * 4096}})
    assert r.status_code == 413
    # still serving, nothing changed, a small request still works
    assert _snapshot(api) == before
    small = [{"name": uid("small")}]
    assert requests.post(f"{api}/metadata/taskdefs", json=small).status_code == 200
    assert server.proc.poll() is None
