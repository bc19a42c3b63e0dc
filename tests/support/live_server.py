"""A real portal process on 127.0.0.1, for browser journeys: `carer-portal demo` on a free port."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.app import TEST_SECRETS
from tests.support.processes import free_port, wait_until_up

PORT_ATTEMPTS = 3
STARTUP_TIMEOUT = 60


@contextmanager
def running_portal(data_dir: Path, **environment: str) -> Iterator[str]:
    """``carer-portal demo`` on a free port. The port is chosen before the server binds it, so
    another process may take it in between: then the server exits saying so, and we try again."""
    for attempt in range(PORT_ATTEMPTS):
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        process, log = _start(data_dir, base_url, port, environment)
        if wait_until_up(process, f"{base_url}/healthz", timeout=STARTUP_TIMEOUT):
            break
        _stop(process, log)
        output = (data_dir / "server.log").read_text(errors="replace")
        if "address already in use" in output.lower() and attempt < PORT_ATTEMPTS - 1:
            continue
        raise RuntimeError("the portal did not start:\n" + output)
    try:
        yield base_url
    finally:
        _stop(process, log)


def _start(data_dir: Path, base_url: str, port: int, environment: dict[str, str]):  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "CARER_PORTAL_DATA_DIR": str(data_dir),
        "CARER_PORTAL_BASE_URL": base_url,
        "CARER_PORTAL_ENVIRONMENT": "test",
        "CARER_PORTAL_DATABASE_URL": "",
        **{f"CARER_PORTAL_{k.upper()}": v for k, v in TEST_SECRETS.items()},
        **environment,
    }
    log = open(data_dir / "server.log", "ab")  # noqa: SIM115 - closed by _stop
    process = subprocess.Popen(  # noqa: S603 - our own command, with arguments we make
        [sys.executable, "-m", "carer_portal.cli", "demo", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, log


def _stop(process: subprocess.Popen, log) -> None:  # type: ignore[no-untyped-def, type-arg]
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()
