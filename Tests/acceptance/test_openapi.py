"""schemathesis against a live `tessera serve` with the document it serves at /openapi.json: every
check, so any server error or any response that breaks the document fails the test.

The server has its own data directory with one base whose ids pin the path parameters, so that
generated requests reach real tables, records and comments rather than only 404s. No model
provider is reachable (Ollama points at a closed port, no API keys): chat turns answer the
documented 404 `model_not_found` or 502 `upstream_error`. Embeddings use the hashing fallback, as
a debug build's BERT would spend minutes on 2048 generated texts."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from conftest import Tessera, free_port

# Fixed for CI; set them to explore further.
SEED = int(os.environ.get("TESSERA_SCHEMATHESIS_SEED", "20261127"))
MAX_EXAMPLES = int(os.environ.get("TESSERA_SCHEMATHESIS_MAX_EXAMPLES", "25"))
PASSWORD = "a long enough password"  # conftest's, for every account
FIELDS = [
    {"name": "Name", "type": "singleLineText"},
    {"name": "Notes", "type": "multilineText"},
    {"name": "Points", "type": "number", "options": {"precision": 1}},
    {"name": "Done", "type": "checkbox"},
    {"name": "Status", "type": "singleSelect", "options": {"choices": [{"name": "Todo"}, {"name": "Done"}]}},
    {"name": "Tags", "type": "multipleSelects", "options": {"choices": [{"name": "a"}, {"name": "b"}]}},
    {"name": "Due", "type": "date"},
    {"name": "Created", "type": "createdTime"},
]

# Shared by both runs. The only 5xx a generated request may get is a chat or embedding model
# whose providers all failed, which the document promises as 502 `upstream_error`. A 422 is a
# fair answer to a schema-valid request where validity depends on what the document cannot
# constrain: the table's field names, formulas, time zone names, offsets and cursors of earlier pages, names
# already taken, a field type's options, the last view of a table (it keeps one).
COMMON = """
seed = {seed}
workers = 1
request-timeout = 20
max-failures = 50

[generation]
max-examples = {max_examples}
database = "none"

[auth.openapi.bearerAuth]
bearer = "${{TESSERA_CONFORMANCE_TOKEN}}"

[parameters]
"path.baseId" = "{base}"
"path.tableIdOrName" = "{table}"
"path.fieldIdOrName" = "{field}"
"path.workspaceId" = "{workspace}"

[[operations]]
include-operation-id = "createBase"
parameters = {{ "body.workspaceId" = "{workspace}" }}

[[operations]]
include-operation-id = "login"
parameters = {{ "body.email" = "{email}", "body.password" = "{password}" }}

[[operations]]
include-operation-id-regex = "^create(ChatCompletion|Embeddings)$"
checks.not_a_server_error.expected-statuses = ["2xx", "3xx", "4xx", "502"]

[[operations]]
include-operation-id-regex = "^(listBases|createBase|createTable|updateTable|createField|updateField|listRecords|listRecordsFromBody|getRecord|createRecords|updateRecords|replaceRecords|updateRecord|replaceRecord|searchRecords|listComments|createView|updateView|deleteView|listAuditLogEvents)$"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
"""

# Examples, coverage and fuzzing: records and comments pinned too, the deletions to their own.
GENERATED = COMMON + """
[[operations]]
include-operation-id-regex = "^(getRecord|updateRecord|replaceRecord|listComments|createComment)$"
parameters = {{ "path.recordId" = "{record}" }}

[[operations]]
include-operation-id = "updateComment"
parameters = {{ "path.recordId" = "{record}", "path.commentId" = "{comment}" }}

[[operations]]
include-operation-id = "getModel"
parameters = {{ "path.model" = "{model}" }}

[[operations]]
include-operation-id = "deleteRecord"
parameters = {{ "path.recordId" = "{doomed_record}" }}

[[operations]]
include-operation-id = "deleteComment"
parameters = {{ "path.recordId" = "{record}", "path.commentId" = "{doomed_comment}" }}
"""

# Stateful: records and comments come from the links between operations. A pin would override
# a link, and an object a scenario deleted would then look like one just created and lost.
STATEFUL = COMMON


def call(server, method, path, **kwargs):
    response = requests.request(method, server.url + path, headers={"Authorization": f"Bearer {server.owner.token}"}, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("tessera-openapi")
    server = Tessera(data)
    server.owner = server.account("owner@example.com")
    server.start(
        "--rate-limit-token", "0", "--rate-limit-base", "0", "--rate-limit-auth", "0", "--model", str(data / "no-model"),
        env={
            "OPENAI_API_KEY": "", "ANTHROPIC_API_KEY": "", "OLLAMA_BASE_URL": f"http://127.0.0.1:{free_port()}",
        },
    )
    yield server
    assert server.stop() == 0


@pytest.fixture(scope="module")
def objects(server):
    """A base with a table, records and comments whose ids the run pins."""
    base = call(server, "POST", "/v0/meta/bases", json={
        "name": "Conformance", "workspaceId": server.owner.workspace_id, "tables": [{"name": "Tasks", "fields": FIELDS}],
    })
    table = base["tables"][0]
    records = call(server, "POST", f"/v0/{base['id']}/{table['id']}", json={"records": [
        {"fields": {"Name": "kept", "Points": 3, "Status": "Todo", "Tags": ["a"], "Due": "2026-11-27"}},
        {"fields": {"Name": "doomed", "Done": True}},
    ]})["records"]
    comments = [
        call(server, "POST", f"/v0/{base['id']}/{table['id']}/{records[0]['id']}/comments", json={"text": text})["id"]
        for text in ("kept", "doomed")
    ]
    status = next(field for field in table["fields"] if field["name"] == "Status")
    # Pinned path values are sent as they are: the model id's "/" must be encoded already.
    model = quote(call(server, "GET", "/v1/models")["data"][0]["id"], safe="")
    return {
        "workspace": server.owner.workspace_id, "email": server.owner.email, "password": PASSWORD, "model": model,
        "base": base["id"], "table": table["id"], "record": records[0]["id"], "doomed_record": records[1]["id"],
        "comment": comments[0], "doomed_comment": comments[1], "field": status["id"],
    }


def schemathesis(server, config_text, phases, tmp_path):
    config = tmp_path / f"schemathesis-{phases.replace(',', '-')}.toml"
    config.write_text(config_text)
    command = [
        str(Path(sys.executable).parent / "schemathesis"), "--config-file", str(config), "run", server.url + "/openapi.json",
        "--checks", "all", "--phases", phases,
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=150, cwd=tmp_path,
        env={**os.environ, "TESSERA_CONFORMANCE_TOKEN": server.owner.token, "NO_COLOR": "1"},
    )
    print(result.stdout[-20000:])
    assert result.returncode == 0, f"schemathesis ({phases}) found problems:\n{result.stdout[-20000:]}\n{result.stderr[-5000:]}"


def test_generated_requests_get_no_server_error_and_conforming_responses(server, objects, tmp_path):
    schemathesis(server, GENERATED.format(seed=SEED, max_examples=MAX_EXAMPLES, **objects), "examples,coverage,fuzzing", tmp_path)


def test_linked_requests_get_no_server_error_and_conforming_responses(server, objects, tmp_path):
    schemathesis(server, STATEFUL.format(seed=SEED, max_examples=MAX_EXAMPLES, **objects), "stateful", tmp_path)
