"""Small helpers shared by the interop tests (not fixtures, so importable)."""

from __future__ import annotations

import time
import uuid
from typing import Callable, Iterable, List, Optional, TypeVar

from conductor.client.http.models import (StartWorkflowRequest, TaskDef, TaskResult,
                                          WorkflowDef, WorkflowTask)
from conductor.client.http.models.task_result_status import TaskResultStatus

T = TypeVar("T")


def uid(prefix: str) -> str:
    """A name unique to this run, so tests never share queues or definitions."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def wait_until(fn: Callable[[], T], timeout: float = 15.0, interval: float = 0.1,
               message: str = "condition") -> T:
    """Call ``fn`` until it returns something truthy; return that value."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}; last value: {last!r}")


def simple_task(name: str, ref: str, inputs: Optional[dict] = None, **kw) -> WorkflowTask:
    return WorkflowTask(name=name, task_reference_name=ref, type="SIMPLE",
                        input_parameters=inputs or {}, **kw)


def workflow_def(name: str, tasks: List[WorkflowTask], version: int = 1,
                 output_parameters: Optional[dict] = None, **kw) -> WorkflowDef:
    return WorkflowDef(name=name, version=version, tasks=tasks,
                       output_parameters=output_parameters or {}, schema_version=2,
                       timeout_seconds=kw.pop("timeout_seconds", 0), **kw)


def task_def(name: str, retry_count: int = 0, retry_delay_seconds: int = 0,
             response_timeout_seconds: int = 60, timeout_seconds: int = 0, **kw) -> TaskDef:
    return TaskDef(name=name, retry_count=retry_count, retry_delay_seconds=retry_delay_seconds,
                   response_timeout_seconds=response_timeout_seconds,
                   timeout_seconds=timeout_seconds, **kw)


def start(workflow_client, name: str, input: Optional[dict] = None, version: Optional[int] = None,
          correlation_id: Optional[str] = None) -> str:
    req = StartWorkflowRequest(name=name, version=version, input=input or {},
                               correlation_id=correlation_id)
    wf_id = workflow_client.start_workflow(req)
    assert wf_id and isinstance(wf_id, str), f"start_workflow returned {wf_id!r}"
    return wf_id


def wait_status(workflow_client, wf_id: str, statuses: Iterable[str], timeout: float = 20.0):
    statuses = set(statuses)

    def check():
        wf = workflow_client.get_workflow(wf_id, include_tasks=True)
        return wf if wf is not None and wf.status in statuses else None

    try:
        return wait_until(check, timeout, message=f"workflow {wf_id} in {statuses}")
    except AssertionError:
        wf = workflow_client.get_workflow(wf_id, include_tasks=True)
        raise AssertionError(
            f"workflow {wf_id} is {getattr(wf, 'status', None)}, wanted {statuses}; "
            f"tasks: {[(t.reference_task_name, t.status) for t in (wf.tasks or [])] if wf else None}; "
            f"reason: {getattr(wf, 'reason_for_incompletion', None)}")


def tasks_by_ref(wf, ref: str):
    return [t for t in (wf.tasks or []) if t.reference_task_name == ref]


def poll_one(task_client, task_type: str, worker_id: str = "interop", timeout: float = 10.0):
    """Poll (v1, one task) until a task of ``task_type`` comes back."""
    def once():
        t = task_client.poll_task(task_type, worker_id=worker_id)
        return t if t is not None and t.task_id else None
    return wait_until(once, timeout, message=f"a {task_type} task to poll")


def complete(task_client, task, output: Optional[dict] = None,
             status: str = TaskResultStatus.COMPLETED, reason: Optional[str] = None,
             callback_after_seconds: Optional[int] = None, worker_id: str = "interop"):
    result = TaskResult(workflow_instance_id=task.workflow_instance_id, task_id=task.task_id,
                        status=status, output_data=output or {}, worker_id=worker_id,
                        reason_for_incompletion=reason)
    if callback_after_seconds is not None:
        result.callback_after_seconds = callback_after_seconds
    return task_client.update_task(result)
