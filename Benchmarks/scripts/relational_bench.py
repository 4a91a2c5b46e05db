"""Rollups and lookups at scale (issue 18): 10,000 parents, 100,000 linked children, on SQLite.

    .venv/bin/python Benchmarks/scripts/relational_bench.py [--parents 10000] [--children 100000] [--samples 300]
        [--binary .build/release/tessera]

1. Starts `tessera serve` on a fresh data directory (rate limits off, the hashing embedder through
   a missing model directory, so the search indexer stays out of the figures) and, while it runs,
   `tessera ingest --create-table` writes Parents.csv (Name, Region, Budget) and Children.csv
   (Name, Parent, Amount) with `--link Parent=Parents`: each child names its parent by the
   parent's primary field. Children spread over parents in two distributions: half uniformly,
   half by Zipf's law, so a few parents hold thousands of children and most hold a handful.
2. Adds to Parents through the meta API a SUM rollup of Amount, a count of children and a lookup
   of the children's Name (timed: each computes 10,000 cells over 100,000 children).
3. Three calls, SAMPLES times each, interleaved call by call so a change in machine load hits all
   alike; p50/p90/p99 in ms as the HTTP client sees them:
   - change one child's Amount (PATCH) and read its parent back (GET), asserting the rollup moved
     by exactly the change; children drawn at random, so heavy parents come up as often as their
     share of children;
   - the same for a child of the largest parent (its rollup sums thousands of values);
   - a page of 100 parents with rollup, count and lookup (random page of the table);
   - the first 100 parents sorted by the rollup, descending.
Prints one JSON object.
"""

import argparse
import json
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from bench_common import cli, free_port, serve

REPO = Path(__file__).resolve().parents[2]
REGIONS = ["North", "South", "East", "West", "Central", "Coast", "Hills", "Islands"]





