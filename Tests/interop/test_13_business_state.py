"""The business-state example (examples/business-state): a follower of the change feed keeps an
orders table in step with the order saga (examples/order-saga, its conductor-python workers).
A kill -9 of the follower, and one of the server while orders run, make it neither miss nor
apply twice any event: the table ends as the executions say, and as a replay of the whole feed
builds it."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import requests

from conftest import _psql
from interop_helpers import uid, wait_until

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SAGA = EXAMPLES / "order-saga"
FOLLOWER = EXAMPLES / "business-state" / "follower.py"


def register_saga(api):
    document = json.loads((SAGA / "definitions.json").read_text())
    for task in document["taskDefs"]:
        # A completion the server's crash swallowed goes back to the queue after 3 s, not 30.
        task["responseTimeoutSeconds"] = 3
    assert requests.post(f"{api}/metadata/taskdefs", json=document["taskDefs"], timeout=10).status_code == 200
    for definition in document["workflowDefs"]:
        answer = requests.post(f"{api}/metadata/workflow", params={"overwrite": "true"}, json=definition, timeout=10)
        assert answer.status_code == 200, answer.text


def place(api, order, amount):
    answer = requests.post(f"{api}/workflow", timeout=10, json={
        "name": "order_saga", "correlationId": order,
        "input": {"orderId": order, "sku": "BOOK-42", "quantity": 1, "amount": amount, "customer": f"{order}@example.com"}})
    assert answer.status_code == 200, answer.text
    return answer.text


def start_follower(server, db, log, *extra):
    return subprocess.Popen([sys.executable, str(FOLLOWER), "--server", server.base, "--db", str(db), *extra],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def query(db, sql, *arguments):
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute(sql, arguments).fetchall()


def count(db, sql, *arguments):
    """The number `sql` selects; 0 before the follower has made its tables."""
    try:
        return query(db, sql, *arguments)[0][0]
    except sqlite3.OperationalError:
        return 0


def cursor(db):
    return count(db, "SELECT COALESCE(MAX(seq), 0) FROM cursor")


def whole_feed(api):
    """Every order_saga event the server has, read from seq 0 page by page, and its last seq."""
    events, since = [], 0
    while True:
        page = requests.get(f"{api}/changes", params={"since": since, "workflowName": "order_saga"}, timeout=10).json()
        events += page["results"]
        if not page["results"]:
            return events, page["last_seq"]
        since = page["last_seq"]


def expected_status(workflow):
    """What the orders table should say about an execution, from the API's answer."""
    if workflow["status"] == "COMPLETED" or "compensation" not in workflow:
        return workflow["status"]
    return {"COMPLETED": "COMPENSATED", "FAILED": "COMPENSATION_FAILED"}[workflow["compensation"]["state"]]


