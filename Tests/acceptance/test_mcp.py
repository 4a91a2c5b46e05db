"""`tessera mcp` with the real Python MCP SDK (stdio_client + ClientSession, and the high-level
Client that probes server/discover first), on the data directory of the running `tessera serve`.
Every line the server writes is validated against the MCP 2025-11-25 schema (see mcp_schema.py).
"""

import json
import os
import random
import select
import subprocess
import time
import uuid
from contextlib import asynccontextmanager

import anyio
import mcp.client.stdio as mcp_stdio
import mcp_types as types
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.client import Client
from mcp.shared.exceptions import MCPError
from mcp_schema import check_message
from pyairtable import Api

from conftest import BINARY

TASK_FIELDS = [
    {"name": "Name", "type": "singleLineText"},
    {"name": "Notes", "type": "multilineText"},
    {"name": "Points", "type": "number", "options": {"precision": 0}},
    {"name": "Status", "type": "singleSelect", "options": {"choices": [{"name": "Todo"}, {"name": "Doing"}, {"name": "Done"}]}},
]
ALL_TOOLS = {
    "list_workspaces", "list_bases", "list_tables", "describe_table", "list_records", "get_record", "list_linked_records", "search_records",
    "count_records", "create_records", "update_records", "delete_records", "create_table", "create_field",
    "update_field", "list_comments", "create_comment",
}


class Wire:
    """Records the raw lines both ways through the SDK's stdio transport, then validates every
    server line against the schema (results against the method of the request they answer)."""

    def __init__(self, monkeypatch):
        self.incoming: list[str] = []
        self.outgoing: list[str] = []
        parse_line = mcp_stdio._parse_line
        create_process = mcp_stdio._create_platform_compatible_process

        def recording_parse(line):
            self.incoming.append(line)
            return parse_line(line)

        async def recording_process(*args, **kwargs):
            process = await create_process(*args, **kwargs)
            send = process.stdin.send

            async def recording_send(data):
                self.outgoing.extend(line for line in data.decode().split("\n") if line)
                await send(data)

            process.stdin.send = recording_send
            return process

        monkeypatch.setattr(mcp_stdio, "_parse_line", recording_parse)
        monkeypatch.setattr(mcp_stdio, "_create_platform_compatible_process", recording_process)

    def validate(self) -> int:
        methods = {}
        for line in self.outgoing:
            message = json.loads(line)
            if "method" in message and "id" in message:
                methods[message["id"]] = message["method"]
        for line in self.incoming:
            check_message(line, methods)
        return len(self.incoming)


@pytest.fixture
def wire(monkeypatch):
    recorder = Wire(monkeypatch)
    yield recorder
    assert recorder.validate() > 0, "the server wrote nothing"


def server_parameters(tessera, token: str, *extra: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=BINARY,
        args=["mcp", "--data-dir", str(tessera.data_dir), *extra],
        env={"TESSERA_TOKEN": token},
    )


@asynccontextmanager
async def mcp_session(tessera, token: str, *extra: str):
    async with mcp_stdio.stdio_client(server_parameters(tessera, token, *extra)) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            yield session


def run(body):
    """Runs an async test body on anyio (the SDK's event loop library)."""
    anyio.run(body)


def structured(result: types.CallToolResult) -> dict:
    assert not result.is_error, result.content
    text = json.loads(result.content[0].text)
    assert text == result.structured_content, "the text content must be the JSON copy of structuredContent"
    return result.structured_content


def failure(result: types.CallToolResult) -> str:
    assert result.is_error
    assert result.structured_content is None
    return result.content[0].text


@pytest.fixture(scope="module")
def project(tessera):
    api = Api(tessera.owner.token, endpoint_url=tessera.url)
    base = api.create_base(tessera.owner.workspace_id, f"MCP {uuid.uuid4().hex[:6]}", [{"name": "Tasks", "fields": TASK_FIELDS}])
    table = base.table("Tasks")
    statuses = ["Todo", "Doing", "Done"]
    table.batch_create([
        {"Name": f"Task {n}", "Points": n, "Status": statuses[n % 3], "Notes": "garden fence repair" if n == 7 else f"note {n}"}
        for n in range(1, 31)
    ])
    return base.id