def write_files(work, parents, children, rng):
    parent_names = [f"P{index:05d}" for index in range(parents)]
    with (work / "Parents.csv").open("w") as handle:
        handle.write("Name,Region,Budget\n")
        for name in parent_names:
            handle.write(f"{name},{rng.choice(REGIONS)},{rng.randint(1, 100) * 1000}\n")
    # Half uniform, half Zipf (parent k drawn 1/(k+1) as often as parent 0): at 10,000 parents
    # the largest holds about 5,000 children.
    zipf = rng.choices(range(parents), weights=[1 / (k + 1) for k in range(parents)], k=children // 2)
    owners = [rng.randrange(parents) if index % 2 == 0 else zipf[index // 2] for index in range(children)]
    with (work / "Children.csv").open("w") as handle:
        handle.write("Name,Parent,Amount\n")
        for index, owner in enumerate(owners):
            handle.write(f"C{index:06d},{parent_names[owner]},{rng.randint(0, 100_000) / 100}\n")
    return owners


def percentiles(samples):
    samples = sorted(samples)
    pick = lambda q: round(samples[min(len(samples) - 1, int(len(samples) * q))], 2)
    return {"p50_ms": round(statistics.median(samples), 2), "p90_ms": pick(0.9), "p99_ms": pick(0.99), "n": len(samples)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--parents", type=int, default=10_000)
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--binary", default=str(REPO / ".build/release/tessera"))
    args = parser.parse_args()
    rng = random.Random(18)
    work = Path(tempfile.mkdtemp(prefix="relational-bench-"))
    model = str(work / "no-model")  # the hashing embedder
    owners = write_files(work, args.parents, args.children, rng)

    data_dir = work / "data"
    cli(args.binary, data_dir, "users", "create", "--email", "bench@example.com", "--password-stdin", stdin="benchmark password\n")
    workspace = cli(args.binary, data_dir, "workspaces", "create", "--name", "Bench", "--owner", "bench@example.com")
    token = cli(args.binary, data_dir, "tokens", "create", "--email", "bench@example.com", "--name", "bench")
    headers = {"Authorization": f"Bearer {token}"}
    process, url = serve(args.binary, data_dir, free_port(), model)
    session = requests.Session()
    session.headers.update(headers)
    try:
        base = session.post(url + "/v0/meta/bases", json={
            "name": "Bench", "workspaceId": workspace,
            "tables": [{"name": "Notes", "fields": [{"name": "Name", "type": "singleLineText"}]}]}).json()["id"]

        timings = {}
        for table, extra in (("Parents", []), ("Children", ["--link", "Parent=Parents"])):
            start = time.perf_counter()
            result = subprocess.run([args.binary, "ingest", str(work / f"{table}.csv"), "--base", base, "--table", table,
                                     "--create-table", "--key", "Name", *extra, "--data-dir", str(data_dir), "--token", token,
                                     "--model", model, "--json"], capture_output=True, text=True, check=True)
            timings[f"ingest {table} (s)"] = round(time.perf_counter() - start, 1)
            summary = json.loads(result.stdout)
            assert summary["written"] == (args.parents if table == "Parents" else args.children), summary

        schema = session.get(f"{url}/v0/meta/bases/{base}/tables").json()["tables"]
        parents_table = next(t for t in schema if t["name"] == "Parents")
        back_link = next(f for f in parents_table["fields"] if f["type"] == "multipleRecordLinks")
        for field in (
            {"name": "Total", "type": "rollup",
             "options": {"recordLinkFieldId": back_link["id"], "fieldIdInLinkedTable": "Amount", "formula": "SUM(values)"}},
            {"name": "Child count", "type": "count", "options": {"recordLinkFieldId": back_link["id"]}},
            {"name": "Child names", "type": "multipleLookupValues",
             "options": {"recordLinkFieldId": back_link["id"], "fieldIdInLinkedTable": "Name"}},
        ):
            start = time.perf_counter()
            response = session.post(f"{url}/v0/meta/bases/{base}/tables/Parents/fields", json=field)
            assert response.status_code == 200, response.text
            timings[f"add {field['type']} field (s)"] = round(time.perf_counter() - start, 2)

        def all_ids(table):
            ids, offset = [], None
            while True:
                params = {"pageSize": 100, "fields[]": "Name"} | ({"offset": offset} if offset else {})
                page = session.get(f"{url}/v0/{base}/{table}", params=params).json()
                ids += [(r["fields"]["Name"], r["id"]) for r in page["records"]]
                offset = page.get("offset")
                if not offset:
                    return dict(ids)

        parent_ids = all_ids("Parents")
        child_ids = all_ids("Children")
        assert len(parent_ids) == args.parents and len(child_ids) == args.children
        heaviest = statistics.mode(owners)
        heavy_children = [index for index, owner in enumerate(owners) if owner == heaviest]

        def change_child_and_read_parent(index):
            child = child_ids[f"C{index:06d}"]
            parent = parent_ids[f"P{owners[index]:05d}"]
            before = session.get(f"{url}/v0/{base}/Parents/{parent}").json()["fields"]["Total"]
            delta = rng.randint(1, 50)
            current = session.get(f"{url}/v0/{base}/Children/{child}").json()["fields"]["Amount"]
            start = time.perf_counter()
            patched = session.patch(f"{url}/v0/{base}/Children/{child}", json={"fields": {"Amount": current + delta}})
            after = session.get(f"{url}/v0/{base}/Parents/{parent}").json()["fields"]["Total"]
            elapsed = (time.perf_counter() - start) * 1000
            assert patched.status_code == 200, patched.text
            assert abs(after - before - delta) < 1e-6, (before, after, delta)
            return elapsed

        def page_of_parents():
            start = time.perf_counter()
            page = session.get(f"{url}/v0/{base}/Parents", params={"pageSize": 100, "filterByFormula": f"{{Region}} = '{rng.choice(REGIONS)}'"})
            elapsed = (time.perf_counter() - start) * 1000
            records = page.json()["records"]
            assert page.status_code == 200 and 0 < len(records) <= 100 and all("Child count" in r["fields"] for r in records)
            return elapsed

        def parents_by_rollup():
            start = time.perf_counter()
            page = session.get(f"{url}/v0/{base}/Parents", params={"pageSize": 100, "sort[0][field]": "Total", "sort[0][direction]": "desc"})
            elapsed = (time.perf_counter() - start) * 1000
            totals = [r["fields"].get("Total", 0) for r in page.json()["records"]]
            assert len(totals) == 100 and totals == sorted(totals, reverse=True)
            return elapsed

        calls = {
            "change a random child, read its parent": lambda: change_child_and_read_parent(rng.randrange(args.children)),
            f"change a child of the largest parent ({len(heavy_children)} children), read it": lambda: change_child_and_read_parent(rng.choice(heavy_children)),
            "page of 100 parents (rollup, count, lookup), filtered by Region": page_of_parents,
            "first 100 parents sorted by the rollup": parents_by_rollup,
        }
        for call in calls.values():  # warm-up
            call()
        samples = {name: [] for name in calls}
        for _ in range(args.samples):
            for name, call in calls.items():
                samples[name].append(call())
        print(json.dumps({"parents": args.parents, "children": args.children, "setup": timings,
                          "latency": {name: percentiles(values) for name, values in samples.items()}}, indent=2))
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
