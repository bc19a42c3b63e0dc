"""Waiting for a server process: the live portal of the browser journeys and the benchmark's servers."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tests.support.processes import free_port, wait_until_up


def test_a_server_that_answers_is_up(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(tmp_path)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        assert wait_until_up(process, f"http://127.0.0.1:{port}/", timeout=30)
    finally:
        process.terminate()
        process.wait()


def test_a_process_that_exits_is_given_up_on_at_once() -> None:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    started = time.monotonic()
    assert not wait_until_up(process, f"http://127.0.0.1:{free_port()}/", timeout=30)
    assert time.monotonic() - started < 10
    process.wait()


def test_a_process_that_never_answers_is_given_up_on_after_the_timeout() -> None:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert not wait_until_up(process, f"http://127.0.0.1:{free_port()}/", timeout=0.5)
    finally:
        process.kill()
        process.wait()
