"""What the benchmark drivers share: a free port, the CLI, and `tessera serve` up and healthy."""

import socket
import subprocess
import time

import requests


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli(binary, data_dir, *args, stdin=None):
    """Runs `tessera ARGS --data-dir DATA_DIR` and answers its stdout; fails on a non-zero exit."""
    result = subprocess.run([binary, *args, "--data-dir", str(data_dir)], input=stdin, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def serve(binary, data_dir, port, model):
    """`tessera serve` with rate limits off, its log in DATA_DIR/serve.log; answers (process, url)
    once /health answers."""
    log = open(data_dir / "serve.log", "w")
    process = subprocess.Popen([binary, "serve", "--data-dir", str(data_dir), "--port", str(port), "--model", model,
                                "--rate-limit-token", "0", "--rate-limit-base", "0"], stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"tessera serve exited: see {data_dir / 'serve.log'}")
        try:
            if requests.get(url + "/health", timeout=1).status_code == 200:
                return process, url
        except requests.ConnectionError:
            time.sleep(0.05)
