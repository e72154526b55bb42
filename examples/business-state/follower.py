"""Keeps an `orders` table in step with the order saga by following Baton's change feed.

    python3 follower.py --server http://127.0.0.1:8080 --db orders.sqlite
    python3 follower.py --db orders.sqlite --show      # print the table

Each event of the feed is applied, and the cursor (the last sequence number applied) advanced, in
one SQLite transaction. After a crash the follower reads on from its saved cursor, and an event at
or below the cursor is skipped: every event is applied exactly once. Python's standard library
only, so it runs wherever the saga's workers run.
"""

import argparse
import datetime
import http.client
import json
import sqlite3
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

# What the saga's steps mean to the business: the status an order reaches when a step completes.
MILESTONES = {"reserve": "RESERVED", "charge": "PAID", "ship": "SHIPPED"}
# The phases of the saga's compensation (events of type `compensation`) as the order's status.
COMPENSATION = {"RUNNING": "COMPENSATING", "COMPLETED": "COMPENSATED", "FAILED": "COMPENSATION_FAILED"}
# Statuses after which only an operator's retry or restart (a new RUNNING event) moves an order.
ENDED = {"COMPLETED", "FAILED", "TIMED_OUT", "TERMINATED", "COMPENSATED", "COMPENSATION_FAILED"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    order_id    TEXT PRIMARY KEY,
    workflow_id TEXT NOT NULL,
    status      TEXT NOT NULL,
    step        TEXT,           -- the saga step the last event was about
    step_status TEXT,           -- that step's status: SCHEDULED, IN_PROGRESS, COMPLETED, FAILED...
    customer    TEXT,
    amount      REAL,
    reason      TEXT,           -- why the order failed, in the failing step's words
    updated_at  TEXT NOT NULL,  -- the event's time, so that a replay builds the same table
    last_seq    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cursor (feed TEXT PRIMARY KEY, seq INTEGER NOT NULL);
-- One row per event applied: each order's timeline, and its status after the event.
CREATE TABLE IF NOT EXISTS history (
    seq INTEGER NOT NULL, order_id TEXT NOT NULL, event TEXT NOT NULL, status TEXT NOT NULL, at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_by_order ON history (order_id, seq);
"""


class CursorTooOld(Exception):
    """The server answered 410: it no longer keeps the events after our cursor."""


def open_db(path):
    # Autocommit mode: transactions are the explicit BEGIN IMMEDIATE ... COMMIT in apply().
    db = sqlite3.connect(path, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")  # a commit survives a power cut, not only a kill -9
    db.executescript(SCHEMA)
    return db


def saved_cursor(db, feed):
    row = db.execute("SELECT seq FROM cursor WHERE feed = ?", (feed,)).fetchone()
    return row[0] if row else 0


def next_status(order, event):
    """The order's status after `event`; `order` is its row (None for an order not seen yet)."""
    current = order["status"] if order else None
    kind, status = event["type"], event["status"]
    if kind == "compensation":
        return COMPENSATION[status]
    if kind == "workflow":
        if status == "RUNNING":  # started, resumed, or retried/restarted by an operator
            return "PLACED" if current is None else "RUNNING" if current in ENDED else current
        if status == "PAUSED" or current == "COMPENSATING":
            # A compensated workflow's end comes just before its compensation's, in one transaction.
            return current
        return status  # COMPLETED, FAILED, TIMED_OUT, TERMINATED
    if kind == "task" and status == "COMPLETED" and current not in ENDED:
        return MILESTONES.get(event["taskReferenceName"], current)
    return current or "RUNNING"


def apply(db, feed, event):
    """Applies one event and advances the cursor to it, in one transaction. Returns the order's
    status before and after, or None for an event at or below the cursor (applied already)."""
    seq = event["seq"]
    db.execute("BEGIN IMMEDIATE")  # the write lock first: the cursor read below stays true
    try:
        if seq <= saved_cursor(db, feed):
            db.execute("ROLLBACK")
            return None
        order_id = event.get("correlationId") or event["workflowId"]
        order = db.execute("SELECT * FROM orders WHERE order_id = ?", (order_id,)).fetchone()
        status = next_status(order, event)
        data = event.get("data") or {}
        given = data.get("input") or {}
        step = event.get("taskReferenceName") or (order["step"] if order else None)
        step_status = event["status"] if event["type"] == "task" else (order["step_status"] if order else None)
        reason = order["reason"] if order else None
        if status == "COMPLETED" or (status == "RUNNING" and order and order["status"] in ENDED):
            reason = None  # it went through after all, or an operator's retry or restart runs it again
        elif data.get("reason") and (event["type"] == "task" or not reason):
            reason = data["reason"]  # a step's own words first; the workflow's when no step said
        at = datetime.datetime.fromtimestamp(event["time"] / 1000, datetime.timezone.utc).isoformat(timespec="milliseconds")
        db.execute(
            """INSERT INTO orders (order_id, workflow_id, status, step, step_status, customer, amount, reason, updated_at, last_seq)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (order_id) DO UPDATE SET
                 workflow_id = excluded.workflow_id, status = excluded.status, step = excluded.step,
                 step_status = excluded.step_status, customer = COALESCE(excluded.customer, customer),
                 amount = COALESCE(excluded.amount, amount), reason = excluded.reason,
                 updated_at = excluded.updated_at, last_seq = excluded.last_seq""",
            (order_id, event["workflowId"], status, step, step_status, given.get("customer"), given.get("amount"),
             reason, at, seq))
        what = f"{event.get('taskReferenceName') or event['type']} {event['status']}"  # "ship FAILED", "workflow RUNNING"
        db.execute("INSERT INTO history (seq, order_id, event, status, at) VALUES (?, ?, ?, ?, ?)",
                   (seq, order_id, what, status, at))
        advance(db, feed, seq)
        db.execute("COMMIT")
        return (order["status"] if order else None), status
    except BaseException:
        db.execute("ROLLBACK")
        raise


def advance(db, feed, seq):
    db.execute("INSERT INTO cursor (feed, seq) VALUES (?, ?) ON CONFLICT (feed) DO UPDATE SET seq = MAX(seq, excluded.seq)",
               (feed, seq))


def read_changes(server, workflow, since, wait_ms):
    """One page of the feed after `since`: a long poll that waits up to `wait_ms` for news."""
    query = {"since": since, "workflowName": workflow, "limit": 500}
    if wait_ms:
        query.update(feed="longpoll", timeout=wait_ms)
    url = f"{server.rstrip('/')}/api/changes?{urllib.parse.urlencode(query)}"
    try:
        with urllib.request.urlopen(url, timeout=wait_ms / 1000 + 30) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as error:
        if error.code == 410:
            raise CursorTooOld(json.load(error).get("message", "")) from None
        raise


def follow(server, db, workflow, once):
    feed = workflow  # one cursor per workflow followed
    since = saved_cursor(db, feed)
    print(f"following {workflow} on {server} after seq {since}", flush=True)
    backoff = 0.25
    while True:
        try:
            page = read_changes(server, workflow, since, 0 if once else 30_000)
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            if isinstance(error, urllib.error.HTTPError) and error.code < 500:
                # Our request is wrong (the message says how): retrying will not help.
                sys.exit(f"the server refused the request: {error.code} {error.read().decode(errors='replace')}")
            reason = getattr(error, "reason", error)
            if once:
                sys.exit(f"server unreachable ({reason})")
            print(f"server unreachable ({reason}); retrying in {backoff:g} s from seq {since}", flush=True)
            time.sleep(backoff)
            backoff = min(backoff * 2, 10)
            continue
        backoff = 0.25
        for event in page["results"]:
            applied = apply(db, feed, event)
            if applied and applied[0] != applied[1]:
                order = event.get("correlationId") or event["workflowId"]
                print(f"seq {event['seq']:>6}  {order:<16} {applied[0] or '-':>13} -> {applied[1]}", flush=True)
            since = max(since, event["seq"])
        if page["last_seq"] > since:
            # Events the filter left out need no work, but the cursor moves past them all the same.
            db.execute("BEGIN IMMEDIATE")
            advance(db, feed, page["last_seq"])
            db.execute("COMMIT")
            since = page["last_seq"]
        if once and not page["results"]:
            return


def show(db):
    rows = db.execute("SELECT order_id, status, step, step_status, amount, reason, last_seq FROM orders ORDER BY order_id").fetchall()
    print(f"{'order_id':<12} {'status':<13} {'step':<28} {'amount':>7}  {'seq':>4}  reason")
    for order_id, status, step, step_status, amount, reason, seq in rows:
        where = f"{step} {step_status}" if step else ""
        print(f"{order_id:<12} {status:<13} {where:<28} {amount if amount is not None else '':>7}  {seq:>4}  {reason or ''}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8080", help="Baton's base URL")
    parser.add_argument("--db", default="orders.sqlite", help="the SQLite file that holds the orders table")
    parser.add_argument("--workflow", default="order_saga", help="the workflow whose executions are orders")
    parser.add_argument("--once", action="store_true", help="apply what the feed holds now, then exit")
    parser.add_argument("--show", action="store_true", help="print the orders table and exit")
    args = parser.parse_args()
    db = open_db(args.db)
    if args.show:
        return show(db)
    try:
        follow(args.server, db, args.workflow, args.once)
    except CursorTooOld as error:
        sys.exit(f"the server no longer keeps the changes after this table's cursor ({error}).\n"
                 "Events were deleted by its retention (--change-retention-days) before they were applied: "
                 "rebuild the table from a fresh file (--db) and the executions the server still has.")
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
