"""Workers: the SDK's TaskHandler (update-v2 path) and TaskClient v1 calls."""

import requests
from conductor.client.worker.worker import Worker

import interop_workers as w
from interop_helpers import (complete, poll_one, simple_task, start, tasks_by_ref, uid,
                             wait_status, workflow_def)


def _three_step_def(name, t1, t2, t3):
    return workflow_def(name, [
        simple_task(t1, "t1", {"x": "${workflow.input.x}"}),
        simple_task(t2, "t2", {"y": "${t1.output.y}", "x": "${workflow.input.x}"}),
        simple_task(t3, "t3", {"z": "${t2.output.z}", "label": "sum ${t2.output.z}",
                               "whole": "${t1.output}"}),
    ], output_parameters={"y": "${t1.output.y}", "z": "${t2.output.z}",
                          "echo": "${t3.output.input.label}", "x": "${workflow.input.x}"})


def test_task_handler_runs_three_task_workflow(metadata_client, workflow_client, task_handler):
    name, t1, t2, t3 = uid("wk_wf"), uid("wk_double"), uid("wk_add"), uid("wk_desc")
    metadata_client.register_workflow_def(_three_step_def(name, t1, t2, t3), overwrite=True)
    task_handler([Worker(t1, w.double, poll_interval=100),
                  Worker(t2, w.add_ten, poll_interval=100),
                  Worker(t3, w.describe, poll_interval=100)])

    wf_id = start(workflow_client, name, {"x": 21})
    wf = wait_status(workflow_client, wf_id, {"COMPLETED", "FAILED", "TERMINATED"}, timeout=30)
    assert wf.status == "COMPLETED", wf.reason_for_incompletion

    (a,), (b,), (c,) = tasks_by_ref(wf, "t1"), tasks_by_ref(wf, "t2"), tasks_by_ref(wf, "t3")
    assert [t.status for t in (a, b, c)] == ["COMPLETED"] * 3
    assert a.input_data == {"x": 21}
    assert b.input_data == {"y": 42, "x": 21}
    assert c.input_data["z"] == 52
    assert c.input_data["label"] == "sum 52"
    assert c.input_data["whole"]["y"] == 42
    assert b.output_data == {"z": 52, "seen_x": 21}
    assert c.output_data["ref"] == "t3"
    assert wf.output == {"y": 42, "z": 52, "echo": "sum 52", "x": 21}
    assert a.worker_id and a.start_time and a.end_time >= a.start_time


def test_same_type_chain_through_task_handler(metadata_client, workflow_client, task_handler):
    """Three consecutive tasks of one type: update-v2 may hand the next one back
    directly; either way every step completes exactly once."""
    name, tt = uid("wk_chain"), uid("wk_same")
    metadata_client.register_workflow_def(workflow_def(name, [
        simple_task(tt, f"s{i}", {"n": i}) for i in range(1, 4)]), overwrite=True)
    task_handler([Worker(tt, w.same_type_step, poll_interval=100, thread_count=2)])
    ids = [start(workflow_client, name, {}) for _ in range(3)]
    for wf_id in ids:
        wf = wait_status(workflow_client, wf_id, {"COMPLETED", "FAILED"}, timeout=30)
        assert wf.status == "COMPLETED"
        assert [t.reference_task_name for t in wf.tasks] == ["s1", "s2", "s3"]
        assert [t.output_data["n"] for t in wf.tasks] == [1, 2, 3]
        assert all(t.output_data["task_id"] == t.task_id for t in wf.tasks)


def test_update_v2_returns_next_task_already_polled(baton, metadata_client, workflow_client):
    """What the SDK relies on in update-v2: the answer is the next task of the
    same type, already dequeued and IN_PROGRESS (or no content)."""
    name, tt = uid("wk_v2raw"), uid("wk_v2raw_t")
    metadata_client.register_workflow_def(workflow_def(name, [
        simple_task(tt, "a"), simple_task(tt, "b")]), overwrite=True)
    wf_id = start(workflow_client, name, {})
    api = baton.api
    polled = requests.get(f"{api}/tasks/poll/batch/{tt}",
                          params={"workerid": "w1", "count": 1, "timeout": 100}).json()
    assert len(polled) == 1 and polled[0]["referenceTaskName"] == "a"
    r = requests.post(f"{api}/tasks/update-v2", json={
        "workflowInstanceId": wf_id, "taskId": polled[0]["taskId"], "workerId": "w1",
        "status": "COMPLETED", "outputData": {"k": 1}, "extendLease": False})
    assert r.status_code == 200, (r.status_code, r.text)
    nxt = r.json()
    assert nxt["referenceTaskName"] == "b"
    assert nxt["status"] == "IN_PROGRESS"
    assert nxt["taskType"] == tt
    assert nxt["workerId"] == "w1"
    assert nxt["pollCount"] == 1
    assert nxt["inputData"] == {}
    # it was dequeued: nobody else can poll it
    assert requests.get(f"{api}/tasks/poll/batch/{tt}", params={"count": 5, "timeout": 100}).json() == []
    r = requests.post(f"{api}/tasks/update-v2", json={
        "workflowInstanceId": wf_id, "taskId": nxt["taskId"], "workerId": "w1",
        "status": "COMPLETED", "outputData": {"k": 2}, "extendLease": False})
    assert r.status_code in (200, 204)
    assert r.status_code == 204 or not r.content or not r.json() or "taskId" not in r.json()
    wf = wait_status(workflow_client, wf_id, {"COMPLETED"}, timeout=10)
    assert wf.output == {"k": 2}  # no outputParameters: the last task's output


def test_v1_poll_and_update_with_task_client(metadata_client, workflow_client, task_client):
    """The v1 fallback path, driven directly: poll_task + update_task (POST /tasks)."""
    name, tt = uid("wk_v1"), uid("wk_v1_t")
    metadata_client.register_workflow_def(workflow_def(name, [
        simple_task(tt, "a", {"x": "${workflow.input.x}"}),
        simple_task(tt, "b", {"prev": "${a.output.v}"}),
        simple_task(tt, "c", {"prev": "${b.output.v}"}),
    ], output_parameters={"final": "${c.output.v}"}), overwrite=True)
    wf_id = start(workflow_client, name, {"x": 1})
    value = 1
    for ref in ("a", "b", "c"):
        task = poll_one(task_client, tt, worker_id="v1-worker")
        assert task.reference_task_name == ref
        assert task.status == "IN_PROGRESS"
        assert task.worker_id == "v1-worker"
        if ref != "a":
            assert task.input_data == {"prev": value}
        value += 1
        answer = complete(task_client, task, {"v": value})
        assert answer == task.task_id  # text/plain taskId
    wf = wait_status(workflow_client, wf_id, {"COMPLETED"}, timeout=10)
    assert wf.output == {"final": 4}
    # nothing left to poll
    empty = task_client.poll_task(tt)
    assert empty is None or not empty.task_id
