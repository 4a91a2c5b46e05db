"""Two `tessera serve` nodes on one PostgreSQL database (skipped unless TESSERA_TEST_DATABASE_URL is set)."""

import os
import signal
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from pyairtable import Api

from conftest import Tessera

DATABASE_URL = os.environ.get("TESSERA_TEST_DATABASE_URL")
pytestmark = pytest.mark.skipif(not DATABASE_URL, reason="set TESSERA_TEST_DATABASE_URL (scripts/start-postgres.sh)")

FIELDS = [
    {"name": "Name", "type": "singleLineText"},
    {"name": "Points", "type": "number", "options": {"precision": 0}},
    {"name": "Batch", "type": "singleLineText"},
]


class Node(Tessera):
    """A node whose CLI commands and server use the shared database."""

    def __init__(self, data_dir, database_url):
        super().__init__(data_dir)
        self.database_url = database_url

    def cli(self, *args, stdin=None):
        return super().cli(*args, "--database-url", self.database_url, stdin=stdin)

    def start(self, *extra):
        super().start("--database-url", self.database_url, *extra)


@pytest.fixture(scope="module")
def database_url():
    """A database of its own, dropped at the end."""
    name = f"two_nodes_{uuid.uuid4().hex[:12]}"
    subprocess.run(["psql", DATABASE_URL, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
    yield DATABASE_URL.rsplit("/", 1)[0] + "/" + name
    subprocess.run(["psql", DATABASE_URL, "-q", "-c", f"DROP DATABASE {name} WITH (FORCE)"], check=True)


@pytest.fixture(scope="module")
def nodes(database_url, tmp_path_factory):
    first = Node(tmp_path_factory.mktemp("node-a"), database_url)
    second = Node(tmp_path_factory.mktemp("node-b"), database_url)
    first.owner = first.account("owner@example.com")
    # Both nodes start together: the migration lock lets one migrate while the other waits.
    threads = [threading.Thread(target=node.start, args=("--rate-limit-token", "0", "--rate-limit-base", "0")) for node in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    yield first, second
    for node in (first, second):
        if node.process.poll() is None:
            assert node.stop() == 0


@pytest.fixture
def tables(nodes):
    first, second = nodes
    api = Api(first.owner.token, endpoint_url=first.url)
    base = api.create_base(first.owner.workspace_id, f"Shared {uuid.uuid4().hex[:6]}", [{"name": "Tasks", "fields": FIELDS}])
    other = Api(first.owner.token, endpoint_url=second.url)
    return base.table("Tasks"), other.base(base.id).table("Tasks")


def test_both_nodes_were_started(nodes):
    first, second = nodes
    assert first.process.poll() is None and second.process.poll() is None
    assert first.cli("migrate").splitlines()[:2] == ["v1 core", "v2 search"]


def test_written_through_one_node_read_and_filtered_through_the_other(tables):
    on_first, on_second = tables
    on_first.batch_create([{"Name": f"task {i}", "Points": i} for i in range(30)])
    assert len(on_second.all()) == 30
    assert sorted(r["fields"]["Points"] for r in on_second.all(formula="{Points} >= 25")) == [25, 26, 27, 28, 29]
    first_page = on_second.all(sort=["-Points"], max_records=3)
    assert [r["fields"]["Name"] for r in first_page] == ["task 29", "task 28", "task 27"]


def test_written_through_one_node_is_found_by_search_on_the_other(tables, nodes):
    on_first, _ = tables
    first, second = nodes
    record = on_first.create({"Name": "a quokka on the ferry"})
    url = f"{second.url}/v0/{on_first.base.id}/Tasks/search"
    headers = {"Authorization": f"Bearer {first.owner.token}"}
    written = time.monotonic()
    while time.monotonic() < written + 30:
        response = requests.post(url, json={"query": "quokka ferry", "mode": "semantic", "k": 3}, headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        if record["id"] in [hit["id"] for hit in response.json()["records"]]:
            print(f"found by semantic search on the other node {time.monotonic() - written:.2f} s after the write returned")
            return
        time.sleep(0.05)
    raise AssertionError("the second node's index never caught up with the record written through the first")


def test_concurrent_upserts_of_one_key_from_both_nodes_make_one_record(tables):
    on_first, on_second = tables
    key = f"key {uuid.uuid4().hex[:6]}"

    def upsert(attempt):
        table = on_first if attempt % 2 == 0 else on_second
        table.batch_upsert([{"fields": {"Name": key, "Points": attempt}}], key_fields=["Name"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(upsert, range(24)))
    assert len(on_first.all(formula=f"{{Name}} = '{key}'")) == 1


def test_concurrent_edits_of_different_fields_from_both_nodes_are_both_kept(tables):
    on_first, on_second = tables
    record = on_first.create({"Name": "start", "Points": 0})
    for round in range(1, 16):
        start = threading.Barrier(2)

        def rename():
            start.wait()
            on_first.update(record["id"], {"Name": f"name {round}"})

        def score():
            start.wait()
            on_second.update(record["id"], {"Points": round})

        with ThreadPoolExecutor(max_workers=2) as pool:
            for future in [pool.submit(rename), pool.submit(score)]:
                future.result()
        assert on_first.get(record["id"])["fields"] == {"Name": f"name {round}", "Points": round}


def test_a_node_killed_during_batch_creates_leaves_whole_batches(nodes, database_url, tmp_path):
    first, _ = nodes
    victim = Node(tmp_path, database_url)
    victim.start("--rate-limit-token", "0", "--rate-limit-base", "0")
    api = Api(first.owner.token, endpoint_url=first.url)
    base = api.create_base(first.owner.workspace_id, f"Crash {uuid.uuid4().hex[:6]}", [{"name": "Tasks", "fields": FIELDS}])
    url = f"{victim.url}/v0/{base.id}/Tasks"
    headers = {"Authorization": f"Bearer {first.owner.token}"}
    stop = threading.Event()
    interrupted = []

    def write(writer):
        for batch in range(10_000):
            if stop.is_set():
                return
            tag = f"{writer}-{batch}"
            body = {"records": [{"fields": {"Name": f"{tag} {i}", "Batch": tag}} for i in range(10)]}
            try:
                requests.post(url, json=body, headers=headers, timeout=30).raise_for_status()
            except requests.ConnectionError:
                interrupted.append(tag)
                return

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(write, writer) for writer in range(4)]
        time.sleep(3)
        victim.process.send_signal(signal.SIGKILL)
        victim.process.wait(timeout=30)
        stop.set()
        for future in futures:
            future.result()

    assert interrupted, "the kill should cut off requests in flight"
    sizes = {}
    for record in base.table("Tasks").all():
        sizes[record["fields"]["Batch"]] = sizes.get(record["fields"]["Batch"], 0) + 1
    assert sizes, "some batches should have been written before the kill"
    assert set(sizes.values()) == {10}, f"partial batches: {[tag for tag, size in sizes.items() if size != 10]}"
