"""The binary outside its checkout: every command below runs with a fresh temporary directory as its
working directory and nothing of the repository around it. The model catalog and the prompt
templates come from the binary itself; exported templates, edited, replace them; the embedding
model is found in the user's data home or the data directory."""

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest
import requests

from conftest import BINARY, Tessera, free_port, wait_until_healthy
from fake_providers import OPENAI_KEY, FakeProviders


@pytest.fixture
def elsewhere(tmp_path):
    """A working directory with nothing in it, and a data directory inside it."""
    home = tmp_path / "elsewhere"
    home.mkdir()
    server = Tessera(home / "data")
    server.account("anywhere@example.com")
    return home, server


def run(home, *args, env=None, stdin=None):
    return subprocess.run([BINARY, *args], cwd=home, capture_output=True, text=True, timeout=120, input=stdin,
                          env={**os.environ, **(env or {})})


def token(server):
    return server.token("anywhere@example.com")


def test_serve_answers_with_the_built_in_catalog(elsewhere):
    home, server = elsewhere
    port = free_port()
    process = subprocess.Popen([BINARY, "serve", "--data-dir", "data", "--port", str(port)], cwd=home,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_healthy(process, f"http://127.0.0.1:{port}", seconds=60, why=process.stderr.read)
        ready = requests.get(f"http://127.0.0.1:{port}/ready")
        assert ready.status_code == 200
        assert ready.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok", "search": "ok"}}
        models = requests.get(f"http://127.0.0.1:{port}/v1/models", headers={"Authorization": f"Bearer {token(server)}"})
        assert models.status_code == 200
        assert {"openai/gpt-4.1-nano", "anthropic/claude-haiku-4-5"} & {m["id"] for m in models.json()["data"]}
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


def mcp_exchange(home, server, *extra):
    """initialize, then prompts/list and tools/list over stdio; answers the two lists."""
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "pytest", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "prompts/list"},
        {"jsonrpc": "2.0", "id": 3, "method": "tools/list"},
    ]
    result = run(home, "mcp", "--data-dir", "data", *extra, env={"TESSERA_TOKEN": token(server)},
                 stdin="".join(json.dumps(m) + "\n" for m in messages))
    assert result.returncode == 0, result.stderr
    answers = {a["id"]: a for a in map(json.loads, result.stdout.splitlines()) if "id" in a}
    return answers[2]["result"]["prompts"], answers[3]["result"]["tools"]


def test_mcp_serves_its_built_in_prompts_and_tools(elsewhere):
    home, server = elsewhere
    prompts, tools = mcp_exchange(home, server)
    assert {p["name"] for p in prompts} == {"draft_record", "explain_formula", "find_duplicates", "summarize_table"}
    assert "list_records" in {t["name"] for t in tools}


def test_exported_templates_edited_replace_the_built_in_ones(elsewhere):
    home, server = elsewhere
    result = run(home, "prompts", "export", "mine")
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(home / "mine").as_posix() for p in (home / "mine").rglob("*.mustache"))
    assert written == ["chat/system.mustache", "mcp/draft_record.mustache", "mcp/explain_formula.mustache",
                       "mcp/find_duplicates.mustache", "mcp/summarize_table.mustache"]
    again = run(home, "prompts", "export", "mine")
    assert again.returncode != 0 and "--force" in again.stderr

    (home / "mine" / "mcp" / "draft_record.mustache").unlink()
    edited = (home / "mine" / "mcp" / "summarize_table.mustache")
    edited.write_text(edited.read_text().replace("description:", "description: Edited.", 1))
    prompts, _ = mcp_exchange(home, server, "--prompts-dir", "mine/mcp")
    assert {p["name"] for p in prompts} == {"explain_formula", "find_duplicates", "summarize_table"}
    assert next(p for p in prompts if p["name"] == "summarize_table")["description"].startswith("Edited.")


