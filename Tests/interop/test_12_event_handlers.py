"""Event handlers through the SDK's EventResourceApi: CRUD, and a handler that completes a
WAIT task of one workflow when another workflow's EVENT task publishes."""

import pytest
from conductor.client.http.api.event_resource_api import EventResourceApi
from conductor.client.http.api_client import ApiClient
from conductor.client.http.models import Action, EventHandler, TaskDetails, WorkflowTask
from conductor.client.http.rest import ApiException

from interop_helpers import start, tasks_by_ref, uid, wait_status, workflow_def


@pytest.fixture(scope="module")
def event_api(configuration):
    return EventResourceApi(ApiClient(configuration))


def test_handler_completes_a_waiting_task(event_api, metadata_client, workflow_client):
    waiter, notifier, sink = uid("ev_waiter"), uid("ev_notify"), "conductor:" + uid("approvals")
    metadata_client.register_workflow_def(
        workflow_def(waiter, [WorkflowTask(name="wait", task_reference_name="wait", type="WAIT")]), overwrite=True)
    metadata_client.register_workflow_def(workflow_def(notifier, [WorkflowTask(
        name="publish", task_reference_name="publish", type="EVENT", sink=sink,
        input_parameters={"target": "${workflow.input.target}", "verdict": "approved"})]), overwrite=True)

    name = uid("ev_handler")
    handler = EventHandler(name=name, event=sink, active=True, actions=[Action(
        action="complete_task",
        complete_task=TaskDetails(workflow_id="${target}", task_ref_name="wait", output={"verdict": "${verdict}"}))])
    event_api.add_event_handler(handler)
    with pytest.raises(ApiException) as e:
        event_api.add_event_handler(handler)
    assert e.value.status == 409

    assert name in {h.name for h in event_api.get_event_handlers()}
    [found] = event_api.get_event_handlers_for_event(sink, active_only=True)
    assert found.name == name
    assert found.actions[0].complete_task.task_ref_name == "wait"

    waiting = start(workflow_client, waiter)
    start(workflow_client, notifier, {"target": waiting})
    wf = wait_status(workflow_client, waiting, {"COMPLETED"})
    [task] = tasks_by_ref(wf, "wait")
    assert task.output_data["verdict"] == "approved"
    assert task.output_data["conductor.event.name"] == sink

    found.active = False
    event_api.update_event_handler(found)
    assert event_api.get_event_handlers_for_event(sink, active_only=True) == []
    assert [h.name for h in event_api.get_event_handlers_for_event(sink, active_only=False)] == [name]

    event_api.remove_event_handler_status(name)
    assert name not in {h.name for h in event_api.get_event_handlers()}
    with pytest.raises(ApiException) as e:
        event_api.remove_event_handler_status(name)
    assert e.value.status == 404
