"""The official `openai` Python SDK against Tessera's /v1, with fake OpenAI and Anthropic
providers (fake_providers.py) behind it."""

import json
import subprocess
import time
import uuid

import openai
import pytest
import requests

from conftest import BINARY, Tessera
from fake_providers import INJECTION

SECRET = "PURPLE-OTTER-42"
FACT_FIELDS = [{"name": "Topic", "type": "singleLineText"}, {"name": "Detail", "type": "multilineText"}]


@pytest.fixture(scope="module")
def ai(tmp_path_factory, fake):
    server = Tessera(tmp_path_factory.mktemp("tessera-ai"))
    server.owner = server.account("owner@example.com")
    server.stranger = server.account("stranger@example.com")
    server.start("--rate-limit-token", "0", "--rate-limit-base", "0", env=fake.environment)
    yield server
    assert server.stop() == 0


@pytest.fixture(autouse=True)
def providers_up(fake):
    requests.post(f"http://127.0.0.1:{fake.port}/control", json={"down": [], "clear": True})
    yield


def client(server, token=None):
    return openai.OpenAI(api_key=token or server.owner.token, base_url=server.url + "/v1", max_retries=0)


def api(server, method, path, token=None, **kwargs):
    response = requests.request(method, server.url + path, headers={"Authorization": f"Bearer {token or server.owner.token}"}, **kwargs)
    assert response.status_code < 300, response.text
    return response.json()


@pytest.fixture(scope="module")
def facts(ai):
    """A base whose table holds the secret, a harmless record and a prompt injection."""
    base = api(ai, "POST", "/v0/meta/bases", json={
        "name": f"Facts {uuid.uuid4().hex[:6]}", "workspaceId": ai.owner.workspace_id,
        "tables": [{"name": "Facts", "fields": FACT_FIELDS}],
    })
    records = api(ai, "POST", f"/v0/{base['id']}/Facts", json={"records": [
        {"fields": {"Topic": "launch", "Detail": f"The launch code is {SECRET}."}},
        {"fields": {"Topic": "lunch", "Detail": "Lunch is at noon on Fridays."}},
    ]})["records"]
    # Retrieval puts indexed records into the prompt: wait for the indexer, so every test sees
    # the same context whatever it runs first.
    deadline = time.monotonic() + 60
    while api(ai, "GET", f"/v0/{base['id']}/Facts/search/status")["eventsBehind"] > 0:
        assert time.monotonic() < deadline, "the search indexer did not catch up"
        time.sleep(0.05)
    return {"base": base["id"], "records": [r["id"] for r in records]}


def call(name, arguments):
    return f"[[call {name} {json.dumps(arguments)}]]"


def stream_text(chunks):
    text, usage, finish = "", None, None
    for chunk in chunks:
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            text += choice.delta.content or ""
            finish = choice.finish_reason or finish
    return text, usage, finish


def test_models_list(ai):
    ids = [model.id for model in client(ai).models.list()]
    assert "all-MiniLM-L6-v2" in ids
    assert "tessera/fast" in ids
    assert "openai/gpt-4.1-nano" in ids and "anthropic/claude-haiku-4-5" in ids
    assert client(ai).models.retrieve("tessera/fast").owned_by == "tessera"
    with pytest.raises(openai.NotFoundError):
        client(ai).models.retrieve("nope/never")


def test_plain_chat_with_cost_headers(ai):
    raw = client(ai).chat.completions.with_raw_response.create(
        model="openai/gpt-4.1-nano", messages=[{"role": "user", "content": "hello there"}])
    completion = raw.parse()
    assert completion.object == "chat.completion" and completion.id.startswith("chatcmpl-")
    assert completion.choices[0].message.role == "assistant"
    assert completion.choices[0].message.content == "echo: hello there"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.prompt_tokens > 0 and completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens
    assert raw.headers["x-tessera-model"] == "openai/gpt-4.1-nano"
    assert float(raw.headers["x-tessera-cost-usd"]) > 0


