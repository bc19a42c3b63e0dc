"""Charts for the recruitment dashboard, drawn on the server as inline SVG.

Pure functions: figures in, ``Markup`` out. The SVG is built as an element tree, so every
label is escaped by the serialiser, never by hand.

Accessibility. Each chart is ``role="img"`` with a ``<title>`` and ``<desc>`` (named through
``aria-labelledby``) that say what it shows and that the table beside it holds the same
figures. The chart is not ``aria-hidden``: screen reader users then know there is a chart that
colleagues may talk about, but hear one sentence, not every bar (an image's content is
presentational); the table is where the numbers are read. Colours are dark enough for 3:1
against white (WCAG 1.4.11), every segment has a white edge, and each channel has a pattern as
well as a colour, with a legend, so nothing rests on colour alone.

No ``style`` attributes (the CSP forbids them): presentation attributes (``fill``, ``stroke``)
and the ``app-chart`` classes in static/src/components/_app.scss.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from markupsafe import Markup

from carer_portal.recruitment.dashboard.figures import FunnelStep, WeekCount
from carer_portal.recruitment.enquiries.models import Channel

TEXT = "#0b0c0c"
SECONDARY_TEXT = "#505a5f"
GRID = "#b1b4b6"
FUNNEL_BAR = "#1d70b8"
# Okabe and Ito's colour-blind-safe hues, darkened to at least 4.5:1 against white.
CHANNEL_COLOURS = {
    Channel.WEB: "#0072b2",
    Channel.PEER_REFERRAL: "#c04e00",
    Channel.EVENT: "#00785a",
    Channel.CAMPAIGN: "#a5467f",
}
# A second cue beside colour: plain, stripes, dots, grid.
CHANNEL_PATTERNS = {
    Channel.WEB: "solid",
    Channel.PEER_REFERRAL: "stripes",
    Channel.EVENT: "dots",
    Channel.CAMPAIGN: "grid",
}
# In the chart's own units. The weekly chart is 400 wide and a 390 px phone shows it about 358
# px wide, so 16 here is drawn at 14 px or more there.
FONT_SIZE = "16"
# Roughly how wide a digit or comma is at that size, for fitting numbers into the room there is.
DIGIT_WIDTH = 9.5


def _svg(
    *, width: int, height: int, id_prefix: str, title: str, description: str, font_size: str = FONT_SIZE
) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "app-chart",
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "role": "img",
            "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc",
            "font-size": font_size,
        },
    )
    ET.SubElement(svg, "title", {"id": f"{id_prefix}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{id_prefix}-desc"}).text = description
    return svg


def _text(parent: ET.Element, x: float, y: float, words: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, "text", {"x": _n(x), "y": _n(y), "fill": TEXT, **attributes})
    element.text = words
    return element


def _n(value: float) -> str:
    """Coordinates to two decimal places, without trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _markup(svg: ET.Element) -> Markup:
    return Markup(ET.tostring(svg, encoding="unicode", short_empty_elements=True))  # noqa: S704 - serialised, so escaped


def nice_scale(largest: int, *, most_ticks: int = 5) -> list[int]:
    """Round tick values from 0 to at least ``largest``: steps of 1, 2 or 5 times a power of ten."""
    if largest <= 0:
        return [0, 1]
    magnitude = 10 ** max(0, math.floor(math.log10(largest)) - 1)
    for step in (m * magnitude * scale for scale in (1, 10, 100) for m in (1, 2, 5)):
        if math.ceil(largest / step) < most_ticks:
            return [step * i for i in range(math.ceil(largest / step) + 1)]
    raise AssertionError("unreachable: the steps grow past any count")


def _patterns(svg: ET.Element, id_prefix: str) -> dict[Channel, str]:
    """A fill for each channel: its colour, marked in white with its pattern."""
    defs = ET.SubElement(svg, "defs")
    fills = {}
    for channel, colour in CHANNEL_COLOURS.items():
        kind = CHANNEL_PATTERNS[channel]
        if kind == "solid":
            fills[channel] = colour
            continue
        pattern_id = f"{id_prefix}-pattern-{channel.value}"
        pattern = ET.SubElement(
            defs,
            "pattern",
            {"id": pattern_id, "width": "6", "height": "6", "patternUnits": "userSpaceOnUse"},
        )
        ET.SubElement(pattern, "rect", {"width": "6", "height": "6", "fill": colour})
        white = {"stroke": "#ffffff", "stroke-width": "1.5"}
        if kind == "stripes":
            ET.SubElement(pattern, "path", {"d": "M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2", **white})
        elif kind == "dots":
            ET.SubElement(pattern, "circle", {"cx": "3", "cy": "3", "r": "1.2", "fill": "#ffffff"})
        else:
            ET.SubElement(pattern, "path", {"d": "M0,0.5 h6 M0.5,0 v6", **white})
        fills[channel] = f"url(#{pattern_id})"
    return fills