def test_the_built_in_catalog_prints_and_an_edited_copy_is_read(elsewhere):
    home, _ = elsewhere
    printed = run(home, "models", "catalog")
    assert printed.returncode == 0
    catalog = json.loads(printed.stdout)
    assert any(m["provider"] == "openai" for m in catalog["models"])
    catalog.setdefault("aliases", {})["house-model"] = "openai/gpt-4.1-nano"
    (home / "catalog.json").write_text(json.dumps(catalog))

    fake = FakeProviders().start()
    try:
        env = {"OPENAI_BASE_URL": fake.openai_url, "OPENAI_API_KEY": OPENAI_KEY}
        answered = run(home, "chat", "--model", "house-model", "--catalog", "catalog.json", "Say hello", env=env)
        assert answered.returncode == 0, answered.stderr
        assert answered.stdout.strip() and fake.seen("openai")[-1]["body"]["model"] == "gpt-4.1-nano"
        unknown = run(home, "chat", "--model", "house-model", "Say hello", env=env)
        assert unknown.returncode != 0 and "house-model" in unknown.stderr
    finally:
        fake.stop()


MODEL = Path(__file__).resolve().parents[2] / "models" / "all-MiniLM-L6-v2"
NO_MODEL = "no embedding model"  # the fallback warning


@pytest.mark.skipif(not (MODEL / "model.safetensors").exists(), reason="scripts/fetch-model.sh installs the model")
def test_the_model_is_found_in_the_user_data_home_then_the_data_directory(elsewhere, tmp_path):
    home, server = elsewhere
    assert NO_MODEL in run(home, "embed", env={"XDG_DATA_HOME": str(tmp_path / "empty")}, stdin="hello\n").stderr

    data_home = tmp_path / "xdg"
    (data_home / "tessera" / "models").mkdir(parents=True)
    (data_home / "tessera" / "models" / "all-MiniLM-L6-v2").symlink_to(MODEL)
    embedded = run(home, "embed", env={"XDG_DATA_HOME": str(data_home)}, stdin="hello\n")
    assert embedded.returncode == 0 and NO_MODEL not in embedded.stderr, embedded.stderr
    assert len(json.loads(embedded.stdout)) == 384

    (home / "data" / "models").mkdir()
    (home / "data" / "models" / "all-MiniLM-L6-v2").symlink_to(MODEL)
    port = free_port()
    process = subprocess.Popen([BINARY, "serve", "--data-dir", "data", "--port", str(port)], cwd=home, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "empty")})
    try:
        wait_until_healthy(process, f"http://127.0.0.1:{port}", seconds=120, why=process.stderr.read)
        models = requests.get(f"http://127.0.0.1:{port}/v1/models", headers={"Authorization": f"Bearer {token(server)}"}).json()
        assert "all-MiniLM-L6-v2" in {m["id"] for m in models["data"]}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert NO_MODEL not in process.stderr.read()


@pytest.mark.skipif(not (MODEL / "model.safetensors").exists(), reason="scripts/fetch-model.sh installs the model")
def test_a_model_keeps_its_name_in_any_folder_and_search_runs_from_anywhere(elsewhere):
    home, server = elsewhere
    (home / "weights").mkdir()
    (home / "weights" / "my-minilm").symlink_to(MODEL)
    owner = token(server)
    headers = {"Authorization": f"Bearer {owner}"}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([BINARY, "serve", "--data-dir", "data", "--port", str(port), "--model", "weights/my-minilm",
                                "--rate-limit-token", "0", "--rate-limit-base", "0"], cwd=home,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_healthy(process, url, seconds=120, why=process.stderr.read)
        embedded = requests.post(url + "/v1/embeddings", headers=headers, json={"model": "all-MiniLM-L6-v2", "input": "hello"})
        assert embedded.status_code == 200, embedded.text
        workspace = requests.get(url + "/v0/meta/workspaces", headers=headers).json()["workspaces"][0]["id"]
        base = requests.post(url + "/v0/meta/bases", headers=headers, json={
            "name": "Anywhere", "workspaceId": workspace,
            "tables": [{"name": "Notes", "fields": [{"name": "Text", "type": "singleLineText"}]}]}).json()["id"]
        requests.post(f"{url}/v0/{base}/Notes", headers=headers, json={"records": [
            {"fields": {"Text": "watering the tomato plants"}}, {"fields": {"Text": "quarterly tax invoice"}}]}).raise_for_status()
        while requests.get(f"{url}/v0/{base}/Notes/search/status", headers=headers).json()["eventsBehind"] > 0:
            assert process.poll() is None
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    found = run(home, "search", "gardening", "--base", base, "--table", "Notes", "--data-dir", "data", "--model", "weights/my-minilm",
                "--json", env={"TESSERA_TOKEN": owner})
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["records"][0]["fields"]["Text"] == "watering the tomato plants"
