"""Traces (issue 19): `tessera serve --otlp-endpoint` exports spans over OTLP/HTTP to a collector.
The collector here is a stub in this process that decodes each export with the OpenTelemetry
protobuf definitions. One chat request that arrives with a W3C `traceparent` and makes the
(fake) model call a workspace tool gives one trace: the HTTP request → the orchestrator's turn
and rounds → the provider call, which sends the trace on in its own `traceparent` → the tool →
the storage calls it makes. Without an endpoint nothing is exported."""

import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest, ExportTraceServiceResponse

from conftest import Tessera

TRACE_ID = uuid.uuid4().hex
CALLER_SPAN_ID = uuid.uuid4().hex[:16]
TRACEPARENT = f"00-{TRACE_ID}-{CALLER_SPAN_ID}-01"


class Collector:
    """An OTLP/HTTP receiver: POST /v1/traces with a protobuf ExportTraceServiceRequest."""

    def __init__(self):
        self.spans = []
        self.resources = []
        self.posts = 0
        self.lock = threading.Lock()
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                if self.path != "/v1/traces" or self.headers.get("content-type") != "application/x-protobuf":
                    self.send_response(404)
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                collector.receive(ExportTraceServiceRequest.FromString(body))
                reply = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("content-type", "application/x-protobuf")
                self.send_header("content-length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def receive(self, export):
        with self.lock:
            self.posts += 1
            for resource_spans in export.resource_spans:
                self.resources.append({a.key: a.value.string_value for a in resource_spans.resource.attributes})
                for scope_spans in resource_spans.scope_spans:
                    for span in scope_spans.spans:
                        self.spans.append({
                            "trace": span.trace_id.hex(), "id": span.span_id.hex(), "parent": span.parent_span_id.hex(),
                            "name": span.name, "kind": span.kind, "status": span.status.code,
                            "attributes": {a.key: getattr(a.value, a.value.WhichOneof("value")) for a in span.attributes},
                        })

    def trace(self, trace_id):
        with self.lock:
            return [span for span in self.spans if span["trace"] == trace_id]

    def stop(self):
        self.server.shutdown()


@pytest.fixture
def collector():
    receiver = Collector()
    yield receiver
    receiver.stop()


def start(tmp_path, fake, *extra):
    server = Tessera(tmp_path)
    # Unique, as the tests may share one PostgreSQL database (TESSERA_DATABASE_URL).
    server.owner = server.account(f"tracer-{uuid.uuid4().hex[:8]}@example.com")
    server.start("--rate-limit-token", "0", "--rate-limit-base", "0", *extra, env=fake.environment)
    server.headers = {"Authorization": f"Bearer {server.owner.token}"}
    base = requests.post(server.url + "/v0/meta/bases", headers=server.headers, json={
        "name": f"Traced {uuid.uuid4().hex[:6]}", "workspaceId": server.owner.workspace_id,
        "tables": [{"name": "Notes", "fields": [{"name": "Text", "type": "singleLineText"}]}]})
    assert base.status_code == 200, base.text
    server.base = base.json()["id"]
    return server


def chat_with_a_tool(server, fake, headers=None, stream=False):
    """A chat turn in which the model calls create_records: a tool that writes to storage."""
    requests.post(f"http://127.0.0.1:{fake.port}/control", json={"down": [], "clear": True})
    arguments = {"baseId": server.base, "table": "Notes", "records": [{"fields": {"Text": "a private note"}}]}
    response = requests.post(server.url + "/v1/chat/completions", headers={**server.headers, **(headers or {})}, json={
        "model": "openai/gpt-4.1-nano", "stream": stream,
        "messages": [{"role": "user", "content": f"Note it. [[call create_records {json.dumps(arguments)}]]"}],
        "tessera": {"base": server.base, "allow_writes": True, "cache": False}})
    assert response.status_code == 200, response.text
    if stream:
        chunks = [json.loads(line[6:]) for line in response.text.splitlines() if line.startswith("data: {")]
        text = "".join(choice["delta"].get("content") or "" for chunk in chunks for choice in chunk["choices"])
    else:
        text = response.json()["choices"][0]["message"]["content"]
    assert text.startswith("From the tools:")
    return fake.seen("openai")


@pytest.mark.parametrize("stream", [False, True])
def test_one_trace_from_the_request_through_the_provider_and_the_tool_to_storage(tmp_path, fake, collector, stream):
    server = start(tmp_path, fake, "--otlp-endpoint", collector.url)
    provider_requests = chat_with_a_tool(server, fake, headers={"traceparent": TRACEPARENT}, stream=stream)
    # Spans leave in batches; a graceful shutdown sends what is left.
    assert server.stop() == 0
    deadline = time.monotonic() + 10
    while not any(span["kind"] == 2 for span in collector.trace(TRACE_ID)):  # SPAN_KIND_SERVER
        assert time.monotonic() < deadline, f"no server span of the trace arrived; spans: {[s['name'] for s in collector.spans]}"
        time.sleep(0.05)
    spans = collector.trace(TRACE_ID)
    by_id = {span["id"]: span for span in spans}
    assert collector.resources and all(resource["service.name"] == "tessera" for resource in collector.resources)

    def parent(span):
        return by_id.get(span["parent"])

    def named(pattern):
        return [span for span in spans if re.fullmatch(pattern, span["name"])]

    # The request continues the caller's trace, as a child of the caller's span.
    [http] = [span for span in spans if span["kind"] == 2]
    assert http["parent"] == CALLER_SPAN_ID
    assert http["name"] == "POST /v1/chat/completions"
    assert http["attributes"]["http.request.method"] == "POST"
    assert http["attributes"]["http.route"] == "/v1/chat/completions"
    assert http["attributes"]["http.response.status_code"] == 200

    [turn] = named("chat turn")
    assert parent(turn) is http and turn["attributes"]["gen_ai.request.model"] == "openai/gpt-4.1-nano"
    rounds = named("chat round")
    assert len(rounds) == 2, "one round asking for the tool, one answering with its result"
    assert all(parent(round) is turn for round in rounds)

    providers = named("chat gpt-4.1-nano")
    assert len(providers) == 2 and {parent(span)["id"] for span in providers} == {round["id"] for round in rounds}
    for span in providers:
        assert span["kind"] == 3  # SPAN_KIND_CLIENT
        assert span["attributes"]["gen_ai.system"] == "openai" and span["attributes"]["gen_ai.request.model"] == "gpt-4.1-nano"
        assert span["attributes"]["gen_ai.usage.input_tokens"] > 0 and span["attributes"]["gen_ai.usage.output_tokens"] > 0
    # Each provider request carried the trace on, with its own call's span as the parent.
    sent = [request["headers"].get("traceparent", "") for request in provider_requests]
    assert len(sent) == 2
    assert {header.split("-")[1] for header in sent} == {TRACE_ID}
    assert {header.split("-")[2] for header in sent} == {span["id"] for span in providers}

    [tool] = named("execute_tool create_records")
    assert tool["attributes"]["gen_ai.tool.name"] == "create_records"
    first_round = parent([p for p in providers if parent(p) is parent(tool)][0])
    assert parent(tool) is first_round, "the tool runs in the round whose provider call asked for it"
    writes = [span for span in spans if span["attributes"].get("db.system") in ("sqlite", "postgresql") and parent(span) is tool]
    assert writes, "the tool's storage calls are its children"
    assert any(span["attributes"]["db.operation.name"] == "insertRecords" for span in writes), [s["name"] for s in writes]

    # Store calls are spans only within a trace: the search indexer's polling starts none.
    assert all(span["parent"] for span in collector.spans if "db.system" in span["attributes"])

    # Nothing of the user's text: not the prompt, the note, the answer or the token.
    exported = json.dumps(spans)
    for private in ("a private note", "Note it", "From the tools", server.owner.token):
        assert private not in exported


def test_without_an_endpoint_nothing_is_exported_and_the_server_works(tmp_path, fake, collector):
    server = start(tmp_path, fake)
    provider_requests = chat_with_a_tool(server, fake, headers={"traceparent": TRACEPARENT})
    assert all("traceparent" not in request["headers"] for request in provider_requests)
    assert server.stop() == 0
    assert collector.posts == 0
