"""`make run PORT=8080` serves on that port, with the base URL to match (README, "What you need")."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _dry_run(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CARER_PORTAL_BASE_URL"}
    return subprocess.run(  # noqa: S603 - make, with fixed arguments
        ["make", "-n", "run", *args],  # noqa: S607 - make, found on PATH like the README says
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _serve_command(*args: str) -> str:
    # Under another make (make test) a dry run also prints "Entering/Leaving directory" lines.
    (command,) = [line for line in _dry_run(*args).splitlines() if "carer-portal demo" in line]
    return command


def test_make_run_takes_a_port_and_the_base_url_follows() -> None:
    command = _serve_command("PORT=8080")
    assert "--port 8080" in command and "http://127.0.0.1:8080" in command
    assert "--port 8000" in _serve_command()