# --- Protocol ---------------------------------------------------------------------------------


def test_initialize_and_capabilities(tessera, project, wire):
    async def body():
        async with mcp_stdio.stdio_client(server_parameters(tessera, tessera.owner.token)) as (read, write):
            async with ClientSession(read, write) as session:
                result = await session.initialize()
                assert result.protocol_version == "2025-11-25"
                assert result.server_info.name == "tessera"
                capabilities = result.capabilities
                assert capabilities.tools and capabilities.resources and capabilities.prompts and capabilities.completions
                assert "list_bases" in result.instructions
                await session.send_ping()
    run(body)


def test_modern_client_falls_back_from_server_discover(tessera, project, wire):
    async def body():
        async with Client(server_parameters(tessera, tessera.owner.token)) as client:
            assert client.protocol_version == "2025-11-25"
            tools = await client.list_tools()
            assert {tool.name for tool in tools.tools} == ALL_TOOLS
    run(body)
    assert any(json.loads(line).get("method") == "server/discover" for line in wire.outgoing), "the client should have probed first"


class RawServer:
    """`tessera mcp` driven line by line, without an SDK: for malformed input and version tests."""

    def __init__(self, tessera, token: str):
        self.process = subprocess.Popen(
            [BINARY, "mcp", "--data-dir", str(tessera.data_dir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, "TESSERA_TOKEN": token},
        )
        self.methods: dict = {}
        self.buffer = b""

    def send(self, line: bytes | str) -> None:
        if isinstance(line, str):
            line = line.encode()
        try:
            message = json.loads(line)
        except (ValueError, RecursionError):  # malformed on purpose
            message = None
        if isinstance(message, dict) and isinstance(message.get("method"), str) and isinstance(message.get("id"), (str, int)):
            self.methods[message["id"]] = message["method"]
        self.process.stdin.write(line + b"\n")
        self.process.stdin.flush()

    def request(self, id, method: str, params: dict | None = None) -> dict:
        self.send(json.dumps({"jsonrpc": "2.0", "id": id, "method": method, "params": params or {}}))
        return self.read()

    def read(self, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            assert remaining > 0, "the server did not answer in time"
            ready, _, _ = select.select([self.process.stdout], [], [], remaining)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 1 << 20)
                assert chunk, "the server closed stdout"
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return check_message(line.decode(), self.methods)

    def initialize(self, version="2025-11-25", capabilities=None) -> dict:
        answer = self.request(0, "initialize", {
            "protocolVersion": version, "capabilities": capabilities or {}, "clientInfo": {"name": "raw", "version": "1"},
        })
        self.send('{"jsonrpc":"2.0","method":"notifications/initialized"}')
        return answer

    def rss_kib(self) -> int:
        with open(f"/proc/{self.process.pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

    def close(self) -> list[dict]:
        self.process.stdin.close()
        rest = self.buffer + self.process.stdout.read()
        assert self.process.wait(timeout=30) == 0
        return [check_message(line, self.methods) for line in rest.decode().splitlines() if line]


@pytest.fixture
def raw(tessera, project):
    server = RawServer(tessera, tessera.owner.token)
    yield server
    if server.process.poll() is None:
        server.process.kill()


@pytest.mark.parametrize("version", ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"])
def test_version_negotiation(raw, version):
    assert raw.initialize(version)["result"]["protocolVersion"] == version


def test_unknown_version_gets_the_newest(raw):
    assert raw.initialize("2031-01-01")["result"]["protocolVersion"] == "2025-11-25"


def test_server_discover_sends_modern_clients_to_initialize(raw):
    raw.send('{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}')
    answer = raw.read()
    assert answer["error"]["code"] == -32601
    assert answer["error"]["data"]["supported"] == ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]
    assert raw.initialize()["result"]["protocolVersion"] == "2025-11-25"


def test_experimental_capability_objects_are_accepted(raw):
    answer = raw.initialize(capabilities={"experimental": {"io.example/feature": {"enabled": True, "level": 2}}, "roots": {"listChanged": True}})
    assert answer["result"]["serverInfo"]["name"] == "tessera"


def test_end_of_input_answers_what_is_in_flight(raw, project):
    raw.initialize()
    for n in range(1, 11):
        raw.send(json.dumps({"jsonrpc": "2.0", "id": n, "method": "tools/call",
                             "params": {"name": "count_records", "arguments": {"baseId": project, "table": "Tasks"}}}))
    answers = raw.close()
    assert sorted(answer["id"] for answer in answers) == list(range(1, 11))
    assert all(answer["result"]["structuredContent"]["count"] >= 1 for answer in answers)


def malformed_lines(count: int, seed: int = 8):
    """(line, expects_answer, expected_code) for random and malformed input."""
    rng = random.Random(seed)
    makers = [
        lambda n: (bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200))).replace(b"\n", b" "), True, None),
        lambda n: ('{"jsonrpc":"2.0","id":%d,"method":"tools/list"' % n, True, -32700),
        lambda n: (json.dumps(rng.choice([42, "text", None, True, 3.5, [], [1, 2]])), True, -32600),
        lambda n: (json.dumps({"jsonrpc": "1.0", "id": n, "method": "ping"}), True, -32600),
        lambda n: (json.dumps({"jsonrpc": "2.0", "id": None, "method": "ping"}), True, -32600),
        lambda n: (json.dumps({"jsonrpc": "2.0", "id": {"x": n}, "method": "ping"}), True, -32600),
        lambda n: (json.dumps({"jsonrpc": "2.0", "id": n, "method": 12}), True, -32600),
        lambda n: (json.dumps({"jsonrpc": "2.0", "id": n, "method": f"no/such/{n}"}), True, -32601),
        lambda n: (json.dumps({"jsonrpc": "2.0", "id": n, "method": "tools/call", "params": rng.choice([[1], 5, "x"])}), True, -32602),
        lambda n: (json.dumps({"jsonrpc": "2.0", "id": n, "method": "tools/call", "params": {"name": "list_records", "arguments": {"baseId": 5}}}), True, -32602),
        lambda n: (json.dumps({"jsonrpc": "2.0", "id": n, "method": "tools/call", "params": {"name": rng.choice(["", "nope", "x" * 300])}}), True, -32602),
        lambda n: (json.dumps({"jsonrpc": "2.0", "id": n, "method": "resources/read", "params": {"uri": "tessera://" + "a/" * rng.randrange(1, 50)}}), True, -32002),
        lambda n: (json.dumps({"jsonrpc": "2.0", "id": n, "method": "prompts/get", "params": {"name": "summarize_table", "arguments": {"baseId": 1}}}), True, -32602),
        lambda n: (json.dumps({"jsonrpc": "2.0", "method": f"notifications/random{n}", "params": {"x": n}}), False, None),
        lambda n: (json.dumps({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 10_000 + n}}), False, None),
        lambda n: ("[" * rng.randrange(600, 3000) + "]" * rng.randrange(0, 3000), True, None),
        lambda n: ('{"jsonrpc":"2.0","id":%d,"method":"ping","params":{"s":"%s"}}' % (n, "é\\u0000" * rng.randrange(1, 5000)), True, "ok"),
        lambda n: ("  \t ", False, None),
        lambda n: (json.dumps([{"jsonrpc": "2.0", "id": n, "method": "ping"}, {"oops": True}]), True, -32600),
        lambda n: ('{"jsonrpc":"2.0","id":%d,"method":"ping","params":{"big":"%s"}}' % (n, "x" * rng.randrange(100_000, 1_000_000)), True, "ok"),
    ]
    for n in range(count):
        line, expects_answer, code = rng.choice(makers)(100 + n)
        line = line if isinstance(line, bytes) else line.encode()
        # Random bytes can come out blank, and blank lines are not answered.
        yield line, expects_answer and bool(line.strip(b" \t\r")), code


