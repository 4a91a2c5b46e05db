"""`tessera backup` while `tessera serve` takes writes from several clients, then `tessera restore`
into a new data directory and a server on it: every write acknowledged before the backup started
is there, and the copy passes SQLite's integrity check."""

import subprocess
import threading
import time

import requests

from conftest import BINARY, Tessera

WRITERS = 4
BATCH = 10


def test_backup_under_writes_then_restore(tmp_path):
    server = Tessera(tmp_path / "live")
    account = server.account("backup@example.com")
    server.start("--rate-limit-token", "0", "--rate-limit-base", "0")
    headers = {"Authorization": f"Bearer {account.token}"}
    base = requests.post(server.url + "/v0/meta/bases", headers=headers, json={
        "name": "Busy", "workspaceId": account.workspace_id,
        "tables": [{"name": "Log", "fields": [{"name": "Name", "type": "singleLineText"}]}]}).json()["id"]

    acknowledged = []  # (time acknowledged, record id)
    lock = threading.Lock()
    stop = threading.Event()

    def write(worker):
        session = requests.Session()
        index = 0
        while not stop.is_set():
            batch = [{"fields": {"Name": f"w{worker}-{index}-{i}"}} for i in range(BATCH)]
            response = session.post(f"{server.url}/v0/{base}/Log", headers=headers, json={"records": batch})
            assert response.status_code == 200, response.text
            done = time.monotonic()
            with lock:
                acknowledged.extend((done, record["id"]) for record in response.json()["records"])
            index += 1

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    try:
        while len(acknowledged) < 500:
            time.sleep(0.05)
        backup = tmp_path / "copy.sqlite"
        started = time.monotonic()
        result = subprocess.run([BINARY, "backup", "--data-dir", str(server.data_dir), "--to", str(backup)],
                                capture_output=True, text=True, timeout=120)
        finished = time.monotonic()
        time.sleep(0.5)  # writes go on after the backup too
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        assert server.stop() == 0
    assert result.returncode == 0, result.stderr
    assert "integrity ok" in result.stdout
    during = sum(1 for at, _ in acknowledged if started <= at <= finished)
    print(f"{during} writes acknowledged during the {finished - started:.2f} s backup "
          f"({during / max(finished - started, 1e-9):.0f}/s); {len(acknowledged)} in all")
    before = {record for at, record in acknowledged if at < started}
    assert before

    restored = Tessera(tmp_path / "restored")
    result = subprocess.run([BINARY, "restore", "--data-dir", str(restored.data_dir), "--from", str(backup)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "integrity ok" in result.stdout, result.stderr
    again = subprocess.run([BINARY, "restore", "--data-dir", str(restored.data_dir), "--from", str(backup)],
                           capture_output=True, text=True, timeout=120)
    assert again.returncode != 0 and "--replace" in again.stderr

    restored.start("--rate-limit-token", "0", "--rate-limit-base", "0")
    try:
        present, offset = set(), None
        while True:
            params = {"pageSize": 100, **({"offset": offset} if offset else {})}
            page = requests.get(f"{restored.url}/v0/{base}/Log", headers=headers, params=params).json()
            present |= {record["id"] for record in page["records"]}
            offset = page.get("offset")
            if not offset:
                break
    finally:
        assert restored.stop() == 0
    assert before <= present, f"{len(before - present)} acknowledged writes missing"
    assert present <= {record for _, record in acknowledged}


def test_backup_on_postgres_points_to_pg_dump(tmp_path):
    result = subprocess.run([BINARY, "backup", "--database-url", "postgres://user@127.0.0.1:1/db", "--to", str(tmp_path / "x")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "pg_dump" in result.stderr
