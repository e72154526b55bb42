"""Metadata through the SDK's MetadataClient: task defs and workflow defs."""

import pytest
import requests
from conductor.client.http.models import TaskDef
from conductor.client.http.rest import ApiException

from interop_helpers import simple_task, task_def, uid, workflow_def


def test_task_def_crud(metadata_client):
    a, b = uid("md_task_a"), uid("md_task_b")
    # register_task_def sends POST /metadata/taskdefs with a one-element list
    metadata_client.register_task_def(
        task_def(a, retry_count=2, retry_delay_seconds=5, response_timeout_seconds=30,
                 description="first", owner_email="ops@example.com"))
    metadata_client.register_task_def(TaskDef(name=b))  # bare: the server fills Conductor's defaults
    # re-registering the same name is an upsert, not an error
    metadata_client.register_task_def(TaskDef(name=b))

    got = metadata_client.get_task_def(a)
    assert got.name == a
    assert got.retry_count == 2
    assert got.retry_delay_seconds == 5
    assert got.response_timeout_seconds == 30
    assert got.description == "first"
    assert got.owner_email == "ops@example.com"

    bare = metadata_client.get_task_def(b)
    assert bare.name == b
    # Conductor's TaskDef defaults
    assert bare.retry_count == 3
    assert bare.retry_delay_seconds == 60
    assert bare.response_timeout_seconds == 3600
    assert bare.timeout_policy == "TIME_OUT_WF"
    assert bare.retry_logic == "FIXED"

    # update (PUT /metadata/taskdefs, one object)
    got.description = "second"
    got.retry_count = 5
    metadata_client.update_task_def(got)
    again = metadata_client.get_task_def(a)
    assert again.description == "second"
    assert again.retry_count == 5

    names = {t.name for t in metadata_client.get_all_task_defs()}
    assert {a, b} <= names

    metadata_client.unregister_task_def(b)
    with pytest.raises(ApiException) as e:
        metadata_client.get_task_def(b)
    assert e.value.status == 404
    names = {t.name for t in metadata_client.get_all_task_defs()}
    assert a in names and b not in names


def test_update_unknown_task_def_is_404(metadata_client):
    with pytest.raises(ApiException) as e:
        metadata_client.update_task_def(TaskDef(name=uid("md_nope")))
    assert e.value.status == 404


def test_workflow_def_crud(metadata_client):
    name = uid("md_wf")
    t = uid("md_wf_task")
    v1 = workflow_def(name, [simple_task(t, "a")], version=1, description="v1")
    metadata_client.register_workflow_def(v1, overwrite=False)

    # duplicate with overwrite=false -> 409
    with pytest.raises(ApiException) as e:
        metadata_client.register_workflow_def(v1, overwrite=False)
    assert e.value.status == 409

    # overwrite=true is accepted and updates
    v1.description = "v1 again"
    metadata_client.register_workflow_def(v1, overwrite=True)
    assert metadata_client.get_workflow_def(name, version=1).description == "v1 again"

    # PUT list upsert: a changed v1 and a new v2
    v1b = workflow_def(name, [simple_task(t, "a"), simple_task(t, "b")], version=1, description="v1b")
    v2 = workflow_def(name, [simple_task(t, "a"), simple_task(t, "b"), simple_task(t, "c")],
                      version=2, description="v2")
    metadata_client.update_workflow_def(v1b, overwrite=True)
    metadata_client.update_workflow_def(v2, overwrite=True)

    got1 = metadata_client.get_workflow_def(name, version=1)
    assert got1.description == "v1b"
    assert [x.task_reference_name for x in got1.tasks] == ["a", "b"]
    assert got1.tasks[0].type == "SIMPLE"

    latest = metadata_client.get_workflow_def(name)
    assert latest.version == 2
    assert [x.task_reference_name for x in latest.tasks] == ["a", "b", "c"]

    all_defs = metadata_client.get_all_workflow_defs()
    assert all_defs is not None, "get_all_workflow_defs failed to parse (invalid enum in some def?)"
    assert {(d.name, d.version) for d in all_defs if d.name == name} == {(name, 1), (name, 2)}

    metadata_client.unregister_workflow_def(name, 2)
    with pytest.raises(ApiException) as e:
        metadata_client.get_workflow_def(name, version=2)
    assert e.value.status == 404
    assert metadata_client.get_workflow_def(name).version == 1

    metadata_client.unregister_workflow_def(name, 1)
    with pytest.raises(ApiException) as e:
        metadata_client.get_workflow_def(name)
    assert e.value.status == 404


