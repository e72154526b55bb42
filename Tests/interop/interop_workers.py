"""Worker functions for the SDK's TaskHandler.

TaskHandler starts workers with the ``spawn`` start method, so every function
here must be importable at module level (the child process re-imports this
module by name). They are plain functions wrapped in ``Worker`` objects by the
tests; the ``@worker_task`` ones live in ``interop_decorated.py``.
"""


import os
import time

from conductor.client.context.task_context import TaskInProgress, get_task_context
from conductor.client.http.models import Task
from conductor.client.worker.exception import NonRetryableException


def double(x: int) -> dict:
    """t1: y = 2x."""
    return {"y": x * 2, "pid": os.getpid()}


def add_ten(y: int, x: int) -> dict:
    """t2: gets t1's y and the workflow's x."""
    return {"z": y + 10, "seen_x": x}


def describe(task: Task) -> dict:
    """t3: echoes its input and where it ran."""
    return {"input": task.input_data, "ref": task.reference_task_name,
            "poll_count": task.poll_count}


def same_type_step(task: Task) -> dict:
    """Used for chains of same-type tasks (the update-v2 'next task' path)."""
    return {"ref": task.reference_task_name, "task_id": task.task_id,
            "n": (task.input_data or {}).get("n")}


def always_fails(task: Task) -> dict:
    raise RuntimeError(f"boom in {task.reference_task_name}")


def fails_terminally(task: Task) -> dict:
    raise NonRetryableException("card declined for good")


def in_progress_then_done(task: Task):
    """IN_PROGRESS with callbackAfterSeconds=1 on the first poll, then done."""
    if (task.poll_count or 0) < 2:
        return TaskInProgress(callback_after_seconds=1, output={"polls": task.poll_count})
    return {"polls": task.poll_count, "done": True}


def slow_six_seconds(task: Task) -> dict:
    """Runs for ~6 s; with responseTimeoutSeconds=3 it survives only with lease extension."""
    started = time.time()
    time.sleep(6)
    return {"slept": round(time.time() - started, 1), "task_id": task.task_id}


def slow_nine_seconds(task: Task) -> dict:
    """Runs for ~9 s; with responseTimeoutSeconds=7 it survives only with lease extension."""
    started = time.time()
    time.sleep(9)
    return {"slept": round(time.time() - started, 1), "task_id": task.task_id}


def greet_worker(name: str) -> str:
    return f"Hello, --> {name}"


def where_polled(task: Task) -> dict:
    """Says which domain's queue the attempt came from."""
    return {"domain": task.domain}