def test_a_thousand_malformed_lines(raw):
    raw.initialize()
    baseline = None
    probe = 1_000_000
    for index, (line, expects_answer, code) in enumerate(malformed_lines(1000)):
        if index == 200:
            baseline = raw.rss_kib()
        raw.send(line)
        if expects_answer:
            answer = raw.read()
            if code == "ok":
                assert answer.get("result") == {}, answer
            else:
                assert "error" in answer, answer
                if code is not None:
                    assert answer["error"]["code"] == code, (line[:120], answer)
        else:
            # Nothing may come back for it: the next line out must answer this ping.
            probe += 1
            assert raw.request(probe, "ping") == {"jsonrpc": "2.0", "id": probe, "result": {}}
    assert raw.process.poll() is None, "the server must survive"
    assert raw.request(2, "tools/call", {"name": "list_bases", "arguments": {}})["result"]["structuredContent"]["bases"]
    growth = raw.rss_kib() - baseline
    assert growth < 16 * 1024, f"resident memory grew by {growth} KiB over 800 malformed lines"
    assert raw.close() == []


# --- Tools ------------------------------------------------------------------------------------


def test_tools_are_described_for_models(tessera, project, wire):
    async def body():
        async with mcp_session(tessera, tessera.owner.token) as session:
            tools = (await session.list_tools()).tools
            assert {tool.name for tool in tools} == ALL_TOOLS
            for tool in tools:
                assert tool.title and len(tool.description) > 40
                schema = tool.input_schema
                assert schema["type"] == "object" and schema["additionalProperties"] is False
                assert set(schema["required"]) <= set(schema["properties"])
                assert tool.output_schema["type"] == "object"
                hints = tool.annotations
                assert None not in (hints.read_only_hint, hints.destructive_hint, hints.idempotent_hint, hints.open_world_hint)
                assert hints.open_world_hint is False
            by_name = {tool.name: tool.annotations for tool in tools}
            assert by_name["list_records"].read_only_hint and not by_name["list_records"].destructive_hint
            assert by_name["delete_records"].destructive_hint and not by_name["delete_records"].read_only_hint
            assert not by_name["create_records"].destructive_hint and not by_name["create_records"].idempotent_hint
    run(body)


