"""HTTP tasks through an operator's proxy to an https service signed by a private CA.

The remote service is ``fake_remote.FakeRemote``: a CONNECT proxy on 127.0.0.1 that plays
``https://api.example.test`` with a certificate from a CA made for the test, so nothing leaves
the machine. Baton gets it with ``--http-proxy`` and the CA with ``--http-ca-file``.
"""

import base64
import subprocess

import pytest
from conductor.client.configuration.configuration import Configuration
from conductor.client.http.models import StartWorkflowRequest
from conductor.client.orkes_clients import OrkesClients
from conductor.client.workflow.conductor_workflow import ConductorWorkflow
from conductor.client.workflow.task.http_task import HttpTask

from conftest import baton_binary
from fake_remote import FakeRemote
from interop_helpers import task_def, uid, wait_status

HOST = "api.example.test"


@pytest.fixture
def remote(tmp_path):
    with FakeRemote(tmp_path / "pki", [HOST]) as fake:
        yield fake


def _register_and_start(server, order_id: str) -> tuple:
    """Registers a workflow whose HTTP task POSTs to https://api.example.test/orders/<id>; starts it."""
    clients = OrkesClients(configuration=Configuration(server_api_url=server.api))
    call = uid("https_call")  # its own task definition: no retries, so a failure fails the workflow
    clients.get_metadata_client().register_task_def(task_def(call, retry_count=0))
    wf = ConductorWorkflow(executor=clients.get_workflow_executor(), name=uid("via_proxy"), version=1)
    wf >> HttpTask(task_ref_name=call, http_input={
        "uri": f"https://{HOST}/orders/${{workflow.input.orderId}}", "method": "POST",
        "body": {"orderId": "${workflow.input.orderId}"}})
    wf.register(overwrite=True)
    workflows = clients.get_workflow_client()
    wf_id = workflows.start_workflow(StartWorkflowRequest(name=wf.name, version=1, input={"orderId": order_id}))
    return workflows, wf_id


def test_https_task_through_proxy_trusting_a_private_ca(own_server, remote):
    proxy = remote.url.replace("http://", "http://baton:p%40ss@")  # credentials, percent-encoded
    server = own_server(["--http-proxy", proxy, "--http-ca-file", str(remote.ca_file)])
    workflows, wf_id = _register_and_start(server, "o-7")
    done = wait_status(workflows, wf_id, {"COMPLETED", "FAILED"})
    assert done.status == "COMPLETED", done.reason_for_incompletion
    response = done.tasks[0].output_data["response"]
    assert response["statusCode"] == 200
    assert response["body"] == {"message": f"hello from {HOST}", "host": HOST, "method": "POST",
                                "path": "/orders/o-7", "body": {"orderId": "o-7"}}
    assert remote.tunnels == [f"{HOST}:443"]
    assert remote.proxy_authorizations == ["Basic " + base64.b64encode(b"baton:p@ss").decode()]
    assert remote.handshake_failures == []


def test_without_the_ca_the_task_fails_naming_the_certificate(own_server, remote):
    server = own_server(["--http-proxy", remote.url])
    workflows, wf_id = _register_and_start(server, "o-8")
    done = wait_status(workflows, wf_id, {"COMPLETED", "FAILED"})
    assert done.status == "FAILED"
    reason = done.tasks[0].reason_for_incompletion
    assert f"https://{HOST}/orders/o-8" in reason and "CERTIFICATE_VERIFY_FAILED" in reason, reason
    assert remote.tunnels == [f"{HOST}:443"]
    assert remote.proxy_authorizations == [""]
    assert remote.requests == []


@pytest.mark.parametrize("flags, message", [
    (["--http-ca-file", "/nonexistent/ca.pem"], "--http-ca-file: cannot read '/nonexistent/ca.pem'"),
    (["--http-ca-file", "{garbage}"], "holds no PEM certificate"),
    (["--http-proxy", "proxy.example:3128"], "--http-proxy must be http://[user:password@]host:port (got 'proxy.example:3128')"),
    (["--http-proxy", "https://proxy.example:3128"], "--http-proxy must be http://"),
    (["--http-proxy", "http://proxy.example"], "--http-proxy must be http://"),
])
def test_bad_outbound_flags_stop_the_server_at_start(tmp_path, flags, message):
    binary = baton_binary()
    if binary is None:
        pytest.skip("needs BATON_BIN")
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    database = tmp_path / "baton.sqlite"
    flags = [str(garbage) if f == "{garbage}" else f for f in flags]
    run = subprocess.run([str(binary), "server", "--port", "0", "--database", f"sqlite:{database}", *flags],
                         capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert run.returncode != 0
    assert message in run.stderr.splitlines()[0], run.stderr
    assert not database.exists()
