"""The embedded worker never takes the site down: a half-written message is skipped, and a worker that
dies is started again while the web server goes on serving (scripts/serve.sh, which `make run` uses)."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from kombu import Connection

from tests.conftest import ROOT, _database_url, wait_for


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _filesystem_connection(folder: Path) -> Connection:
    for name in ("queue", "processed", "control"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    return Connection(
        "filesystem://",
        transport="peersupport.core.broker:Transport",
        transport_options={
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "control_folder": str(folder / "control"),
            "processed_folder": str(folder / "processed"),
        },
    )


def test_a_malformed_message_is_skipped_and_the_next_one_delivered(tmp_path):
    with _filesystem_connection(tmp_path) as connection:
        queue = connection.SimpleQueue("skip-probe")
        (tmp_path / "queue" / "0000000001_half.skip-probe.msg").write_text('{"body": "eyJ')  # cut short
        queue.put({"hello": "world"})
        assert queue.get(timeout=5).payload == {"hello": "world"}
        queue.close()


def test_a_message_is_never_visible_half_written(tmp_path):
    with _filesystem_connection(tmp_path) as connection:
        queue = connection.SimpleQueue("atomic-probe")
        queue.put({"n": 1})
        names = os.listdir(tmp_path / "queue")
        assert names and all(name.endswith(".atomic-probe.msg") for name in names)  # no partial file left
        (tmp_path / "queue" / "0000000002_x.atomic-probe.msg.part").write_text("{")  # a write in progress
        assert queue.get(timeout=5).payload == {"n": 1}
        assert queue.qsize() == 0
        queue.close()


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _pid(path: Path) -> int | None:
    try:
        return int(path.read_text())
    except (OSError, ValueError):
        return None


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_dying_worker_is_restarted_and_the_web_server_keeps_serving(tmp_path):
    from django.db import connection

    port = _free_port()
    run_dir = tmp_path / "run"
    env = {
        **os.environ,
        "PORT": str(port),
        "BIN": str(ROOT / ".venv" / "bin"),
        "RUN_DIR": str(run_dir),
        "DEBUG": "true",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "REDIS_URL": "",  # its own file broker, so that it takes nothing from the suite's workers
        "CELERY_BROKER_DIR": str(tmp_path / "broker"),
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(
        ["bash", "scripts/serve.sh"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(lambda: _healthy(port), timeout=60)
        worker_pid = wait_for(lambda: _pid(run_dir / "worker.pid"), timeout=30)
        wait_for(lambda: "ready." in (tmp_path / "serve.log").read_text(), timeout=60)

        os.kill(worker_pid, signal.SIGKILL)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            assert _healthy(port), "the web server went down with the worker"
            time.sleep(0.3)

        def restarted():
            """the worker to be started again"""
            pid = _pid(run_dir / "worker.pid")
            return pid if pid != worker_pid and _alive(pid) else None

        new_pid = wait_for(restarted, timeout=30)
        assert "starting it again" in (tmp_path / "serve.log").read_text()

        # A malformed message in the queue folder is logged and skipped; the worker stays up.
        (tmp_path / "broker" / "queue" / "0000000001_half.celery.msg").write_text('{"body": "eyJ')
        wait_for(lambda: "Skipped a malformed message" in (tmp_path / "serve.log").read_text(), timeout=30)
        time.sleep(1)
        assert _alive(new_pid) and _pid(run_dir / "worker.pid") == new_pid
        assert _healthy(port)
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
        log.close()
    # Stopping leaves nothing behind: a worker that outlived its supervisor would go on running beat.
    for name in ("worker", "safety-worker"):
        pid = _pid(run_dir / f"{name}.pid")
        deadline = time.monotonic() + 5
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(pid), f"the {name} outlived scripts/serve.sh"