def test_tools_list_pages(tessera, project, wire):
    async def body():
        async with mcp_session(tessera, tessera.owner.token, "--list-page-size", "5") as session:
            names, cursor, pages = [], None, 0
            while True:
                page = await session.list_tools(params=types.PaginatedRequestParams(cursor=cursor) if cursor else None)
                names += [tool.name for tool in page.tools]
                pages += 1
                cursor = page.next_cursor
                if not cursor:
                    break
            assert pages == 4 and set(names) == ALL_TOOLS and len(names) == len(ALL_TOOLS)
    run(body)


def test_every_tool(tessera, project, wire):
    async def body():
        async with mcp_session(tessera, tessera.owner.token) as session:
            call = session.call_tool
            workspaces = structured(await call("list_workspaces", {}))["workspaces"]
            assert tessera.owner.workspace_id in {w["id"] for w in workspaces}
            bases = structured(await call("list_bases", {"workspaceId": tessera.owner.workspace_id}))["bases"]
            assert project in {b["id"] for b in bases}
            for detail in ["ids", "names", "full"]:
                tables = structured(await call("list_tables", {"baseId": project, "detail": detail}))["tables"]
                assert tables[0]["id"].startswith("tbl") and ("fields" in tables[0]) == (detail == "full")
            schema = structured(await call("describe_table", {"baseId": project, "table": "Tasks"}))
            assert [f["name"] for f in schema["fields"]][:4] == ["Name", "Notes", "Points", "Status"]

            page = structured(await call("list_records", {
                "baseId": project, "table": "Tasks", "filterByFormula": "{Points} > 20",
                "sort": [{"field": "Points", "direction": "desc"}], "fields": ["Name", "Points"], "limit": 4,
            }))
            assert page["total"] == 10 and [r["fields"]["Points"] for r in page["records"]] == [30, 29, 28, 27]
            seen = [r["id"] for r in page["records"]]
            while "nextCursor" in page:
                page = structured(await call("list_records", {
                    "baseId": project, "table": "Tasks", "filterByFormula": "{Points} > 20",
                    "sort": [{"field": "Points", "direction": "desc"}], "fields": ["Name", "Points"], "limit": 4, "cursor": page["nextCursor"],
                }))
                seen += [r["id"] for r in page["records"]]
            assert len(seen) == len(set(seen)) == 10

            record = structured(await call("get_record", {"baseId": project, "table": "Tasks", "recordId": seen[0]}))
            assert record["fields"]["Name"] == "Task 30"
            assert structured(await call("count_records", {"baseId": project, "table": "Tasks", "filterByFormula": "{Status} = 'Done'"}))["count"] == 10

            found = structured(await call("search_records", {"baseId": project, "table": "Tasks", "query": "fence", "mode": "keyword"}))
            assert [r["fields"]["Name"] for r in found["records"]] == ["Task 7"] and found["records"][0]["rank"] == 1

            created = structured(await call("create_records", {"baseId": project, "table": "Tasks", "records": [{"fields": {"Name": "From MCP", "Points": 99}}]}))
            new_id = created["records"][0]["id"]
            updated = structured(await call("update_records", {"baseId": project, "table": "Tasks", "records": [{"id": new_id, "fields": {"Status": "Doing"}}]}))
            assert updated["records"][0]["fields"] == {"Name": "From MCP", "Points": 99, "Status": "Doing"}
            comment = structured(await call("create_comment", {"baseId": project, "table": "Tasks", "recordId": new_id, "text": "Looks good"}))
            assert comment["author"]["email"] == tessera.owner.email
            comments = structured(await call("list_comments", {"baseId": project, "table": "Tasks", "recordId": new_id}))
            assert [c["text"] for c in comments["comments"]] == ["Looks good"]
            deleted = structured(await call("delete_records", {"baseId": project, "table": "Tasks", "recordIds": [new_id], "confirm": True}))
            assert deleted == {"deletedRecordIds": [new_id]}

            table = structured(await call("create_table", {"baseId": project, "name": f"Notes {uuid.uuid4().hex[:4]}", "fields": [{"name": "Title", "type": "singleLineText"}]}))
            field = structured(await call("create_field", {"baseId": project, "table": table["id"], "name": "Kind", "type": "singleSelect", "options": {"choices": [{"name": "A"}]}}))
            changed = structured(await call("update_field", {"baseId": project, "table": table["id"], "field": field["id"], "name": "Category"}))
            assert changed["name"] == "Category"
    run(body)


