"""Operator actions through the SDK's WorkflowClient."""

import time

import pytest
from conductor.client.http.models import RerunWorkflowRequest, SkipTaskRequest
from conductor.client.http.models.task_result_status import TaskResultStatus
from conductor.client.http.rest import ApiException

from interop_helpers import (complete, poll_one, simple_task, start, task_def, tasks_by_ref, uid,
                             wait_status, workflow_def)


@pytest.fixture
def three_steps(metadata_client):
    """A registered 3-step workflow over one task type with retryCount 1, no delay."""
    name, tt = uid("lc_wf"), uid("lc_task")
    metadata_client.register_task_def(task_def(tt, retry_count=1, retry_delay_seconds=0,
                                               response_timeout_seconds=60))
    metadata_client.register_workflow_def(workflow_def(name, [
        simple_task(tt, "a", {"x": "${workflow.input.x}"}),
        simple_task(tt, "b", {"prev": "${a.output.v}"}),
        simple_task(tt, "c", {"prev": "${b.output.v}"}),
    ]), overwrite=True)
    return name, tt


def _no_task(task_client, tt, wait=0.4):
    time.sleep(wait)
    t = task_client.poll_task(tt, worker_id="probe")
    return t is None or not t.task_id


def test_pause_and_resume(three_steps, workflow_client, task_client):
    name, tt = three_steps
    wf_id = start(workflow_client, name, {"x": 1})
    a = poll_one(task_client, tt)
    workflow_client.pause_workflow(wf_id)
    assert workflow_client.get_workflow(wf_id).status == "PAUSED"
    # a completion while paused is stored, but nothing new is scheduled
    complete(task_client, a, {"v": 1})
    wf = workflow_client.get_workflow(wf_id)
    assert wf.status == "PAUSED"
    assert [t.reference_task_name for t in wf.tasks] == ["a"]
    assert wf.tasks[0].status == "COMPLETED"
    assert _no_task(task_client, tt)
    # pausing again is a no-op
    workflow_client.pause_workflow(wf_id)
    workflow_client.resume_workflow(wf_id)
    wf = workflow_client.get_workflow(wf_id)
    assert wf.status == "RUNNING"
    assert [t.reference_task_name for t in wf.tasks] == ["a", "b"]
    b = poll_one(task_client, tt)
    assert b.reference_task_name == "b" and b.input_data == {"prev": 1}
    workflow_client.terminate_workflow(wf_id, "done testing")


def test_terminate_with_reason(three_steps, workflow_client, task_client):
    name, tt = three_steps
    wf_id = start(workflow_client, name, {"x": 1})
    poll_one(task_client, tt)  # 'a' is IN_PROGRESS
    workflow_client.terminate_workflow(wf_id, reason="customer-cancelled-order-42")
    wf = workflow_client.get_workflow(wf_id, include_tasks=True)
    assert wf.status == "TERMINATED"
    assert wf.reason_for_incompletion == "customer-cancelled-order-42"
    assert [t.status for t in wf.tasks] == ["CANCELED"]
    assert wf.end_time and wf.end_time > 0
    status = workflow_client.get_workflow_status(wf_id, include_output=True, include_variables=True)
    assert status.status == "TERMINATED"
    assert _no_task(task_client, tt, wait=0)


def test_terminate_reason_with_spaces(three_steps, workflow_client):
    name, _ = three_steps
    wf_id = start(workflow_client, name, {"x": 1})
    workflow_client.terminate_workflow(wf_id, reason="customer cancelled order 42")
    wf = workflow_client.get_workflow(wf_id)
    assert wf.reason_for_incompletion == "customer cancelled order 42"


def test_search_query_with_spaces(three_steps, workflow_client):
    name, _ = three_steps
    corr = uid("spaced")
    wf_id = start(workflow_client, name, {"x": 1}, correlation_id=corr)
    try:
        result = workflow_client.search(query=f"correlationId = '{corr}'")
        assert [s.workflow_id for s in result.results] == [wf_id]
    finally:
        workflow_client.terminate_workflow(wf_id, "cleanup")


def test_fail_after_retries_then_retry_workflow(three_steps, workflow_client, task_client):
    name, tt = three_steps
    wf_id = start(workflow_client, name, {"x": 1})
    a = poll_one(task_client, tt)
    complete(task_client, a, {"v": 1})
    for attempt in range(2):  # retryCount 1: two attempts in all
        b = poll_one(task_client, tt)
        assert b.reference_task_name == "b"
        assert b.retry_count == attempt
        complete(task_client, b, status=TaskResultStatus.FAILED, reason=f"inventory down #{attempt}")
    wf = wait_status(workflow_client, wf_id, {"FAILED"}, timeout=10)
    assert wf.reason_for_incompletion and "inventory down #1" in wf.reason_for_incompletion
    attempts = tasks_by_ref(wf, "b")
    assert [t.status for t in attempts] == ["FAILED", "FAILED"]
    assert attempts[1].retried_task_id == attempts[0].task_id
    assert "b" in (wf.failed_reference_task_names or [])

    workflow_client.retry_workflow(wf_id)
    wf = workflow_client.get_workflow(wf_id)
    assert wf.status == "RUNNING"
    assert not wf.reason_for_incompletion
    attempts = tasks_by_ref(wf, "b")
    assert len(attempts) == 3 and attempts[2].status == "SCHEDULED"
    b = poll_one(task_client, tt)
    assert b.task_id == attempts[2].task_id
    complete(task_client, b, {"v": 2})
    c = poll_one(task_client, tt)
    complete(task_client, c, {"v": 3})
    wf = wait_status(workflow_client, wf_id, {"COMPLETED"}, timeout=10)
    assert wf.output == {"v": 3}


