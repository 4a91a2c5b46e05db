"""Ingest and search benchmark for issue 5, against the embedding engine's own speed.

    .venv/bin/python Benchmarks/scripts/ingest_bench.py [--rows 100000] [--binary .build/release/tessera]

1. Makes ROWS short text rows (sentences from Benchmarks/data/vector/sentences_*.txt when
   present, else generated) as a CSV with a Key and a Text column.
2. Anchor: `tessera embed --batch 32` on exactly the texts ingest embeds ("Key: …\nText: …",
   newline as a space: the tokenizer treats both as whitespace): pure embedding records/s.
3. `tessera ingest --create-table --key Key` into a fresh data directory: records/s until
   every record is embedded and stored (the command waits for the indexer).
4. Restarts `tessera serve` on that directory: time until the index is loaded and caught up.
5. 200 queries per mode through POST /v0/{base}/{table}/search (k = 10), one at a time:
   p50 and p99 latency as the HTTP client sees it (the semantic figure includes embedding
   the query).
"""

import argparse
import glob
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from bench_common import cli, free_port, serve

REPO = Path(__file__).resolve().parents[2]



def sentences(count):
    files = sorted(glob.glob(str(REPO / "Benchmarks/data/vector/sentences_*.txt")))
    lines = []
    if files:
        with open(files[-1], encoding="utf-8") as handle:
            lines = [line.strip() for line in handle if 20 <= len(line.strip()) <= 160]
    random.Random(7).shuffle(lines)
    if len(lines) < count:
        words = "record table field update search customer order invoice report meeting project task note".split()
        rng = random.Random(11)
        lines += [" ".join(rng.choice(words) for _ in range(10)) for _ in range(count - len(lines))]
    return [line.replace('"', "'") for line in lines[:count]]




def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--binary", default=str(REPO / ".build/release/tessera"))
    parser.add_argument("--model", default=str(REPO / "models/all-MiniLM-L6-v2"))
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    texts = sentences(args.rows)
    csv_path = work / "rows.csv"
    with csv_path.open("w", encoding="utf-8") as handle:
        handle.write("Key,Text\n")
        for index, text in enumerate(texts):
            handle.write(f'k{index:06d},"{text}"\n')

    embed_input = "".join(f"Key: k{index:06d} Text: {text}\n" for index, text in enumerate(texts))
    start = time.perf_counter()
    subprocess.run([args.binary, "embed", "--model", args.model, "--batch", "32", "--format", "f32"], input=embed_input.encode(),
                   stdout=subprocess.DEVNULL, check=True)
    embed_seconds = time.perf_counter() - start

    data_dir = work / "data"
    cli(args.binary, data_dir, "users", "create", "--email", "bench@example.com", "--password-stdin", stdin="benchmark password\n")
    workspace = cli(args.binary, data_dir, "workspaces", "create", "--name", "Bench", "--owner", "bench@example.com")
    token = cli(args.binary, data_dir, "tokens", "create", "--email", "bench@example.com", "--name", "bench")
    headers = {"Authorization": f"Bearer {token}"}
    port = free_port()
    process, url = serve(args.binary, data_dir, port, args.model)
    base = requests.post(url + "/v0/meta/bases", headers=headers, json={
        "name": "Bench", "workspaceId": workspace, "tables": [{"name": "Seed", "fields": [{"name": "Name", "type": "singleLineText"}]}]}).json()["id"]
    process.terminate()
    process.wait()

    start = time.perf_counter()
    result = subprocess.run([args.binary, "ingest", str(csv_path), "--base", base, "--table", "Rows", "--create-table", "--key", "Key",
                             "--data-dir", str(data_dir), "--token", token, "--model", args.model, "--json"],
                            capture_output=True, text=True, check=True)
    ingest_seconds = time.perf_counter() - start
    summary = json.loads(result.stdout)
    assert summary["written"] == args.rows, summary

    start = time.perf_counter()
    process, url = serve(args.binary, data_dir, port, args.model)
    while True:
        status = requests.get(f"{url}/v0/{base}/Rows/search/status", headers=headers).json()
        if status["eventsBehind"] == 0 and status["vectors"] == args.rows:
            break
        time.sleep(0.05)
    catch_up_seconds = time.perf_counter() - start

    rng = random.Random(3)
    queries = [" ".join(rng.choice(texts).split()[:6]) for _ in range(args.queries)]
    latencies = {}
    session = requests.Session()
    for mode in ("semantic", "keyword", "hybrid"):
        samples = []
        for query in queries:
            begin = time.perf_counter()
            response = session.post(f"{url}/v0/{base}/Rows/search", headers=headers, json={"query": query, "k": 10, "mode": mode})
            samples.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, response.text
        samples.sort()
        latencies[mode] = {"p50_ms": round(statistics.median(samples), 2), "p99_ms": round(samples[int(len(samples) * 0.99) - 1], 2)}
    process.terminate()
    process.wait()

    report = {
        "rows": args.rows, "index_kind": status["kind"],
        "embed_only_records_per_s": round(args.rows / embed_seconds, 1),
        "ingest_records_per_s": round(args.rows / ingest_seconds, 1),
        "ingest_vs_embedding": round(embed_seconds / ingest_seconds, 3),
        "restart_catch_up_s": round(catch_up_seconds, 2),
        "search_latency": latencies,
    }
    print(json.dumps(report, indent=2))
    shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
