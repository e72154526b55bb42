"""Failure paths, timeouts, callbacks and lease extension."""

import time

import requests
from conductor.client.http.models import TaskResult
from conductor.client.http.models.task_result_status import TaskResultStatus
from conductor.client.worker.worker import Worker

import interop_workers as w
from interop_helpers import (complete, poll_one, simple_task, start, task_def, tasks_by_ref, uid,
                             wait_status, wait_until, workflow_def)


def test_terminal_error_is_not_retried(metadata_client, workflow_client, task_handler):
    name, tt = uid("fx_term"), uid("fx_term_t")
    metadata_client.register_task_def(task_def(tt, retry_count=3, retry_delay_seconds=0))
    metadata_client.register_workflow_def(workflow_def(name, [simple_task(tt, "pay")]), overwrite=True)
    task_handler([Worker(tt, w.fails_terminally, poll_interval=100)])
    wf_id = start(workflow_client, name, {})
    wf = wait_status(workflow_client, wf_id, {"FAILED", "COMPLETED"}, timeout=20)
    assert wf.status == "FAILED"
    (pay,) = tasks_by_ref(wf, "pay")  # exactly one attempt despite retryCount 3
    assert pay.status == "FAILED_WITH_TERMINAL_ERROR"
    assert pay.reason_for_incompletion == "card declined for good"
    assert "card declined for good" in (wf.reason_for_incompletion or "")


def test_retryable_failure_uses_retry_count(metadata_client, workflow_client, task_handler):
    name, tt = uid("fx_retry"), uid("fx_retry_t")
    metadata_client.register_task_def(task_def(tt, retry_count=2, retry_delay_seconds=0))
    metadata_client.register_workflow_def(workflow_def(name, [simple_task(tt, "flaky")]), overwrite=True)
    task_handler([Worker(tt, w.always_fails, poll_interval=100)])
    wf = wait_status(workflow_client, start(workflow_client, name, {}), {"FAILED", "COMPLETED"}, timeout=20)
    assert wf.status == "FAILED"
    attempts = tasks_by_ref(wf, "flaky")
    assert [t.status for t in attempts] == ["FAILED"] * 3
    assert [t.retry_count for t in attempts] == [0, 1, 2]
    assert attempts[0].reason_for_incompletion == "boom in flaky"


def test_optional_task_failure_completes_with_errors(metadata_client, workflow_client, task_handler):
    name, bad, good = uid("fx_opt"), uid("fx_opt_bad"), uid("fx_opt_good")
    metadata_client.register_task_def(task_def(bad, retry_count=0))
    metadata_client.register_workflow_def(workflow_def(name, [
        simple_task(bad, "notify", optional=True),
        simple_task(good, "ship", {"after": "${notify.status}"}),
    ]), overwrite=True)
    task_handler([Worker(bad, w.always_fails, poll_interval=100),
                  Worker(good, w.describe, poll_interval=100)])
    wf = wait_status(workflow_client, start(workflow_client, name, {}), {"FAILED", "COMPLETED"}, timeout=20)
    assert wf.status == "COMPLETED"
    (notify,) = tasks_by_ref(wf, "notify")
    assert notify.status == "COMPLETED_WITH_ERRORS"
    (ship,) = tasks_by_ref(wf, "ship")
    assert ship.status == "COMPLETED"
    assert ship.input_data == {"after": "COMPLETED_WITH_ERRORS"}


def test_response_timeout_times_out_and_retries(metadata_client, workflow_client, task_client):
    """A worker polls and never answers: after responseTimeoutSeconds the attempt
    is TIMED_OUT and a new attempt is scheduled."""
    name, tt = uid("fx_rto"), uid("fx_rto_t")
    metadata_client.register_task_def(task_def(tt, retry_count=1, retry_delay_seconds=0,
                                               response_timeout_seconds=2))
    metadata_client.register_workflow_def(workflow_def(name, [simple_task(tt, "slow")]), overwrite=True)
    wf_id = start(workflow_client, name, {})
    first = poll_one(task_client, tt, worker_id="silent")
    assert first.response_timeout_seconds == 2  # copied from the TaskDef (the SDK needs it)
    second = poll_one(task_client, tt, worker_id="second", timeout=15)
    assert second.task_id != first.task_id
    assert second.retry_count == 1
    assert second.retried_task_id == first.task_id
    wf = workflow_client.get_workflow(wf_id)
    assert [t.status for t in tasks_by_ref(wf, "slow")] == ["TIMED_OUT", "IN_PROGRESS"]
    # the silent worker finally answers: too late, ignored, still 200
    assert complete(task_client, first, {"late": True}) == first.task_id
    wf = workflow_client.get_workflow(wf_id)
    assert tasks_by_ref(wf, "slow")[0].status == "TIMED_OUT"
    assert wf.status == "RUNNING"
    complete(task_client, second, {"ok": 1})
    assert wait_status(workflow_client, wf_id, {"COMPLETED"}).output == {"ok": 1}


