"""Soak: mixed API, search and chat traffic from many connections, with and without a share of
hostile requests, against one real `tessera serve` (release build) on SQLite.

The run alternates clean and hostile segments of equal length, so both see the same data
size and machine load. Creates and deletes come in equal shares (a delete takes back the oldest
record the traffic created), so the table stays near its seeded size: memory that grows then is
the server's, not the data's. It reports, for the well-formed requests of each kind of segment, the
latency percentiles; the server's resident memory over the run (minute by minute, and its growth
from the end of the warm-up, which alternates clean and hostile segments too); and every 5xx,
dropped connection or crash. Chat goes to the fake providers of the acceptance tests (the exact
OpenAI wire format) so no paid provider is needed.

    .venv/bin/python Benchmarks/scripts/soak.py --binary .build/release/tessera --minutes 10

Exit status 1 when the server crashed, answered a 5xx, grew more than 10% in resident memory
after the warm-up, or the hostile segments' p99 is more than 2x the clean segments'.
"""

import argparse
import json
import random
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "Tests" / "acceptance"))
from conftest import Tessera  # noqa: E402
from fake_providers import FakeProviders  # noqa: E402

FIELDS = [
    {"name": "Name", "type": "singleLineText"},
    {"name": "Score", "type": "number", "options": {"precision": 0}},
    {"name": "Notes", "type": "multilineText"},
    {"name": "When", "type": "dateTime", "options": {"timeZone": "utc", "dateFormat": {"name": "iso"}, "timeFormat": {"name": "24hour"}}},
    {"name": "Took", "type": "duration", "options": {"durationFormat": "h:mm:ss"}},
]
WORDS = "invoice order shipment refund garden plants water meeting report budget travel hotel flight lunch".split()


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {"clean": [], "hostile": []}  # well-formed requests only
        self.by_operation = {}
        self.server_errors = []
        self.connection_errors = 0
        self.unexpected = []
        self.hostile_answered = 0

    def add(self, segment, operation, seconds, status, hostile):
        with self.lock:
            if status >= 500:
                self.server_errors.append((segment, operation, status))
            if hostile:
                self.hostile_answered += 1
                # A 1e300 duration reads back as text, and the backtracking-style pattern is valid
                # RE2 that the linear-time engine answers at once: both are fine as 200s.
                if status < 400 and operation not in ("duration_as_string", "regex_bomb"):
                    self.unexpected.append((operation, status))
            else:
                self.latencies[segment].append(seconds)
                self.by_operation.setdefault((segment, operation), []).append(seconds)
                if status >= 400:
                    self.unexpected.append((operation, status))


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(REPO / ".build" / "release" / "tessera"))
    parser.add_argument("--minutes", type=float, default=10, help="length of the clean and of the hostile traffic, each")
    parser.add_argument("--segment-seconds", type=float, default=30, help="length of one clean or hostile segment")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--hostile-share", type=float, default=0.2, help="share of requests that are hostile in hostile segments")
    parser.add_argument("--records", type=int, default=3000)
    parser.add_argument("--warmup-seconds", type=float, default=120, help="traffic (clean and hostile segments) before measuring")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()

    import conftest
    conftest.BINARY = args.binary
    random.seed(args.seed)
    fake = FakeProviders().start()
    server = Tessera(Path(f"/tmp/tessera-soak-{uuid.uuid4().hex[:8]}"))
    server.data_dir.mkdir(parents=True)
    owner = server.account("soak@example.com")
    server.start("--rate-limit-token", "0", "--rate-limit-base", "0", env=fake.environment)
    headers = {"Authorization": f"Bearer {owner.token}"}
    session = requests.Session()
    base = session.post(server.url + "/v0/meta/bases", headers=headers, json={
        "name": "Soak", "workspaceId": owner.workspace_id, "tables": [{"name": "Items", "fields": FIELDS}]}).json()["id"]
    ids = []
    for start in range(0, args.records, 10):
        batch = [{"fields": {"Name": " ".join(random.choices(WORDS, k=3)) + f" {start + i}", "Score": random.randint(0, 999),
                             "Notes": " ".join(random.choices(WORDS, k=12))}} for i in range(10)]
        ids += [r["id"] for r in session.post(f"{server.url}/v0/{base}/Items", headers=headers, json={"records": batch}).json()["records"]]
    ids.append(session.post(f"{server.url}/v0/{base}/Items", headers=headers, json={"fields": {"Name": "a" * 50_000, "Took": 1e300}}).json()["id"])
    print(f"seeded {len(ids)} records in base {base}", file=sys.stderr)

    # Records the traffic creates, oldest first: deletes take them back in the order they came,
    # so the table keeps about its seeded size and memory growth is not data growth.
    created, created_lock = [], threading.Lock()

    def well_formed(http, rng):
        choice = rng.random()
        if choice < 0.25:
            return "list", http.get(f"{server.url}/v0/{base}/Items", params={"pageSize": 100}, headers=headers)
        if choice < 0.45:
            return "get", http.get(f"{server.url}/v0/{base}/Items/{rng.choice(ids)}", headers=headers)
        if choice < 0.55:
            return "filter", http.get(f"{server.url}/v0/{base}/Items", params={"filterByFormula": "{Score} > 900", "pageSize": 50}, headers=headers)
        if choice < 0.60:
            response = http.post(f"{server.url}/v0/{base}/Items", headers=headers,
                                 json={"fields": {"Name": " ".join(rng.choices(WORDS, k=3)), "Score": rng.randint(0, 999)}})
            if response.status_code == 200:
                with created_lock:
                    created.append(response.json()["id"])
            return "create", response
        if choice < 0.65:
            with created_lock:
                victim = created.pop(0) if created else None
            if victim is not None:
                return "delete", http.delete(f"{server.url}/v0/{base}/Items/{victim}", headers=headers)
            return "get", http.get(f"{server.url}/v0/{base}/Items/{rng.choice(ids)}", headers=headers)
        if choice < 0.75:
            return "update", http.patch(f"{server.url}/v0/{base}/Items/{rng.choice(ids[:-1])}", headers=headers,
                                        json={"fields": {"Score": rng.randint(0, 999)}})
        if choice < 0.90:
            return "search", http.post(f"{server.url}/v0/{base}/Items/search", headers=headers,
                                       json={"query": " ".join(rng.choices(WORDS, k=2)), "k": 10, "mode": "hybrid"})
        return "chat", http.post(f"{server.url}/v1/chat/completions", headers=headers, json={
            "model": "openai/gpt-4.1-nano", "messages": [{"role": "user", "content": "What about " + rng.choice(WORDS) + "?"}],
            "tessera": {"base": base, "cache": False}})

    forged = "itr" + __import__("base64").b64encode(json.dumps(
        {"tableID": "tblAAAAAAAAAAAAAA", "afterAutoNumber": 0, "returned": -9223372036854775807, "queryHash": "x"}).encode()).decode()

    def hostile(http, rng):
        choice = rng.randrange(9)
        if choice == 0:
            return "forged_offset", http.get(f"{server.url}/v0/{base}/Items", params={"maxRecords": 5, "offset": forged}, headers=headers)
        if choice == 1:
            return "epoch_1e16", http.post(f"{server.url}/v0/{base}/Items", headers=headers,
                                           json={"records": [{"fields": {"When": "1e16"}}], "typecast": True})
        if choice == 2:
            return "duration_as_string", http.get(f"{server.url}/v0/{base}/Items/{ids[-1]}", headers=headers,
                                                  params={"cellFormat": "string", "timeZone": "UTC", "userLocale": "en-us"})
        if choice == 3:
            return "substitute_bomb", http.get(f"{server.url}/v0/{base}/Items", headers=headers,
                                               params={"filterByFormula": "SUBSTITUTE(REPT('x',1000000),'x',REPT('y',1000000))"})
        if choice == 4:
            return "regex_bomb", http.get(f"{server.url}/v0/{base}/Items", headers=headers,
                                          params={"filterByFormula": "REGEX_MATCH({Name}, '(a*)*b')", "pageSize": 5})
        if choice == 5:
            return "deep_json", http.post(f"{server.url}/v0/{base}/Items", headers={**headers, "Content-Type": "application/json"},
                                          data="[" * 100_000 + "]" * 100_000)
        if choice == 6:
            return "wrong_password", http.post(f"{server.url}/auth/login", json={"email": "soak@example.com", "password": "wrong " + str(rng.random())})
        if choice == 7:
            return "oversized_body", http.post(f"{server.url}/v0/{base}/Items", headers={**headers, "Content-Type": "application/json"},
                                               data=b'{"fields": {"Name": "' + b"x" * (3 << 20) + b'"}}')
        return "garbage_token", http.get(f"{server.url}/v0/meta/bases", headers={"Authorization": "Bearer patAAAAAAAAAAAAAA.nope"})

    recorder = Recorder()
    state = {"segment": "clean", "stop": False, "measuring": False}

    def worker(index):
        rng = random.Random(args.seed * 1000 + index)
        http = requests.Session()
        while not state["stop"]:
            segment = state["segment"]
            is_hostile = segment == "hostile" and rng.random() < args.hostile_share
            started = time.perf_counter()
            try:
                operation, response = (hostile if is_hostile else well_formed)(http, rng)
                status = response.status_code
            except requests.RequestException:
                with recorder.lock:
                    recorder.connection_errors += 1
                http = requests.Session()
                continue
            if state["measuring"]:
                recorder.add(segment, operation, time.perf_counter() - started, status, is_hostile)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.connections)]
    for thread in threads:
        thread.start()
    # The warm-up alternates clean and hostile segments like the measured part, so every kind
    # of request has run (and the allocator and caches have met it) before memory is compared.
    traffic_started = time.monotonic()
    rss_by_minute = {}
    rss = []
    warm_until = traffic_started + args.warmup_seconds
    stop_at = warm_until + 2 * args.minutes * 60
    segment_index = 0
    while time.monotonic() < stop_at and server.process.poll() is None:
        state["segment"] = "clean" if segment_index % 2 == 0 else "hostile"
        segment_end = min(time.monotonic() + args.segment_seconds, stop_at)
        while time.monotonic() < segment_end and server.process.poll() is None:
            time.sleep(5)
            now, kib = time.monotonic(), rss_kib(server.process.pid)
            rss_by_minute[int((now - traffic_started) // 60)] = round(kib / 1024, 1)
            if now >= warm_until:
                if not state["measuring"]:
                    state["measuring"] = True
                rss.append((now, kib))
        segment_index += 1
    state["stop"] = True
    for thread in threads:
        thread.join(timeout=60)

    alive = server.process.poll() is None
    healthy = alive and requests.get(server.url + "/health", timeout=5).status_code == 200
    clean, dirty = recorder.latencies["clean"], recorder.latencies["hostile"]
    first_rss, last_rss, peak_rss = rss[0][1], rss[-1][1], max(kib for _, kib in rss)
    report = {
        "minutes_each": args.minutes, "connections": args.connections, "hostile_share": args.hostile_share,
        "server_alive_and_healthy": healthy, "server_errors": len(recorder.server_errors), "connection_errors": recorder.connection_errors,
        "unexpected_statuses": recorder.unexpected[:20], "created_not_yet_deleted": len(created), "hostile_requests": recorder.hostile_answered,
        "clean": {"requests": len(clean), "p50_ms": 1000 * percentile(clean, 0.5), "p99_ms": 1000 * percentile(clean, 0.99)},
        "hostile": {"requests": len(dirty), "p50_ms": 1000 * percentile(dirty, 0.5), "p99_ms": 1000 * percentile(dirty, 0.99)},
        "p99_ratio": percentile(dirty, 0.99) / percentile(clean, 0.99),
        "rss_mib": {"after_warmup": first_rss / 1024, "end": last_rss / 1024, "peak": peak_rss / 1024},
        "rss_mib_by_minute_of_traffic": rss_by_minute,
        "rss_growth": (last_rss - first_rss) / first_rss,
        "by_operation_p50_ms": {f"{segment}/{operation}": round(1000 * statistics.median(values), 2)
                                for (segment, operation), values in sorted(recorder.by_operation.items())},
    }
    print(json.dumps(report, indent=2))
    if alive:
        server.stop()
    fake.stop()
    ok = healthy and not recorder.server_errors and report["rss_growth"] < 0.10 and report["p99_ratio"] <= 2
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
