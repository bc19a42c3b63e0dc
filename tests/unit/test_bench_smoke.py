"""The benchmark (bench/, `make bench`) still runs: every part at a tiny size, in seconds.

No timing assertions: a test run shares the machine, so its figures mean nothing. What is checked
is that each part produces its figures and that what the benchmark relies on holds (one row per
enquiry, every push decrypted, the generator deterministic).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest

from bench import enquiry, national, page_weight, push_fanout, results, run, throughput
from bench.common import Server, bare_server, plain_postgres_url, portal_server, scratch_postgres
from bench.generate_national import generate

PG_URL = os.environ.get("CARER_PORTAL_TEST_DATABASE_URL", "")
needs_wrk = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (make wrk)")
needs_postgres = pytest.mark.skipif(not PG_URL, reason="CARER_PORTAL_TEST_DATABASE_URL is not set")
needs_chromium = pytest.mark.skipif(not Path(page_weight.CHROMIUM).exists(), reason="no /usr/bin/chromium")


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with portal_server(tmp_path_factory.mktemp("bench-portal")) as server:
        yield server


@needs_wrk
def test_throughput_against_the_bare_app_and_peak_memory(portal: Server, tmp_path: Path) -> None:
    with bare_server(tmp_path) as bare:
        part = throughput.measure(bare, portal, duration=1, connections=4)
    assert part["bare"]["requests"] > 0 and part["bare"]["errors"] == 0
    assert {"children", "child", "account", "your_enquiries", "inbox"} <= set(throughput.SIGNED_IN)
    for page in throughput.PAGES:
        assert part[page]["requests"] > 0 and part[page]["ratio"] > 0, page
        # wrk counts connection failures, timeouts and answers other than 2xx/3xx as errors.
        assert part[page]["errors"] == 0, (page, part[page])
        assert bool(part[page]["signed_in_as"]) == (page in throughput.SIGNED_IN), page
    assert part["signed_in_min"]["page"] in throughput.SIGNED_IN
    assert part["signed_in_min"]["ratio"] == min(part[page]["ratio"] for page in throughput.SIGNED_IN)
    assert part["web_rss_mb"] > 0
    figures = run.throughput_figures(part)
    assert figures["signed_in_min_ratio"] is not None and figures["children_ratio"] is not None


@needs_chromium
def test_page_weight_first_and_repeat_visit(portal: Server) -> None:
    part = page_weight.measure(portal.base_url, pages=["/"], with_lighthouse=False)
    landing = part["pages"]["/"]
    urls = [request["url"] for request in landing["first_visit"]]
    assert urls[0] == "/" and "/sw.js" in urls and landing["html_kb"] > 0
    assert landing["repeat_visit_requests"] >= 1 and isinstance(landing["repeat_visit_only_html"], bool)
    assert part["lighthouse"]["performance"] is None and part["lighthouse"]["why_not"]


@needs_wrk
def test_enquiry_path_on_sqlite_makes_one_row_of_each_per_enquiry(portal: Server) -> None:
    part = enquiry.measure(portal, duration=1, connections=2)
    assert part["wrk"]["pairs"] > 0 and part["errors"] == 0, part["wrk"]
    assert part["one_row_each"], part["rows"]


@needs_wrk
def test_a_run_reports_the_enquiry_ratios_and_two_web_processes(tmp_path: Path) -> None:
    """Through run.py, as `make bench` runs it: bare measured again before the SQLite enquiries,
    then (with PostgreSQL) one web process and two sharing the load."""
    run.main(["--tiny", "--only", "enquiry", "--results-dir", str(tmp_path)])
    latest = json.loads((tmp_path / "latest.json").read_text())
    assert not [note for note in latest["notes"] if "failed" in note], latest["notes"]
    figures, details = latest["figures"], latest["details"]
    for key in ("enquiry_ratio", "enquiry_p99_ratio", "enquiry_per_s", "enquiry_p99_ms"):
        assert figures[key] is not None, key
    assert figures["enquiry_errors"] == 0 and figures["enquiry_rows_ok"] is True
    assert details["enquiry_sqlite"]["bare"]["requests"] > 0
    page = (tmp_path / f"{latest['machine']['date'][:10]}.md").read_text()
    assert "(`enquiry_ratio`)" in page and "Bare Litestar just before" in page
    if not PG_URL:
        return
    for prefix in ("enquiry_pg", "enquiry_pg_two_processes"):
        assert figures[f"{prefix}_per_s"] is not None and figures[f"{prefix}_p99_ms"] is not None
        assert figures[f"{prefix}_errors"] == 0 and figures[f"{prefix}_rows_ok"] is True, prefix
    two = details["enquiry_postgresql_two"]
    # Both processes served: every other connection went to the second.
    assert two["web_processes"] == 2 and all(cpu > 0 for cpu in two["web_process_cpu_s"]), two
    assert "(`enquiry_pg_two_processes_per_s`)" in page


def test_push_fanout_on_sqlite_decrypts_every_message(tmp_path: Path) -> None:
    part = push_fanout.measure(f"sqlite:///{tmp_path / 'push.sqlite3'}", tmp_path / "data", carers=5)
    assert part["decrypted_share"] == 1.0
    assert part["worker"]["sent_by_push"] == 5 and part["worker"]["emails"] == 0


@needs_postgres
def test_push_fanout_on_postgresql(tmp_path: Path) -> None:
    with scratch_postgres(plain_postgres_url(PG_URL), "smoke") as url:
        part = push_fanout.measure(
            url.replace("postgresql://", "postgresql+asyncpg://"), tmp_path / "data", carers=5
        )
    assert part["decrypted_share"] == 1.0


async def _fingerprint(url: str) -> list[str]:
    connection = await asyncpg.connect(url)
    try:
        return [
            await connection.fetchval(f"SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM {table} t")  # noqa: S608
            for table in (
                "enquiry",
                "enquiry_stage_change",
                "motivation_answer",
                "app_user",
                "carer_invite",
                "story",
            )
        ]
    finally:
        await connection.close()


@needs_postgres
def test_the_national_generator_is_deterministic_at_a_tiny_size() -> None:
    admin, end = plain_postgres_url(PG_URL), datetime(2026, 11, 23, 12, tzinfo=UTC)
    prints = []
    for _ in range(2):
        with scratch_postgres(admin, "smoke") as url:
            made = asyncio.run(generate(url, enquiries_per_year=150, years=2, councils=3, end=end))
            prints.append(asyncio.run(_fingerprint(url)))
    assert made["rows"]["enquiry"] == 300 and made["rows"]["enquiry_stage_change"] > 300
    assert prints[0] == prints[1]


@needs_postgres
def test_dashboard_and_inbox_timed_on_generated_data() -> None:
    part = national.measure(
        plain_postgres_url(PG_URL), enquiries_per_year=200, years=1, councils=2, repeats=1
    )
    assert part["enquiries"] == 200
    assert part["dashboard_ms"] > 0 and part["inbox_ms"] > 0


def test_a_run_writes_the_results_files(tmp_path: Path) -> None:
    run.main(["--tiny", "--only", "push", "--no-postgres", "--results-dir", str(tmp_path)])
    latest = json.loads((tmp_path / "latest.json").read_text())
    assert set(latest["machine"]) >= {"cores", "memory_gb", "date"}
    figures = latest["figures"]
    for key in (
        "landing_ratio",
        "signed_in_min_ratio",
        "enquiry_ratio",
        "enquiry_p99_ratio",
        "enquiry_per_s",
        "enquiry_p99_ms",
        "enquiry_errors",
        "enquiry_pg_two_processes_per_s",
        "landing_first_visit_kb",
        "landing_first_visit_requests",
        "landing_html_kb",
        "lighthouse_performance",
        "lighthouse_accessibility",
        "push_per_s",
        "dashboard_ms_national",
        "inbox_ms_national",
        "web_rss_mb",
    ):
        assert key in figures
    assert figures["push_per_s"] > 0 and figures["landing_ratio"] is None
    page = (tmp_path / f"{latest['machine']['date'][:10]}.md").read_text()
    assert "| Push messages/s end to end, SQLite (`push_per_s`) |" in page and "not run" in page


def test_verdicts() -> None:
    assert results.verdict(0.5, ">=", 0.4) == "met"
    assert results.verdict(30, "<=", 25) == "**missed**"
    assert results.verdict(None, "<=", 25) == "not run"
    assert results.verdict(True, "==", True) == "met"
    assert results.verdict(1234.5, "", None) == "reported"
