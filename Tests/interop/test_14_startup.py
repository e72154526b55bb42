"""A server that cannot start says why and exits, rather than hanging."""

import socket
import subprocess

import pytest

from conftest import baton_binary


def test_a_port_already_taken_stops_the_server_with_the_reason(tmp_path):
    binary = baton_binary()
    if binary is None:
        pytest.skip("needs BATON_BIN")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [str(binary), "server", "--port", str(port), "--database", f"sqlite:{tmp_path / 'baton.sqlite'}"],
            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert run.returncode != 0
    assert "Address already in use" in run.stderr, run.stderr
    # Each service stops once: no loop keeps reporting its cancellation.
    assert len(run.stdout.splitlines()) + len(run.stderr.splitlines()) < 20, run.stdout[-2000:]
