"""`tessera export` and `tessera import` with the real binary beside a running server: a base
built through the REST API (links, lookup, rollup, count, formulas, selects, checkbox, date, a
view with a filter and a sort, comments) goes out to a file and to a directory of CSVs, comes
back as a new base under new ids with every reference remapped, and exports again to the same
document once the new ids are mapped back to the old."""

import csv
import json
import re
import subprocess
import uuid

import pytest
import requests

from conftest import BINARY

ID = re.compile(r"\b(?:app|tbl|fld|viw|rec|com)[A-Za-z0-9]{14}\b")


def remap(value, mapping):
    """`value` with every id `mapping` knows replaced, in object keys (cells are keyed by field
    id) and in strings (ids, and `{fld…}` inside formulas); member names are not ids."""
    if isinstance(value, dict):
        return {mapping.get(key, key): remap(item, mapping) for key, item in value.items()}
    if isinstance(value, list):
        return [remap(item, mapping) for item in value]
    if isinstance(value, str):
        return ID.sub(lambda match: mapping.get(match.group(0), match.group(0)), value)
    return value


def string_values(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from string_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from string_values(item)
    elif isinstance(value, str):
        yield value


def run(tessera, *args):
    return subprocess.run([BINARY, *args, "--data-dir", str(tessera.data_dir)], capture_output=True, text=True, timeout=120)


def cli(tessera, *args):
    result = run(tessera, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


class Client:
    def __init__(self, tessera):
        self.url = tessera.url
        self.headers = {"Authorization": f"Bearer {tessera.owner.token}"}

    def call(self, method, path, **kwargs):
        response = requests.request(method, self.url + path, headers=self.headers, timeout=30, **kwargs)
        assert response.status_code == 200, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def field(self, base, table, **definition):
        return self.call("POST", f"/v0/meta/bases/{base}/tables/{table}/fields", json=definition)

    def create(self, base, table, *fields):
        return [r["id"] for r in self.call("POST", f"/v0/{base}/{table}", json={"records": [{"fields": f} for f in fields]})["records"]]

    def records(self, base, table):
        return self.call("GET", f"/v0/{base}/{table}")["records"]

    def bases(self):
        return {b["id"] for b in self.call("GET", "/v0/meta/bases")["bases"]}


@pytest.fixture(scope="module")
def built(tessera):
    """Projects ⇄ Tasks with every relational field type, a view and comments."""
    api = Client(tessera)
    base = api.call("POST", "/v0/meta/bases", json={
        "name": f"Export {uuid.uuid4().hex[:6]}", "workspaceId": tessera.owner.workspace_id, "tables": [
            {"name": "Projects", "fields": [
                {"name": "Name", "type": "singleLineText"},
                {"name": "Tags", "type": "multipleSelects", "options": {"choices": [{"name": "red"}, {"name": "blue"}]}}]},
            {"name": "Tasks", "fields": [
                {"name": "Title", "type": "singleLineText"},
                {"name": "Points", "type": "number", "options": {"precision": 0}},
                {"name": "Done", "type": "checkbox"},
                {"name": "Due", "type": "date"},
                {"name": "Status", "type": "singleSelect", "options": {"choices": [{"name": "Todo"}, {"name": "Done"}]}}]},
        ]})["id"]
    api.field(base, "Tasks", name="Project", type="multipleRecordLinks", options={"linkedTableId": "Projects"})
    api.field(base, "Tasks", name="Project name", type="multipleLookupValues",
              options={"recordLinkFieldId": "Project", "fieldIdInLinkedTable": "Name"})
    api.field(base, "Tasks", name="Label", type="formula", options={"formula": "{Title} & ' (' & {Points} & ')'"})
    api.field(base, "Projects", name="Total", type="rollup",
              options={"recordLinkFieldId": "Tasks", "fieldIdInLinkedTable": "Points", "formula": "SUM(values)"})
    api.field(base, "Projects", name="Task count", type="count", options={"recordLinkFieldId": "Tasks"})
    api.field(base, "Projects", name="Summary", type="formula", options={"formula": "{Name} & ': ' & {Total} & ' in ' & {Task count}"})
    api.call("POST", f"/v0/meta/bases/{base}/tables/Tasks/views", json={
        "name": "Open, biggest first", "filterByFormula": "NOT({Done})", "sort": [{"field": "Points", "direction": "desc"}],
        "hiddenFields": ["Due"]})

    apollo, gemini = api.create(base, "Projects", {"Name": "Apollo", "Tags": ["red", "blue"]}, {"Name": "Gemini, \"two\""})
    tasks = api.create(
        base, "Tasks",
        {"Title": "Design", "Points": 3, "Status": "Todo", "Due": "2026-01-31", "Project": [apollo]},
        {"Title": "Build", "Points": 5, "Status": "Done", "Done": True, "Project": [apollo]},
        {"Title": "Launch", "Points": 1, "Project": [gemini]},
        {"Title": "Unplanned"})
    api.call("POST", f"/v0/{base}/Tasks/{tasks[0]}/comments", json={"text": "Looks good"})
    api.call("POST", f"/v0/{base}/Tasks/{tasks[0]}/comments", json={"text": "Ship it"})
    return api, base


def export(tessera, base, target):
    return cli(tessera, "export", "--base", base, "--to", str(target), "--token", tessera.owner.token)


def identity_mapping(old, new):
    """New id → old id, by position: the base, each table, its fields and views, its records in
    natural order and their comments. Both documents must have the same shape for this to hold."""
    mapping = {new["base"]["id"]: old["base"]["id"]}
    assert len(old["tables"]) == len(new["tables"])
    for old_table, new_table in zip(old["tables"], new["tables"]):
        mapping[new_table["id"]] = old_table["id"]
        for kind in ("fields", "views", "records"):
            assert len(old_table[kind]) == len(new_table[kind]), kind
            for a, b in zip(old_table[kind], new_table[kind]):
                mapping[b["id"]] = a["id"]
        for a, b in zip(old_table["records"], new_table["records"]):
            assert len(a["comments"]) == len(b["comments"])
            for x, y in zip(a["comments"], b["comments"]):
                mapping[y["id"]] = x["id"]
    assert len(set(mapping.values())) == len(mapping), "the mapping is one to one"
    assert not set(mapping) & set(mapping.values()), "every id is new"
    return mapping


def test_export_import_export_is_the_same_document_apart_from_ids(tessera, built, tmp_path):
    api, base = built
    summary = export(tessera, base, tmp_path / "base.json")
    assert "2 tables, 6 records, 2 comments" in summary
    export(tessera, base, tmp_path / "out")
    document = json.loads((tmp_path / "base.json").read_text())
    assert json.loads((tmp_path / "out" / "base.json").read_text()) == document
    assert document["format"] == "tessera.base" and document["formatVersion"] == 1

    # Only writable cells travel; computed ones are computed again on import.
    tasks_table = next(t for t in document["tables"] if t["name"] == "Tasks")
    label = next(f for f in tasks_table["fields"] if f["name"] == "Label")
    assert all(label["id"] not in r["cells"] for r in tasks_table["records"])
    assert [c["text"] for c in tasks_table["records"][0]["comments"]] == ["Looks good", "Ship it"]
    assert tasks_table["records"][0]["comments"][0]["author"]["email"] == "owner@example.com"

    new_base = cli(tessera, "import", "--from", str(tmp_path / "base.json"), "--workspace", tessera.owner.workspace_id,
                   "--name", "Imported", "--token", tessera.owner.token)
    assert re.fullmatch(r"app[A-Za-z0-9]{14}", new_base) and new_base != base

    # Through the REST API: links name the new records, and what is computed reads the same.
    old_tasks, new_tasks = api.records(base, "Tasks"), api.records(new_base, "Tasks")
    old_projects, new_projects = api.records(base, "Projects"), api.records(new_base, "Projects")
    new_project_ids = {r["id"] for r in new_projects}
    assert not new_project_ids & {r["id"] for r in old_projects}
    for old, new in zip(old_tasks, new_tasks):
        assert old["createdTime"] == new["createdTime"]
        assert set(new["fields"].get("Project", [])) <= new_project_ids
        assert {k: v for k, v in old["fields"].items() if k != "Project"} == {k: v for k, v in new["fields"].items() if k != "Project"}
    for old, new in zip(old_projects, new_projects):
        assert {k: v for k, v in old["fields"].items() if k != "Tasks"} == {k: v for k, v in new["fields"].items() if k != "Tasks"}
    apollo = next(r for r in new_projects if r["fields"]["Name"] == "Apollo")
    assert apollo["fields"]["Total"] == 8 and apollo["fields"]["Task count"] == 2
    assert apollo["fields"]["Summary"] == "Apollo: 8 in 2"
    design = next(r for r in new_tasks if r["fields"]["Title"] == "Design")
    assert design["fields"]["Project"] == [apollo["id"]] and design["fields"]["Label"] == "Design (3)"
    comments = api.call("GET", f"/v0/{new_base}/Tasks/{design['id']}/comments")["comments"]
    assert sorted(c["text"] for c in comments) == ["Looks good", "Ship it"]

    # The view filters and sorts on the new fields.
    view = api.call("GET", f"/v0/{new_base}/Tasks", params={"view": "Open, biggest first"})["records"]
    assert [r["fields"]["Title"] for r in view] == ["Design", "Launch", "Unplanned"]
    schema = api.call("GET", f"/v0/meta/bases/{new_base}/tables")["tables"]
    new_ids = {f["id"] for t in schema for f in t["fields"]} | {t["id"] for t in schema}
    for table in schema:
        for field in table["fields"]:
            for text in string_values(field.get("options", {})):
                for value in ID.findall(text):
                    assert value in new_ids, f"{field['name']} names {value}"

    # Export again: with the new ids mapped back to the old ones, the same document.
    export(tessera, new_base, tmp_path / "again")
    again = json.loads((tmp_path / "again" / "base.json").read_text())
    mapping = identity_mapping(document, again)
    mapped_back = remap(again, mapping)
    assert not any(new in json.dumps(mapped_back) for new in mapping), "no new id is left unmapped"
    assert mapped_back["base"]["name"] == "Imported"
    mapped_back["base"]["name"] = document["base"]["name"]
    assert mapped_back == document

    # And the CSVs are the same, cells as text: links as names, multiple selects joined.
    for name in ("Projects.csv", "Tasks.csv"):
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "out" / name).read_bytes()
    with open(tmp_path / "out" / "Projects.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["Name"] == "Apollo" and rows[0]["Tags"] == "red, blue" and rows[0]["Tasks"] == "Design, Build"
    assert rows[1]["Name"] == 'Gemini, "two"' and rows[1]["Summary"] == 'Gemini, "two": 1 in 1'
    with open(tmp_path / "out" / "Tasks.csv", newline="") as handle:
        tasks = list(csv.DictReader(handle))
    assert tasks[1]["Done"] == "checked" and tasks[0]["Done"] == "" and tasks[0]["Due"] == "1/31/2026"


def test_import_from_a_directory(tessera, built, tmp_path):
    _, base = built
    export(tessera, base, tmp_path / "dir")
    new_base = cli(tessera, "import", "--from", str(tmp_path / "dir"), "--workspace", tessera.owner.workspace_id,
                   "--token", tessera.owner.token)
    assert len(Client(tessera).records(new_base, "Tasks")) == 4


@pytest.mark.parametrize("change, message", [
    (lambda text: "{not json", "not valid JSON"),
    (lambda text: text.replace('"formatVersion": 1', '"formatVersion": 7'), "format version 7"),
    (lambda text: text.replace('"format": "tessera.base"', '"format": "something"'), "not a Tessera base export"),
    (lambda text: json.dumps({**json.loads(text), "tables": "many"}), "tables"),
    (lambda text: re.sub(r'"recordLinkFieldId": "fld[A-Za-z0-9]{14}"', '"recordLinkFieldId": "fldAAAAAAAAAAAAAA"', text, count=1), "Invalid export"),
    (lambda text: re.sub(r'("Project": \[\s*)"rec[A-Za-z0-9]{14}"', r'\1"recAAAAAAAAAAAAAA"', text, count=1), "Invalid export"),
])
def test_malformed_imports_fail_cleanly_and_leave_nothing(tessera, built, tmp_path, change, message):
    api, base = built
    export(tessera, base, tmp_path / "good.json")
    # Cells are keyed by field id; name the link field's cells so the link case can find them.
    good = json.loads((tmp_path / "good.json").read_text())
    tasks = next(t for t in good["tables"] if t["name"] == "Tasks")
    project = next(f["id"] for f in tasks["fields"] if f["name"] == "Project")
    text = json.dumps(good, indent=1).replace(f'"{project}": [', '"Project": [')
    text = change(text).replace('"Project": [', f'"{project}": [')
    if text == json.dumps(good, indent=1):
        pytest.fail("the change did not apply")
    (tmp_path / "bad.json").write_text(text)
    before = api.bases()
    result = run(tessera, "import", "--from", str(tmp_path / "bad.json"), "--workspace", tessera.owner.workspace_id,
                 "--token", tessera.owner.token)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert result.stdout == ""
    assert api.bases() == before


def test_unknown_base_and_foreign_workspace_are_refused(tessera, built, tmp_path):
    api, base = built
    result = run(tessera, "export", "--base", "appAAAAAAAAAAAAAA", "--to", str(tmp_path / "x.json"), "--token", tessera.owner.token)
    assert result.returncode != 0 and "No base appAAAAAAAAAAAAAA" in result.stderr
    assert not (tmp_path / "x.json").exists()
    result = run(tessera, "export", "--base", base, "--to", str(tmp_path / "x.json"), "--token", tessera.stranger.token)
    assert result.returncode != 0 and not (tmp_path / "x.json").exists()

    export(tessera, base, tmp_path / "good.json")
    before = api.bases()
    result = run(tessera, "import", "--from", str(tmp_path / "good.json"), "--workspace", tessera.stranger.workspace_id,
                 "--token", tessera.owner.token)
    assert result.returncode != 0 and "No workspace" in result.stderr, result.stderr
    result = run(tessera, "import", "--from", str(tmp_path / "missing.json"), "--workspace", tessera.owner.workspace_id,
                 "--token", tessera.owner.token)
    assert result.returncode != 0 and "Cannot read" in result.stderr
    assert api.bases() == before
