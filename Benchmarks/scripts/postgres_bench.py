"""PostgreSQL beside SQLite through the HTTP API, and write throughput with 1 vs 2 nodes (issue 9).

    .venv/bin/python Benchmarks/scripts/postgres_bench.py [--rows 100000] [--samples 200] [--binary .build/release/tessera]

1. For each backend (a fresh SQLite data directory; a fresh throwaway PostgreSQL 15 server from
   scripts/start-postgres.sh) creates a user, workspace and token with the CLI, starts
   `tessera serve` (rate limits off, the hashing embedder via a missing model directory so the
   background search indexer costs almost nothing), creates a base whose Items table has Name,
   Score (0–999), Status (Todo/Doing/Done) and Notes, and seeds ROWS records through
   POST /v0/{base}/Items in batches of 10 from several client threads. Then waits until the
   search indexer has caught up, so it does not run during the measurements.
2. Latency of the Core benchmark's RecordService calls (Benchmarks/README.md, "Core: records on
   SQLite"), here as HTTP requests: SAMPLES requests per call, alternating between the backends
   request by request so that a change in machine load hits both alike; p50/p90/p99 in ms.
   Creates go to a separate Scratch table so the listed table keeps ROWS records.
3. Write throughput: records/s of 10-record batch creates from 8 client threads for DURATION
   seconds against one SQLite node, one PostgreSQL node, then two PostgreSQL nodes on the same
   database (4 threads each).
"""

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from bench_common import free_port

REPO = Path(__file__).resolve().parents[2]
BATCH = 10
FIELDS = [
    {"name": "Name", "type": "singleLineText"},
    {"name": "Score", "type": "number"},
    {"name": "Status", "type": "singleSelect", "options": {"choices": [{"name": "Todo"}, {"name": "Doing"}, {"name": "Done"}]}},
    {"name": "Notes", "type": "multilineText"},
]
CALLS = [
    ("list 100, no filter", {}),
    ("list 100, `{Status} = 'Done'`", {"filterByFormula": "{Status} = 'Done'"}),
    ("list 100, `{Score} > 900`", {"filterByFormula": "{Score} > 900"}),
    ("list 100, `AND({Score} > 500, FIND('7', {Name}))`", {"filterByFormula": "AND({Score} > 500, FIND('7', {Name}))"}),
    ("list 100, sort by Score desc", {"sort[0][field]": "Score", "sort[0][direction]": "desc"}),
    ("list 100, `{Status} = 'Done'`, sort by Name",
     {"filterByFormula": "{Status} = 'Done'", "sort[0][field]": "Name", "sort[0][direction]": "asc"}),
]
CREATE_CALL = "create 10 records (one batch)"



def load():
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def item(index, rng):
    return {"fields": {"Name": f"item {index}", "Score": rng.randrange(1000), "Status": ("Todo", "Doing", "Done")[index % 3],
                       "Notes": f"Some notes about item {index} for the benchmark."}}


class Node:
    """One `tessera serve` process."""

    def __init__(self, binary, store_args, log_path, model="/nonexistent"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [binary, "serve", *store_args, "--port", str(self.port), "--model", model,
             "--rate-limit-token", "0", "--rate-limit-base", "0"], stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 120
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"tessera serve exited with {self.process.returncode}; see {log_path}")
            try:
                if requests.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"tessera serve did not answer /health within 120 s; see {log_path}")
            time.sleep(0.1)

    def stop(self):
        self.process.terminate()
        self.process.wait()
        self.log.close()