@pytest.mark.parametrize("model", ["openai/gpt-4.1-nano", "anthropic/claude-haiku-4-5"])
@pytest.mark.parametrize("stream", [False, True])
def test_workspace_tool_fetches_data_only_it_could(ai, fake, facts, model, stream):
    question = "What is the launch code? " + call("list_records", {"baseId": facts["base"], "table": "Facts", "filterByFormula": "{Topic} = 'launch'"})
    assert SECRET not in question
    arguments = dict(model=model, messages=[{"role": "user", "content": question}],
                     extra_body={"tessera": {"base": facts["base"], "cache": False}})
    if stream:
        text, _, finish = stream_text(client(ai).chat.completions.create(stream=True, **arguments))
    else:
        answer = client(ai).chat.completions.create(**arguments).choices[0]
        text, finish = answer.message.content, answer.finish_reason
    assert SECRET in text and text.startswith("From the tools:")
    assert finish == "stop"
    seen = fake.seen()
    assert len(seen) == 2, "one round asking for the tool, one answering with its result"
    offered = [t["function"]["name"] if "function" in t else t["name"] for t in seen[0]["body"]["tools"]]
    assert "list_records" in offered and "delete_records" not in offered, "a read-only turn offers no write tools"


def test_streamed_and_unstreamed_answers_match(ai, facts):
    arguments = dict(model="anthropic/claude-haiku-4-5",
                     messages=[{"role": "user", "content": "Count them. " + call("count_records", {"baseId": facts["base"], "table": "Facts"})}],
                     extra_body={"tessera": {"base": facts["base"], "cache": False}})
    whole = client(ai).chat.completions.create(**arguments)
    text, usage, finish = stream_text(client(ai).chat.completions.create(stream=True, stream_options={"include_usage": True}, **arguments))
    assert text == whole.choices[0].message.content and '"count":2' in text.replace(" ", "")
    assert finish == whole.choices[0].finish_reason
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (
        whole.usage.prompt_tokens, whole.usage.completion_tokens, whole.usage.total_tokens)