def test_retry_of_running_workflow_is_rejected(three_steps, workflow_client):
    name, _ = three_steps
    wf_id = start(workflow_client, name, {"x": 1})
    with pytest.raises(ApiException) as e:
        workflow_client.retry_workflow(wf_id)
    assert 400 <= e.value.status < 500
    workflow_client.terminate_workflow(wf_id, "cleanup")


def test_restart(three_steps, workflow_client, task_client):
    name, tt = three_steps
    wf_id = start(workflow_client, name, {"x": 1})
    complete(task_client, poll_one(task_client, tt), {"v": 1})
    workflow_client.terminate_workflow(wf_id, "stop")
    workflow_client.restart_workflow(wf_id)
    wf = workflow_client.get_workflow(wf_id)
    assert wf.status == "RUNNING"
    assert [(t.reference_task_name, t.status) for t in wf.tasks] == [("a", "SCHEDULED")]
    assert not wf.reason_for_incompletion
    for v in (1, 2, 3):
        complete(task_client, poll_one(task_client, tt), {"v": v})
    assert wait_status(workflow_client, wf_id, {"COMPLETED"}).output == {"v": 3}


def test_rerun_from_task(three_steps, workflow_client, task_client):
    name, tt = three_steps
    wf_id = start(workflow_client, name, {"x": 1})
    for v in (1, 2, 3):
        complete(task_client, poll_one(task_client, tt), {"v": v})
    wf = wait_status(workflow_client, wf_id, {"COMPLETED"})
    b_id = tasks_by_ref(wf, "b")[0].task_id
    answer = workflow_client.rerun_workflow(
        wf_id, RerunWorkflowRequest(re_run_from_workflow_id=wf_id, re_run_from_task_id=b_id,
                                    task_input={"prev": 100}))
    assert answer == wf_id
    wf = workflow_client.get_workflow(wf_id)
    assert wf.status == "RUNNING"
    assert [t.reference_task_name for t in wf.tasks] == ["a", "b"]
    b = poll_one(task_client, tt)
    assert b.task_id == b_id  # reset in place
    assert b.input_data == {"prev": 100}
    complete(task_client, b, {"v": 20})
    c = poll_one(task_client, tt)
    assert c.input_data == {"prev": 20}
    complete(task_client, c, {"v": 30})
    assert wait_status(workflow_client, wf_id, {"COMPLETED"}).output == {"v": 30}


def test_rerun_from_start_with_new_input(three_steps, workflow_client, task_client):
    name, tt = three_steps
    wf_id = start(workflow_client, name, {"x": 1})
    workflow_client.terminate_workflow(wf_id, "stop")
    workflow_client.rerun_workflow(wf_id, RerunWorkflowRequest(re_run_from_workflow_id=wf_id,
                                                               workflow_input={"x": 7}))
    wf = workflow_client.get_workflow(wf_id)
    assert wf.status == "RUNNING" and wf.input == {"x": 7}
    a = poll_one(task_client, tt)
    assert a.input_data == {"x": 7}
    workflow_client.terminate_workflow(wf_id, "cleanup")


def test_skip_task(three_steps, workflow_client, task_client):
    name, tt = three_steps
    wf_id = start(workflow_client, name, {"x": 1})
    # skip 'b' before it is scheduled: when the decider reaches it, it moves on to 'c'
    workflow_client.skip_task_from_workflow(wf_id, "b", SkipTaskRequest())
    complete(task_client, poll_one(task_client, tt), {"v": 1})
    c = poll_one(task_client, tt)
    assert c.reference_task_name == "c"
    wf = workflow_client.get_workflow(wf_id)
    assert [(t.reference_task_name, t.status) for t in wf.tasks] == [
        ("a", "COMPLETED"), ("b", "SKIPPED"), ("c", "IN_PROGRESS")]
    complete(task_client, c, {"v": 3})
    assert wait_status(workflow_client, wf_id, {"COMPLETED"}).status == "COMPLETED"


def test_correlation_lookup_and_search(three_steps, workflow_client, task_client):
    name, _ = three_steps
    corr = uid("order")
    ids = {start(workflow_client, name, {"x": i}, correlation_id=corr) for i in range(2)}
    other = start(workflow_client, name, {"x": 9}, correlation_id=uid("other"))

    found = workflow_client.get_by_correlation_ids(name, [corr], include_completed=True,
                                                   include_tasks=False)
    assert set(found) == {corr}
    assert {w.workflow_id for w in found[corr]} == ids
    assert all(w.correlation_id == corr for w in found[corr])

    result = workflow_client.search(start=0, size=10, free_text="*",
                                    query=f"correlationId='{corr}'")
    assert {s.workflow_id for s in result.results} == ids
    assert all(s.workflow_type == name and s.status == "RUNNING" for s in result.results)

    for wf_id in ids | {other}:
        workflow_client.terminate_workflow(wf_id, "cleanup")
    # the running-only default of get_by_correlation_ids leaves terminated ones out
    found = workflow_client.get_by_correlation_ids(name, [corr], include_completed=False)
    assert found.get(corr, []) == []


def test_delete_workflow(three_steps, workflow_client):
    name, _ = three_steps
    wf_id = start(workflow_client, name, {"x": 1})
    workflow_client.terminate_workflow(wf_id, "done")
    workflow_client.delete_workflow(wf_id)
    with pytest.raises(ApiException) as e:
        workflow_client.get_workflow(wf_id)
    assert e.value.status == 404


def test_unknown_workflow_is_404(workflow_client):
    with pytest.raises(ApiException) as e:
        workflow_client.get_workflow("00000000-0000-0000-0000-000000000000")
    assert e.value.status == 404
