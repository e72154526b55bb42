"""The order saga example (examples/order-saga), run as its README tells: its definitions
registered as they are, its workers (conductor-python) in a process of their own, shipping broken.
The saga undoes the order newest first, and the order's state is found by its id."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

import pytest

from conftest import baton_binary
from interop_helpers import uid

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "order-saga"


def worker_command(language):
    """The example's workers: workers.py (conductor-python), or the Swift ones (BatonWorker),
    built beside the baton binary as `order-saga-workers`."""
    if language == "python":
        return [sys.executable, "workers.py"]
    binary = baton_binary()
    swift = binary.parent / "order-saga-workers" if binary else None
    if swift is None or not swift.exists():
        pytest.skip("the Swift workers are not built beside BATON_BIN")
    return [str(swift)]


@pytest.mark.parametrize("language", ["python", "swift"])
def test_a_failed_shipment_is_undone_newest_first(baton, tmp_path, language):
    document = json.loads((EXAMPLE / "definitions.json").read_text())
    assert requests.post(f"{baton.api}/metadata/taskdefs", json=document["taskDefs"], timeout=10).status_code == 200
    for definition in document["workflowDefs"]:
        answer = requests.post(f"{baton.api}/metadata/workflow", params={"overwrite": "true"}, json=definition, timeout=10)
        assert answer.status_code == 200, answer.text

    log = open(tmp_path / "workers.log", "w")
    workers = subprocess.Popen(
        worker_command(language), cwd=EXAMPLE, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        env={**os.environ, "CONDUCTOR_SERVER_URL": baton.api, "BATON_SERVER": baton.base, "FAIL_SHIPPING": "1"},
        start_new_session=True)
    try:
        order = uid("order")
        started = requests.post(f"{baton.api}/workflow", timeout=10, json={
            "name": "order_saga", "correlationId": order,
            "input": {"orderId": order, "sku": "BOOK-42", "quantity": 2, "amount": 39.9, "customer": "ada@example.com"}})
        assert started.status_code == 200, started.text
        workflow_id = started.text

        deadline = time.time() + 60
        while time.time() < deadline:
            workflow = requests.get(f"{baton.api}/workflow/{workflow_id}", timeout=10).json()
            if workflow["status"] != "RUNNING":
                break
            time.sleep(0.2)
    finally:
        # The SDK's TaskHandler runs each worker in a process of its own: stop the whole group,
        # or its workers outlive this test and take the next test's tasks.
        os.killpg(workers.pid, signal.SIGTERM)
        workers.wait(15)
        log.close()
        # A long poll a stopped worker left open still takes the next task of its type (delivery
        # is at least once: that attempt would wait out its response timeout); let such polls
        # (1 s at most) end before the next test starts the same workflow.
        time.sleep(2)

    assert workflow["status"] == "FAILED", workflow.get("reasonForIncompletion")
    assert "no courier available" in workflow["reasonForIncompletion"]
    assert workflow["compensation"]["state"] == "COMPLETED"
    steps = [(t["referenceTaskName"], t["status"]) for t in workflow["tasks"]]
    assert steps == [
        ("order", "COMPLETED"), ("reserve", "COMPLETED"), ("charge", "COMPLETED"),
        ("ship", "FAILED"), ("ship", "FAILED"),
        ("refund_payment", "COMPLETED"), ("release_inventory", "COMPLETED"), ("cancel_order", "COMPLETED")]
    # What the workers printed (log lines of the worker libraries may share the file).
    printed = re.findall(r"UNDO\s+(\w+)", (tmp_path / "workers.log").read_text())
    assert printed == ["refund", "release", "cancel"]

    # Where does the order stand? By its id.
    found = requests.get(f"{baton.api}/workflow/order_saga/correlated/{order}",
                         params={"includeClosed": "true"}, timeout=10).json()
    assert [w["workflowId"] for w in found] == [workflow_id]