def test_destructive_tools_need_confirm(tessera, project, wire):
    async def body():
        async with mcp_session(tessera, tessera.owner.token) as session:
            created = structured(await session.call_tool("create_records", {"baseId": project, "table": "Tasks", "records": [{"fields": {"Name": "Keep me", "Points": 5}}]}))
            record_id = created["records"][0]["id"]
            refusal = failure(await session.call_tool("delete_records", {"baseId": project, "table": "Tasks", "recordIds": [record_id]}))
            assert record_id in refusal and '"Keep me"' in refusal and "confirm: true" in refusal
            clearing = failure(await session.call_tool("update_records", {"baseId": project, "table": "Tasks", "records": [{"id": record_id, "fields": {"Points": None}}]}))
            assert f"{record_id}.Points" in clearing and "confirm: true" in clearing
            still = structured(await session.call_tool("get_record", {"baseId": project, "table": "Tasks", "recordId": record_id}))
            assert still["fields"]["Points"] == 5
            structured(await session.call_tool("delete_records", {"baseId": project, "table": "Tasks", "recordIds": [record_id], "confirm": True}))
    run(body)


def test_errors(tessera, project, wire):
    async def body():
        async with mcp_session(tessera, tessera.owner.token) as session:
            with pytest.raises(MCPError) as unknown:
                await session.call_tool("drop_all_tables", {})
            assert unknown.value.error.code == -32602
            for arguments in [{"table": "Tasks"}, {"baseId": project, "table": "Tasks", "limit": 500}, {"baseId": project, "table": "Tasks", "colour": "red"}]:
                with pytest.raises(MCPError) as invalid:
                    await session.call_tool("list_records", arguments)
                assert invalid.value.error.code == -32602
            assert "list_tables" in failure(await session.call_tool("list_records", {"baseId": project, "table": "Taskz"}))
            assert "braces" in failure(await session.call_tool("list_records", {"baseId": project, "table": "Tasks", "filterByFormula": "{Points} >"}))
            bad_value = failure(await session.call_tool("create_records", {"baseId": project, "table": "Tasks", "records": [{"fields": {"Points": "lots"}}]}))
            assert "typecast" in bad_value
            assert "list_bases" in failure(await session.call_tool("describe_table", {"baseId": "appAAAAAAAAAAAAAA", "table": "Tasks"}))
    run(body)


