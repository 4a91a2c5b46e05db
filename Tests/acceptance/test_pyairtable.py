"""The real pyairtable client, unchanged, against Tessera."""

import uuid

import pytest
import requests
from pyairtable import Api
from pyairtable.formulas import AND, EQ, GT, GTE, LOWER, NOT, OR, Field, FIND, match

TASK_FIELDS = [
    {"name": "Name", "type": "singleLineText"},
    {"name": "Notes", "type": "multilineText"},
    {"name": "Points", "type": "number", "options": {"precision": 0}},
    {"name": "Done", "type": "checkbox", "options": {"icon": "check", "color": "greenBright"}},
    {"name": "Status", "type": "singleSelect", "options": {"choices": [{"name": "Todo"}, {"name": "Doing"}, {"name": "Done"}]}},
    {"name": "Tags", "type": "multipleSelects", "options": {"choices": [{"name": "red"}, {"name": "blue"}]}},
    {"name": "Due", "type": "date", "options": {"dateFormat": {"name": "iso", "format": "YYYY-MM-DD"}}},
]


@pytest.fixture
def api(tessera):
    return Api(tessera.owner.token, endpoint_url=tessera.url)


@pytest.fixture
def base(api, tessera):
    return api.create_base(tessera.owner.workspace_id, f"Project {uuid.uuid4().hex[:6]}", [{"name": "Tasks", "fields": TASK_FIELDS}])


@pytest.fixture
def tasks(base):
    return base.table("Tasks")


def test_create_base_and_read_schema(api, base):
    schema = base.schema()
    table = schema.table("Tasks")
    assert [field.name for field in table.fields] == [field["name"] for field in TASK_FIELDS]
    assert table.primary_field_id == table.fields[0].id
    status = table.field("Status")
    assert [choice.name for choice in status.options.choices] == ["Todo", "Doing", "Done"]
    assert all(choice.id.startswith("sel") for choice in status.options.choices)
    assert base.id in [b.id for b in api.bases(force=True)]


def test_create_table_and_field(base):
    people = base.create_table("People", [{"name": "Name", "type": "singleLineText"}], description="who is who")
    assert people.schema().name == "People"
    field = people.create_field("Age", "number", options={"precision": 0})
    assert field.type == "number"
    people.create({"Name": "Ada", "Age": 36})
    assert people.all()[0]["fields"] == {"Name": "Ada", "Age": 36}


def test_batch_create_update_upsert_delete(tasks):
    created = tasks.batch_create([{"Name": f"task {i}", "Points": i} for i in range(25)])
    assert len(created) == 25
    assert all(record["createdTime"] for record in created)

    updated = tasks.batch_update([{"id": r["id"], "fields": {"Done": True}} for r in created[:12]])
    assert all(r["fields"]["Done"] is True for r in updated)
    assert updated[0]["fields"]["Name"] == "task 0"

    result = tasks.batch_upsert(
        [{"fields": {"Name": "task 1", "Points": 100}}, {"fields": {"Name": "brand new", "Points": 5}}],
        key_fields=["Name"],
    )
    assert len(result["createdRecords"]) == 1
    assert len(result["updatedRecords"]) == 1
    assert tasks.get(created[1]["id"])["fields"]["Points"] == 100

    replaced = tasks.batch_update([{"id": created[2]["id"], "fields": {"Name": "only name"}}], replace=True)
    assert replaced[0]["fields"] == {"Name": "only name"}

    deleted = tasks.batch_delete([r["id"] for r in created])
    assert all(d["deleted"] for d in deleted)
    assert [r["fields"]["Name"] for r in tasks.all()] == ["brand new"]


def test_pagination_and_max_records(tasks):
    tasks.batch_create([{"Name": f"r{i:03d}", "Points": i % 10} for i in range(230)])
    pages = list(tasks.iterate(page_size=50))
    assert [len(page) for page in pages] == [50, 50, 50, 50, 30]
    ids = [record["id"] for page in pages for record in page]
    assert len(set(ids)) == 230
    assert len(tasks.all(max_records=120, page_size=50)) == 120
    assert len(tasks.all(formula=GTE(Field("Points"), 5), page_size=30)) == 115


def test_formulas_built_with_pyairtable(tasks):
    tasks.batch_create([
        {"Name": "Alpha", "Points": 3, "Status": "Todo", "Done": True},
        {"Name": "beta", "Points": 8, "Status": "Doing"},
        {"Name": "Gamma's", "Points": 13, "Status": "Done", "Notes": "has \"quotes\""},
        {"Name": "delta"},
    ])

    def names(formula):
        return sorted(r["fields"]["Name"] for r in tasks.all(formula=formula))

    assert names(match({"Status": "Doing"})) == ["beta"]
    assert names(match({"Name": "Gamma's"})) == ["Gamma's"]
    assert names(AND(GT(Field("Points"), 3), NOT(EQ(Field("Status"), "Done")))) == ["beta"]
    assert names(OR(EQ(Field("Done"), True), GTE(Field("Points"), 13))) == ["Alpha", "Gamma's"]
    assert names(EQ(LOWER(Field("Name")), "alpha")) == ["Alpha"]
    assert names(FIND("quotes", Field("Notes"))) == ["Gamma's"]
    assert names("{Points} < 5") == ["Alpha", "delta"]  # blank counts as 0
    assert names("AND(Points, MOD(Points, 2) = 1)") == ["Alpha", "Gamma's"]
    assert names("REGEX_MATCH({Name}, '^[a-z]')") == ["beta", "delta"]
    assert names("IS_AFTER(CREATED_TIME(), '2000-01-01')") == ["Alpha", "Gamma's", "beta", "delta"]