def weekly_enquiries_chart(
    weeks: Sequence[WeekCount], channels: Sequence[Channel], *, id_prefix: str = "weekly-chart"
) -> Markup:
    """Stacked bars: enquiries each week, split by channel, with the week's total on top."""
    width, height = 400, 300
    ticks = nice_scale(max((week.total for week in weeks), default=0))
    # Room on the left for the longest number on the scale.
    left, right, top, bottom = 12 + DIGIT_WIDTH * len(f"{ticks[-1]:,}"), 392, 18, 222
    svg = _svg(
        width=width,
        height=height,
        id_prefix=id_prefix,
        title=f"Enquiries each week by channel, last {len(weeks)} weeks",
        description="A stacked bar for each week. The table that follows has the same figures.",
    )
    fills = _patterns(svg, id_prefix)
    scale = (bottom - top) / ticks[-1]

    axis = ET.SubElement(svg, "g", {"class": "app-chart__axis"})
    for tick in ticks:
        y = bottom - tick * scale
        ET.SubElement(
            axis, "line", {"x1": _n(left), "x2": _n(right), "y1": _n(y), "y2": _n(y), "stroke": GRID}
        )
        _text(axis, left - 6, y + 4, f"{tick:,}", **{"text-anchor": "end", "fill": SECONDARY_TEXT})

    band = (right - left) / max(len(weeks), 1)
    label_every = math.ceil(len(weeks) / 6)
    bars = ET.SubElement(svg, "g", {"class": "app-chart__bars"})
    for i, week in enumerate(weeks):
        x = left + i * band + band * 0.15
        y = float(bottom)
        for channel in channels:
            count = week.by_channel.get(channel, 0)
            if not count:
                continue
            y -= count * scale
            ET.SubElement(
                bars,
                "rect",
                {
                    "class": "app-chart__bar",
                    "x": _n(x),
                    "y": _n(y),
                    "width": _n(band * 0.7),
                    "height": _n(count * scale),
                    "fill": fills[channel],
                    "stroke": "#ffffff",
                    "stroke-width": "1",
                    "data-week": week.starts_on.isoformat(),
                    "data-channel": channel.value,
                    "data-value": str(count),
                },
            )
        # Totals above the bars, unless the largest would spill into the next bar.
        if week.total and len(f"{ticks[-1]:,}") * DIGIT_WIDTH <= band:
            _text(bars, x + band * 0.35, y - 4, f"{week.total:,}", **{"text-anchor": "middle"})
        # Counted back from this week, so the latest week always has its date.
        if (len(weeks) - 1 - i) % label_every == 0:
            _text(
                axis,
                left + i * band + band / 2,
                bottom + 16,
                f"{week.starts_on.day} {week.starts_on:%b}",
                **{"text-anchor": "middle", "fill": SECONDARY_TEXT},
            )
    _text(axis, left, bottom + 32, "Week beginning", fill=SECONDARY_TEXT)

    legend = ET.SubElement(svg, "g", {"class": "app-chart__legend"})
    for i, channel in enumerate(channels):
        x, y = 34 + (i % 2) * 180, bottom + 46 + (i // 2) * 20
        ET.SubElement(
            legend,
            "rect",
            {
                "x": _n(x),
                "y": _n(y - 11),
                "width": "14",
                "height": "14",
                "fill": fills[channel],
                "stroke": TEXT,
            },
        )
        _text(legend, x + 20, y, channel.label)
    return _markup(svg)


def funnel_chart(steps: Sequence[FunnelStep], *, id_prefix: str = "funnel-chart") -> Markup:
    """Horizontal bars: how many enquiries ever reached each stage, labelled with the number."""
    # Narrower than the weekly chart, so its words stay as large as the page's on a phone.
    row, label_width, bar_width = 32, 140, 160
    width, height = 360, 8 + row * len(steps)
    svg = _svg(
        width=width,
        height=height,
        id_prefix=id_prefix,
        title="Enquiries that reached each stage",
        description=(
            "A bar for each stage, from enquiry to approval. The table that follows has the same figures."
        ),
        font_size="15",
    )
    largest = max((step.reached for step in steps), default=0)
    bars = ET.SubElement(svg, "g", {"class": "app-chart__bars"})
    for i, step in enumerate(steps):
        y = 4 + i * row
        _text(bars, label_width - 8, y + row / 2 + 5, step.stage.label, **{"text-anchor": "end"})
        length = bar_width * step.reached / largest if largest else 0
        if step.reached:
            ET.SubElement(
                bars,
                "rect",
                {
                    "class": "app-chart__bar",
                    "x": _n(label_width),
                    "y": _n(y + 5),
                    "width": _n(max(length, 1)),
                    "height": _n(row - 10),
                    "fill": FUNNEL_BAR,
                    "data-stage": step.stage.value,
                    "data-value": str(step.reached),
                },
            )
        _text(bars, label_width + length + 6, y + row / 2 + 5, f"{step.reached:,}")
    ET.SubElement(
        svg,
        "line",
        {"x1": _n(label_width), "x2": _n(label_width), "y1": "4", "y2": _n(height - 4), "stroke": TEXT},
    )
    return _markup(svg)
