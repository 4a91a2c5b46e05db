#!/usr/bin/env python3
"""Round-trip latency of `tessera mcp` over stdio, measured from a client process.

Sets up a fresh data directory (user, workspace, token through the CLI; a base through a short
`tessera serve`; 100 records through the MCP server itself), then times, per call, the write of
a request line to the read of its answer line on the server's pipes:
  - ping                           (anchor: transport + SDK dispatch, no data)
  - tools/call get_record          (one record)
  - tools/call list_records        (limit 100, the whole table, with its total)
Prints p50/p90/p99 in milliseconds.
Usage: mcp_latency.py [--binary PATH] [--mcp-binary PATH] [--iterations N]
(--mcp-binary: the binary that serves MCP, when it is another build than the one for the setup.)
"""

import argparse
import json
import os
import select
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_common import cli

REPO = Path(__file__).resolve().parents[2]



def create_base(binary, data_dir, token, workspace_id):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    serve = subprocess.Popen([binary, "serve", "--data-dir", data_dir, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        body = json.dumps({"name": "Bench", "workspaceId": workspace_id, "tables": [{"name": "Tasks", "fields": [
            {"name": "Name", "type": "singleLineText"}, {"name": "Notes", "type": "multilineText"},
            {"name": "Points", "type": "number", "options": {"precision": 0}},
            {"name": "Status", "type": "singleSelect", "options": {"choices": [{"name": "Todo"}, {"name": "Done"}]}},
        ]}]}).encode()
        request = urllib.request.Request(url + "/v0/meta/bases", data=body, method="POST",
                                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        return json.load(urllib.request.urlopen(request))["id"]
    finally:
        serve.terminate()
        serve.wait(timeout=30)


class Server:
    def __init__(self, binary, data_dir, token):
        self.process = subprocess.Popen([binary, "mcp", "--data-dir", data_dir],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        env={**os.environ, "TESSERA_TOKEN": token})
        self.out = self.process.stdout.fileno()
        self.buffer = b""
        self.next_id = 0

    def call(self, method, params):
        self.next_id += 1
        line = json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}).encode() + b"\n"
        start = time.perf_counter_ns()
        os.write(self.process.stdin.fileno(), line)
        while b"\n" not in self.buffer:
            select.select([self.out], [], [])
            self.buffer += os.read(self.out, 1 << 20)
        answer, self.buffer = self.buffer.split(b"\n", 1)
        elapsed = time.perf_counter_ns() - start
        message = json.loads(answer)
        assert message.get("id") == self.next_id and "result" in message, message
        assert not message["result"].get("isError"), message
        return message["result"], elapsed / 1e6

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def percentiles(samples):
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]
    return statistics.median(ordered), pick(0.9), pick(0.99)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.environ.get("TESSERA_BINARY", str(REPO / ".build" / "release" / "tessera")))
    parser.add_argument("--mcp-binary", help="binary for `mcp` (default: --binary)")
    parser.add_argument("--iterations", type=int, default=500)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        email = "bench@example.com"
        cli(options.binary, data_dir, "users", "create", "--email", email, "--password-stdin", stdin="a long enough password\n")
        workspace = cli(options.binary, data_dir, "workspaces", "create", "--name", "Bench", "--owner", email)
        token = cli(options.binary, data_dir, "tokens", "create", "--email", email, "--name", "bench")
        base = create_base(options.binary, data_dir, token, workspace)
        server = Server(options.mcp_binary or options.binary, data_dir, token)
        server.call("initialize", {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}})
        os.write(server.process.stdin.fileno(), b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
        for batch in range(10):
            records = [{"fields": {"Name": f"Task {batch * 10 + n}", "Notes": "Some notes about this task " * 4,
                                   "Points": batch * 10 + n, "Status": "Done" if n % 2 else "Todo"}} for n in range(10)]
            server.call("tools/call", {"name": "create_records", "arguments": {"baseId": base, "table": "Tasks", "records": records}})
        listing = {"name": "list_records", "arguments": {"baseId": base, "table": "Tasks", "limit": 100}}
        result, _ = server.call("tools/call", listing)
        records = result["structuredContent"]["records"]
        assert len(records) == 100 and result["structuredContent"]["total"] == 100
        getting = {"name": "get_record", "arguments": {"baseId": base, "table": "Tasks", "recordId": records[50]["id"]}}
        cases = [("ping", "ping", {}), ("get_record", "tools/call", getting), ("list_records (100)", "tools/call", listing)]
        for _, method, params in cases:  # warm-up
            for _ in range(50):
                server.call(method, params)
        print(f"tessera mcp over stdio, {options.iterations} calls each, milliseconds")
        print(f"{'call':<22}{'p50':>8}{'p90':>8}{'p99':>8}")
        for name, method, params in cases:
            samples = [server.call(method, params)[1] for _ in range(options.iterations)]
            p50, p90, p99 = percentiles(samples)
            print(f"{name:<22}{p50:>8.3f}{p90:>8.3f}{p99:>8.3f}")
        server.close()


if __name__ == "__main__":
    main()
