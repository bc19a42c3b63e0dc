"""The whole page for generated small services: nothing on it gives a small number away, read a
column at a time or reading the columns that share a number together."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from carer_portal.children.needs.framework import as_definition, default_framework
from carer_portal.children.needs.models import NeedsFramework
from carer_portal.overview.needs import (
    A_YEAR_AGO,
    NOW,
    Counts,
    LevelCount,
    NeedsAcrossTheService,
    Totals,
    build_figures,
)
from carer_portal.overview.suppression import Column, Figure, Hidden, total_figure
from tests.unit.needs_figures.reader import possible_sums, problems

TODAY = date(2026, 6, 15)
FRAMEWORK = NeedsFramework(
    id=uuid.uuid4(),
    council_id=uuid.uuid4(),
    key="developmental-needs",
    version=1,
    name="Developmental needs",
    definition=as_definition(default_framework()),
)
DOMAINS = default_framework().domains
RATINGS = st.one_of(st.none(), st.tuples(*[st.integers(0, 4) for _ in DOMAINS]))
# A child: placed now, placed a year ago, their profile now (None: none) and then, out of date.
CHILD = st.tuples(st.booleans(), st.booleans(), RATINGS, RATINGS, st.booleans())
# Mostly small services, where small numbers are everywhere; now and then a bigger one.
SERVICES = st.one_of(st.lists(CHILD, max_size=14), st.lists(CHILD, min_size=15, max_size=60))


def counts_for(children: list) -> Counts:  # type: ignore[type-arg]
    rows: Counter[tuple[int, str, int]] = Counter()
    totals = {}
    for when, placed_at, ratings_at in ((NOW, 0, 2), (A_YEAR_AGO, 1, 3)):
        here = [c for c in children if c[placed_at]]
        rated = [c for c in here if c[ratings_at] is not None]
        for child in rated:
            for domain, level in zip(DOMAINS, child[ratings_at], strict=True):
                rows[(when, domain.key, level)] += 1
        out_of_date = sum(1 for c in rated if c[4]) if when == NOW else 0
        totals[when] = Totals(placed=len(here), with_profile=len(rated), out_of_date=out_of_date)
    return Counts(
        framework=FRAMEWORK,
        versions={FRAMEWORK.id: frozenset(d.key for d in DOMAINS)},
        rows=[LevelCount(w, FRAMEWORK.id, d, lv, n) for (w, d, lv), n in rows.items()],
        totals=totals,
    )


def columns_of(page: NeedsAcrossTheService, counts: Counts) -> list[tuple[str, Column, list[int]]]:
    """Each column on the page, with the true counts behind it."""
    now = counts.totals[NOW]
    currency = [now.with_profile - now.out_of_date, now.out_of_date, now.placed - now.with_profile]
    found = [
        (
            "profiles",
            Column(
                figures=(page.profiles.up_to_date, page.profiles.out_of_date, page.profiles.no_profile),
                total=page.profiles.placed,
                withheld=page.profiles.withheld,
            ),
            currency,
        )
    ]
    for domain, table in zip(DOMAINS, page.domains, strict=True):
        for when, name, withheld in (
            (NOW, "now", table.withheld_now),
            (A_YEAR_AGO, "a_year_ago", table.withheld_a_year_ago),
        ):
            figures: tuple[Figure, ...] = tuple(getattr(row, name) for row in table.rows)
            total = getattr(table.total, name)
            found.append(
                (f"{domain.key} {name}", Column(figures, total, withheld), counts.levels(domain, when))
            )
    return found


@settings(max_examples=200, deadline=None)
@given(children=SERVICES)
def test_nothing_on_the_page_gives_a_small_number_away(children: list) -> None:  # type: ignore[type-arg]
    counts = counts_for(children)
    page = build_figures(today=TODAY, counts=counts, review_months=6)
    columns = columns_of(page, counts)
    for name, column, true_counts in columns:
        assert problems(column, true_counts) == [], name
        assert column.total == total_figure(sum(true_counts)), name
        # The number shared between columns (no profile / not rated) is never hidden to cover
        # another: shown, or "fewer than 5", in every column, unless a column is withheld whole.
        shared = column.figures[-1]
        assert column.withheld or shared.hidden in (None, Hidden.FEWER_THAN_5), name

    # Read together: every child here is rated in every domain or none, so "no profile" today
    # and each domain's "not rated" today are one number. Each column leaves it anything from
    # 0 to 4 if it is small, so all of them together do too.
    np = counts.totals[NOW].placed - counts.totals[NOW].with_profile
    together = set(range(np + 1 if np >= 5 else 5))
    for name, column, true_counts in columns:
        if name.endswith("a_year_ago") or sum(true_counts) < 5:
            continue
        together &= possible_sums(column, sum(true_counts)).get((len(column.figures) - 1,), {np})
    assert np in together
    if np < 5:
        assert together == set(range(5))


def test_a_big_enough_service_shows_its_numbers() -> None:
    children = (
        [(True, True, (0, 1, 2, 3, 4, 0, 1), (1, 1, 1, 1, 1, 1, 1), False)] * 40
        + [(True, False, (1, 2, 3, 4, 0, 1, 2), None, True)] * 30
        + [(True, True, None, None, False)] * 10
    )
    page = build_figures(today=TODAY, counts=counts_for(children), review_months=6)
    assert page.a_year_ago == date(2025, 6, 15)
    profiles = page.profiles
    assert [profiles.placed.text, profiles.up_to_date.text, profiles.out_of_date.text] == ["80", "40", "30"]
    assert profiles.no_profile.text == "10"
    health = page.domains[0]
    assert [row.label for row in health.rows][-1] == "Not rated"
    # Nobody at levels 2 to 4: three "fewer than 5" that add up to 0, so 30 is hidden too.
    assert [row.now.text for row in health.rows] == [
        "40",
        "not shown",
        "fewer than 5",
        "fewer than 5",
        "fewer than 5",
        "10",
    ]
    # A year ago everyone rated was at level 1: showing 40 would give away the noughts.
    assert [row.a_year_ago.text for row in health.rows] == [
        "fewer than 5",
        "not shown",
        "fewer than 5",
        "fewer than 5",
        "fewer than 5",
        "10",
    ]
    assert (health.total.now.text, health.total.a_year_ago.text) == ("80", "50")
