"""The dashboard's SVG charts: accessible, CSP-safe, and drawing exactly the figures given."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from carer_portal.recruitment.dashboard.charts import (
    CHANNEL_COLOURS,
    funnel_chart,
    nice_scale,
    weekly_enquiries_chart,
)
from carer_portal.recruitment.dashboard.figures import FunnelStep, WeekCount
from carer_portal.recruitment.enquiries.models import JOURNEY, Channel

CHANNELS = list(Channel)


def weeks_of(*rows: tuple[int, int, int, int]) -> list[WeekCount]:
    first = date(2025, 3, 10)
    return [
        WeekCount(
            starts_on=first + timedelta(weeks=i),
            by_channel=dict(zip(CHANNELS, row, strict=True)),
            is_current=i == len(rows) - 1,
        )
        for i, row in enumerate(rows)
    ]


WEEKS = weeks_of((1, 0, 0, 1), (0, 0, 0, 0), (0, 0, 1, 2), (0, 1, 0, 0), (12, 3, 0, 4))
STEPS = [
    FunnelStep(stage, reached, None) for stage, reached in zip(JOURNEY, (40, 30, 12, 6, 5, 0, 3), strict=True)
]


def parse(svg: Markup) -> BeautifulSoup:
    assert isinstance(svg, Markup)
    return BeautifulSoup(f"<body>{svg}</body>", "html5lib")


def svg_root(svg: Markup):  # type: ignore[no-untyped-def]
    return parse(svg).select_one("svg")


@pytest.mark.parametrize("chart", [weekly_enquiries_chart(WEEKS, CHANNELS), funnel_chart(STEPS)])
def test_charts_are_named_images_without_inline_styles(chart: Markup) -> None:
    assert "style=" not in chart
    root = svg_root(chart)
    assert root["role"] == "img"
    assert root.get("aria-hidden") is None
    title_id, desc_id = root["aria-labelledby"].split()
    assert root.select_one("title")["id"] == title_id and root.select_one("title").get_text()
    assert "table" in root.select_one(f"#{desc_id}").get_text()
    assert root["viewBox"].startswith("0 0 ") and "app-chart" in root["class"]


def test_weekly_bars_match_the_figures() -> None:
    root = svg_root(weekly_enquiries_chart(WEEKS, CHANNELS))
    bars = root.select("rect.app-chart__bar")
    expected = {
        (week.starts_on.isoformat(), channel.value): count
        for week in WEEKS
        for channel, count in week.by_channel.items()
        if count
    }
    assert {(bar["data-week"], bar["data-channel"]): int(bar["data-value"]) for bar in bars} == expected
    assert len(bars) == len(expected) == 8


def test_weekly_bar_heights_are_in_proportion_and_totals_are_written() -> None:
    root = svg_root(weekly_enquiries_chart(WEEKS, CHANNELS))
    heights = {
        (bar["data-week"], bar["data-channel"]): float(bar["height"])
        for bar in root.select("rect.app-chart__bar")
    }
    per_enquiry = heights[("2025-04-07", "web")] / 12
    assert heights[("2025-03-31", "peer-referral")] == pytest.approx(per_enquiry, abs=0.01)
    assert heights[("2025-03-24", "campaign")] == pytest.approx(2 * per_enquiry, abs=0.01)
    labels = [text.get_text() for text in root.select("g.app-chart__bars text")]
    assert labels == ["2", "3", "1", "19"]


def test_every_channel_has_a_legend_entry_and_a_pattern_or_colour() -> None:
    chart = weekly_enquiries_chart(WEEKS, CHANNELS)
    root = svg_root(chart)
    legend = [text.get_text() for text in root.select("g.app-chart__legend text")]
    assert legend == [channel.label for channel in CHANNELS]
    fills = {rect["fill"] for rect in root.select("g.app-chart__legend rect")}
    assert len(fills) == len(CHANNELS)
    assert sum(fill.startswith("url(#weekly-chart-pattern-") for fill in fills) == 3
    assert len(set(CHANNEL_COLOURS.values())) == len(CHANNELS)


def test_two_charts_on_a_page_never_share_an_id() -> None:
    ids = [
        element["id"]
        for chart in (weekly_enquiries_chart(WEEKS, CHANNELS), funnel_chart(STEPS))
        for element in svg_root(chart).select("[id]")
    ]
    assert len(ids) == len(set(ids))


def test_funnel_bars_match_the_figures() -> None:
    root = svg_root(funnel_chart(STEPS))
    bars = root.select("rect.app-chart__bar")
    assert [(bar["data-stage"], int(bar["data-value"])) for bar in bars] == [
        (step.stage.value, step.reached) for step in STEPS if step.reached
    ]
    widths = [float(bar["width"]) for bar in bars]
    assert widths[0] == max(widths)
    assert widths[1] / widths[0] == pytest.approx(30 / 40, abs=0.001)
    texts = [text.get_text() for text in root.select("text")]
    for step in STEPS:
        assert step.stage.label in texts


def test_an_empty_chart_draws_no_bars() -> None:
    assert not svg_root(weekly_enquiries_chart(weeks_of((0, 0, 0, 0)), CHANNELS)).select(
        "rect.app-chart__bar"
    )
    steps = [FunnelStep(stage, 0, None) for stage in JOURNEY]
    assert not svg_root(funnel_chart(steps)).select("rect.app-chart__bar")


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (19, [0, 5, 10, 15, 20]),
        (625_000, [0, 200_000, 400_000, 600_000, 800_000]),
    ],
)
def test_the_scale_uses_round_steps(largest: int, ticks: list[int]) -> None:
    assert nice_scale(largest) == ticks


def test_large_numbers_fit_on_the_scale_and_totals_give_way() -> None:
    root = svg_root(weekly_enquiries_chart(weeks_of(*[(400_000, 100_000, 60_000, 65_000)] * 12), CHANNELS))
    scale_labels = root.select("g.app-chart__axis text[text-anchor=end]")
    assert [label.get_text() for label in scale_labels][-1] == "800,000"
    # About 7 units a character at this size: the label must start inside the chart.
    assert all(float(label["x"]) >= 7 * len(label.get_text()) for label in scale_labels)
    assert not root.select("g.app-chart__bars text")  # the table has the totals
    assert len(root.select("rect.app-chart__bar")) == 48
