"""A child's needs over time, drawn on the server as inline SVG, and the same figures as a table.

Pure functions: profile versions in, ``Markup`` (or plain data for the table) out. The SVG is
built as an element tree, so every label is escaped by the serialiser, never by hand. It
follows the recruitment dashboard's charts (carer_portal/recruitment/dashboard/charts.py).

The chart is small multiples: a panel for each area of need (domain), one under another, each
with a point for every profile at its date and the level on that domain's scale, 0 (the least
support needed) at the bottom to the scale's top. On a phone a stack of small panels reads
better than seven crossing lines, and nothing rests on colour: each panel is named in words,
every profile is a marker (the latest a larger square), and the levels are numbered on the
axis. Dates are placed by time, so profiles a year apart sit further apart than those a month
apart; the dates written under each panel are thinned to the ones that fit, the latest always
kept, so five years of profiles still read.

Accessibility. The chart is ``role="img"`` with a ``<title>`` and ``<desc>`` (named through
``aria-labelledby``) saying what it shows and that the table beside it holds the same figures;
screen reader users read the numbers in the table (``needs_table``), which also prints.

No ``style`` attributes (the CSP forbids them): presentation attributes and the ``app-chart``
class in static/src/components/_app.scss. Text is 16 units in a 400-unit-wide drawing, so on a
390 px phone (drawn about 360 px wide) it is 14 px or more.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.etree import ElementTree as ET

from markupsafe import Markup

from carer_portal.children.needs.framework import Domain
from carer_portal.children.needs.service import ProfileVersion

TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"
GRID = "#b1b4b6"
LINE = "#1d70b8"  # GOV.UK blue: 5.2:1 against white
FONT_SIZE = "16"
# Roughly how wide a character is at that size, for fitting dates and names into the room.
CHAR_WIDTH = 10

WIDTH = 400
LEFT, RIGHT = 34, 384  # the plot's edges: room on the left for the level numbers
INSET = 12  # the first and last profile sit this far inside the plot, so markers are whole
TITLE_ROW = 24
PLOT_HEIGHT = 76
LABEL_ROW = 22
PANEL_GAP = 12
PANEL = TITLE_ROW + PLOT_HEIGHT + LABEL_ROW + PANEL_GAP
# Level numbers closer than this (in units) would touch: some are left out on a long scale.
LEVEL_LABEL_SPACING = 16


def _n(value: float) -> str:
    """Coordinates to two decimal places, without trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text(parent: ET.Element, x: float, y: float, words: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, "text", {"x": _n(x), "y": _n(y), "fill": TEXT, **attributes})
    element.text = words
    return element


def _markup(svg: ET.Element) -> Markup:
    return Markup(ET.tostring(svg, encoding="unicode", short_empty_elements=True))  # noqa: S704 - serialised, so escaped


def in_date_order(versions: Sequence[ProfileVersion]) -> list[ProfileVersion]:
    """Oldest first, as the chart reads from left to right (profile_history gives newest first)."""
    return sorted(versions, key=lambda v: (v.profile.assessed_on, v.profile.created_at))


def chart_domains(versions: Sequence[ProfileVersion]) -> tuple[Domain, ...]:
    """The areas shown: those of the framework the latest profile was rated on."""
    if not versions:
        return ()
    return in_date_order(versions)[-1].framework.domains


def short_date(value: date) -> str:
    return f"{value.day} {value:%b} {value.year}"


def _top(domain: Domain, versions: Sequence[ProfileVersion]) -> int:
    """The top of this domain's scale: the highest any profile's framework gives it."""
    tops = [domain.top]
    for version in versions:
        older = version.framework.domain(domain.key)
        if older is not None:
            tops.append(older.top)
    return max(max(tops), 1)


def date_labels(positions: Sequence[tuple[float, date]]) -> list[tuple[float, str]]:
    """The dates written under a panel: from the latest back, each kept only if it clears the
    one kept after it, so none overlap however many profiles there are."""
    kept: list[tuple[float, str]] = []
    for x, when in sorted(positions, reverse=True):
        words = f"{when:%b} {when.year}"
        half = len(words) * CHAR_WIDTH / 2
        x = min(max(x, half + 2), WIDTH - half - 4)  # whole on the drawing
        if kept and kept[-1][0] - x < (len(kept[-1][1]) * CHAR_WIDTH / 2 + half + 10):
            continue
        if any(words == other for _, other in kept):
            continue
        kept.append((x, words))
    return sorted(kept)


def _x_positions(versions: Sequence[ProfileVersion]) -> list[float]:
    days = [v.profile.assessed_on.toordinal() for v in versions]
    first, last = min(days), max(days)
    if first == last:
        return [(LEFT + RIGHT) / 2 for _ in days]
    span = RIGHT - LEFT - 2 * INSET
    return [LEFT + INSET + span * (day - first) / (last - first) for day in days]


