"""Durability: kill -9 the server in the middle of a run, restart it on the same
database, and check that nothing acknowledged was lost and nothing was applied twice.

Workers here are raw HTTP (requests), a pool of threads doing batch poll + update
(half through POST /tasks, half through POST /tasks/update-v2, which may hand the
next task straight back). Each completion carries a unique token, so the stored
output shows which completion was applied.
"""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from interop_helpers import uid

WORKFLOWS = 50
REFS = ("reserve", "charge", "ship")
THREADS = 8


class Ledger:
    def __init__(self):
        self.lock = threading.Lock()
        self.first_token = {}      # taskId -> token of the first completion answered 200
        self.acked_in_lease = {}   # taskId -> token, acknowledged < 2 s after the poll (well inside the 3 s lease)
        self.dup_tokens = set()    # tokens of deliberate second completions
        self.answers = {}          # HTTP status (or 'conn-error') -> count
        self.completed = 0

    def count(self, key):
        with self.lock:
            self.answers[key] = self.answers.get(key, 0) + 1


def _worker(index, api, task_type, ledger: Ledger, stop: threading.Event):
    session = requests.Session()
    use_v2 = index % 2 == 1
    worker_id = f"crash-worker-{index}"
    pending = []  # tasks in hand: (task, polled_at)

    def call(method, url, **kw):
        """One HTTP call, retried through connection errors (the server may be down)."""
        while not stop.is_set():
            try:
                r = session.request(method, url, timeout=5, **kw)
                ledger.count(r.status_code)
                return r
            except requests.RequestException:
                ledger.count("conn-error")
                time.sleep(0.2)
        return None

    n = 0
    while not stop.is_set():
        if not pending:
            r = call("GET", f"{api}/tasks/poll/batch/{task_type}",
                     params={"workerid": worker_id, "count": 3, "timeout": 100})
            if r is None:
                return
            if r.status_code != 200:
                time.sleep(0.1)
                continue
            now = time.monotonic()
            pending = [(t, now) for t in r.json()]
            if not pending:
                continue
        task, polled_at = pending.pop(0)
        token = uuid.uuid4().hex
        body = {"workflowInstanceId": task["workflowInstanceId"], "taskId": task["taskId"],
                "workerId": worker_id, "status": "COMPLETED", "extendLease": False,
                "outputData": {"token": token, "ref": task["referenceTaskName"], "worker": worker_id}}
        url = f"{api}/tasks/update-v2" if use_v2 else f"{api}/tasks"
        r = call("POST", url, json=body)
        if r is None:
            return
        assert r.status_code in (200, 204), (r.status_code, r.text)
        acked_at = time.monotonic()
        with ledger.lock:
            ledger.first_token.setdefault(task["taskId"], token)
            if acked_at - polled_at < 2.0:
                ledger.acked_in_lease.setdefault(task["taskId"], token)
            ledger.completed += 1
        if use_v2 and r.status_code == 200 and r.content:
            nxt = r.json()
            if isinstance(nxt, dict) and nxt.get("taskId"):
                assert nxt["status"] == "IN_PROGRESS" and nxt["taskType"] == task_type
                pending.append((nxt, time.monotonic()))
        n += 1
        if n % 4 == 0:
            # a second completion of the same attempt: answered, not applied
            dup = uuid.uuid4().hex
            with ledger.lock:
                ledger.dup_tokens.add(dup)
            r = call("POST", f"{api}/tasks", json={**body, "outputData": {"token": dup}})
            if r is None:
                return
            assert r.status_code == 200, (r.status_code, r.text)


