"""Servers started as processes of their own on 127.0.0.1: a free port, and waiting until one answers.

Shared by the browser journeys' live portal (tests/support/live_server.py) and the benchmark's
servers (bench/common.py), which already reuses the test suite's helpers. Standard library only,
so importing it costs either of them nothing.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(process: subprocess.Popen[bytes], url: str, *, timeout: float) -> bool:
    """Poll ``url`` until it answers 200 (True), or ``process`` exits or ``timeout`` seconds pass
    (False: the caller decides what to make of it, from the process's log)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - 127.0.0.1 only
                if response.status == 200:
                    return True
        except OSError:  # not listening yet, or answering with an error (URLError, HTTPError)
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.1)
