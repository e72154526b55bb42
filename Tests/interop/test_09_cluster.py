"""Several servers on one PostgreSQL (runs with BATON_INTEROP_STORE=postgres).

Three real `baton server` processes share one database; workers are spread across them. The
work completes, no task attempt is handed to two workers, no completion is applied twice, and
when one server is killed with kill -9 the others finish its work.
"""

import os
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from conftest import BatonServer, _database_url, baton_binary, wait_healthy
from interop_helpers import uid

pytestmark = pytest.mark.skipif(
    os.environ.get("BATON_INTEROP_STORE", "sqlite") != "postgres",
    reason="several servers need the shared PostgreSQL store (BATON_INTEROP_STORE=postgres)")

WORKFLOWS = 1000
REFS = ("reserve", "charge", "ship")


@pytest.fixture
def cluster(tmp_path):
    """Makes servers on one fresh PostgreSQL database; stops them all at the end."""
    binary = baton_binary()
    if binary is None:
        pytest.skip("the cluster tests start their own servers and need BATON_BIN")
    database = _database_url(tmp_path)
    servers = []

    def make(count):
        made = [BatonServer(binary, Path(tempfile.mkdtemp(dir=tmp_path)), database=database) for _ in range(count)]
        servers.extend(made)
        return made

    yield make
    for server in servers:
        server.stop()


def start_together(servers):
    """Starts every server at the same moment, as a deployment would, and waits for all."""
    for server in servers:
        server.starts += 1
        server._log = open(server.workdir / f"server-{server.starts}.log", "wb")
        server.proc = subprocess.Popen(
            [str(server.binary), "server", "--host", "127.0.0.1", "--port", str(server.port),
             "--database", server.database, "--log-level", "warning"],
            stdout=server._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    for server in servers:
        assert wait_healthy(server.base, 60, server.proc), server.log_tail()


def test_servers_starting_together_on_an_empty_database_all_come_up(cluster):
    servers = cluster(2)
    start_together(servers)
    name = uid("together")
    definition = {"name": name, "version": 1, "tasks": [{"name": uid("t"), "taskReferenceName": "only"}]}
    assert requests.post(f"{servers[0].api}/metadata/workflow", json=definition, timeout=10).status_code == 200
    assert requests.get(f"{servers[1].api}/metadata/workflow/{name}", timeout=10).json()["name"] == name


class Ledger:
    def __init__(self):
        self.lock = threading.Lock()
        self.delivered = {}   # taskId -> how many times a poll handed it over
        self.completed = 0

    def deliver(self, task_id):
        with self.lock:
            self.delivered[task_id] = self.delivered.get(task_id, 0) + 1

    def complete(self):
        with self.lock:
            self.completed += 1


def _worker(home, servers, task_type, ledger, stop):
    """Polls its home server; completes through it, or through any other live server when the
    home server is gone."""
    session = requests.Session()
    order = [home] + [s for s in servers if s is not home]
    while not stop.is_set():
        tasks = []
        for server in order:
            try:
                answer = session.get(f"{server.api}/tasks/poll/batch/{task_type}", timeout=5,
                                     params={"workerid": f"w-{home.port}", "count": 5, "timeout": 100})
                tasks = answer.json() if answer.status_code == 200 else []
                break
            except requests.RequestException:
                continue
        for task in tasks:
            ledger.deliver(task["taskId"])
            result = {"workflowInstanceId": task["workflowInstanceId"], "taskId": task["taskId"],
                      "status": "COMPLETED", "outputData": {"by": home.port}}
            for server in order:
                try:
                    if session.post(f"{server.api}/tasks", json=result, timeout=5).status_code == 200:
                        ledger.complete()
                        break
                except requests.RequestException:
                    continue
        if not tasks:
            time.sleep(0.02)


def test_three_servers_share_the_work_and_finish_a_killed_servers_share(cluster):
    servers = cluster(3)
    start_together(servers)
    api = servers[0].api
    types = {ref: uid(ref) for ref in REFS}
    # A lease long enough that no attempt is handed out again while its worker holds it, short
    # enough that attempts whose poll answer died with the killed server come back in the test.
    task_defs = [{"name": t, "retryCount": 2, "retryDelaySeconds": 0, "responseTimeoutSeconds": 10} for t in types.values()]
    assert requests.post(f"{api}/metadata/taskdefs", json=task_defs, timeout=10).status_code == 200
    name = uid("cluster")
    definition = {"name": name, "version": 1,
                  "tasks": [{"name": types[ref], "taskReferenceName": ref} for ref in REFS]}
    assert requests.post(f"{api}/metadata/workflow", json=definition, timeout=10).status_code == 200

    ledger, stop = Ledger(), threading.Event()
    workers = [threading.Thread(target=_worker, args=(servers[i % 3], servers, types[REFS[i % 3]], ledger, stop), daemon=True)
               for i in range(12)]
    for worker in workers:
        worker.start()

    def start(index):
        server = servers[index % 3]
        answer = requests.post(f"{server.api}/workflow/{name}", json={"n": index}, timeout=30)
        assert answer.status_code == 200, answer.text
        return answer.text

    with ThreadPoolExecutor(max_workers=6) as pool:
        ids = list(pool.map(start, range(WORKFLOWS)))
    assert len(set(ids)) == WORKFLOWS

    deadline = time.time() + 60
    while ledger.completed < WORKFLOWS and time.time() < deadline:
        time.sleep(0.05)
    servers[2].kill9()  # about a third of the work done: the others must finish the rest

    def completed_count():
        query = f"workflowType = '{name}' AND status = COMPLETED"
        return requests.get(f"{api}/workflow/search", params={"query": query, "size": 1}, timeout=10).json()["totalHits"]

    deadline = time.time() + 150
    while completed_count() < WORKFLOWS and time.time() < deadline:
        time.sleep(0.5)
    stop.set()
    for worker in workers:
        worker.join(10)

    assert completed_count() == WORKFLOWS
    twice = {task_id: n for task_id, n in ledger.delivered.items() if n > 1}
    assert not twice, f"attempts handed to more than one worker: {list(twice)[:5]}"
    for workflow_id in ids:
        workflow = requests.get(f"{api}/workflow/{workflow_id}", timeout=10).json()
        completed = [t["referenceTaskName"] for t in workflow["tasks"] if t["status"] == "COMPLETED"]
        assert sorted(completed) == sorted(REFS), (workflow_id, [(t["referenceTaskName"], t["status"]) for t in workflow["tasks"]])
