"""Synchronous execution, as in the SDK's helloworld example."""

import pytest
from conductor.client.http.models import StartWorkflowRequest
from conductor.client.workflow.conductor_workflow import ConductorWorkflow
from conductor.client.workflow.task.simple_task import SimpleTask

import interop_decorated as d
from interop_helpers import uid


@pytest.fixture
def decorated_workers(task_handler):
    # the SDK default: discover @worker_task functions, one process each
    return task_handler([], scan_for_annotated_workers=True, import_modules=["interop_decorated"])


def _greetings(executor, name):
    wf = ConductorWorkflow(executor=executor, name=name, version=1)
    wf >> d.greet(task_ref_name="greet_ref", name=wf.input("name"))
    return wf


def test_execute_workflow_returns_last_task_output(workflow_executor, workflow_client, decorated_workers):
    name = uid("ex_greetings")
    wf = _greetings(workflow_executor, name)
    wf.register(True)  # PUT /metadata/workflow?overwrite=True with a list
    run = workflow_client.execute_workflow(
        StartWorkflowRequest(name=name, version=1, input={"name": "World"}), wait_for_seconds=10)
    assert run is not None
    assert run.status == "COMPLETED"
    assert run.output == {"result": "Hello, --> World"}
    assert run.workflow_id
    assert [t.status for t in run.tasks] == ["COMPLETED"]
    stored = workflow_client.get_workflow(run.workflow_id, include_tasks=True)
    assert stored.status == "COMPLETED" and stored.output == {"result": "Hello, --> World"}


def test_conductor_workflow_execute_with_embedded_definition(workflow_executor, decorated_workers):
    """ConductorWorkflow.execute() embeds the (unregistered) definition."""
    wf = ConductorWorkflow(executor=workflow_executor, name=uid("ex_inline"), version=1)
    g = d.greet(task_ref_name="g", name=wf.input("name"))
    s = d.shout(task_ref_name="s", text=g.output("result"))
    wf >> g >> s
    run = wf.execute(workflow_input={"name": "Baton"}, wait_for_seconds=10)
    assert run.status == "COMPLETED", [(t.reference_task_name, t.status, t.poll_count, t.worker_id)
                                       for t in (run.tasks or [])]
    # no outputParameters: the output is the last task's output
    assert run.output == {"loud": "HELLO, --> BATON", "length": len("Hello, --> Baton")}


def test_executor_execute_by_name(workflow_executor, decorated_workers):
    name = uid("ex_byname")
    _greetings(workflow_executor, name).register(True)
    run = workflow_executor.execute(name=name, version=1, workflow_input={"name": "Executor"})
    assert run.status == "COMPLETED"
    assert run.output["result"] == "Hello, --> Executor"


def test_execute_returns_running_when_wait_elapses(workflow_client, workflow_executor):
    """No worker for this type: after waitForSeconds the run comes back RUNNING."""
    name = uid("ex_nobody")
    wf = ConductorWorkflow(executor=workflow_executor, name=name, version=1)
    wf.add(SimpleTask(uid("ex_none"), "only"))
    wf.register(True)
    run = workflow_client.execute_workflow(StartWorkflowRequest(name=name, version=1, input={}),
                                           wait_for_seconds=1)
    assert run.status == "RUNNING"
    assert run.workflow_id
    workflow_client.terminate_workflow(run.workflow_id, "cleanup")