def test_sort_projection_and_field_ids(tasks):
    tasks.batch_create([{"Name": n, "Points": p} for n, p in [("b", 2), ("a", 2), ("c", 9)]])
    records = tasks.all(sort=["-Points", "Name"], fields=["Name"])
    assert [r["fields"] for r in records] == [{"Name": "c"}, {"Name": "a"}, {"Name": "b"}]
    schema = tasks.schema()
    by_id = tasks.all(use_field_ids=True, sort=["Name"])
    assert by_id[0]["fields"][schema.field("Name").id] == "a"
    assert schema.field("Points").id in by_id[0]["fields"]


def test_cell_format_string(tasks):
    tasks.create({"Name": "x", "Points": 1234, "Tags": ["red", "blue"], "Due": "2026-03-01"})
    record = tasks.all(cell_format="string", time_zone="UTC", user_locale="en-us")[0]
    assert record["fields"]["Points"] == "1,234"
    assert record["fields"]["Tags"] == "red, blue"
    assert record["fields"]["Due"] == "3/1/2026"


def test_typecast(tasks):
    record = tasks.create({"Points": "42", "Status": "Blocked", "Tags": "red, green", "Done": "yes"}, typecast=True)
    assert record["fields"] == {"Points": 42, "Status": "Blocked", "Tags": ["red", "green"], "Done": True}
    with pytest.raises(requests.HTTPError) as error:
        tasks.create({"Status": "Unheard of"})
    assert error.value.response.status_code == 422
    assert tasks.schema(force=True).field("Status").options.choices[-1].name == "Blocked"


def test_comments(tasks):
    record = tasks.create({"Name": "discuss"})
    comment = tasks.add_comment(record["id"], "First thought")
    assert comment.text == "First thought"
    comment.text = "Second thought"
    comment.save()
    comments = tasks.comments(record["id"])
    assert [c.text for c in comments] == ["Second thought"]
    assert comments[0].author.email == "owner@example.com"
    counted = tasks.all(count_comments=True)
    assert counted[0]["commentCount"] == 1
    comments[0].delete()
    assert tasks.comments(record["id"]) == []


def test_table_names_with_slashes(api, tessera):
    base = api.create_base(tessera.owner.workspace_id, "Slashes", [{"name": "2026/Q1 plan", "fields": [{"name": "Name", "type": "singleLineText"}]}])
    table = base.table("2026/Q1 plan")
    table.create({"Name": "ok"})
    assert [r["fields"]["Name"] for r in table.all()] == ["ok"]


@pytest.mark.parametrize(
    "action, status, error_type",
    [
        (lambda t: t.create({"Nope": 1}), 422, "UNKNOWN_FIELD_NAME"),
        (lambda t: t.create({"Points": "many"}), 422, "INVALID_VALUE_FOR_COLUMN"),
        (lambda t: t.all(formula="{Points} >"), 422, "INVALID_FILTER_BY_FORMULA"),
        (lambda t: t.all(formula="{Missing} = 1"), 422, "INVALID_FILTER_BY_FORMULA"),
        (lambda t: t.get("recNOTAREALID0000"), 404, "NOT_FOUND"),
        (lambda t: t.all(sort=["Nope"]), 422, "UNKNOWN_FIELD_NAME"),
        (lambda t: t.api.table(t.base.id, "No such table").all(), 404, "TABLE_NOT_FOUND"),
    ],
)
def test_errors_use_the_airtable_envelope(tasks, action, status, error_type):
    with pytest.raises(requests.HTTPError) as error:
        action(tasks)
    assert error.value.response.status_code == status
    assert error.value.response.json()["error"]["type"] == error_type


def test_oversized_batches_write_nothing(tasks, tessera):
    response = requests.post(
        f"{tessera.url}/v0/{tasks.base.id}/Tasks",
        headers={"Authorization": f"Bearer {tessera.owner.token}"},
        json={"records": [{"fields": {"Name": str(i)}} for i in range(11)]},
    )
    assert response.status_code == 422
    assert response.json()["error"]["type"] == "INVALID_RECORDS"
    assert tasks.all() == []


def test_a_second_user_sees_nothing(base, tessera):
    stranger = Api(tessera.stranger.token, endpoint_url=tessera.url)
    assert stranger.bases() == []
    with pytest.raises(requests.HTTPError) as error:
        stranger.table(base.id, "Tasks").all()
    assert error.value.response.status_code == 404
    with pytest.raises(requests.HTTPError) as error:
        stranger.base(base.id).schema()
    assert error.value.response.status_code == 404


def test_tokens_limited_by_scope_and_base(api, base, tessera):
    base.table("Tasks").create({"Name": "visible"})
    read_only = Api(tessera.token(tessera.owner.email, "--scope", "data.records:read", "--base", base.id), endpoint_url=tessera.url)
    assert len(read_only.table(base.id, "Tasks").all()) == 1
    with pytest.raises(requests.HTTPError) as error:
        read_only.table(base.id, "Tasks").create({"Name": "nope"})
    assert error.value.response.status_code == 403
    other = api.create_base(tessera.owner.workspace_id, "Other", [{"name": "T", "fields": [{"name": "Name", "type": "singleLineText"}]}])
    with pytest.raises(requests.HTTPError) as error:
        read_only.table(other.id, "T").all()
    assert error.value.response.status_code == 404


def test_whoami(api, tessera):
    me = api.whoami()
    assert me["id"] == tessera.owner.user_id
    assert me["email"] == "owner@example.com"
