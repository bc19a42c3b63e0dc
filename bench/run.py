"""`make bench`: every part of the benchmark in one run, then bench/results/<date>.md and latest.json.

    python -m bench.run                    # everything, full size (about 8 minutes)
    python -m bench.run --only enquiry     # one part: throughput, enquiry, page_weight, push, national
    python -m bench.run --tiny --results-dir /tmp/x   # seconds; what tests/unit/test_bench_smoke.py runs

A part that cannot run here (no wrk, no PostgreSQL, Lighthouse not installable) records null
figures and says why; the run goes on.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import enquiry, national, page_weight, push_fanout, results, throughput
from bench.common import (
    RESULTS_DIR,
    Server,
    bare_server,
    machine,
    portal_server,
    postgres_admin_url,
    scratch_postgres,
    wrk_path,
)
from carer_portal.config import async_database_url

PARTS = ("throughput", "page_weight", "enquiry", "push", "national")


def throughput_figures(part: dict) -> dict:
    """Part 1's figures for latest.json, from what throughput.measure returned."""
    figures = {}
    for name in throughput.PAGES:
        figures[f"{name}_ratio"] = part[name]["ratio"]
        figures[f"{name}_req_per_s"] = part[name]["req_per_s"]
    figures["signed_in_min_ratio"] = part["signed_in_min"]["ratio"]
    figures["bare_req_per_s"] = part["bare"]["req_per_s"]
    figures["web_rss_mb"] = part["web_rss_mb"]
    return figures


