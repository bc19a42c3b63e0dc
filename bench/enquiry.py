"""Part 2: the enquiry path, POST /enquire -> 303 -> GET /enquire/thank-you, as a whole.

wrk runs bench/enquiry.lua with one thread per connection: a fresh idempotency key for every
enquiry, the CSRF token and cookie fetched once beforehand. Afterwards the database must hold
exactly one enquiry, one first history entry and one confirmation outbox row per enquiry made.
Given a second web process of the same service, every other connection goes to it.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from urllib.parse import urlsplit

from sqlalchemy import text

from bench.client import csrf_for_enquiries
from bench.common import BENCH_DIR, Server, cpu_seconds, run_wrk
from carer_portal.db import create_engine

SCRIPT = BENCH_DIR / "enquiry.lua"
# The benchmark's enquiries carry this name; the demo council's own enquiries do not.
OURS = "e.name = 'Sam Bench'"
# Outbox keys hold the enquiry id as Python prints a UUID; SQLite stores it as 32 hex digits.
ID_TEXT = {
    "sqlite": "substr(e.id, 1, 8) || '-' || substr(e.id, 9, 4) || '-' || substr(e.id, 13, 4) || '-' || "
    "substr(e.id, 17, 4) || '-' || substr(e.id, 21)",
    "postgresql": "CAST(e.id AS TEXT)",
}


def _counts(dialect: str) -> dict[str, str]:
    # Only the constants above are put into these statements.
    return {
        "enquiries": f"SELECT count(*) FROM enquiry e WHERE {OURS}",  # noqa: S608
        "distinct_keys": f"SELECT count(DISTINCT idempotency_key) FROM enquiry e WHERE {OURS}",  # noqa: S608
        "first_history_entries": (
            "SELECT count(*) FROM enquiry_stage_change s JOIN enquiry e ON e.id = s.enquiry_id "  # noqa: S608
            f"WHERE {OURS} AND s.from_stage IS NULL"
        ),
        # Found through the unique (council, key) index: one look-up per enquiry.
        "with_confirmation": (
            f"SELECT count(*) FROM enquiry e WHERE {OURS} AND EXISTS (SELECT 1 FROM outbox o WHERE "  # noqa: S608
            f"o.council_id = e.council_id AND o.dedupe_key = 'enquiry-confirmation:' || {ID_TEXT[dialect]})"
        ),
        "confirmation_outbox_rows": (
            "SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'enquiry-confirmation:%'"
        ),
        "all_enquiries": "SELECT count(*) FROM enquiry",
    }


def row_counts(database_url: str) -> dict[str, int]:
    async def count() -> dict[str, int]:
        engine = create_engine(database_url)
        try:
            queries = _counts(engine.dialect.name)
            async with engine.connect() as connection:
                return {
                    name: int((await connection.execute(text(sql))).scalar_one())
                    for name, sql in queries.items()
                }
        finally:
            await engine.dispose()

    return asyncio.run(count())


def settled_counts(database_url: str, *, timeout: float = 60) -> dict[str, int]:
    """Counts once the server has finished what wrk left in flight: two reads a second apart agree."""
    deadline = time.monotonic() + timeout
    previous = row_counts(database_url)
    while True:
        time.sleep(1.0)
        counts = row_counts(database_url)
        if counts == previous or time.monotonic() > deadline:
            return counts
        previous = counts


def measure(portal: Server, *, duration: float, connections: int = 32, second: Server | None = None) -> dict:
    """``second``: another web process of the same service (common.portal_server's ``beside``);
    enquiry.lua sends every other connection to it."""
    token, cookie = csrf_for_enquiries(portal.base_url)
    second_port = str(urlsplit(second.base_url).port) if second else ""
    before = row_counts(portal.database_url)
    # The check run doubles as the warm-up: it asks for the thank-you page uncompressed and
    # looks for the person's name in it, proving the session carries the enquiry through. At
    # least 3 s: a cold process on a busy machine can take a second over its first enquiry.
    check = run_wrk(
        portal.base_url,
        duration=max(3.0, duration / 5),
        connections=connections,
        threads=connections,
        script=SCRIPT,
        script_args=[secrets.token_hex(4), token, cookie, "check", second_port],
    )
    if check["pairs"] == 0 or check["bad_answers"]:
        raise RuntimeError(f"the enquiry path does not work under wrk: {check}")
    processes = [portal, *([second] if second else [])]
    cpu_before = [cpu_seconds(server.pid) for server in processes]
    result = run_wrk(
        portal.base_url,
        duration=duration,
        connections=connections,
        threads=connections,
        script=SCRIPT,
        script_args=[secrets.token_hex(4), token, cookie, "measure", second_port],
    )
    # Each process's CPU seconds during the measured run: with two, proof both took their share.
    cpu_after = [cpu_seconds(server.pid) for server in processes]
    cpu = [
        round(end - start, 2) if start is not None and end is not None else None
        for start, end in zip(cpu_before, cpu_after, strict=True)
    ]
    after = settled_counts(portal.database_url)
    added = {name: after[name] - before[name] for name in after}
    seconds = result["duration_us"] / 1e6
    # Every POST sent may have reached the server, even those whose answer wrk did not wait for.
    sent = check["posts_sent"] + result["posts_sent"]
    acknowledged = check["pairs"] + result["pairs"]
    consistent = (
        added["enquiries"]
        == added["distinct_keys"]
        == added["first_history_entries"]
        == added["with_confirmation"]
        == added["confirmation_outbox_rows"]
        == added["all_enquiries"]
        and acknowledged <= added["enquiries"] <= sent
    )
    errors = sum(result["errors"].values()) + result["bad_answers"]
    return {
        "enquiries_per_s": round(result["pairs"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(result["pair_p50_us"] / 1000, 2),
        "p99_ms": round(result["pair_p99_us"] / 1000, 2),
        "max_ms": round(result["pair_max_us"] / 1000, 2),
        "errors": errors,
        "connections": connections,
        "web_processes": len(processes),
        "web_process_cpu_s": cpu,
        "duration_s": duration,
        "wrk": result,
        "rows": {"posts_sent": sent, "pairs_completed": acknowledged, **added},
        "one_row_each": consistent,
    }


def against_bare(part: dict, bare: dict) -> dict:
    """The enquiry path's figures as ratios to the bare app's, measured just before on the same
    machine: absolute figures move with the machine and its other load, ratios much less."""
    return {
        "bare": bare,
        "ratio": round(part["enquiries_per_s"] / bare["req_per_s"], 4) if bare["req_per_s"] else None,
        "p99_ratio": round(part["p99_ms"] / bare["p99_ms"], 2) if bare["p99_ms"] else None,
    }