def test_kill_9_mid_run_loses_nothing_and_applies_nothing_twice(own_server):
    server = own_server()
    api = server.api
    name, tt = uid("crash_wf"), uid("crash_task")
    assert requests.post(f"{api}/metadata/taskdefs", json=[{
        "name": tt, "retryCount": 5, "retryDelaySeconds": 0, "responseTimeoutSeconds": 3,
        "timeoutSeconds": 0}]).status_code == 200
    assert requests.post(f"{api}/metadata/workflow", json={
        "name": name, "version": 1, "schemaVersion": 2,
        "tasks": [{"name": tt, "taskReferenceName": ref, "type": "SIMPLE",
                   "inputParameters": {"order": "${workflow.input.order}"}} for ref in REFS]
    }).status_code == 200
    ids = []
    for i in range(WORKFLOWS):
        r = requests.post(f"{api}/workflow", json={"name": name, "input": {"order": i},
                                                   "correlationId": f"order-{i}"})
        assert r.status_code == 200, r.text
        ids.append(r.text.strip().strip('"'))

    ledger, stop = Ledger(), threading.Event()
    pool = ThreadPoolExecutor(THREADS)
    futures = [pool.submit(_worker, i, api, tt, ledger, stop) for i in range(THREADS)]
    try:
        total = WORKFLOWS * len(REFS)
        deadline = time.monotonic() + 30
        while ledger.completed < total // 2:
            assert time.monotonic() < deadline, "workers made no progress before the crash"
            for f in futures:
                if f.done():
                    f.result()  # surface a worker's assertion
            time.sleep(0.01)
        server.kill9()
        crashed_at = ledger.completed
        time.sleep(0.5)  # workers hit connection errors meanwhile
        server.start()

        def all_done():
            for f in futures:
                if f.done():
                    f.result()
            states = [requests.get(f"{api}/workflow/{i}", params={"includeTasks": "false"}).json()["status"]
                      for i in ids]
            return all(s == "COMPLETED" for s in states)

        deadline = time.monotonic() + 60
        while not all_done():
            assert time.monotonic() < deadline, "not every workflow completed after the restart"
            time.sleep(0.3)
    finally:
        stop.set()
        pool.shutdown(wait=True)
    for f in futures:
        f.result()

    assert 0 < crashed_at < WORKFLOWS * len(REFS)
    assert ledger.answers.get("conn-error", 0) > 0, "the workers never saw the crash"
    applied = set()
    slowest = (0, None)
    for wf_id in ids:
        wf = requests.get(f"{api}/workflow/{wf_id}", params={"includeTasks": "true"}).json()
        assert wf["status"] == "COMPLETED"
        for ref in REFS:
            attempts = [t for t in wf["tasks"] if t["referenceTaskName"] == ref]
            done = [t for t in attempts if t["status"] == "COMPLETED"]
            assert len(done) == 1, (wf_id, ref, [(t["taskId"], t["status"]) for t in attempts])
            t = done[0]
            token = t["outputData"].get("token")
            assert token not in ledger.dup_tokens, f"a second completion was applied to {t['taskId']}"
            assert token == ledger.first_token.get(t["taskId"]), \
                f"{t['taskId']} stores {token}, not the first acknowledged completion"
            assert t["outputData"]["ref"] == ref
            for other in attempts:
                if other is not t:
                    assert other["status"] in ("TIMED_OUT", "FAILED", "CANCELED"), other["status"]
            applied.add(t["taskId"])
            wait = t["startTime"] - t["scheduledTime"]
            if wait > slowest[0]:
                slowest = (wait, t["taskId"], t["retryCount"], t["pollCount"])
        last = [t for t in wf["tasks"] if t["referenceTaskName"] == REFS[-1] and t["status"] == "COMPLETED"][0]
        assert wf["output"] == last["outputData"]
    # every completion acknowledged well inside its lease survived the crash
    lost = {tid for tid in ledger.acked_in_lease if tid not in applied}
    assert not lost, f"acknowledged completions lost in the crash: {sorted(lost)[:5]}"
    print(f"\ncrash after {crashed_at} completions; answers: {ledger.answers}; "
          f"longest schedule-to-poll wait: {slowest}")