class Run:
    def __init__(self, options: argparse.Namespace, work: Path) -> None:
        self.options, self.work = options, work
        self.figures: dict = {}
        self.details: dict = {}
        self.notes: list[str] = []
        self.pg_admin, why = postgres_admin_url() if options.postgres else (None, "--no-postgres given")
        if self.pg_admin is None:
            self.notes.append(f"PostgreSQL parts: {why}")
        self.wrk = wrk_path() is not None
        if not self.wrk:
            self.notes.append("wrk is not installed (`make wrk`): throughput and enquiry figures are missing")

    def attempt(self, label: str, step: Callable[[], None]) -> None:
        started = time.perf_counter()
        print(f"[bench] {label}...", flush=True)
        try:
            step()
        except Exception as error:  # noqa: BLE001 - one part failing must not lose the others' figures
            traceback.print_exc()
            self.notes.append(f"{label} failed: {type(error).__name__}: {str(error).splitlines()[0][:300]}")
        print(f"[bench] {label}: {time.perf_counter() - started:.0f} s", flush=True)

    # --- the parts ---------------------------------------------------------------------------

    def portal_pages(self) -> None:
        """Parts 1, 6 and 3 share one portal process (SQLite, the `make run` default)."""
        wanted = self.options.only
        with portal_server(self.work, name="portal") as portal:
            if "throughput" in wanted and self.wrk:
                with bare_server(self.work) as bare:
                    part = throughput.measure(
                        bare, portal, duration=self.options.duration, connections=self.options.connections
                    )
                self.details["throughput"] = part
                self.figures.update(throughput_figures(part))
            if "page_weight" in wanted:
                pages = page_weight.PUBLIC_PAGES[:2] if self.options.tiny else page_weight.PUBLIC_PAGES
                part = page_weight.measure(
                    portal.base_url, pages=pages, with_lighthouse=self.options.lighthouse
                )
                self.details["page_weight"] = part
                for path, row in part["pages"].items():
                    name = results.PAGE_NAMES.get(path, path.strip("/").replace("/", "_"))
                    self.figures[f"{name}_first_visit_kb"] = row["first_visit_kb"]
                    self.figures[f"{name}_first_visit_requests"] = row["first_visit_requests"]
                    self.figures[f"{name}_html_kb"] = row["html_kb"]
                    self.figures[f"{name}_repeat_only_html"] = row["repeat_visit_only_html"]
                lighthouse = part["lighthouse"]
                self.figures["lighthouse_performance"] = lighthouse["performance"]
                self.figures["lighthouse_accessibility"] = lighthouse["accessibility"]
                if lighthouse.get("why_not"):
                    self.notes.append(f"Lighthouse: {lighthouse['why_not']}")

    def enquiries(self, database: str) -> None:
        """database: "sqlite", "postgresql", or "postgresql_two" (two web processes, one database)."""
        suffix = {"sqlite": "", "postgresql": "_pg", "postgresql_two": "_pg_two_processes"}[database]
        options = self.options

        def measure(portal: Server, second: Server | None = None) -> dict:
            return enquiry.measure(
                portal, duration=options.duration, connections=options.connections, second=second
            )

        if database == "sqlite":
            with portal_server(self.work, name="enquiry-sqlite") as portal:
                # The ratios' denominator, measured again right before rather than taken from part 1:
                # minutes of other parts lie between, and the machine's other load moves.
                with bare_server(self.work) as bare:
                    reference = throughput.bare_reference(
                        bare, duration=options.duration, connections=options.connections
                    )
                part = measure(portal)
            part.update(enquiry.against_bare(part, reference))
            self.figures["enquiry_ratio"] = part["ratio"]
            self.figures["enquiry_p99_ratio"] = part["p99_ratio"]
        else:
            assert self.pg_admin is not None
            with (
                scratch_postgres(self.pg_admin, "enquiry") as url,
                portal_server(self.work, database_url=url, name=f"enquiry-{database}") as portal,
            ):
                if database == "postgresql":
                    part = measure(portal)
                else:
                    with portal_server(
                        self.work, database_url=url, name="enquiry-postgresql-second", beside=portal
                    ) as second:
                        part = measure(portal, second)
        self.details[f"enquiry_{database}"] = part
        self.figures[f"enquiry{suffix}_per_s"] = part["enquiries_per_s"]
        self.figures[f"enquiry{suffix}_p99_ms"] = part["p99_ms"]
        self.figures[f"enquiry{suffix}_errors"] = part["errors"]
        self.figures[f"enquiry{suffix}_rows_ok"] = part["one_row_each"]

    def push(self, database: str) -> None:
        suffix = "" if database == "sqlite" else "_pg"
        folder = self.work / f"push-{database}"
        if database == "sqlite":
            url = f"sqlite:///{folder / 'push.sqlite3'}"
            folder.mkdir(parents=True, exist_ok=True)
            part = push_fanout.measure(url, folder / "data", carers=self.options.carers)
        else:
            assert self.pg_admin is not None
            with scratch_postgres(self.pg_admin, "push") as url:
                part = push_fanout.measure(
                    async_database_url(url), folder / "data", carers=self.options.carers
                )
        self.details[f"push_{database}"] = part
        self.figures[f"push{suffix}_per_s"] = part["messages_per_s"]
        self.figures[f"push{suffix}_decrypted_share"] = part["decrypted_share"]

    def nationally(self, councils: int, key: str) -> None:
        assert self.pg_admin is not None
        size = {"enquiries_per_year": 600, "years": 1} if self.options.tiny else {}
        part = national.measure(
            self.pg_admin, councils=councils, repeats=2 if self.options.tiny else 5, **size
        )
        self.details[key] = part
        self.figures[f"dashboard_ms_{key}"] = part["dashboard_ms"]
        self.figures[f"inbox_ms_{key}"] = part["inbox_ms"]

    def everything(self) -> None:
        wanted = self.options.only
        if {"throughput", "page_weight"} & set(wanted):
            self.attempt("throughput, memory and page weight", self.portal_pages)
        if "enquiry" in wanted and self.wrk:
            self.attempt("enquiry path on SQLite", lambda: self.enquiries("sqlite"))
            if self.pg_admin:
                self.attempt("enquiry path on PostgreSQL", lambda: self.enquiries("postgresql"))
                self.attempt(
                    "enquiry path on PostgreSQL, two web processes",
                    lambda: self.enquiries("postgresql_two"),
                )
        if "push" in wanted:
            self.attempt("push fan-out on SQLite", lambda: self.push("sqlite"))
            if self.pg_admin:
                self.attempt("push fan-out on PostgreSQL", lambda: self.push("postgresql"))
        if "national" in wanted and self.pg_admin:
            self.attempt(
                "national scale (150 councils)",
                lambda: self.nationally(150 if not self.options.tiny else 3, "national"),
            )
            if self.options.one_council:
                self.attempt("national scale (one council)", lambda: self.nationally(1, "one_council"))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--tiny", action="store_true", help="seconds, not minutes: proves each part runs")
    parser.add_argument(
        "--duration", type=float, default=None, help="seconds per wrk run (default 10; tiny 1)"
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--carers", type=int, default=None, help="push fan-out size (default 2000; tiny 20)")
    parser.add_argument("--no-lighthouse", dest="lighthouse", action="store_false")
    parser.add_argument(
        "--no-one-council",
        dest="one_council",
        action="store_false",
        help="skip generating the every-enquiry-in-one-council database (about a minute)",
    )
    parser.add_argument(
        "--no-postgres",
        dest="postgres",
        action="store_false",
        help="SQLite only (otherwise PostgreSQL at $CARER_PORTAL_BENCH_DATABASE_URL, "
        "$CARER_PORTAL_TEST_DATABASE_URL or postgres@127.0.0.1:5432 is used when it answers)",
    )
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    options = parser.parse_args(argv)
    if options.tiny:
        options.duration = options.duration or 1.0
        options.carers = options.carers or 20
        options.connections = min(options.connections, 4)
        options.lighthouse = False
    options.duration = options.duration or 10.0
    options.carers = options.carers or 2000

    about = machine()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="carer-portal-bench-") as folder:
        run = Run(options, Path(folder))
        run.everything()
    about["load_average_after"] = machine()["load_average"]
    about["run_seconds"] = round(time.perf_counter() - started)
    report = {
        "figures": run.figures,
        "machine": about,
        "tiny": options.tiny,
        "notes": run.notes,
        "details": run.details,
    }
    for key, _, _, _ in results.BUDGETS:
        report["figures"].setdefault(key, None)
    page, latest = results.write(report, options.results_dir)
    print(page.read_text())
    print(f"[bench] wrote {page} and {latest}")
    return report


if __name__ == "__main__":
    main()
