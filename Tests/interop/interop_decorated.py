"""``@worker_task`` workers, discovered by TaskHandler's annotation scan.

Kept apart from ``interop_workers.py`` so only the tests that ask for the scan
(``scan_for_annotated_workers=True``) start them. Task names are fixed, as in
the SDK's helloworld example.
"""

from conductor.client.worker.worker_task import worker_task

GREET = "interop_greet"
SHOUT = "interop_shout"


@worker_task(task_definition_name=GREET, poll_interval_millis=100)
def greet(name: str) -> str:
    return f"Hello, --> {name}"


@worker_task(task_definition_name=SHOUT, poll_interval_millis=100, thread_count=4)
def shout(text: str) -> dict:
    return {"loud": str(text).upper(), "length": len(str(text))}
