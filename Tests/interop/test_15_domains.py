"""Task domains: SDK workers polling with ``domain=`` receive the tasks a
``taskToDomain`` list sends to their domain."""

import requests
from conductor.client.http.models import StartWorkflowRequest
from conductor.client.worker.worker import Worker

import interop_workers as w
from interop_helpers import simple_task, uid, wait_status, wait_until, workflow_def


def _start(workflow_client, name, task_to_domain):
    return workflow_client.start_workflow(
        StartWorkflowRequest(name=name, input={}, task_to_domain=task_to_domain))


def test_domain_list_goes_to_the_first_domain_with_a_polling_worker(baton, metadata_client, workflow_client,
                                                                    task_handler):
    name, tt = uid("dom_wf"), uid("dom_task")
    metadata_client.register_workflow_def(workflow_def(name, [simple_task(tt, "t")]), overwrite=True)
    task_handler([Worker(tt, w.where_polled, poll_interval=100, domain="green")])

    def green_polled():
        data = requests.get(f"{baton.api}/tasks/queue/polldata", params={"taskType": tt}).json()
        return any(p.get("domain") == "green" for p in data)

    wait_until(green_polled, timeout=30, message="the green worker's first poll")
    ids = [_start(workflow_client, name, {tt: "blue,green,NO_DOMAIN"}),
           _start(workflow_client, name, {"*": "blue,green"})]
    for wf_id in ids:
        wf = wait_status(workflow_client, wf_id, {"COMPLETED", "FAILED"}, timeout=30)
        assert wf.status == "COMPLETED", wf.reason_for_incompletion
        assert wf.tasks[0].domain == "green"
        assert wf.tasks[0].output_data == {"domain": "green"}