class Backend:
    """A database with a seeded base and the node(s) serving it."""

    def __init__(self, name, binary, store_args, work, model="/nonexistent"):
        self.name, self.binary, self.store_args, self.work = name, binary, store_args, work
        self.cli("users", "create", "--email", "bench@example.com", "--password-stdin", stdin="benchmark password\n")
        self.workspace = self.cli("workspaces", "create", "--name", "Bench", "--owner", "bench@example.com")
        self.token = self.cli("tokens", "create", "--email", "bench@example.com", "--name", "bench")
        self.headers = {"Authorization": f"Bearer {self.token}"}
        self.nodes = [Node(binary, store_args, work / f"{name}-serve-1.log", model)]
        response = requests.post(self.nodes[0].url + "/v0/meta/bases", headers=self.headers, json={
            "name": "Bench", "workspaceId": self.workspace,
            "tables": [{"name": table, "fields": FIELDS} for table in ("Items", "Scratch", "Writes1", "Writes2")]})
        response.raise_for_status()
        self.base = response.json()["id"]
        self.session = requests.Session()

    def cli(self, *args, stdin=None):
        result = subprocess.run([self.binary, *args, *self.store_args], input=stdin, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"tessera {' '.join(args[:2])} failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def table_url(self, table, node=0):
        return f"{self.nodes[node].url}/v0/{self.base}/{table}"

    def create(self, session, table, records, node=0):
        response = session.post(self.table_url(table, node), headers=self.headers, json={"records": records})
        if response.status_code != 200:
            raise RuntimeError(f"{self.name}: create returned {response.status_code}: {response.text[:300]}")

    def seed(self, rows, threads):
        rng = random.Random(42)
        batches = [[item(index, rng) for index in range(start, min(start + BATCH, rows))] for start in range(0, rows, BATCH)]
        sessions = threading.local()

        def send(batch):
            if not hasattr(sessions, "session"):
                sessions.session = requests.Session()
            self.create(sessions.session, "Items", batch)

        start = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            for _ in pool.map(send, batches):
                pass
        seconds = time.perf_counter() - start
        self.wait_for_indexer("Items", rows)
        return rows / seconds

    def wait_for_indexer(self, table, rows):
        while True:
            status = self.session.get(self.table_url(table) + "/search/status", headers=self.headers).json()
            if status.get("eventsBehind") == 0 and status.get("vectors", rows) >= rows:
                return
            time.sleep(0.5)

    def list_once(self, params):
        begin = time.perf_counter()
        response = self.session.get(self.table_url("Items"), headers=self.headers, params={"pageSize": 100, **params})
        elapsed = (time.perf_counter() - begin) * 1000
        if response.status_code != 200 or not response.json()["records"]:
            raise RuntimeError(f"{self.name}: list {params} returned {response.status_code}: {response.text[:300]}")
        return elapsed

    def create_once(self, index):
        records = [{"fields": {"Name": f"new {index}-{n}", "Score": n, "Status": "Todo"}} for n in range(BATCH)]
        begin = time.perf_counter()
        self.create(self.session, "Scratch", records)
        return (time.perf_counter() - begin) * 1000

    def stop(self):
        for node in self.nodes:
            node.stop()
        self.nodes = []


def write_throughput(backend, node_count, threads, seconds):
    """Records/s of 10-record creates from `threads` clients spread evenly over the nodes."""
    table = f"Writes{node_count}"
    stop_at = time.monotonic() + seconds
    counts = [0] * threads
    errors = []

    def client(slot):
        session = requests.Session()
        node = slot % node_count
        sent = 0
        try:
            while time.monotonic() < stop_at:
                backend.create(session, table, [{"fields": {"Name": f"w{slot}-{sent}-{n}", "Score": n, "Status": "Doing"}}
                                                for n in range(BATCH)], node=node)
                sent += 1
                counts[slot] += BATCH
        except Exception as error:  # reported after the run: one failing client must not hide the figure's cause
            errors.append(error)

    start = time.perf_counter()
    workers = [threading.Thread(target=client, args=(slot,)) for slot in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{backend.name}, {node_count} node(s): {errors[0]}")
    written = sum(counts)
    listed = count_records(backend, table)
    if listed != written:
        raise RuntimeError(f"{backend.name}: {written} records acknowledged but {listed} in the table")
    return written / elapsed


def count_records(backend, table):
    count, offset = 0, None
    while True:
        params = {"pageSize": 100, "fields[]": "Name", **({"offset": offset} if offset else {})}
        page = backend.session.get(backend.table_url(table), headers=backend.headers, params=params).json()
        count += len(page["records"])
        offset = page.get("offset")
        if not offset:
            return count


def percentiles(samples):
    ordered = sorted(samples)
    at = lambda q: ordered[max(0, int(len(ordered) * q) - 1)]  # noqa: E731
    return statistics.median(ordered), at(0.90), at(0.99)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="records in the listed table (default 100000)")
    parser.add_argument("--samples", type=int, default=200, help="requests per call and backend (default 200)")
    parser.add_argument("--seed-threads", type=int, default=6, help="client threads while seeding (default 6)")
    parser.add_argument("--duration", type=float, default=15, help="seconds per write-throughput run (default 15)")
    parser.add_argument("--binary", default=str(REPO / ".build/release/tessera"))
    args = parser.parse_args()
    if args.rows < 100 or args.samples < 10 or args.duration <= 0:
        parser.error("--rows must be at least 100, --samples at least 10, --duration positive")
    if not Path(args.binary).is_file():
        parser.error(f"no tessera binary at {args.binary}")

    print(f"start {time.strftime('%Y-%m-%d %H:%M:%S')}, load average {load()}, rows {args.rows}, samples {args.samples}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="postgres-bench-"))
    postgres_url = subprocess.run([str(REPO / "scripts/start-postgres.sh")], capture_output=True, text=True, check=True).stdout.strip()
    backends = []
    try:
        backends.append(Backend("SQLite", args.binary, ["--data-dir", str(work / "sqlite")], work))
        backends.append(Backend("PostgreSQL", args.binary, ["--database-url", postgres_url], work))
        for backend in backends:
            rate = backend.seed(args.rows, args.seed_threads)
            print(f"{backend.name}: seeded {args.rows} records at {rate:.0f} records/s ({args.seed_threads} threads), indexer caught up",
                  flush=True)

        latencies = {}
        for label, params in CALLS:
            for backend in backends:  # warm-up: first requests compile statements and fill caches
                for _ in range(5):
                    backend.list_once(params)
            samples = {backend.name: [] for backend in backends}
            for _ in range(args.samples):
                for backend in backends:
                    samples[backend.name].append(backend.list_once(params))
            latencies[label] = samples
            print(f"measured {label}", flush=True)
        samples = {backend.name: [] for backend in backends}
        for index in range(args.samples + 5):
            for backend in backends:
                elapsed = backend.create_once(index)
                if index >= 5:
                    samples[backend.name].append(elapsed)
        latencies[CREATE_CALL] = samples

        sqlite, postgres = backends
        throughput = {"SQLite, 1 node, 8 threads": write_throughput(sqlite, 1, 8, args.duration)}
        sqlite.stop()
        throughput["PostgreSQL, 1 node, 8 threads"] = write_throughput(postgres, 1, 8, args.duration)
        postgres.nodes.append(Node(args.binary, postgres.store_args, work / "PostgreSQL-serve-2.log"))
        throughput["PostgreSQL, 2 nodes, 4 threads each"] = write_throughput(postgres, 2, 8, args.duration)
    finally:
        for backend in backends:
            backend.stop()
        subprocess.run([str(REPO / "scripts/start-postgres.sh"), "stop", postgres_url], check=False)

    print(f"\nend {time.strftime('%Y-%m-%d %H:%M:%S')}, load average {load()}\n")
    print("| call (HTTP, table of %d records) | SQLite p50 | p90 | p99 | PostgreSQL p50 | p90 | p99 | PG/SQLite p50 |" % args.rows)
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, samples in latencies.items():
        lite, pg = percentiles(samples["SQLite"]), percentiles(samples["PostgreSQL"])
        cells = " | ".join(f"{value:.2f} ms" for value in (*lite, *pg))
        print(f"| {label} | {cells} | {pg[0] / lite[0]:.2f} |")
    print("\n| write throughput (10-record batches, %g s) | records/s |" % args.duration)
    print("|---|---:|")
    for label, rate in throughput.items():
        print(f"| {label} | {rate:.0f} |")
    two, one = throughput["PostgreSQL, 2 nodes, 4 threads each"], throughput["PostgreSQL, 1 node, 8 threads"]
    print(f"\nPostgreSQL 2 nodes / 1 node: {two / one:.2f}; PostgreSQL 1 node / SQLite: {one / throughput['SQLite, 1 node, 8 threads']:.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
