"""The needs-over-time chart and its table: accessible, CSP-safe, the same figures in both,
and still readable with five years of profiles."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from carer_portal.children.needs.charts import (
    CHAR_WIDTH,
    FONT_SIZE,
    WIDTH,
    date_labels,
    needs_chart,
    needs_table,
)
from carer_portal.children.needs.framework import default_framework
from carer_portal.children.needs.models import NeedsProfile, NeedsRating
from carer_portal.children.needs.service import ProfileVersion

FRAMEWORK = default_framework()
KEYS = [d.key for d in FRAMEWORK.domains]


def version(on: date, levels: dict[str, int | None] | tuple[int, ...]) -> ProfileVersion:
    profile = NeedsProfile(
        council_id=uuid.uuid4(),
        child_id=uuid.uuid4(),
        framework_id=uuid.uuid4(),
        assessed_on=on,
        created_at=datetime.combine(on, time(9), tzinfo=UTC),
    )
    by_key = dict(zip(KEYS, levels, strict=True)) if isinstance(levels, tuple) else levels
    ratings = {
        key: NeedsRating(council_id=profile.council_id, profile_id=profile.id, domain=key, level=level)
        for key, level in by_key.items()
        if level is not None
    }
    return ProfileVersion(profile=profile, framework=FRAMEWORK, framework_version=1, ratings=ratings)


# Newest first, as profile_history gives them.
THREE = [
    version(date(2026, 8, 5), (2, 2, 2, 1, 2, 1, 0)),
    version(date(2025, 3, 3), (1, 2, 3, 2, 2, 1, 1)),
    version(date(2023, 11, 9), (1, 3, 3, 2, 3, 2, 1)),
]
# Five years of profiles, every quarter (21 of them), levels wandering over the whole scale.
FIVE_YEARS = [
    version(date(2021, 1, 15) + timedelta(days=91 * i), tuple((i + d) % 5 for d in range(7)))
    for i in reversed(range(21))
]


def root(chart: Markup):  # type: ignore[no-untyped-def]
    assert isinstance(chart, Markup)
    return BeautifulSoup(f"<body>{chart}</body>", "html5lib").select_one("svg")


@pytest.mark.parametrize(
    "versions", [THREE, FIVE_YEARS, THREE[:1], []], ids=["three", "five-years", "one", "none"]
)
def test_the_chart_is_a_named_image_without_inline_styles(versions) -> None:  # type: ignore[no-untyped-def]
    chart = needs_chart(versions)
    assert "style=" not in chart
    svg = root(chart)
    assert svg["role"] == "img" and svg.get("aria-hidden") is None
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.select_one(f"#{title_id}").name == "title" and svg.select_one(f"#{title_id}").get_text()
    assert "table" in svg.select_one(f"#{desc_id}").get_text()
    assert svg["viewBox"] == f"0 0 {WIDTH} {svg['height']}" and "app-chart" in svg["class"]
    # 16 units in a 400-unit drawing: 14 px or more on a 390 px phone (about 358 px wide there).
    assert int(FONT_SIZE) * 358 / WIDTH >= 14


def _points(svg) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    return {(p["data-domain"], p["data-date"]): int(p["data-value"]) for p in svg.select(".app-chart__point")}


def _table_figures(versions) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    table = needs_table(versions)
    return {
        (row.domain.key, on.isoformat()): cell.level
        for row in table.rows
        for on, cell in zip(table.dates, row.cells, strict=True)
        if cell.level is not None
    }


@pytest.mark.parametrize("versions", [THREE, FIVE_YEARS], ids=["three", "five-years"])
def test_the_chart_and_the_table_hold_the_same_figures(versions) -> None:  # type: ignore[no-untyped-def]
    points = _points(root(needs_chart(versions)))
    expected = {(key, v.profile.assessed_on.isoformat()): v.level(key) for v in versions for key in KEYS}
    assert points == expected == _table_figures(versions)


def test_a_panel_for_each_area_in_the_frameworks_order_and_the_latest_marked_differently() -> None:
    svg = root(needs_chart(THREE))
    assert [g["data-domain"] for g in svg.select("g.app-chart__panel")] == KEYS
    latest = svg.select(".app-chart__point--latest")
    assert len(latest) == len(KEYS) and all(p.name == "rect" for p in latest)
    assert {p["data-date"] for p in latest} == {"2026-08-05"}
    assert [t.get_text() for t in svg.select("g.app-chart__panel text[font-weight=bold]")] == [
        d.title for d in FRAMEWORK.domains
    ]


def test_higher_levels_are_drawn_higher_and_time_runs_left_to_right() -> None:
    svg = root(needs_chart(THREE))
    health = svg.select("g[data-domain=health] circle, g[data-domain=health] rect.app-chart__point")
    by_date = {p["data-date"]: p for p in health}
    x = {d: float(p.get("cx") or float(p["x"]) + 6) for d, p in by_date.items()}
    y = {d: float(p.get("cy") or float(p["y"]) + 6) for d, p in by_date.items()}
    assert x["2023-11-09"] < x["2025-03-03"] < x["2026-08-05"]
    assert y["2026-08-05"] < y["2025-03-03"] == y["2023-11-09"]  # level 2 above level 1
    # Sixteen months and seventeen months apart: spaced by time, nearly evenly.
    assert abs((x["2025-03-03"] - x["2023-11-09"]) - (x["2026-08-05"] - x["2025-03-03"])) < 20


def test_an_area_a_profile_did_not_rate_breaks_the_line_and_says_so_in_the_table() -> None:
    versions = [
        version(date(2026, 1, 1), dict.fromkeys(KEYS, 1)),
        version(date(2025, 1, 1), {**dict.fromkeys(KEYS, 2), "identity": None}),
        version(date(2024, 1, 1), dict.fromkeys(KEYS, 3)),
    ]
    svg = root(needs_chart(versions))
    assert len(svg.select("g[data-domain=identity] polyline")) == 0  # two lone points, no line
    assert len(svg.select("g[data-domain=health] polyline")) == 1
    identity = next(row for row in needs_table(versions).rows if row.domain.key == "identity")
    assert [c.level for c in identity.cells] == [1, None, 3]
    assert [c.label for c in identity.cells] == ["A little extra help", "", "A lot of extra support"]


def test_the_table_is_newest_first_with_each_levels_words() -> None:
    table = needs_table(THREE)
    assert table.dates == (date(2026, 8, 5), date(2025, 3, 3), date(2023, 11, 9))
    health = table.rows[0]
    assert health.domain.key == "health"
    assert [(c.level, c.label) for c in health.cells] == [
        (2, "Some extra support"),
        (1, "A little extra help"),
        (1, "A little extra help"),
    ]


def test_five_years_of_profiles_still_read_dates_that_never_overlap() -> None:
    svg = root(needs_chart(FIVE_YEARS))
    assert len(svg.select("g[data-domain=health] .app-chart__point")) == 21
    labels = svg.select("g[data-domain=health] .app-chart__axis text[text-anchor=middle]")
    assert 3 <= len(labels) <= 6
    assert (
        labels[-1].get_text()
        == f"{FIVE_YEARS[0].profile.assessed_on:%b} {FIVE_YEARS[0].profile.assessed_on.year}"
    )
    spans = sorted(
        (
            float(t["x"]) - len(t.get_text()) * CHAR_WIDTH / 2,
            float(t["x"]) + len(t.get_text()) * CHAR_WIDTH / 2,
        )
        for t in labels
    )
    assert all(right < next_left for (_, right), (next_left, _) in itertools.pairwise(spans))
    assert spans[0][0] >= 0 and spans[-1][1] <= WIDTH


def test_date_labels_keep_the_latest_and_drop_what_would_collide() -> None:
    close = [(100.0, date(2025, 1, 1)), (110.0, date(2025, 2, 1)), (300.0, date(2026, 1, 1))]
    assert [words for _, words in date_labels(close)] == ["Feb 2025", "Jan 2026"]


def test_one_profile_is_a_point_in_the_middle() -> None:
    svg = root(needs_chart(THREE[:1]))
    points = svg.select("g[data-domain=health] .app-chart__point")
    assert len(points) == 1 and abs(float(points[0]["x"]) + 6 - WIDTH / 2) < 30
