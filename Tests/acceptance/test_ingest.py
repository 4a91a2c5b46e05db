"""`tessera ingest` and `tessera search` end to end, and crash safety of an interrupted ingest."""

import json
import random
import signal
import sqlite3
import subprocess
import time

import pytest
import requests

from conftest import BINARY, REPO, Tessera

MODEL = str(REPO / "models" / "all-MiniLM-L6-v2")
NO_MODEL = "/nonexistent-model-dir"  # selects the hashing embedder: fast, deterministic


@pytest.fixture
def local(tmp_path):
    """A data directory with one account and a base, used through the CLI only."""
    server = Tessera(tmp_path)
    server.owner = server.account("ingest@example.com")
    server.start("--rate-limit-token", "0", "--rate-limit-base", "0", "--model", NO_MODEL)
    response = requests.post(
        server.url + "/v0/meta/bases",
        headers={"Authorization": f"Bearer {server.owner.token}"},
        json={"name": "Imports", "workspaceId": server.owner.workspace_id,
              "tables": [{"name": "Seed", "fields": [{"name": "Name", "type": "singleLineText"}]}]},
    )
    assert response.status_code == 200, response.text
    server.base = response.json()["id"]
    server.stop()
    server.process = None
    return server


def ingest(server, path, *args, model=NO_MODEL, check=True):
    result = subprocess.run(
        [BINARY, "ingest", str(path), "--base", server.base, "--data-dir", str(server.data_dir),
         "--token", server.owner.token, "--model", model, *args],
        capture_output=True, text=True, timeout=600,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def search(server, query, *args, model=NO_MODEL):
    output = server.cli("search", query, "--base", server.base, "--token", server.owner.token, "--model", model, "--json", *args)
    return json.loads(output)["records"]


def test_csv_with_quotes_newlines_bom_and_crlf_becomes_searchable(local, tmp_path):
    path = tmp_path / "tickets.csv"
    rows = [
        "Ref,Title,Body,Points",
        'T-1,"Battery drains overnight","Phone loses charge while idle, ""badly""",3',
        'T-2,Cannot sign in,"User forgot the password\r\nand is locked out",5',
        "T-3,Broken row with,too,many,columns",
        ',"Refund wanted",Customer wants the money back but gives no ref,4',
        "T-5,Screen flickers,Display shows flashing lines,2",
    ]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode() + b"\r\n")
    result = ingest(local, path, "--table", "Tickets", "--create-table", "--key", "Ref", "--json", model=MODEL)
    summary = json.loads(result.stdout)
    assert summary["written"] == 3
    assert [problem["line"] for problem in summary["skipped"]] == [5]
    assert "columns" in summary["skipped"][0]["reason"]
    assert [problem["line"] for problem in summary["failed"]] == [6]
    assert "merge field" in summary["failed"][0]["reason"]
    assert "created table Tickets" in result.stderr

    found = search(local, "my phone runs out of power", "--table", "Tickets", "--mode", "semantic", "--k", "1", model=MODEL)
    assert found[0]["fields"]["Ref"] == "T-1"
    assert found[0]["fields"]["Body"] == 'Phone loses charge while idle, "badly"'
    locked = search(local, "password", "--table", "Tickets", "--mode", "keyword", model=MODEL)
    assert [record["fields"]["Ref"] for record in locked] == ["T-2"]
    assert locked[0]["fields"]["Body"] == "User forgot the password\nand is locked out"

    # Same file again: upserts on Ref, nothing new.
    again = json.loads(ingest(local, path, "--table", "Tickets", "--key", "Ref", "--json", model=MODEL).stdout)
    assert again["written"] == 3
    explain = subprocess.run(
        [BINARY, "search", "charge", "--base", local.base, "--table", "Tickets", "--data-dir", str(local.data_dir),
         "--token", local.owner.token, "--model", MODEL, "--explain"],
        capture_output=True, text=True, timeout=120,
    )
    assert explain.returncode == 0, explain.stderr
    assert "index: flat, 3 vectors" in explain.stderr
    lines = explain.stdout.splitlines()
    assert lines[0].split() == ["rank", "score", "record", "Ref"]
    assert lines[1].split()[0] == "1" and lines[1].endswith("T-1")


