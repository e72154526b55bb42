"""Fixtures for the Baton interop suite.

The suite runs the official Conductor Python SDK (conductor-python 2.0.0)
against a Baton server:

* ``BATON_SERVER_URL`` set (e.g. ``http://127.0.0.1:8080``, with or without the
  trailing ``/api``): use that server; tests that need to start, kill or
  reconfigure a server of their own still need ``BATON_BIN``.
* otherwise: start ``BATON_BIN`` (default ``.build/debug/baton`` under the repo
  root) on a free 127.0.0.1 port with a fresh SQLite file in a temp dir.

If no server can be reached the tests skip, but a run in which every interop
test skipped is turned into a failure in ``pytest_sessionfinish``: a green CI
line must mean the SDK really ran against Baton.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import List, Optional

import pytest
import requests

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def baton_binary() -> Optional[Path]:
    raw = os.environ.get("BATON_BIN")
    path = Path(raw) if raw else REPO_ROOT / ".build" / "debug" / "baton"
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path if path.is_file() and os.access(path, os.X_OK) else None


def wait_healthy(base: str, timeout: float = 30.0, proc: Optional[subprocess.Popen] = None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            if requests.get(base + "/health", timeout=1).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.05)
    return False


def _database_url(workdir: Path) -> str:
    """A fresh database for one server: a SQLite file in ``workdir``, or, with
    ``BATON_INTEROP_STORE=postgres``, a new database on the server at ``BATON_TEST_POSTGRES_URL``."""
    if os.environ.get("BATON_INTEROP_STORE", "sqlite") != "postgres":
        return f"sqlite:{workdir / 'baton.sqlite'}"
    admin = os.environ.get("BATON_TEST_POSTGRES_URL")
    if not admin:
        raise RuntimeError("BATON_INTEROP_STORE=postgres needs BATON_TEST_POSTGRES_URL (see scripts/postgres)")
    name = "baton_interop_" + uuid.uuid4().hex[:16]
    subprocess.run([_psql(), admin, "-q", "-c", f"CREATE DATABASE {name}"], check=True,
                   stdin=subprocess.DEVNULL, capture_output=True)
    return admin.rsplit("/", 1)[0] + "/" + name


def _psql() -> str:
    """The psql client: on PATH, or beside Debian's server binaries."""
    found = shutil.which("psql")
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"), reverse=True)
    if not candidates:
        raise RuntimeError("psql not found; install Debian's postgresql-client")
    return str(candidates[0])


