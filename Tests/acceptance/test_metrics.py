"""/metrics (issue 19): `tessera serve --metrics-port` exposes Prometheus' text format on a port
of its own. Prometheus' own Python parser reads every scrape, and each family moves by exactly
what the test sent: HTTP requests by route, method and status with their latency histogram,
rate-limit rejections, database transactions, search queries by mode, embedding, index size and
lag, LLM requests with tokens and time to first token, and chat turns by cache outcome."""

import json
import os
import subprocess
import time
import uuid

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

import conftest
from conftest import Tessera, free_port


@pytest.fixture(scope="module")
def watched(tmp_path_factory, fake):
    server = Tessera(tmp_path_factory.mktemp("tessera-metrics"))
    server.owner = server.account("metrics@example.com")
    server.metrics_url = f"http://127.0.0.1:{free_port()}/metrics"
    # One /auth request per address per 1,000 s: the second is refused, whatever the timing.
    server.start("--rate-limit-token", "0", "--rate-limit-base", "0", "--rate-limit-auth", "0.001",
                 "--metrics-port", server.metrics_url.split(":")[2].split("/")[0], env=fake.environment)
    server.headers = {"Authorization": f"Bearer {server.owner.token}"}
    base = requests.post(server.url + "/v0/meta/bases", headers=server.headers, json={
        "name": f"Watched {uuid.uuid4().hex[:6]}", "workspaceId": server.owner.workspace_id,
        "tables": [{"name": "Notes", "fields": [{"name": "Text", "type": "multilineText"}]}]}).json()
    server.base = base["id"]
    yield server
    assert server.stop() == 0


def scrape(server_or_url):
    """Every sample of one scrape as {(name, sorted labels): value}."""
    url = server_or_url if isinstance(server_or_url, str) else server_or_url.metrics_url
    deadline = time.monotonic() + 30
    while True:  # a listener that is still starting refuses the connection
        try:
            response = requests.get(url, timeout=10)
            break
        except requests.ConnectionError:
            assert time.monotonic() < deadline, f"nothing answers at {url}"
            time.sleep(0.1)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels):
    return sum(v for (n, ls), v in samples.items() if n == name and set(labels.items()) <= set(ls))


def wait_for_index(server, table="Notes"):
    deadline = time.monotonic() + 60
    while requests.get(f"{server.url}/v0/{server.base}/{table}/search/status", headers=server.headers).json()["eventsBehind"] > 0:
        assert time.monotonic() < deadline, "the search indexer did not catch up"
        time.sleep(0.05)


def test_requests_are_counted_by_route_method_and_status_with_a_latency_histogram(watched):
    route = {"http_route": "/v0/{baseId}/{table}", "http_request_method": "GET"}
    before = scrape(watched)
    for _ in range(3):
        assert requests.get(f"{watched.url}/v0/{watched.base}/Notes", headers=watched.headers).status_code == 200
    assert requests.get(f"{watched.url}/v0/{watched.base}/NoSuchTable", headers=watched.headers).status_code == 404
    after = scrape(watched)

    ok, missing = {**route, "http_response_status_code": "200"}, {**route, "http_response_status_code": "404"}
    assert value(after, "http_server_requests_total", **ok) - value(before, "http_server_requests_total", **ok) == 3
    assert value(after, "http_server_requests_total", **missing) - value(before, "http_server_requests_total", **missing) == 1
    durations = "http_server_request_duration_seconds"
    assert value(after, durations + "_count", **ok) - value(before, durations + "_count", **ok) == 3
    buckets = sorted(((float(dict(ls)["le"]), v) for (n, ls), v in after.items()
                      if n == durations + "_bucket" and set(ok.items()) <= set(ls)))
    assert [v for _, v in buckets] == sorted(v for _, v in buckets), "buckets are cumulative"
    assert buckets[-1] == (float("inf"), value(after, durations + "_count", **ok))
    # The API's own port does not serve the metrics.
    assert requests.get(watched.url + "/metrics").status_code == 404


def test_rate_limit_rejections_are_counted_by_limit(watched):
    before = value(scrape(watched), "tessera_rate_limit_rejections_total", limit="auth_address")
    statuses = [requests.post(watched.url + "/auth/login", json={"email": "metrics@example.com", "password": "wrong"}).status_code
                for _ in range(2)]
    assert statuses == [401, 429]
    assert value(scrape(watched), "tessera_rate_limit_rejections_total", limit="auth_address") - before == 1