def test_workflow_task_without_type_is_accepted(metadata_client):
    from conductor.client.http.models import WorkflowTask
    name = uid("md_notype")
    wd = workflow_def(name, [WorkflowTask(name=uid("t"), task_reference_name="only")])
    metadata_client.update_workflow_def(wd, overwrite=True)
    got = metadata_client.get_workflow_def(name)
    assert got.tasks[0].task_reference_name == "only"
    # registered without an inline taskDefinition -> comes back without one
    assert got.tasks[0].task_definition is None


def test_workflow_task_without_type_reads_back_as_simple(metadata_client):
    from conductor.client.http.models import WorkflowTask
    name = uid("md_notype2")
    wd = workflow_def(name, [WorkflowTask(name=uid("t"), task_reference_name="only")])
    metadata_client.update_workflow_def(wd, overwrite=True)
    assert metadata_client.get_workflow_def(name).tasks[0].type == "SIMPLE"


def test_unknown_and_extra_fields_round_trip(baton):
    """Fields Baton has no use for (ownerEmail, inputSchema, metadata, an unknown
    key) come back as sent -- the SDK's metadata tests rely on this."""
    api = baton.api
    td_name, wf_name = uid("md_rt_task"), uid("md_rt_wf")
    schema = {"name": "order_input", "version": 1, "type": "JSON",
              "data": {"type": "object", "properties": {"id": {"type": "string"}}}}
    td = {"name": td_name, "ownerEmail": "team@example.com", "inputSchema": schema,
          "enforceSchema": True, "inputKeys": ["id"], "x-custom-flag": {"keep": [1, 2]}}
    r = requests.post(f"{api}/metadata/taskdefs", json=[td])
    assert r.status_code == 200, r.text
    got = requests.get(f"{api}/metadata/taskdefs/{td_name}").json()
    assert got["ownerEmail"] == "team@example.com"
    assert got["inputSchema"] == schema
    assert got["enforceSchema"] is True
    assert got["inputKeys"] == ["id"]
    assert got.get("x-custom-flag") == {"keep": [1, 2]}

    wd = {"name": wf_name, "version": 1, "schemaVersion": 2, "ownerEmail": "team@example.com",
          "inputSchema": schema, "metadata": {"team": "payments"}, "x-unknown": "kept",
          "tasks": [{"name": td_name, "taskReferenceName": "r1", "type": "SIMPLE",
                     "description": "first step", "x-task-extra": 7}]}
    r = requests.post(f"{api}/metadata/workflow", json=wd)
    assert r.status_code == 200, r.text
    got = requests.get(f"{api}/metadata/workflow/{wf_name}").json()
    assert got["ownerEmail"] == "team@example.com"
    assert got["inputSchema"] == schema
    assert got["metadata"] == {"team": "payments"}
    assert got.get("x-unknown") == "kept"
    assert got["tasks"][0]["description"] == "first step"
    assert got["tasks"][0].get("x-task-extra") == 7


def test_inline_task_definition_without_name(metadata_client):
    from conductor.client.http.models import WorkflowTask
    name = uid("md_inline")
    wd = workflow_def(name, [WorkflowTask(name="test", task_reference_name="test_ref", type="SIMPLE",
                                          task_definition=TaskDef())])
    metadata_client.register_workflow_def(wd, overwrite=True)
    got = metadata_client.get_workflow_def(name)
    assert got.tasks[0].task_definition is not None
    assert got.tasks[0].task_definition.enforce_schema is False