def test_callback_after_seconds_redelivers(metadata_client, workflow_client, task_client):
    name, tt = uid("fx_cb"), uid("fx_cb_t")
    metadata_client.register_workflow_def(workflow_def(name, [simple_task(tt, "wait")]), overwrite=True)
    wf_id = start(workflow_client, name, {})
    t = poll_one(task_client, tt)
    complete(task_client, t, {"progress": 50}, status=TaskResultStatus.IN_PROGRESS,
             callback_after_seconds=1)
    stored = task_client.get_task(t.task_id)
    assert stored.status == "SCHEDULED"
    assert stored.output_data == {"progress": 50}
    sent = time.monotonic()
    nothing = task_client.poll_task(tt)
    assert nothing is None or not nothing.task_id, "re-delivered before callbackAfterSeconds"
    again = poll_one(task_client, tt, timeout=10)
    assert time.monotonic() - sent >= 0.8
    assert again.task_id == t.task_id
    assert again.poll_count == 2
    complete(task_client, again, {"progress": 100})
    assert wait_status(workflow_client, wf_id, {"COMPLETED"}).output == {"progress": 100}


def test_task_in_progress_from_worker(metadata_client, workflow_client, task_handler):
    """The SDK's TaskInProgress(callback_after_seconds=1) through TaskHandler."""
    name, tt = uid("fx_tip"), uid("fx_tip_t")
    metadata_client.register_workflow_def(workflow_def(name, [simple_task(tt, "job")]), overwrite=True)
    task_handler([Worker(tt, w.in_progress_then_done, poll_interval=100)])
    wf = wait_status(workflow_client, start(workflow_client, name, {}), {"COMPLETED", "FAILED"}, timeout=20)
    assert wf.status == "COMPLETED"
    (job,) = tasks_by_ref(wf, "job")
    assert job.output_data == {"polls": 2, "done": True}
    assert job.poll_count == 2


def test_lease_extension_keeps_a_long_task_alive(metadata_client, workflow_client, task_handler):
    """A worker that runs ~9 s, past responseTimeoutSeconds 7, with lease_extend_enabled:
    the SDK heartbeats (POST /tasks extendLease=true) and the attempt never times out.

    Why 7 s and not 3 s: the SDK's LeaseManager ticks once a second and sends the
    heartbeat at the first tick >= 0.8 x responseTimeoutSeconds after the poll, i.e.
    somewhere in [0.8R, 0.8R + 1 s]. For R <= 5 that can land after R itself, and
    Baton times the attempt out exactly at R (Conductor OSS only checks on its
    30 s sweep), so R = 3 fails about half the time. See the report."""
    name, tt = uid("fx_lease"), uid("fx_lease_t")
    metadata_client.register_task_def(task_def(tt, retry_count=0, response_timeout_seconds=7))
    metadata_client.register_workflow_def(workflow_def(name, [simple_task(tt, "long")]), overwrite=True)
    task_handler([Worker(tt, w.slow_nine_seconds, poll_interval=100, lease_extend_enabled=True)])
    wf = wait_status(workflow_client, start(workflow_client, name, {}),
                     {"COMPLETED", "FAILED", "TIMED_OUT"}, timeout=25)
    assert wf.status == "COMPLETED", wf.reason_for_incompletion
    (long_task,) = tasks_by_ref(wf, "long")
    assert long_task.status == "COMPLETED"
    assert long_task.output_data["slept"] >= 8.5


def test_without_lease_extension_the_long_task_times_out(metadata_client, workflow_client, task_handler):
    """The control for the test above: same task, no heartbeats -> TIMED_OUT, and
    the late completion is ignored."""
    name, tt = uid("fx_nolease"), uid("fx_nolease_t")
    metadata_client.register_task_def(task_def(tt, retry_count=0, response_timeout_seconds=3))
    metadata_client.register_workflow_def(workflow_def(name, [simple_task(tt, "long")]), overwrite=True)
    task_handler([Worker(tt, w.slow_six_seconds, poll_interval=100, lease_extend_enabled=False)])
    wf_id = start(workflow_client, name, {})
    wf = wait_status(workflow_client, wf_id, {"COMPLETED", "FAILED", "TIMED_OUT"}, timeout=25)
    assert wf.status in ("TIMED_OUT", "FAILED")
    (long_task,) = tasks_by_ref(wf, "long")
    assert long_task.status == "TIMED_OUT"
    time.sleep(3.5)  # the worker's late completion arrives and must change nothing
    wf = workflow_client.get_workflow(wf_id)
    assert tasks_by_ref(wf, "long")[0].status == "TIMED_OUT"
    assert tasks_by_ref(wf, "long")[0].output_data in ({}, None)


def test_extend_lease_only_touches_update_time(baton, metadata_client, workflow_client, task_client):
    name, tt = uid("fx_ext"), uid("fx_ext_t")
    metadata_client.register_workflow_def(workflow_def(name, [simple_task(tt, "a")]), overwrite=True)
    wf_id = start(workflow_client, name, {})
    t = poll_one(task_client, tt)
    before = task_client.get_task(t.task_id)
    time.sleep(0.05)
    r = requests.post(f"{baton.api}/tasks", json={
        "workflowInstanceId": wf_id, "taskId": t.task_id, "status": "IN_PROGRESS",
        "extendLease": True, "outputData": {"should": "be ignored"}})
    assert r.status_code == 200
    after = task_client.get_task(t.task_id)
    assert after.status == "IN_PROGRESS"
    assert after.output_data == before.output_data
    assert after.poll_count == before.poll_count
    assert after.update_time > before.update_time
    complete(task_client, t, {"done": 1})
    # a heartbeat for a finished task is ignored, still 200
    r = requests.post(f"{baton.api}/tasks", json={
        "workflowInstanceId": wf_id, "taskId": t.task_id, "status": "IN_PROGRESS", "extendLease": True})
    assert r.status_code == 200
    assert task_client.get_task(t.task_id).status == "COMPLETED"
