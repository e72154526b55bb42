"""Task-level reads through the SDK's TaskClient: logs, get_task, queues, poll data."""

import time

import pytest
from conductor.client.http.rest import ApiException

from interop_helpers import complete, poll_one, simple_task, start, uid, workflow_def


def test_task_logs(metadata_client, workflow_client, task_client):
    name, tt = uid("tk_logs"), uid("tk_logs_t")
    metadata_client.register_workflow_def(workflow_def(name, [simple_task(tt, "a")]), overwrite=True)
    start(workflow_client, name, {})
    t = poll_one(task_client, tt)
    task_client.add_task_log(t.task_id, "Polled task...")
    task_client.add_task_log(t.task_id, "charging card 4242")
    logs = task_client.get_task_logs(t.task_id)
    assert [l.log for l in logs] == ["Polled task...", "charging card 4242"]
    assert all(l.task_id == t.task_id for l in logs)
    assert all(l.created_time and l.created_time > 1_600_000_000_000 for l in logs)
    complete(task_client, t, {"ok": True})


def test_get_task(metadata_client, workflow_client, task_client):
    name, tt = uid("tk_get"), uid("tk_get_t")
    metadata_client.register_workflow_def(workflow_def(name, [
        simple_task(tt, "a", {"order": "${workflow.input.order}"})]), overwrite=True)
    wf_id = start(workflow_client, name, {"order": 42}, correlation_id="corr-get")
    t = poll_one(task_client, tt, worker_id="getter")
    got = task_client.get_task(t.task_id)
    assert got.task_id == t.task_id
    assert got.status == "IN_PROGRESS"
    assert got.workflow_instance_id == wf_id
    assert got.reference_task_name == "a"
    assert got.task_type == tt and got.task_def_name == tt
    assert got.input_data == {"order": 42}
    assert got.worker_id == "getter"
    assert got.poll_count == 1
    assert got.correlation_id == "corr-get"
    assert got.workflow_type == name
    assert got.scheduled_time <= got.start_time
    complete(task_client, t, {"shipped": True})
    done = task_client.get_task(t.task_id)
    assert done.status == "COMPLETED" and done.output_data == {"shipped": True}
    assert done.end_time >= done.start_time
    with pytest.raises(ApiException) as e:
        task_client.get_task("no-such-task-id")
    assert e.value.status == 404


def test_queue_size_and_poll_data(metadata_client, workflow_client, task_client):
    name, tt = uid("tk_q"), uid("tk_q_t")
    metadata_client.register_workflow_def(workflow_def(name, [simple_task(tt, "a")]), overwrite=True)
    assert task_client.get_queue_size_for_task(tt) == 0
    ids = [start(workflow_client, name, {}) for _ in range(3)]
    assert task_client.get_queue_size_for_task(tt) == 3
    before = int(time.time() * 1000)
    t = poll_one(task_client, tt, worker_id="qworker")
    assert task_client.get_queue_size_for_task(tt) == 2
    polls = task_client.get_task_poll_data(tt)
    assert len(polls) == 1
    assert polls[0].queue_name == tt
    assert polls[0].worker_id == "qworker"
    assert polls[0].last_poll_time >= before - 1000
    batch = task_client.batch_poll_tasks(tt, worker_id="qworker", count=5, timeout_in_millisecond=100)
    assert len(batch) == 2
    assert task_client.get_queue_size_for_task(tt) == 0
    for task in [t, *batch]:
        complete(task_client, task, {})
    for wf_id in ids:
        assert workflow_client.get_workflow(wf_id).status == "COMPLETED"


def test_update_task_by_ref_name(own_server):
    """Runs on a dedicated server: this request once crashed the process (the body was read twice)."""
    from conductor.client.configuration.configuration import Configuration
    from conductor.client.orkes_clients import OrkesClients
    server = own_server()
    clients = OrkesClients(configuration=Configuration(server_api_url=server.api))
    metadata_client, workflow_client = clients.get_metadata_client(), clients.get_workflow_client()
    task_client = clients.get_task_client()
    name, tt = uid("tk_ref"), uid("tk_ref_t")
    metadata_client.register_workflow_def(workflow_def(name, [simple_task(tt, "approve")]), overwrite=True)
    wf_id = start(workflow_client, name, {})
    try:
        task_client.update_task_by_ref_name(wf_id, "approve", "COMPLETED", {"approved": True})
        wf = workflow_client.get_workflow(wf_id)
        assert wf.status == "COMPLETED"
        assert wf.tasks[0].output_data == {"result": {"approved": True}}  # the SDK wraps it
    finally:
        assert server.proc.poll() is None, "the server process died:\n" + server.log_tail(8)


def test_task_search(metadata_client, workflow_client, task_client):
    """GET /tasks/search and /tasks/search-v2 through the SDK's generated TaskResourceApi."""
    name, tt = uid("tk_search"), uid("tk_search_t")
    metadata_client.register_workflow_def(workflow_def(name, [
        simple_task(tt, "a", {"order": "${workflow.input.order}"})]), overwrite=True)
    corr = uid("corr")
    wf_ids = [start(workflow_client, name, {"order": f"ord-{i}-{corr}"}, correlation_id=corr) for i in range(2)]
    t = poll_one(task_client, tt)
    api = task_client.taskResourceApi

    found = api.search1(query=f"taskType = '{tt}' AND status IN (SCHEDULED, IN_PROGRESS)",
                        sort="status:ASC", start=0, size=10)
    assert found.total_hits == 2
    assert [s.status for s in found.results] == ["IN_PROGRESS", "SCHEDULED"]
    assert {s.workflow_id for s in found.results} == set(wf_ids)
    summary = found.results[0]
    assert summary.task_id == t.task_id and summary.task_type == tt and summary.task_def_name == tt
    assert summary.workflow_type == name and summary.correlation_id == corr
    assert corr in summary.input and summary.start_time.endswith("Z")

    whole = api.search_v21(query=f"workflowType = {name}", free_text=f"ord-1-{corr}")
    assert whole.total_hits == 1
    assert whole.results[0].input_data == {"order": f"ord-1-{corr}"}
    assert whole.results[0].reference_task_name == "a"

    with pytest.raises(ApiException) as bad:
        api.search1(query=f"taskType = {tt} ANDD status = SCHEDULED")
    assert bad.value.status == 400
    assert "unexpected 'ANDD'" in bad.value.body
    complete(task_client, t, {})
