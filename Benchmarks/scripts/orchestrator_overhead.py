#!/usr/bin/env python3
"""What the orchestrator adds to a chat request, measured against calling the provider directly.

A fake OpenAI server (Tests/acceptance/fake_providers.py, in its own process) answers both
paths. Per iteration, in rotation on keep-alive connections:
  - tessera plain:  client -> tessera /v1 -> fake       (cache off)
  - direct plain:   client -> fake, sending the very body Tessera sent for that turn
  - tessera tool:   client -> tessera -> fake, tool run, fake   (one workspace tool, count_records,
                    retrieval off so that only the loop is measured)
  - direct tool:    client -> fake twice, sending the two bodies Tessera sent for that turn (its
                    system prompt and tool schemas included), so the fake does the same work on
                    both paths and the difference is what Tessera adds
  - tessera tool+retrieval: the tool turn with retrieval context (adds one query embedding per table)
Prints p50/p99 per path and the added p50/p99 (tessera minus direct), in milliseconds.
Usage: orchestrator_overhead.py --binary PATH [--iterations N]
"""

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_common import cli, free_port

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "Tests" / "acceptance"))
from fake_providers import ANTHROPIC_KEY, OPENAI_KEY, FakeProviders  # noqa: E402


def serve_fake(port_queue):
    fake = FakeProviders().start()
    port_queue.put(fake.port)
    fake.thread.join()




class Endpoint:
    def __init__(self, port, headers):
        self.connection = http.client.HTTPConnection("127.0.0.1", port)
        self.headers = {"Content-Type": "application/json", **headers}

    def post(self, path, body):
        if self.connection.sock is None:
            self.connection.connect()
            self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.connection.request("POST", path, body=json.dumps(body), headers=self.headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status} {data[:300]!r}")
        return json.loads(data)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--only", help="comma-separated path names to run (e.g. 'tessera tool'), for profiling")
    args = parser.parse_args()

    queue = multiprocessing.Queue()
    fake_process = multiprocessing.Process(target=serve_fake, args=(queue,), daemon=True)
    fake_process.start()
    fake_port = queue.get(timeout=30)

    data_dir = tempfile.mkdtemp(prefix="tessera-orchestrator-bench-")
    cli(args.binary, data_dir, "users", "create", "--email", "bench@example.com", "--password-stdin", stdin="a long enough password\n")
    workspace = cli(args.binary, data_dir, "workspaces", "create", "--name", "Bench", "--owner", "bench@example.com")
    token = cli(args.binary, data_dir, "tokens", "create", "--email", "bench@example.com", "--name", "bench")
    port = free_port()
    env = {**os.environ, "OPENAI_BASE_URL": f"http://127.0.0.1:{fake_port}/openai/v1", "OPENAI_API_KEY": OPENAI_KEY,
           "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{fake_port}/anthropic", "ANTHROPIC_API_KEY": ANTHROPIC_KEY}
    serve = subprocess.Popen([args.binary, "serve", "--data-dir", data_dir, "--port", str(port), "--rate-limit-token", "0",
                              "--rate-limit-base", "0"], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        tessera = Endpoint(port, {"Authorization": f"Bearer {token}"})
        for _ in range(600):
            try:
                tessera.connection.request("GET", "/health")
                tessera.connection.getresponse().read()
                break
            except OSError:
                tessera.connection.close()
                time.sleep(0.1)
        base = tessera.post("/v0/meta/bases", {"name": "Bench", "workspaceId": workspace, "tables": [
            {"name": "Tasks", "fields": [{"name": "Name", "type": "singleLineText"}, {"name": "Notes", "type": "multilineText"}]}]})["id"]
        tessera.post(f"/v0/{base}/Tasks", {"records": [{"fields": {"Name": f"task {i}", "Notes": "note"}} for i in range(10)]})
        time.sleep(2)  # let the indexer embed them, so retrieval has something to find
        direct_endpoint = Endpoint(fake_port, {"Authorization": f"Bearer {OPENAI_KEY}"})

        hello = [{"role": "user", "content": "hello"}]
        tool_question = [{"role": "user", "content": f'How many? [[call count_records {{"baseId": "{base}", "table": "Tasks"}}]]'}]

        def tessera_plain():
            tessera.post("/v1/chat/completions", {"model": "openai/gpt-4.1-nano", "messages": hello, "tessera": {"cache": False}})

        def tessera_tool(retrieval):
            answer = tessera.post("/v1/chat/completions", {"model": "openai/gpt-4.1-nano", "messages": tool_question,
                                                           "tessera": {"base": base, "cache": False, "retrieval": retrieval}})
            assert '"count":10' in answer["choices"][0]["message"]["content"], answer

        def sent_by_tessera(turn):
            """The provider request bodies of one Tessera turn, as the fake received them."""
            control = Endpoint(fake_port, {})
            control.post("/control", {"clear": True})
            turn()
            control.connection.request("GET", "/control")
            return [r["body"] for r in json.loads(control.connection.getresponse().read())["requests"]]

        plain_bodies = sent_by_tessera(tessera_plain)
        tool_bodies = sent_by_tessera(lambda: tessera_tool(False))
        assert len(plain_bodies) == 1 and len(tool_bodies) == 2, (plain_bodies, tool_bodies)

        def direct(bodies):
            for body in bodies:
                direct_endpoint.post("/openai/v1/chat/completions", body)

        paths = {"direct plain": lambda: direct(plain_bodies), "tessera plain": tessera_plain,
                 "direct tool": lambda: direct(tool_bodies), "tessera tool": lambda: tessera_tool(False),
                 "tessera tool+retrieval": lambda: tessera_tool(True)}
        if args.only:
            wanted = {name.strip() for name in args.only.split(",")}
            paths = {name: run for name, run in paths.items() if name in wanted}
        for run in paths.values():  # warm-up
            for _ in range(20):
                run()
        times = {name: [] for name in paths}
        for _ in range(args.iterations):
            for name, run in paths.items():
                start = time.perf_counter()
                run()
                times[name].append((time.perf_counter() - start) * 1000)
        print(f"{args.iterations} iterations, in rotation; milliseconds")
        for name, values in times.items():
            print(f"  {name:24s} p50 {statistics.median(values):7.3f}  p99 {percentile(values, 0.99):7.3f}")
        for tessera_name, direct_name in [("tessera plain", "direct plain"), ("tessera tool", "direct tool"), ("tessera tool+retrieval", "direct tool")]:
            if tessera_name not in times or direct_name not in times:
                continue
            added50 = statistics.median(times[tessera_name]) - statistics.median(times[direct_name])
            added99 = percentile(times[tessera_name], 0.99) - percentile(times[direct_name], 0.99)
            print(f"  added by tessera ({tessera_name} - {direct_name}): p50 {added50:.3f}  p99 {added99:.3f}")
    finally:
        serve.terminate()
        serve.wait(timeout=30)
        fake_process.terminate()


if __name__ == "__main__":
    main()