def test_jsonl_rows_and_strict_mode(local, tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text('{"Name": "alpha note"}\n\n{"Name": "beta note"}\r\n[1, 2]\n{"Name": "gamma"}\n')
    summary = json.loads(ingest(local, path, "--table", "Seed", "--json").stdout)
    assert summary["written"] == 3
    assert summary["skipped"] == [{"line": 4, "reason": "a line must hold a JSON object, got array"}]

    strict = ingest(local, path, "--table", "Seed", "--strict", check=False)
    assert strict.returncode != 0
    assert "line 4" in strict.stderr and "--strict" in strict.stderr

    unknown = tmp_path / "unknown.jsonl"
    unknown.write_text('{"Nope": 1}\n')
    refused = ingest(local, unknown, "--table", "Seed", check=False)
    assert refused.returncode != 0
    assert "Nope" in refused.stderr


def test_killed_ingest_rerun_with_key_finishes_exactly(local, tmp_path):
    count = 20_000
    path = tmp_path / "big.csv"
    with path.open("w") as file:
        file.write("Key,Title\n")
        for index in range(count):
            file.write(f"k{index:05d},row {index} about topic {index % 97}\n")

    command = [BINARY, "ingest", str(path), "--base", local.base, "--table", "Big", "--create-table", "--key", "Key",
               "--batch-size", "200", "--data-dir", str(local.data_dir), "--token", local.owner.token, "--model", NO_MODEL]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    # Kill at a random point after writing began (progress lines come at most once a second).
    target = random.randint(1, 4)
    seen = 0
    for line in process.stderr:
        if line.startswith("ingest:") and " 0 written" not in line:
            seen += 1
            if seen >= target:
                break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    database = sqlite3.connect(local.data_dir / "tessera.sqlite")
    partial = database.execute("SELECT COUNT(*) FROM records r JOIN tables t ON t.id = r.table_id WHERE t.name = 'Big'").fetchone()[0]
    assert partial < count, "the kill should interrupt the run"
    database.close()

    rerun = subprocess.run(command + ["--json"], capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout)["written"] == count

    database = sqlite3.connect(local.data_dir / "tessera.sqlite")
    table_id, key_field = database.execute(
        "SELECT t.id, f.id FROM tables t JOIN fields f ON f.table_id = t.id WHERE t.name = 'Big' AND f.name = 'Key'").fetchone()
    total, distinct = database.execute(
        f"SELECT COUNT(*), COUNT(DISTINCT json_extract(data, '$.{key_field}')) FROM records WHERE table_id = ?", (table_id,)).fetchone()
    assert (total, distinct) == (count, count)
    without_vector = database.execute(
        "SELECT COUNT(*) FROM records r WHERE r.table_id = ? AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.record_id = r.id)",
        (table_id,)).fetchone()[0]
    assert without_vector == 0
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    database.close()


def test_search_over_http_respects_tenants(tessera):
    owner, stranger = tessera.owner, tessera.stranger
    headers = {"Authorization": f"Bearer {owner.token}"}
    base = requests.post(tessera.url + "/v0/meta/bases", headers=headers, json={
        "name": "Search", "workspaceId": owner.workspace_id,
        "tables": [{"name": "Docs", "fields": [{"name": "Title", "type": "singleLineText"}]}],
    }).json()["id"]
    created = requests.post(f"{tessera.url}/v0/{base}/Docs", headers=headers, json={"records": [
        {"fields": {"Title": "How to reset a forgotten password"}},
        {"fields": {"Title": "Quarterly revenue report"}},
    ]})
    assert created.status_code == 200
    deadline = time.monotonic() + 60
    while True:
        status = requests.get(f"{tessera.url}/v0/{base}/Docs/search/status", headers=headers).json()
        if status["vectors"] == 2 and status["eventsBehind"] == 0:
            break
        assert time.monotonic() < deadline, status
        time.sleep(0.2)
    found = requests.post(f"{tessera.url}/v0/{base}/Docs/search", headers=headers,
                          json={"query": "I can't remember my login", "k": 1, "mode": "semantic"}).json()
    assert found["records"][0]["fields"]["Title"] == "How to reset a forgotten password"
    assert found["records"][0]["rank"] == 1

    foreign = requests.post(f"{tessera.url}/v0/{base}/Docs/search", headers={"Authorization": f"Bearer {stranger.token}"},
                            json={"query": "password"})
    assert foreign.status_code == 404
    assert "records" not in foreign.json()


PENGUINS = REPO / "Tests" / "IngestTests" / "Fixtures" / "penguins-raw.csv"


def test_real_file_types_and_links_while_the_server_runs(local, tmp_path):
    """penguins-raw.csv as a person would load it, with `tessera serve` running on the same data;
    then a file whose cells link to those penguins by their primary field."""
    dry = ingest(local, PENGUINS, "--table", "Penguins", "--dry-run", "--json")
    plan = json.loads(dry.stdout)
    assert plan["primaryField"] == "Individual ID" and plan["sampledRows"] == 344
    types = {field["name"]: field["type"] for field in plan["fields"]}
    assert types["Body Mass (g)"] == "number" and types["Clutch Completion"] == "checkbox" and types["Species"] == "singleSelect"

    local.start("--rate-limit-token", "0", "--rate-limit-base", "0", "--model", NO_MODEL)
    try:
        headers = {"Authorization": f"Bearer {local.owner.token}"}
        tables = requests.get(f"{local.url}/v0/meta/bases/{local.base}/tables", headers=headers).json()["tables"]
        assert "Penguins" not in [t["name"] for t in tables], "a dry run writes nothing"

        result = ingest(local, PENGUINS, "--table", "Penguins", "--create-table", "--json")
        summary = json.loads(result.stdout)
        # Individual IDs repeat across the three studies; every row is still written.
        assert summary["written"] == 344 and summary["failed"] == [] and summary["skipped"] == []
        rows = requests.get(f"{local.url}/v0/{local.base}/Penguins", headers=headers,
                            params={"filterByFormula": "AND({Body Mass (g)} > 6000, {Sex} = 'MALE')"}).json()["records"]
        assert rows and all(isinstance(r["fields"]["Body Mass (g)"], (int, float)) for r in rows)
        gaps = requests.get(f"{local.url}/v0/{local.base}/Penguins", headers=headers,
                            params={"filterByFormula": "{Body Mass (g)} = BLANK()"}).json()["records"]
        assert len(gaps) == 2, "the two NA masses are empty cells"

        observations = tmp_path / "observations.csv"
        observations.write_text("Note,Penguin\nseen at dawn,N1A1\nseen twice,\"N2A2, N3A1\"\ntypo,N99Z9\n")
        linked = ingest(local, observations, "--table", "Observations", "--create-table", "--link", "Penguin=Penguins", "--json", check=False)
        summary = json.loads(linked.stdout)
        assert summary["written"] == 0 and len(summary["failed"]) == 3, "N1A1 names three penguins (one per study): ambiguous"

        observations.write_text("Note,Penguin\nseen at dawn,N1A1\nnot a penguin,N99Z9\n")
        requests.post(f"{local.url}/v0/meta/bases/{local.base}/tables/Penguins/fields", headers=headers,
                      json={"name": "Tag", "type": "formula", "options": {"formula": "{studyName} & '/' & {Individual ID}"}}).raise_for_status()
        linked = ingest(local, observations, "--table", "Observations", "--link", "Penguin=Penguins.Tag", "--json", check=False)
        summary = json.loads(linked.stdout)
        assert summary["written"] == 0 and [f["line"] for f in summary["failed"]] == [2, 3]

        observations.write_text("Note,Penguin\nseen at dawn,PAL0708/N1A1\nseen twice,\"PAL0708/N2A2, PAL0809/N21A1\"\nnot a penguin,PAL0708/N99Z9\n")
        linked = ingest(local, observations, "--table", "Observations", "--link", "Penguin=Penguins.Tag", "--json", check=False)
        summary = json.loads(linked.stdout)
        assert summary["written"] == 2 and [f["line"] for f in summary["failed"]] == [4]
        assert "N99Z9" in summary["failed"][0]["reason"]
        seen = requests.get(f"{local.url}/v0/{local.base}/Observations", headers=headers,
                            params={"cellFormat": "string", "timeZone": "UTC", "userLocale": "en"}).json()["records"]
        assert sorted(r["fields"]["Penguin"] for r in seen) == ["N1A1", "N2A2, N21A1"]
        penguins = requests.get(f"{local.url}/v0/{local.base}/Penguins", headers=headers,
                                params={"filterByFormula": "{Tag} = 'PAL0708/N1A1'"}).json()["records"]
        assert len(penguins[0]["fields"]["Observations"]) == 1, "the inverse link shows the observation"
    finally:
        local.stop()