def test_database_search_and_embedding_figures_follow_the_work(watched):
    before = scrape(watched)
    texts = ["invoices from the garden centre", "a flight to Lisbon in May", "water the plants on Friday"]
    created = requests.post(f"{watched.url}/v0/{watched.base}/Notes", headers=watched.headers,
                            json={"records": [{"fields": {"Text": text}} for text in texts]})
    assert created.status_code == 200
    wait_for_index(watched)
    for mode in ("hybrid", "keyword"):
        found = requests.post(f"{watched.url}/v0/{watched.base}/Notes/search", headers=watched.headers,
                              json={"query": "plants", "mode": mode})
        assert found.status_code == 200, found.text
    after = scrape(watched)

    writes = {"store": "sqlite", "access": "write"}
    assert value(after, "tessera_database_transaction_seconds_count", **writes) > value(before, "tessera_database_transaction_seconds_count", **writes)
    assert value(after, "tessera_database_wait_seconds_count", **writes) > value(before, "tessera_database_wait_seconds_count", **writes)
    for mode in ("hybrid", "keyword"):
        assert value(after, "tessera_search_query_seconds_count", mode=mode) - value(before, "tessera_search_query_seconds_count", mode=mode) == 1
    assert value(after, "tessera_search_query_seconds_count", mode="semantic") == value(before, "tessera_search_query_seconds_count", mode="semantic")
    assert value(after, "tessera_embedding_texts_total") - value(before, "tessera_embedding_texts_total") >= len(texts)
    assert value(after, "tessera_embedding_batch_seconds_count") > value(before, "tessera_embedding_batch_seconds_count")
    # The gauges are set as the indexer goes; it has caught up with these three.
    deadline = time.monotonic() + 60
    while value(after, "tessera_search_index_vectors") < len(texts) or value(after, "tessera_search_index_events_behind") != 0:
        assert time.monotonic() < deadline, "the index gauges did not catch up"
        time.sleep(0.1)
        after = scrape(watched)
    assert value(after, "process_resident_memory_bytes") > 0


def test_llm_requests_tokens_and_chat_turns(watched):
    model = {"provider": "openai", "model": "gpt-4.1-nano"}
    before = scrape(watched)
    body = {"model": "openai/gpt-4.1-nano", "messages": [{"role": "user", "content": "Say hello"}]}
    plain = requests.post(watched.url + "/v1/chat/completions", headers=watched.headers, json=body)
    assert plain.status_code == 200, plain.text
    streamed = requests.post(watched.url + "/v1/chat/completions", headers=watched.headers,
                             json={**body, "messages": [{"role": "user", "content": "Say hello again"}], "stream": True,
                                   "stream_options": {"include_usage": True}})
    assert streamed.status_code == 200
    usage = [line for line in streamed.text.splitlines() if '"usage":{' in line.replace(" ", "")]
    assert usage, streamed.text
    after = scrape(watched)

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("tessera_llm_requests_total", outcome="ok", **model) == 2
    assert moved("tessera_llm_request_seconds_count", **model) == 2
    assert moved("tessera_llm_time_to_first_token_seconds_count", **model) == 1
    assert moved("tessera_llm_tokens_total", kind="input", **model) >= plain.json()["usage"]["prompt_tokens"] > 0
    assert moved("tessera_llm_tokens_total", kind="output", **model) >= plain.json()["usage"]["completion_tokens"] > 0
    assert moved("tessera_chat_turns_total") == 2


def test_mcp_tool_calls_are_counted_by_tool_and_outcome(tmp_path):
    server = Tessera(tmp_path / "data")
    account = server.account("mcp-metrics@example.com")
    port = free_port()
    process = subprocess.Popen([conftest.BINARY, "mcp", "--data-dir", str(server.data_dir), "--token", account.token, "--metrics-port", str(port)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def ask(message):
        process.stdin.write((json.dumps(message) + "\n").encode())
        process.stdin.flush()
        return json.loads(process.stdout.readline()) if "id" in message else None

    try:
        ask({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "pytest", "version": "1"}}})
        ask({"jsonrpc": "2.0", "method": "notifications/initialized"})
        for index in range(2):
            answer = ask({"jsonrpc": "2.0", "id": 10 + index, "method": "tools/call", "params": {"name": "list_bases", "arguments": {}}})
            assert "result" in answer, answer
        answer = ask({"jsonrpc": "2.0", "id": 20, "method": "tools/call", "params": {"name": "no_such_tool", "arguments": {}}})
        assert "error" in answer, answer

        samples = scrape(f"http://127.0.0.1:{port}/metrics")
        assert value(samples, "tessera_mcp_tool_calls_total", tool="list_bases", outcome="ok") == 2
        assert value(samples, "tessera_mcp_tool_calls_total", tool="unknown", outcome="unknown_tool") == 1
    finally:
        process.stdin.close()
        assert process.wait(timeout=30) == 0


@pytest.mark.parametrize("arguments, environment, says", [
    (["--metrics-port", "70000"], {}, "The metrics port must be between 0 and 65535, not 70000"),
    ([], {"TESSERA_METRICS_PORT": "9x"}, 'TESSERA_METRICS_PORT="9x" is not a whole number'),
])
def test_a_bad_metrics_port_stops_serve_with_its_name(tmp_path, arguments, environment, says):
    result = subprocess.run([conftest.BINARY, "serve", "--data-dir", str(tmp_path), "--port", str(free_port()), *arguments],
                            capture_output=True, text=True, timeout=60, env={**os.environ, **environment})
    assert result.returncode != 0
    assert says in result.stderr
