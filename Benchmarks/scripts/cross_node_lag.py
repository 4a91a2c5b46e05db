"""How long after a write through one node another node finds the record by semantic search (issue 9).

    .venv/bin/python Benchmarks/scripts/cross_node_lag.py [--writes 200] [--background 2000] [--model models/all-MiniLM-L6-v2]

Starts a throwaway PostgreSQL 15 (scripts/start-postgres.sh) and two `tessera serve` nodes on it,
both with the local embedding model. Seeds BACKGROUND records through node A and waits until
node B's indexer has caught up. Then, WRITES times, one after the other: creates one record with
a sentence no other record has through node A, and from the moment the create returned asks node
B's semantic search for that sentence every 10 ms until the record is among the top 5. A random
pause of up to 250 ms before each write keeps the writes from falling into step with node B's
polls (back to back, each write would come just after a poll and wait the whole interval). Prints
p50/p90/p99/max of that lag. Node B learns of writes by polling the shared events log
(`SearchConfiguration.pollInterval`, 200 ms), then embeds the new text, so the lag is bounded by
one poll interval plus the time to read, embed and index a poll's events.
"""

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from postgres_bench import REPO, Backend, Node, load

WORDS = [
    ["amber", "brisk", "cobalt", "dusty", "eager", "frozen", "gentle", "hollow", "ivory", "jagged",
     "lunar", "mellow", "nimble", "olive", "placid", "quiet", "rustic", "silver", "tawny", "velvet"],
    ["otter", "heron", "badger", "lynx", "walrus", "falcon", "gecko", "bison", "marmot", "osprey",
     "ibis", "tapir", "koala", "puffin", "jackal", "narwhal", "okapi", "quokka", "wombat", "yak"],
    ["repairs", "paints", "measures", "guards", "sells", "counts", "carries", "studies", "cleans", "sorts",
     "maps", "tunes", "weighs", "folds", "bakes", "signs", "checks", "loads", "names", "plants"],
    ["lanterns", "violins", "anchors", "ledgers", "kettles", "compasses", "saddles", "barrels", "mirrors", "quilts",
     "telescopes", "ladders", "helmets", "baskets", "clocks", "sails", "pianos", "bridges", "wagons", "hammocks"],
    ["at dawn", "in the harbour", "near the mill", "on the ridge", "by the canal", "under the pier", "in the orchard",
     "at the market", "behind the dam", "in the archive", "on the ferry", "at the observatory", "near the quarry",
     "in the greenhouse", "by the lighthouse", "at the depot", "on the plateau", "in the cellar", "near the border",
     "at the foundry"],
]


def sentences(count, rng):
    """`count` distinct five-part sentences."""
    seen = set()
    while len(seen) < count:
        seen.add(" ".join(rng.choice(words) for words in WORDS))
    ordered = sorted(seen)
    rng.shuffle(ordered)
    return ordered


def caught_up(backend, node, table):
    status = backend.session.get(backend.table_url(table, node) + "/search/status", headers=backend.headers).json()
    return status.get("eventsBehind") == 0


def lag_of_one_write(backend, text, search_url):
    response = backend.session.post(backend.table_url("Scratch", 0), headers=backend.headers,
                                    json={"records": [{"fields": {"Name": text}}]})
    response.raise_for_status()
    record = response.json()["records"][0]["id"]
    written = time.monotonic()
    while time.monotonic() < written + 60:
        hits = backend.session.post(search_url, headers=backend.headers, json={"query": text, "mode": "semantic", "k": 5})
        hits.raise_for_status()
        if record in (hit["id"] for hit in hits.json()["records"]):
            return time.monotonic() - written
        time.sleep(0.01)
    raise RuntimeError(f"node B did not find {record} ({text!r}) within 60 s of the write")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writes", type=int, default=200, help="timed writes (default 200)")
    parser.add_argument("--background", type=int, default=2000, help="records in the table before the timed writes (default 2000)")
    parser.add_argument("--model", default=str(REPO / "models/all-MiniLM-L6-v2"), help="model directory both nodes load")
    parser.add_argument("--binary", default=str(REPO / ".build/release/tessera"))
    args = parser.parse_args()
    if args.writes < 10 or args.background < 0:
        parser.error("--writes must be at least 10 and --background not negative")
    if not Path(args.binary).is_file():
        parser.error(f"no tessera binary at {args.binary}")
    if not (Path(args.model) / "model.safetensors").is_file():
        parser.error(f"no model.safetensors in {args.model} (scripts/fetch-model.sh)")

    print(f"start {time.strftime('%Y-%m-%d %H:%M:%S')}, load average {load()}, writes {args.writes}, "
          f"background {args.background}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="cross-node-lag-"))
    postgres_url = subprocess.run([str(REPO / "scripts/start-postgres.sh")], capture_output=True, text=True, check=True).stdout.strip()
    backend = None
    try:
        backend = Backend("PostgreSQL", args.binary, ["--database-url", postgres_url], work, args.model)
        backend.nodes.append(Node(args.binary, backend.store_args, work / "PostgreSQL-serve-2.log", args.model))
        texts = sentences(args.background + args.writes, random.Random(9))
        background, timed = texts[:args.background], texts[args.background:]
        for start in range(0, len(background), 10):
            backend.create(backend.session, "Scratch", [{"fields": {"Name": text}} for text in background[start:start + 10]])
        while not (caught_up(backend, 0, "Scratch") and caught_up(backend, 1, "Scratch")):
            time.sleep(0.5)
        print(f"seeded {len(background)} records; both indexers caught up", flush=True)

        search_url = backend.table_url("Scratch", 1) + "/search"
        pauses = random.Random(11)
        lags = []
        for text in timed:
            time.sleep(pauses.uniform(0, 0.25))
            lags.append(lag_of_one_write(backend, text, search_url))
    finally:
        if backend:
            backend.stop()
        subprocess.run([str(REPO / "scripts/start-postgres.sh"), "stop", postgres_url], check=False)

    ordered = sorted(lags)
    at = lambda q: ordered[max(0, int(len(ordered) * q) - 1)]  # noqa: E731
    print(f"\nend {time.strftime('%Y-%m-%d %H:%M:%S')}, load average {load()}")
    print(f"write through node A -> found by semantic search on node B, {len(lags)} writes:")
    print(f"p50 {statistics.median(ordered) * 1000:.0f} ms, p90 {at(0.90) * 1000:.0f} ms, "
          f"p99 {at(0.99) * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
