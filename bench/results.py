"""The headline figures, their budgets, and the two files each run writes:
``<date>.md`` (for people) and ``latest.json`` (for tools and the next comparison)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PAGE_NAMES = {
    "/": "landing",
    "/stories": "stories",
    "/stories/sam": "story",
    "/enquire": "enquire",
    "/privacy": "privacy",
}
# (figure, what it is, comparison, budget); a comparison of "" is a figure reported without a
# budget: the enquiry path's absolute figures, which the ratios to bare Litestar budget instead.
BUDGETS: list[tuple[str, str, str, Any]] = [
    ("landing_ratio", "Landing page req/s, as a share of bare Litestar", ">=", 0.40),
    (
        "signed_in_min_ratio",
        "Lowest req/s of a signed-in page, as a share of bare Litestar",
        ">=",
        0.10,
    ),
    (
        "enquiry_ratio",
        "Enquiries/s, SQLite, as a share of bare Litestar's req/s measured just before",
        ">=",
        0.06,
    ),
    ("enquiry_p99_ratio", "Enquiry p99, SQLite, as a multiple of bare Litestar's p99", "<=", 10),
    ("enquiry_per_s", "Enquiries/s, SQLite (POST, 303, thank-you page)", "", None),
    ("enquiry_p99_ms", "Enquiry p99 ms, SQLite, 32 connections", "", None),
    ("enquiry_errors", "Enquiry errors, SQLite", "<=", 0),
    ("enquiry_rows_ok", "One enquiry, history entry and outbox row per enquiry, SQLite", "==", True),
    ("enquiry_pg_per_s", "Enquiries/s, PostgreSQL, one web process", "", None),
    ("enquiry_pg_two_processes_per_s", "Enquiries/s, PostgreSQL, two web processes", "", None),
    ("enquiry_pg_p99_ms", "Enquiry p99 ms, PostgreSQL, one web process", "", None),
    ("enquiry_pg_two_processes_p99_ms", "Enquiry p99 ms, PostgreSQL, two web processes", "", None),
    ("enquiry_pg_errors", "Enquiry errors, PostgreSQL", "<=", 0),
    ("enquiry_pg_rows_ok", "One row each, PostgreSQL", "==", True),
    ("enquiry_pg_two_processes_errors", "Enquiry errors, PostgreSQL, two web processes", "<=", 0),
    ("enquiry_pg_two_processes_rows_ok", "One row each, PostgreSQL, two web processes", "==", True),
    *[
        (f"{name}_first_visit_kb", f"{path} first visit KB (page and service worker)", "<=", 50)
        for path, name in PAGE_NAMES.items()
    ],
    *[
        (f"{name}_first_visit_requests", f"{path} first visit requests", "<=", 6)
        for path, name in PAGE_NAMES.items()
    ],
    *[
        (f"{name}_html_kb", f"{path} HTML KB (compressed, with headers)", "<=", 14)
        for path, name in PAGE_NAMES.items()
    ],
    *[
        (f"{name}_repeat_only_html", f"{path} repeat visit fetches only the HTML", "==", True)
        for path, name in PAGE_NAMES.items()
    ],
    ("lighthouse_performance", "Lighthouse performance, landing, mobile", ">=", 98),
    ("lighthouse_accessibility", "Lighthouse accessibility, landing", ">=", 100),
    ("push_per_s", "Push messages/s end to end, SQLite", ">=", 500),
    ("push_decrypted_share", "Share of pushes that decrypted to what was queued, SQLite", ">=", 1.0),
    ("push_pg_per_s", "Push messages/s end to end, PostgreSQL", ">=", 500),
    ("dashboard_ms_national", "Dashboard ms, biggest council of a national spread", "<=", 300),
    ("inbox_ms_national", "Inbox ms, biggest council of a national spread", "<=", 50),
    ("dashboard_ms_one_council", "Dashboard ms, every enquiry in one council", "<=", 300),
    ("inbox_ms_one_council", "Inbox ms, every enquiry in one council", "<=", 50),
    ("web_rss_mb", "Portal peak RSS MB under the load of part 1", "<=", 150),
]


def verdict(value: Any, comparison: str, budget: Any) -> str:
    if value is None:
        return "not run"
    if not comparison:
        return "reported"
    if comparison == ">=":
        met = value >= budget
    elif comparison == "<=":
        met = value <= budget
    else:
        met = value == budget
    return "met" if met else "**missed**"


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _budget(comparison: str, budget: Any) -> str:
    if not comparison:
        return "none"
    if comparison == "==":
        return "yes" if budget is True else _show(budget)
    return f"{'≥' if comparison == '>=' else '≤'} {_show(budget)}"


def markdown(report: dict) -> str:
    figures, machine = report["figures"], report["machine"]
    lines = [
        f"# Benchmark results, {machine['date'][:10]}",
        "",
        f"{machine['cores']} cores, {machine['memory_gb']} GB, Python {machine['python']}. Load average "
        f"(1, 5, 15 min) {machine['load_average']} before the run and "
        f"{machine.get('load_average_after')} after it; other work on the machine shares the cores. "
        f"Run took {machine.get('run_seconds')} s"
        f"{' (tiny sizes: proves the parts run, figures mean nothing)' if report.get('tiny') else ''}.",
        "",
        "| Figure | Measured | Budget | |",
        "| --- | --- | --- | --- |",
    ]
    lowest = report.get("details", {}).get("throughput", {}).get("signed_in_min")
    for key, label, comparison, budget in BUDGETS:
        if key in figures:
            value = figures[key]
            if key == "signed_in_min_ratio" and lowest:
                label = f"{label}: `{lowest['page']}`"  # which page it is, for whoever optimises it
            lines.append(
                f"| {label} (`{key}`) | {_show(value)} | {_budget(comparison, budget)} | "
                f"{verdict(value, comparison, budget)} |"
            )
    details = report.get("details", {})
    throughput = details.get("throughput")
    if throughput:
        lines += [
            "",
            "## Throughput (wrk, 1 thread, "
            f"{throughput['connections']} connections, {throughput['duration_s']:.0f} s, "
            "Accept-Encoding: gzip, deflate, br)",
            "",
            "| | signed in as | req/s | p50 ms | p99 ms | errors | KB/response | ratio to bare |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        # Results from before the signed-in pages were added name no pages.
        for name in ("bare", *throughput.get("pages", ("landing", "story", "your_enquiry", "inbox"))):
            row = throughput.get(name)
            if row:
                lines.append(
                    f"| {name} | {row.get('signed_in_as') or '-'} | {_show(row['req_per_s'])} | "
                    f"{_show(row['p50_ms'])} | {_show(row['p99_ms'])} | {row['errors']} | "
                    f"{_show(row['kb_per_response'])} | {_show(row.get('ratio', 1.0))} |"
                )
        lowest = throughput.get("signed_in_min")
        if lowest:
            lines += [
                "",
                f"Lowest ratio of a signed-in page (`signed_in_min_ratio`): `{lowest['page']}`, "
                f"{_show(lowest['ratio'])}.",
            ]
    for title, key in (
        ("Enquiry path, SQLite", "enquiry_sqlite"),
        ("Enquiry path, PostgreSQL", "enquiry_postgresql"),
        ("Enquiry path, PostgreSQL, two web processes", "enquiry_postgresql_two"),
    ):
        part = details.get(key)
        if part:
            lines += [
                "",
                f"## {title}",
                "",
                f"{_show(part['enquiries_per_s'])} enquiries/s; whole enquiry (POST + thank-you) p50 "
                f"{_show(part['p50_ms'])} ms, p99 {_show(part['p99_ms'])} ms, "
                f"max {_show(part['max_ms'])} ms; "
                f"errors {part['errors']} (wrk: {part['wrk']['errors']}, wrong answers "
                f"{part['wrk']['bad_answers']}). Rows: {part['rows']}.",
            ]
            one = details.get("enquiry_postgresql")
            if part.get("web_processes", 1) > 1 and one and one["enquiries_per_s"]:
                lines += [
                    "",
                    f"{part['web_processes']} `carer-portal serve` processes, every other connection "
                    f"to each (CPU seconds each: {part.get('web_process_cpu_s')}); one process in the "
                    f"same run: {_show(one['enquiries_per_s'])} "
                    f"enquiries/s (two give {_show(part['enquiries_per_s'] / one['enquiries_per_s'])} "
                    "times as many).",
                ]
            if part.get("bare"):
                lines += [
                    "",
                    f"Bare Litestar just before: {_show(part['bare']['req_per_s'])} req/s, p99 "
                    f"{_show(part['bare']['p99_ms'])} ms; enquiries/s over its req/s "
                    f"{_show(part['ratio'])}, p99 over its p99 {_show(part['p99_ratio'])}.",
                ]
    weight = details.get("page_weight", {}).get("pages")
    if weight:
        lines += [
            "",
            "## Page weight (headless Chromium, fresh context per page)",
            "",
            "| page | first visit KB | requests | page only KB / requests | HTML KB | repeat visit |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for path, row in weight.items():
            lines.append(
                f"| {path} | {_show(row['first_visit_kb'])} | {row['first_visit_requests']} | "
                f"{_show(row['first_visit_page_only_kb'])} / {row['first_visit_page_only_requests']} | "
                f"{_show(row['html_kb'])} | {', '.join(r['url'] for r in row['repeat_visit']) or 'nothing'} |"
            )
    for key, label in (
        ("push_sqlite", "Push fan-out, SQLite"),
        ("push_postgresql", "Push fan-out, PostgreSQL"),
    ):
        part = details.get(key)
        if part:
            lines += [
                "",
                f"## {label}",
                "",
                f"{part['carers']:,} carers: {_show(part['messages_per_s'])} messages/s "
                f"({part['seconds']} s), decrypted {_show(part['decrypted_share'])}; outbox afterwards "
                f"{part['worker']['outbox']}, emails instead {part['worker']['emails']}.",
            ]
    for key, label in (("national", "National spread"), ("one_council", "Every enquiry in one council")):
        part = details.get(key)
        if part:
            lines += [
                "",
                f"## {label}: {part['enquiries']:,} enquiries in {part['councils']} "
                f"council{'s' if part['councils'] != 1 else ''} (generated in {part['generation_s']} s)",
                "",
            ]
            for which, timed in part["timed"].items():
                lines.append(
                    f"- {which} council ({timed['enquiries']:,} enquiries): dashboard {timed['dashboard']}, "
                    f"inbox {timed['inbox']}"
                )
    if report.get("notes"):
        lines += ["", "## Not measured, and why", ""] + [f"- {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def write(report: dict, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"{report['machine']['date'][:10]}.md"
    page.write_text(markdown(report))
    latest = folder / "latest.json"
    latest.write_text(json.dumps(report, indent=2, default=str) + "\n")
    return page, latest
