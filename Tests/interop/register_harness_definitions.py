#!/usr/bin/env python3
#
# Register every workflow definition among Conductor's test-harness resources
# (conductor-oss/conductor test-harness/src/test/resources/*.json) with a Baton server,
# and print which register and which are rejected, with the server's 400 message.
#
# For developers; not part of CI (CI cannot fetch the conductor repository, and its
# files are not copied into this one).
#
#   git -C <conductor clone> archive HEAD test-harness/src/test/resources | tar -x -C /tmp/harness
#   Tests/interop/register_harness_definitions.py \
#       /tmp/harness/test-harness/src/test/resources http://127.0.0.1:8080
#
#   $1   the directory of resources
#   $2 or BATON_SERVER_URL or CONDUCTOR_SERVER_URL
#        the server (with or without the trailing /api)
#
# A file is a workflow definition when it holds a JSON object with `tasks`, or an array of
# them; other files (properties, sample inputs, event handlers) are listed as skipped.
# Definitions go through `POST /api/metadata/workflow?overwrite=true`. Baton refuses a
# SUB_WORKFLOW naming a workflow it does not know, so the rejected are tried again, round
# after round, until a round registers nothing more. No task definitions are registered:
# Baton runs a SIMPLE task without one on Conductor's defaults.
#
# Exit status: 0 if every definition registered, 1 otherwise.

import json
import os
import sys
import urllib.error
import urllib.request


def definitions(path):
    """The workflow definitions in the file at `path`; None when it holds none."""
    try:
        with open(path, encoding="utf-8") as file:
            value = json.load(file)
    except (OSError, ValueError):
        return None
    items = value if isinstance(value, list) else [value]
    found = [item for item in items if isinstance(item, dict) and "tasks" in item]
    return found if found and len(found) == len(items) else None


def register(url, definition):
    """POSTs one definition; None when it registered, else the server's message."""
    request = urllib.request.Request(
        f"{url}/api/metadata/workflow?overwrite=true",
        data=json.dumps(definition).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30):
            return None
    except urllib.error.HTTPError as error:
        body = error.read().decode(errors="replace")
        try:
            message = json.loads(body).get("message", body)
        except ValueError:
            message = body
        return f"{error.code} {message}"


def main():
    if len(sys.argv) < 2:
        print(f"usage: {sys.argv[0]} RESOURCES_DIR [SERVER_URL]", file=sys.stderr)
        return 2
    directory = sys.argv[1]
    url = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("BATON_SERVER_URL") or os.environ.get("CONDUCTOR_SERVER_URL")
    if not url:
        print("give the server's URL as the second argument or in BATON_SERVER_URL", file=sys.stderr)
        return 2
    url = url.rstrip("/").removesuffix("/api")

    files = sorted(name for name in os.listdir(directory) if not name.startswith("."))
    pending = {}  # (file, index) -> definition
    skipped = []
    for name in files:
        found = definitions(os.path.join(directory, name))
        if found is None:
            skipped.append(name)
        else:
            pending.update({(name, index): definition for index, definition in enumerate(found)})
    total = len(pending)

    registered, rejected = [], {}
    while pending:
        rejected = {}
        for key, definition in pending.items():
            message = register(url, definition)
            if message is None:
                registered.append(key)
            else:
                rejected[key] = message
        if len(rejected) == len(pending):
            break
        pending = dict((key, pending[key]) for key in rejected)

    def label(key):
        name, index = key
        return name if index == 0 else f"{name}[{index}]"

    for key in sorted(registered):
        print(f"registered  {label(key)}")
    for key in sorted(rejected):
        print(f"rejected    {label(key)}: {rejected[key]}")
    for name in skipped:
        print(f"skipped     {name} (not a workflow definition)")
    print(f"\n{len(registered)} of {total} workflow definitions registered; "
          f"{len(rejected)} rejected; {len(skipped)} other files skipped")
    return 0 if not rejected else 1


if __name__ == "__main__":
    sys.exit(main())
