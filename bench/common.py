"""What every part of the benchmark shares: servers on 127.0.0.1, wrk, PostgreSQL scratch
databases, and a description of the machine the figures came from."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.support.processes import free_port, wait_until_up

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
# Fixed secrets, so sessions and CSRF tokens made in one step stay valid in the next.
SECRETS = {"SESSION_SECRET": "44" * 32, "CSRF_SECRET": "55" * 32, "TOKEN_SECRET": "66" * 32}
# What a browser sends; the portal compresses for it, the bare app has nothing to compress.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br"}
PG_ADMIN_ENV = ("CARER_PORTAL_BENCH_DATABASE_URL", "CARER_PORTAL_TEST_DATABASE_URL")
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path
    database_url: str = ""
    data_dir: Path | None = None

    @property
    def pid(self) -> int:
        return self.process.pid


@contextmanager
def serving(
    command: list[str],
    *,
    env: dict[str, str],
    log_path: Path,
    health_url: str,
    base_url: str,
    timeout: float = 90,
) -> Iterator[Server]:
    """Run ``command`` until the block ends; it must answer 200 at ``health_url`` first."""
    with open(log_path, "wb") as log:
        # Our own commands (the portal, the bare app), nothing from outside.
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT)  # noqa: S603
        try:
            if not wait_until_up(process, health_url, timeout=timeout):
                log_tail = log_path.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{health_url} did not come up:\n{log_tail}")
            yield Server(process=process, base_url=base_url, log_path=log_path)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def bare_server(work_dir: Path) -> Iterator[Server]:
    """The reference: a Litestar "hello", served exactly as the portal is (bench/bare_app.py)."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with serving(
        [sys.executable, "-m", "bench.bare_app", "--port", str(port)],
        env={**os.environ},
        log_path=work_dir / "bare.log",
        health_url=f"{base_url}/",
        base_url=base_url,
    ) as server:
        yield server


def portal_env(data_dir: Path, base_url: str, database_url: str = "", **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CARER_PORTAL_")}
    env.update(
        {
            "CARER_PORTAL_DATA_DIR": str(data_dir),
            "CARER_PORTAL_BASE_URL": base_url,
            "CARER_PORTAL_DATABASE_URL": database_url,
            "CARER_PORTAL_DEMO_MODE": "true",
            # The production shape: the outbox is delivered by `carer-portal worker` processes.
            "CARER_PORTAL_WORKER_IN_PROCESS": "false",
            # Every enquiry in the benchmark comes from one client address.
            "CARER_PORTAL_ENQUIRY_RATE_LIMIT_PER_MINUTE": "100000000",
            **{f"CARER_PORTAL_{name}": value for name, value in SECRETS.items()},
            **{f"CARER_PORTAL_{name.upper()}": value for name, value in extra.items()},
        }
    )
    return env


@contextmanager
def portal_server(
    work_dir: Path, *, database_url: str = "", name: str = "portal", beside: Server | None = None
) -> Iterator[Server]:
    """`carer-portal demo` (migrate, load Eastbrook, serve with uvicorn, one worker) on a free port.

    With ``beside`` (a portal already up): a second web process for the same service, as two
    behind one load balancer: plain `carer-portal serve` on the same database and data folder,
    with the same public address (CARER_PORTAL_BASE_URL) and secrets."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    if beside is None:
        command, public_url, data_dir = "demo", base_url, work_dir / f"{name}-data"
        data_dir.mkdir(parents=True, exist_ok=True)
    else:
        assert beside.data_dir is not None
        command, public_url, data_dir = "serve", beside.base_url, beside.data_dir
    env = portal_env(data_dir, public_url, database_url)
    with serving(
        [sys.executable, "-m", "carer_portal.cli", command, "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        log_path=work_dir / f"{name}.log",
        health_url=f"{base_url}/healthz",
        base_url=base_url,
    ) as server:
        server.data_dir = data_dir
        from carer_portal.config import async_database_url

        server.database_url = (
            async_database_url(database_url)
            if database_url
            else f"sqlite:///{data_dir / 'carer_portal.sqlite3'}"
        )
        yield server


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM: the most resident memory the process has had since it started."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return round(int(match.group(1)) / 1024, 1) if match else None


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time the process has used so far (/proc/<pid>/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # utime and stime are fields 14 and 15 of the line; fields[0] here is field 3.
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 2)


# --- wrk ------------------------------------------------------------------------------------

REPORT_LUA = BENCH_DIR / "report.lua"


def wrk_path() -> str | None:
    return shutil.which("wrk")


def run_wrk(
    url: str,
    *,
    duration: float,
    connections: int = 32,
    threads: int = 1,
    headers: dict[str, str] | None = None,
    script: Path = REPORT_LUA,
    script_args: list[str] | None = None,
) -> dict:
    """Load ``url`` for ``duration`` seconds; the Lua script prints one ``BENCH_JSON {...}`` line."""
    wrk = wrk_path()
    if wrk is None:
        raise RuntimeError("wrk is not installed (make wrk)")
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "5s",
        "-s",
        str(script),
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=False)  # noqa: S603
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise RuntimeError(
        f"wrk gave no result (exit {completed.returncode}):\n{completed.stdout}\n{completed.stderr}"
    )


# --- PostgreSQL -----------------------------------------------------------------------------


def plain_postgres_url(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://").replace("postgres://", "postgresql://")


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def postgres_admin_url() -> tuple[str | None, str]:
    """A PostgreSQL server to make scratch databases on, or None and why not."""
    url = next((os.environ[name] for name in PG_ADMIN_ENV if os.environ.get(name)), PG_DEFAULT)
    url = plain_postgres_url(url)

    async def ping() -> None:
        import asyncpg

        connection = await asyncpg.connect(url, timeout=3)
        await connection.close()

    try:
        asyncio.run(ping())
    except Exception as error:  # noqa: BLE001 - any failure means "no PostgreSQL for the benchmark"
        return None, f"PostgreSQL not reachable at {urlsplit(url).netloc}: {type(error).__name__}"
    return url, ""


async def _admin(url: str, *statements: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def scratch_postgres(admin_url: str, label: str, *, keep: bool = False) -> Iterator[str]:
    """A new, empty database for the block (dropped afterwards); yields its plain URL."""
    name = f"carer_portal_bench_{label}_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"'))
    try:
        yield with_database(admin_url, name)
    finally:
        if not keep:
            asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def drop_postgres(admin_url: str, name: str) -> None:
    asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# --- the machine ----------------------------------------------------------------------------


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    match = re.search(r"MemTotal:\s+(\d+) kB", meminfo)
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(int(match.group(1)) / 1024 / 1024, 1) if match else None,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