class BatonServer:
    """A Baton process that this suite owns: start, stop, kill -9, restart."""

    def __init__(self, binary: Path, workdir: Path, extra_args: Optional[List[str]] = None,
                 port: Optional[int] = None, database: Optional[str] = None):
        self.binary = binary
        self.workdir = workdir
        self.database = database or _database_url(workdir)
        self.port = port or _free_port()
        self.extra_args = list(extra_args or [])
        self.proc: Optional[subprocess.Popen] = None
        self._log = None
        self.starts = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return self.base + "/api"

    def start(self, timeout: float = 30.0) -> None:
        assert self.proc is None or self.proc.poll() is not None, "already running"
        self.starts += 1
        self._log = open(self.workdir / f"server-{self.starts}.log", "wb")
        cmd = [str(self.binary), "server", "--host", "127.0.0.1", "--port", str(self.port),
               "--database", self.database, "--log-level", os.environ.get("BATON_LOG_LEVEL", "warning"), *self.extra_args]
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        if not wait_healthy(self.base, timeout, self.proc):
            self.stop()
            raise RuntimeError(f"Baton did not become healthy: {' '.join(cmd)}\n{self.log_tail()}")

    def log_tail(self, n: int = 40) -> str:
        try:
            lines = (self.workdir / f"server-{self.starts}.log").read_text(errors="replace").splitlines()
            return "\n".join(lines[-n:])
        except OSError:
            return ""

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM, then SIGKILL after ``grace`` seconds."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._close_log()

    def kill9(self) -> None:
        """Crash: SIGKILL, no chance to flush or shut down."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        self._close_log()

    def restart(self, crash: bool = False, timeout: float = 30.0) -> None:
        """Restart on the same port and database (``crash=True``: kill -9 first)."""
        if crash:
            self.kill9()
        else:
            self.stop()
        self.start(timeout)

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


def _normalize_external(url: str) -> str:
    url = url.rstrip("/")
    return url[: -len("/api")] if url.endswith("/api") else url


class ServerHandle:
    """What tests see: the base URL, the API URL, and (if owned) the process."""

    def __init__(self, base: str, owned: Optional[BatonServer]):
        self.base = base
        self.api = base + "/api"
        self.owned = owned


@pytest.fixture(scope="session")
def baton(tmp_path_factory) -> ServerHandle:
    external = os.environ.get("BATON_SERVER_URL")
    if external:
        base = _normalize_external(external)
        if not wait_healthy(base, timeout=5):
            pytest.skip(f"BATON_SERVER_URL={external} is not reachable (GET /health)")
        handle = ServerHandle(base, None)
        os.environ["CONDUCTOR_SERVER_URL"] = handle.api
        yield handle
        return
    binary = baton_binary()
    if binary is None:
        pytest.skip("no Baton binary: set BATON_BIN or build .build/debug/baton (or set BATON_SERVER_URL)")
    server = BatonServer(binary, tmp_path_factory.mktemp("baton"))
    try:
        server.start()
    except RuntimeError as e:
        pytest.skip(str(e))
    os.environ["CONDUCTOR_SERVER_URL"] = server.api
    try:
        yield ServerHandle(server.base, server)
    finally:
        server.stop()


@pytest.fixture
def own_server(tmp_path):
    """Factory for a dedicated server (own port and database) that a test may
    crash, restart or start with extra flags. Needs the binary."""
    servers: List[BatonServer] = []
    binary = baton_binary()

    def make(extra_args: Optional[List[str]] = None) -> BatonServer:
        if binary is None:
            pytest.skip("this test starts its own server and needs BATON_BIN")
        workdir = Path(tempfile.mkdtemp(dir=tmp_path))
        server = BatonServer(binary, workdir, extra_args)
        try:
            server.start()
        except RuntimeError as e:
            pytest.skip(str(e))
        servers.append(server)
        return server

    yield make
    for s in servers:
        s.stop()


@pytest.fixture(scope="session")
def configuration(baton):
    from conductor.client.configuration.configuration import Configuration
    return Configuration(server_api_url=baton.api)


@pytest.fixture(scope="session")
def clients(configuration):
    from conductor.client.orkes_clients import OrkesClients
    return OrkesClients(configuration=configuration)


@pytest.fixture(scope="session")
def metadata_client(clients):
    return clients.get_metadata_client()


@pytest.fixture(scope="session")
def workflow_client(clients):
    return clients.get_workflow_client()


@pytest.fixture(scope="session")
def task_client(clients):
    return clients.get_task_client()


@pytest.fixture(scope="session")
def workflow_executor(clients):
    return clients.get_workflow_executor()


@pytest.fixture
def task_handler(configuration):
    """Start a TaskHandler (multiprocess, the SDK default) for given Worker
    objects; stopped at the end of the test."""
    from conductor.client.automator.task_handler import TaskHandler
    handlers = []

    def start(workers, scan_for_annotated_workers: bool = False, import_modules=None):
        handler = TaskHandler(workers=workers, configuration=configuration,
                              scan_for_annotated_workers=scan_for_annotated_workers,
                              import_modules=import_modules, monitor_processes=False)
        handler.start_processes()
        handlers.append(handler)
        return handler

    yield start
    for h in handlers:
        h.stop_processes()
    if handlers:
        # A worker killed mid long-poll leaves its poll open on the server for up
        # to its timeout (100 ms); a task scheduled in that window is handed to the
        # dead worker (as in Conductor). Let those polls lapse before the next test.
        time.sleep(0.3)


# --- a run in which every interop test skipped is a failure -----------------

_outcomes = {"passed": 0, "failed": 0, "skipped": 0, "xfailed": 0, "xpassed": 0}


def pytest_runtest_logreport(report):
    if report.when == "call":
        if hasattr(report, "wasxfail"):
            _outcomes["xfailed" if report.skipped else "xpassed"] += 1
        elif report.passed:
            _outcomes["passed"] += 1
        elif report.failed:
            _outcomes["failed"] += 1
    elif report.skipped and not hasattr(report, "wasxfail"):
        _outcomes["skipped"] += 1
    elif report.failed:
        _outcomes["failed"] += 1


def pytest_sessionfinish(session, exitstatus):
    ran = _outcomes["passed"] + _outcomes["failed"] + _outcomes["xfailed"] + _outcomes["xpassed"]
    if session.testscollected and ran == 0 and _outcomes["skipped"] > 0:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        msg = ("Baton interop: every test skipped (no server reached). "
               "This counts as a failure: build Baton or set BATON_BIN / BATON_SERVER_URL.")
        if reporter is not None:
            reporter.write_line(msg, red=True, bold=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