def test_token_limited_to_one_base(tessera, project, wire):
    api = Api(tessera.owner.token, endpoint_url=tessera.url)
    other = api.create_base(tessera.owner.workspace_id, "Hidden", [{"name": "Secrets", "fields": [{"name": "Name", "type": "singleLineText"}]}])
    limited = tessera.token(tessera.owner.email, "--base", project, "--scope", "data.records:read", "--scope", "schema.bases:read")

    async def body():
        async with mcp_session(tessera, limited) as session:
            bases = structured(await session.call_tool("list_bases", {}))["bases"]
            assert [b["id"] for b in bases] == [project]
            assert "list_bases" in failure(await session.call_tool("list_tables", {"baseId": other.id}))
            assert "list_bases" in failure(await session.call_tool("list_records", {"baseId": other.id, "table": "Secrets"}))
            uris = [r.uri for r in (await session.list_resources()).resources]
            assert uris and all(f"/bases/{project}/" in uri for uri in uris)
            with pytest.raises(MCPError) as hidden:
                await session.read_resource(f"tessera://bases/{other.id}/tables/Secrets/schema")
            assert hidden.value.error.code == -32002
            completion = await session.complete(types.PromptReference(type="ref/prompt", name="summarize_table"), {"name": "baseId", "value": ""})
            assert completion.completion.values == [project]
    run(body)


def test_read_only_token_cannot_write(tessera, project, wire):
    reader = tessera.token(tessera.owner.email, "--scope", "data.records:read", "--scope", "schema.bases:read")

    async def body():
        async with mcp_session(tessera, reader) as session:
            before = structured(await session.call_tool("count_records", {"baseId": project, "table": "Tasks"}))["count"]
            refusal = failure(await session.call_tool("create_records", {"baseId": project, "table": "Tasks", "records": [{"fields": {"Name": "Nope"}}]}))
            assert "data.records:write" in refusal
            assert "schema.bases:write" in failure(await session.call_tool("create_field", {"baseId": project, "table": "Tasks", "name": "X", "type": "email"}))
            assert structured(await session.call_tool("count_records", {"baseId": project, "table": "Tasks"}))["count"] == before
    run(body)


# --- Resources, prompts, completions -----------------------------------------------------------


