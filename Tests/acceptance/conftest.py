"""Fixtures that run a real `tessera serve` on a free port with a fresh data directory."""

import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from fake_providers import FakeProviders

REPO = Path(__file__).resolve().parents[2]
BINARY = os.environ.get("TESSERA_BINARY", str(REPO / ".build" / "debug" / "tessera"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(process: subprocess.Popen, url: str, seconds: float = 60, why=lambda: "") -> None:
    """Waits until `url`/health answers 200; fails if the process exits first or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"tessera serve exited: {why()}")
        try:
            if requests.get(url + "/health", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError(f"tessera serve did not become healthy within {seconds} s")


@dataclass
class Account:
    email: str
    user_id: str
    workspace_id: str
    token: str


class Tessera:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log = data_dir / "serve.log"

    def cli(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            [BINARY, *args, "--data-dir", str(self.data_dir)],
            input=stdin, capture_output=True, text=True, timeout=120,
        )
        if result.returncode != 0:
            raise AssertionError(f"tessera {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def account(self, email: str, *token_args: str) -> Account:
        user_id = self.cli("users", "create", "--email", email, "--password-stdin", stdin="a long enough password\n")
        workspace_id = self.cli("workspaces", "create", "--name", f"{email}'s workspace", "--owner", email)
        token = self.cli("tokens", "create", "--email", email, "--name", "acceptance", *token_args)
        return Account(email, user_id, workspace_id, token)

    def token(self, email: str, *token_args: str) -> str:
        return self.cli("tokens", "create", "--email", email, "--name", "extra", *token_args)

    def start(self, *extra: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [BINARY, "serve", "--data-dir", str(self.data_dir), "--port", str(self.port), *extra],
            stdout=subprocess.DEVNULL, stderr=open(self.log, "w"), env={**os.environ, **(env or {})},
        )
        wait_until_healthy(self.process, self.url, why=self.log.read_text)

    def stop(self) -> int:
        assert self.process is not None
        self.process.terminate()
        return self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def fake():
    """The fake OpenAI and Anthropic providers (their exact wire formats) for one test module."""
    providers = FakeProviders().start()
    yield providers
    providers.stop()


@pytest.fixture(scope="session")
def tessera(tmp_path_factory):
    server = Tessera(tmp_path_factory.mktemp("tessera-data"))
    server.owner = server.account("owner@example.com")
    server.stranger = server.account("stranger@example.com")
    server.start("--rate-limit-token", "0", "--rate-limit-base", "0")
    yield server
    assert server.stop() == 0, "graceful shutdown should exit 0"
