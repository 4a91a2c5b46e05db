"""Settings as a person sets them: a flag, else the environment, else the default; a bad value is
an error naming the variable, not a silent default. And both long-running commands end cleanly
on SIGTERM (their background work runs in one service group)."""

import json
import os
import signal
import subprocess

from conftest import BINARY, Tessera, free_port, wait_until_healthy


def run(*args, env=None, stdin=None, timeout=60):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=timeout, input=stdin,
                          env={**os.environ, **(env or {})})


def test_a_bad_environment_value_is_an_error_naming_it(tmp_path):
    for variable, value in (("TESSERA_PORT", "80a"), ("TESSERA_RATE_LIMIT_BASE", "fast"), ("TESSERA_TRUST_FORWARDED_FOR", "maybe"),
                            ("TESSERA_METRICS_PORT", "9o90")):
        result = run("serve", "--data-dir", str(tmp_path / "data"), env={variable: value})
        assert result.returncode != 0, f"{variable}={value} should stop serve"
        assert f'{variable}="{value}"' in result.stderr, result.stderr


def test_a_port_out_of_range_is_refused(tmp_path):
    result = run("serve", "--data-dir", str(tmp_path / "data"), "--port", "70000")
    assert result.returncode != 0 and "between 0 and 65535" in result.stderr, result.stderr


def test_the_environment_sets_what_no_flag_does(tmp_path):
    port = free_port()
    process = subprocess.Popen([BINARY, "serve"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TESSERA_DATA_DIR": str(tmp_path / "env-data"), "TESSERA_PORT": str(port)})
    try:
        wait_until_healthy(process, f"http://127.0.0.1:{port}", seconds=60, why=process.stderr.read)
        assert (tmp_path / "env-data").is_dir()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


def test_a_flag_beats_the_environment(tmp_path):
    from_env, from_flag = tmp_path / "env-model", tmp_path / "flag-model"
    result = run("embed", env={"TESSERA_EMBEDDING_MODEL": str(from_env)}, stdin="hello\n")
    assert result.returncode == 0 and str(from_env / "model.safetensors") in result.stderr, result.stderr
    result = run("embed", "--model", str(from_flag), env={"TESSERA_EMBEDDING_MODEL": str(from_env)}, stdin="hello\n")
    assert result.returncode == 0 and str(from_flag / "model.safetensors") in result.stderr, result.stderr
    assert str(from_env) not in result.stderr


def test_mcp_ends_gracefully_on_sigterm(tmp_path):
    server = Tessera(tmp_path / "data")
    account = server.account("settings@example.com")
    process = subprocess.Popen([BINARY, "mcp", "--data-dir", str(server.data_dir), "--token", account.token],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        process.stdin.write((json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "pytest", "version": "1"}}}) + "\n").encode())
        process.stdin.flush()
        answer = json.loads(process.stdout.readline())
        assert answer["id"] == 1 and "serverInfo" in answer["result"], answer
        process.send_signal(signal.SIGTERM)  # stdin stays open: only the signal can end it
        assert process.wait(timeout=30) == 0, process.stderr.read().decode()
    finally:
        if process.poll() is None:
            process.kill()