def test_resources_and_templates(tessera, project, wire):
    api = Api(tessera.owner.token, endpoint_url=tessera.url)
    for n in range(3):
        api.base(project).create_table(f"Extra {uuid.uuid4().hex[:4]} {n}", [{"name": "Name", "type": "singleLineText"}])

    async def body():
        async with mcp_session(tessera, tessera.owner.token, "--list-page-size", "2") as session:
            uris, cursor = [], None
            while True:
                page = await session.list_resources(params=types.PaginatedRequestParams(cursor=cursor) if cursor else None)
                assert len(page.resources) <= 2
                uris += [str(r.uri) for r in page.resources]
                cursor = page.next_cursor
                if not cursor:
                    break
            ours = [uri for uri in uris if f"/bases/{project}/" in uri]
            assert len(ours) >= 4 and len(uris) == len(set(uris))
            schema_uri = ours[0]
            content = (await session.read_resource(schema_uri)).contents[0]
            assert content.mime_type == "application/json" and json.loads(content.text)["name"] == "Tasks"

            templates = (await session.list_resource_templates()).resource_templates
            assert {t.uri_template for t in templates} == {
                "tessera://bases/{baseId}/tables/{tableId}/schema", "tessera://bases/{baseId}/tables/{tableId}/records{?formula}"}
            table_id = schema_uri.split("/tables/")[1].split("/")[0]
            records = json.loads((await session.read_resource(f"tessera://bases/{project}/tables/{table_id}/records?formula=%7BPoints%7D%20%3C%204")).contents[0].text)
            assert sorted(r["fields"]["Points"] for r in records["records"]) == [1, 2, 3]
            with pytest.raises(MCPError) as missing:
                await session.read_resource("tessera://bases/appAAAAAAAAAAAAAA/tables/tblAAAAAAAAAAAAAA/schema")
            assert missing.value.error.code == -32002
    run(body)


def test_prompts(tessera, project, wire):
    async def body():
        async with mcp_session(tessera, tessera.owner.token, "--list-page-size", "3") as session:
            first = await session.list_prompts()
            second = await session.list_prompts(params=types.PaginatedRequestParams(cursor=first.next_cursor))
            prompts = {p.name: p for p in first.prompts + second.prompts}
            assert {"summarize_table", "find_duplicates", "draft_record", "explain_formula"} <= set(prompts)
            assert {a.name for a in prompts["draft_record"].arguments if a.required} == {"baseId", "table", "description"}
            arguments = {
                "summarize_table": {"baseId": project, "table": "Tasks", "focus": "points"},
                "find_duplicates": {"baseId": project, "table": "Tasks"},
                "draft_record": {"baseId": project, "table": "Tasks", "description": "Fix the <gate> & paint it"},
                "explain_formula": {"formula": "AND({Status} = 'Done', {Points} > 3)", "baseId": project, "table": "Tasks"},
            }
            for name, values in arguments.items():
                prompt = await session.get_prompt(name, values)
                text = prompt.messages[0].content.text
                assert prompt.messages[0].role == "user" and '"name":"Points"' in text, name
            assert "Fix the <gate> & paint it" in (await session.get_prompt("draft_record", arguments["draft_record"])).messages[0].content.text
            with pytest.raises(MCPError) as missing:
                await session.get_prompt("draft_record", {"baseId": project})
            assert missing.value.error.code == -32602
    run(body)


def test_completions(tessera, project, wire):
    async def body():
        async with mcp_session(tessera, tessera.owner.token) as session:
            prompt = types.PromptReference(type="ref/prompt", name="summarize_table")
            bases = await session.complete(prompt, {"name": "baseId", "value": project[:5]})
            assert project in bases.completion.values
            tables = await session.complete(prompt, {"name": "table", "value": "Ta"}, context_arguments={"baseId": project})
            assert tables.completion.values == ["Tasks"]
            template = types.ResourceTemplateReference(type="ref/resource", uri="tessera://bases/{baseId}/tables/{tableId}/schema")
            ids = await session.complete(template, {"name": "tableId", "value": "tbl"}, context_arguments={"baseId": project})
            assert ids.completion.values and all(v.startswith("tbl") for v in ids.completion.values)
    run(body)