def test_the_orders_table_survives_kill_9_of_the_follower_and_of_the_server(own_server, tmp_path):
    server = own_server()
    register_saga(server.api)
    run = uid("o")
    orders = {f"{run}-{n:02}": 39.9 + n for n in range(12)}
    declined = [f"{run}-03", f"{run}-08"]
    undeliverable = [f"{run}-05", f"{run}-10"]
    orders.update({order: 1500.0 for order in declined})

    workers_log = open(tmp_path / "workers.log", "w")
    workers = subprocess.Popen(
        [sys.executable, "workers.py"], cwd=SAGA, stdout=workers_log, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "CONDUCTOR_SERVER_URL": server.api, "FAIL_SHIPPING": ",".join(undeliverable)})
    db = tmp_path / "orders.sqlite"
    follower_log = open(tmp_path / "follower.log", "w")
    follower = start_follower(server, db, follower_log)
    ids = {}
    try:
        names = sorted(orders)
        for order in names[:6]:
            ids[order] = place(server.api, order, orders[order])
        # Mid-stream: the workers have moved orders on, and the follower has followed some of it.
        wait_until(lambda: count(db, "SELECT count(*) FROM orders WHERE status != 'PLACED'") >= 2, 60,
                   message="the follower applying the workers' progress")
        follower.kill()  # kill -9
        follower.wait(5)
        killed_at = cursor(db)
        for order in names[6:9]:
            ids[order] = place(server.api, order, orders[order])
        follower = start_follower(server, db, follower_log)

        # The server crashes while orders run and the follower follows them.
        for order in names[9:]:
            ids[order] = place(server.api, order, orders[order])
        last_wave = names[9:]
        wait_until(lambda: count(db, "SELECT count(*) FROM history WHERE order_id IN (?, ?, ?) AND event LIKE '% COMPLETED'",
                                 *last_wave) > 0, 30, message="the follower applying the last orders' progress")
        running = [o for o in last_wave if requests.get(f"{server.api}/workflow/{ids[o]}", params={"includeTasks": "false"},
                                                        timeout=10).json()["status"] == "RUNNING"]
        server.kill9()
        time.sleep(0.5)
        server.start()

        def all_ended():
            return all(requests.get(f"{server.api}/workflow/{i}", params={"includeTasks": "false"}, timeout=10)
                       .json()["status"] != "RUNNING" for i in ids.values())

        wait_until(all_ended, 60, interval=0.3, message="every order's saga ending")
        feed, last_seq = whole_feed(server.api)
        wait_until(lambda: cursor(db) >= last_seq, 30, message=f"the follower reaching seq {last_seq}")
    finally:
        follower.kill()
        follower.wait(5)
        follower_log.close()
        os.killpg(workers.pid, signal.SIGTERM)
        workers.wait(15)
        workers_log.close()

    assert 0 < killed_at < last_seq
    assert running, "every order of the last wave had ended before the server's crash"
    assert "server unreachable" in (tmp_path / "follower.log").read_text(), "the follower never saw the crash"

    # Nothing missing, nothing twice: the history holds each seq of the feed once.
    applied = [seq for (seq,) in query(db, "SELECT seq FROM history ORDER BY seq, rowid")]
    assert len(applied) == len(set(applied)), "an event was applied twice"
    assert applied == [event["seq"] for event in feed]

    # The table says what the executions say.
    table = {row[0]: row[1:] for row in query(db, "SELECT order_id, workflow_id, status, reason FROM orders")}
    assert sorted(table) == sorted(orders)
    for order, workflow_id in ids.items():
        workflow = requests.get(f"{server.api}/workflow/{workflow_id}", timeout=10).json()
        assert table[order][:2] == (workflow_id, expected_status(workflow)), order
    for order in orders:
        status, reason = table[order][1:]
        if order in declined:
            assert status == "COMPENSATED" and reason.startswith("card declined: 1500"), (order, status, reason)
        elif order in undeliverable:
            assert (status, reason) == ("COMPENSATED", "no courier available"), order
        else:
            assert (status, reason) == ("COMPLETED", None), order

    # The same table as one uninterrupted replay of the feed builds.
    replay = tmp_path / "replay.sqlite"
    with open(tmp_path / "replay.log", "w") as log:
        assert start_follower(server, replay, log, "--once").wait(30) == 0
    every_column = "SELECT * FROM orders ORDER BY order_id"
    assert query(db, every_column) == query(replay, every_column)
    assert query(db, "SELECT * FROM history ORDER BY seq") == query(replay, "SELECT * FROM history ORDER BY seq")


def test_a_cursor_older_than_the_retention_is_told_so(own_server, tmp_path):
    server = own_server()
    register_saga(server.api)
    for n in range(2):
        place(server.api, uid("o"), 10.0)
    _, last_seq = whole_feed(server.api)
    assert last_seq >= 4
    # The first events are 8 days old when the server starts again: its retention (7 days) deletes them.
    server.stop()
    age = "UPDATE change_log SET time = time - 8 * 86400000 WHERE seq <= 2"
    if server.database.startswith("sqlite:"):
        with closing(sqlite3.connect(server.database.removeprefix("sqlite:"))) as connection, connection:
            connection.execute(age)
    else:
        subprocess.run([_psql(), server.database, "-q", "-c", age], check=True, capture_output=True)
    server.start()
    wait_until(lambda: requests.get(f"{server.api}/changes", params={"since": 0}, timeout=10).status_code == 410, 10,
               message="the retention deleting the aged events")

    answer = subprocess.run([sys.executable, str(FOLLOWER), "--server", server.base, "--db", str(tmp_path / "o.sqlite"),
                             "--once"], capture_output=True, text=True, timeout=30)
    assert answer.returncode == 1
    assert "no longer keeps the changes after this table's cursor" in answer.stderr
    assert "since=0 is too old" in answer.stderr
    assert query(tmp_path / "o.sqlite", "SELECT count(*) FROM orders") == [(0,)]