def _panel(
    svg: ET.Element,
    *,
    domain: Domain,
    versions: Sequence[ProfileVersion],
    xs: Sequence[float],
    labels: Sequence[tuple[float, str]],
    top_y: float,
) -> None:
    group = ET.SubElement(svg, "g", {"class": "app-chart__panel", "data-domain": domain.key})
    room = int((WIDTH - 4) / CHAR_WIDTH)
    title = domain.title if len(domain.title) <= room else domain.title[: room - 1].rstrip() + "…"
    _text(group, 2, top_y + 16, title, **{"font-weight": "bold"})

    top = _top(domain, versions)
    plot_top, plot_bottom = top_y + TITLE_ROW + 6, top_y + TITLE_ROW + PLOT_HEIGHT
    step = (plot_bottom - plot_top) / top
    every = math.ceil(LEVEL_LABEL_SPACING / step)
    numbered = [level for level in range(0, top + 1, every)]
    if numbered[-1] != top:
        if top - numbered[-1] < every:
            numbered.pop()
        numbered.append(top)
    axis = ET.SubElement(group, "g", {"class": "app-chart__axis"})
    for level in range(top + 1):
        y = plot_bottom - level * step
        ET.SubElement(
            axis,
            "line",
            {
                "x1": _n(LEFT),
                "x2": _n(RIGHT),
                "y1": _n(y),
                "y2": _n(y),
                "stroke": TEXT if level == 0 else GRID,
                "stroke-width": "1",
            },
        )
        if level in numbered:
            _text(axis, LEFT - 8, y + 5, str(level), **{"text-anchor": "end", "fill": SECONDARY_TEXT})
    for x, words in labels:
        _text(axis, x, plot_bottom + 18, words, **{"text-anchor": "middle", "fill": SECONDARY_TEXT})

    points = [(x, version, version.level(domain.key)) for x, version in zip(xs, versions, strict=True)]
    # A line through consecutive rated profiles; a profile that did not rate this area breaks it.
    run: list[str] = []
    runs: list[list[str]] = []
    for x, _, level in points:
        if level is None:
            if run:
                runs.append(run)
            run = []
            continue
        run.append(f"{_n(x)},{_n(plot_bottom - level * step)}")
    if run:
        runs.append(run)
    for segment in runs:
        if len(segment) > 1:
            ET.SubElement(
                group,
                "polyline",
                {"points": " ".join(segment), "fill": "none", "stroke": LINE, "stroke-width": "2.5"},
            )
    marks = ET.SubElement(group, "g", {"class": "app-chart__points"})
    rated = [(x, version, level) for x, version, level in points if level is not None]
    for i, (x, version, level) in enumerate(rated):
        y = plot_bottom - level * step
        data = {
            "data-domain": domain.key,
            "data-date": version.profile.assessed_on.isoformat(),
            "data-value": str(level),
            "fill": LINE,
            "stroke": "#ffffff",
            "stroke-width": "1.5",
        }
        if i == len(rated) - 1:  # the latest: a larger square, so "now" reads without colour
            ET.SubElement(
                marks,
                "rect",
                {
                    "class": "app-chart__point app-chart__point--latest",
                    "x": _n(x - 6),
                    "y": _n(y - 6),
                    "width": "12",
                    "height": "12",
                    **data,
                },
            )
        else:
            ET.SubElement(
                marks, "circle", {"class": "app-chart__point", "cx": _n(x), "cy": _n(y), "r": "5", **data}
            )


def needs_chart(versions: Sequence[ProfileVersion], *, id_prefix: str = "needs-chart") -> Markup:
    """A panel for each area of need: the level at each profile, oldest on the left."""
    ordered = in_date_order(versions)
    domains = chart_domains(ordered)
    height = max(PANEL * len(domains), PANEL)
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "app-chart app-chart--needs",
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": str(WIDTH),
            "height": str(height),
            "role": "img",
            "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc",
            "font-size": FONT_SIZE,
        },
    )
    if ordered:
        first, last = ordered[0].profile.assessed_on, ordered[-1].profile.assessed_on
        span = (
            f"from {short_date(first)} to {short_date(last)}" if first != last else f"on {short_date(last)}"
        )
        count = f"each of {len(ordered)} profiles" if len(ordered) > 1 else "one profile"
        title = f"Needs at {count}, {span}"
    else:
        title = "Needs at each profile: there are no profiles yet"
    ET.SubElement(svg, "title", {"id": f"{id_prefix}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{id_prefix}-desc"}).text = (
        "A small chart for each area of need, with a point for each needs profile at its date; "
        "the latest is a square. Higher means more support needed: 0 is the least on each scale. "
        "The table that follows has the same figures."
    )
    if not ordered:
        return _markup(svg)
    xs = _x_positions(ordered)
    labels = date_labels([(x, v.profile.assessed_on) for x, v in zip(xs, ordered, strict=True)])
    for i, domain in enumerate(domains):
        _panel(svg, domain=domain, versions=ordered, xs=xs, labels=labels, top_y=i * PANEL)
    return _markup(svg)


# --- the same figures as a table -------------------------------------------------------------


@dataclass(frozen=True)
class NeedsCell:
    level: int | None  # None: that profile did not rate this area
    label: str  # the level's words on the scale that profile was rated on


@dataclass(frozen=True)
class NeedsRow:
    domain: Domain
    cells: tuple[NeedsCell, ...]  # one for each date, in the table's order


@dataclass(frozen=True)
class NeedsTable:
    dates: tuple[date, ...]  # newest first: on a phone the latest is the column in view
    rows: tuple[NeedsRow, ...]


def needs_table(versions: Sequence[ProfileVersion]) -> NeedsTable:
    """Areas of need down the side, profiles across (newest first): each cell the level's
    words and number, read on the framework that profile was rated on."""
    ordered = list(reversed(in_date_order(versions)))
    rows = []
    for domain in chart_domains(versions):
        cells = []
        for version in ordered:
            level = version.level(domain.key)
            rated_on = version.framework.domain(domain.key)
            found = rated_on.level(level) if rated_on is not None and level is not None else None
            cells.append(NeedsCell(level, found.label if found else ("" if level is None else str(level))))
        rows.append(NeedsRow(domain, tuple(cells)))
    return NeedsTable(tuple(v.profile.assessed_on for v in ordered), tuple(rows))
