"""make run's serve script: the last lines it prints say where the service runs and how to
sign in; the worker's log goes to a file instead of burying them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_address_and_sign_ins_come_last_and_the_worker_logs_to_a_file(tmp_path: Path):
    root = Path(settings.BASE_DIR)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "EDQUALITY_"))}
    env.update({"EDQUALITY_VAR_DIR": str(tmp_path), "EDQUALITY_DEMO": "true", "PORT": str(port)})
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=root, env=env, check=True
    )
    serve = subprocess.Popen(
        ["bash", "scripts/serve.sh"],  # noqa: S607
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 60
        assert serve.stdout is not None
        while time.monotonic() < deadline:
            line = serve.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
            if "edquality is running on" in line:
                break
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)
    printed = [line for line in lines if line.strip()]
    assert (
        printed[-1] == f"edquality is running on http://127.0.0.1:{port}/ - press Ctrl-C to stop."
    )
    assert printed[-2] == f"The task worker writes its log to {tmp_path}/worker.log."
    # The server's own start-up lines come before the address, not after it.
    assert any("Quit the server with" in line for line in printed[:-2])
    assert (tmp_path / "worker.log").exists()