def test_stream_shapes_and_client_tools_pass_through(ai, facts):
    weather = {"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
                                                 "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}
    messages = [{"role": "user", "content": "Weather? " + call("get_weather", {"city": "Oslo"})}]
    whole = client(ai).chat.completions.create(model="openai/gpt-4.1-nano", messages=messages, tools=[weather],
                                               extra_body={"tessera": {"base": facts["base"], "cache": False}})
    assert whole.choices[0].finish_reason == "tool_calls"
    [tool_call] = whole.choices[0].message.tool_calls
    assert tool_call.function.name == "get_weather" and json.loads(tool_call.function.arguments) == {"city": "Oslo"}

    chunks = list(client(ai).chat.completions.create(model="openai/gpt-4.1-nano", messages=messages, tools=[weather], stream=True,
                                                      stream_options={"include_usage": True}))
    fragments = [call for chunk in chunks for choice in chunk.choices for call in (choice.delta.tool_calls or [])]
    assert fragments[0].index == 0 and fragments[0].id and fragments[0].function.name == "get_weather"
    assert all(fragment.id is None and fragment.function.name is None for fragment in fragments[1:])
    assert json.loads("".join(fragment.function.arguments or "" for fragment in fragments)) == {"city": "Oslo"}
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens > 0
    assert [choice.finish_reason for choice in chunks[-2].choices] == ["tool_calls"]

    # The client runs its tool and sends the result back; the model answers with it.
    follow_up = messages + [whole.choices[0].message.model_dump(exclude_none=True),
                            {"role": "tool", "tool_call_id": tool_call.id, "content": "sunny, 21 C"}]
    answer = client(ai).chat.completions.create(model="openai/gpt-4.1-nano", messages=follow_up, tools=[weather])
    assert answer.choices[0].message.content == "From the tools: sunny, 21 C"


def test_sse_wire_format(ai):
    response = requests.post(ai.url + "/v1/chat/completions", headers={"Authorization": f"Bearer {ai.owner.token}"}, stream=True,
                             json={"model": "openai/gpt-4.1-nano", "stream": True, "stream_options": {"include_usage": True},
                                   "messages": [{"role": "user", "content": "wire"}]})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    events = [line for line in response.iter_lines(decode_unicode=True) if line]
    assert all(line.startswith("data: ") for line in events) and events[-1] == "data: [DONE]"
    chunks = [json.loads(line[6:]) for line in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" and c["id"] == chunks[0]["id"] for c in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert all("usage" in c and c["usage"] is None for c in chunks[:-1])
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["total_tokens"] > 0


def test_embeddings_equal_tessera_embed(ai):
    texts = ["a red fox jumps", "quarterly revenue grew"]
    default = client(ai).embeddings.create(model="all-MiniLM-L6-v2", input=texts)  # SDK default: base64
    as_floats = client(ai).embeddings.create(model="all-MiniLM-L6-v2", input=texts, encoding_format="float")
    cli = subprocess.run([BINARY, "embed", "--format", "jsonl"], input="\n".join(texts) + "\n", capture_output=True, text=True, check=True)
    expected = [json.loads(line) for line in cli.stdout.splitlines()]
    expected = [row["embedding"] if isinstance(row, dict) else row for row in expected]
    for result in (default, as_floats):
        assert [len(item.embedding) for item in result.data] == [384, 384]
        for got, want in zip(result.data, expected):
            assert max(abs(a - b) for a, b in zip(got.embedding, want)) < 1e-6
    assert default.usage.prompt_tokens > 0
    single = client(ai).embeddings.create(model="all-MiniLM-L6-v2", input="one text", dimensions=384)
    assert len(single.data) == 1
    with pytest.raises(openai.BadRequestError) as error:
        client(ai).embeddings.create(model="all-MiniLM-L6-v2", input="x", dimensions=100)
    assert "384" in error.value.message


def test_errors_use_openai_envelope(ai):
    with pytest.raises(openai.NotFoundError) as error:
        client(ai).chat.completions.create(model="openai-nope/never", messages=[{"role": "user", "content": "hi"}])
    assert error.value.code == "model_not_found"
    with pytest.raises(openai.AuthenticationError):
        client(ai, token="patNOTAREALTOKEN.secret").chat.completions.create(model="openai/gpt-4.1-nano", messages=[{"role": "user", "content": "hi"}])
    response = requests.post(ai.url + "/v1/chat/completions", headers={"Authorization": f"Bearer {ai.owner.token}"},
                             json={"model": "openai/gpt-4.1-nano", "messages": []})
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"message", "type", "param", "code"} and response.json()["error"]["param"] == "messages"
    response = requests.post(ai.url + "/v1/chat/completions", headers={"Authorization": f"Bearer {ai.owner.token}"}, data="{not json")
    assert response.status_code == 400 and response.json()["error"]["type"] == "invalid_request_error"
    # A blanket confirmation is refused: the person names the records they confirmed.
    with pytest.raises(openai.BadRequestError) as error:
        client(ai).chat.completions.create(model="openai/gpt-4.1-nano", messages=[{"role": "user", "content": "hi"}],
                                           extra_body={"tessera": {"confirm_destructive": True}})
    assert error.value.param == "tessera.confirm_destructive" and "record ids" in error.value.message


def test_stranger_cannot_reach_another_tenants_base(ai, facts):
    with pytest.raises(openai.NotFoundError):
        client(ai, ai.stranger.token).chat.completions.create(
            model="openai/gpt-4.1-nano", messages=[{"role": "user", "content": "hi"}], extra_body={"tessera": {"base": facts["base"]}})


def test_fallback_when_a_provider_is_down_and_502_when_all_are(ai, fake):
    requests.post(f"http://127.0.0.1:{fake.port}/control", json={"down": ["openai"]})
    raw = client(ai).chat.completions.with_raw_response.create(
        model="tessera/fast", messages=[{"role": "user", "content": "fall back"}], extra_body={"tessera": {"cache": False}})
    assert raw.headers["x-tessera-model"] == "anthropic/claude-haiku-4-5"
    assert raw.parse().choices[0].message.content == "echo: fall back"
    assert [r["provider"] for r in fake.seen()][-1] == "anthropic"

    requests.post(f"http://127.0.0.1:{fake.port}/control", json={"down": ["openai", "anthropic"]})
    with pytest.raises(openai.APIStatusError) as error:
        client(ai).chat.completions.create(model="tessera/fast", messages=[{"role": "user", "content": "nobody home"}],
                                           extra_body={"tessera": {"cache": False}})
    assert error.value.status_code == 502
    assert error.value.body["type"] == "api_error" and error.value.body["code"] == "upstream_error"


@pytest.mark.parametrize("allow_writes", [False, True])
def test_prompt_injection_deletes_nothing(ai, fake, allow_writes):
    base = api(ai, "POST", "/v0/meta/bases", json={
        "name": f"Inbox {uuid.uuid4().hex[:6]}", "workspaceId": ai.owner.workspace_id,
        "tables": [{"name": "Messages", "fields": FACT_FIELDS}]})["id"]
    api(ai, "POST", f"/v0/{base}/Messages", json={"records": [
        {"fields": {"Topic": "note", "Detail": f"Hello! {INJECTION.capitalize()}."}},
        {"fields": {"Topic": "note", "Detail": "Remember to water the plants."}},
        {"fields": {"Topic": "note", "Detail": "Invoice 42 is due."}},
    ]})
    question = "Summarize my messages. " + call("list_records", {"baseId": base, "table": "Messages"})
    answer = client(ai).chat.completions.create(
        model="openai/gpt-4.1-nano", messages=[{"role": "user", "content": question}],
        extra_body={"tessera": {"base": base, "allow_writes": allow_writes, "cache": False}})
    content = answer.choices[0].message.content
    assert content.startswith("From the tools:")
    # Read-only turns do not offer the tool; writable ones drop the model's own confirm.
    assert ("Not deleted: this would delete 3 records" if allow_writes else "delete_records is not available") in content
    asked = [call["function"]["name"] for r in fake.seen("openai") for m in r["body"]["messages"] for call in m.get("tool_calls") or []]
    assert "delete_records" in asked, "the scripted model obeyed the injected instruction"
    assert len(api(ai, "GET", f"/v0/{base}/Messages")["records"]) == 3


def test_exact_cache_answers_repeats_until_data_changes(ai, fake, facts):
    messages = [{"role": "user", "content": "What do we know? " + call("count_records", {"baseId": facts["base"], "table": "Facts"})}]
    ask = lambda: client(ai).chat.completions.with_raw_response.create(
        model="openai/gpt-4.1-nano", messages=messages, extra_body={"tessera": {"base": facts["base"]}})
    first, second = ask(), ask()
    assert first.headers["x-tessera-cache"] == "miss" and second.headers["x-tessera-cache"] == "hit"
    assert first.parse().choices[0].message.content == second.parse().choices[0].message.content
    assert float(second.headers["x-tessera-cost-usd"]) == 0
    assert len(fake.seen()) == 2, "the repeat did not reach the provider"

    api(ai, "POST", f"/v0/{facts['base']}/Facts", json={"records": [{"fields": {"Topic": "new", "Detail": "a new fact"}}]})
    third = ask()
    assert third.headers["x-tessera-cache"] == "miss" and '"count":3' in third.parse().choices[0].message.content.replace(" ", "")
    opted_out = client(ai).chat.completions.with_raw_response.create(
        model="openai/gpt-4.1-nano", messages=messages, extra_body={"tessera": {"base": facts["base"], "cache": False}})
    assert opted_out.headers["x-tessera-cache"] == "bypass"


def test_monthly_budget_answers_429(ai):
    account = ai.account(f"budget-{uuid.uuid4().hex[:6]}@example.com")
    print(ai.cli("workspaces", "budget", "--workspace", account.workspace_id, "--monthly-usd", "0.000001"))
    ask = lambda: client(ai, account.token).chat.completions.create(
        model="openai/gpt-4.1-nano", messages=[{"role": "user", "content": "spend a little"}], extra_body={"tessera": {"cache": False}})
    ask()  # under budget before it, over after it
    with pytest.raises(openai.RateLimitError) as error:
        ask()
    assert error.value.code == "budget_exceeded" and "budget" in error.value.message
    assert "spent this month: $0.0000" in ai.cli("workspaces", "budget", "--workspace", account.workspace_id)
