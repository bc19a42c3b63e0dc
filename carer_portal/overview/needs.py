"""Children's needs across the service, for the manager: counts of children, never a child.

Who counts on a date. A child counts on a date when one of their placements in the council was
current that day (started on or before it, and not ended before it: a placement that ended that
day still counts, as it does on the overview). For each child counted, the profile that counts
is their latest assessed on or before that date (of two on the same day, the one written last).
A profile assessed after the date does not count, nor does any placement in another council.

Levels. For each domain of the council's current framework
(``children.needs.service.framework_for_new_profiles``), a child is counted at the level their
counting profile gives that domain, if that profile was rated against a framework version (any
the council has loaded) that has a domain with that key, and the level is on the current
scale. Otherwise they are "not rated" for that domain: no profile yet, a profile from a version
without that domain, or one rated on a longer scale than the current one.

Profiles now. Of the children placed today: how many have no profile at all, how many have one
that is out of date (``children.needs.service.out_of_date`` with ``settings.needs_review_months``)
and how many have one that is up to date. The three never overlap and add up to the children
placed: ``out_of_date`` also calls "no profile" out of date, but were "out of date" shown with
them in it, it less "no profile" would be a third count that no rule had looked at.

Dates. "Now" is the UK date today; "a year ago" is the same day a year before (the 28th of
February for the 29th).

Every count goes through ``suppression.suppress`` before it is shown (see there for the rule).

The counting is done in the database: two aggregate statements whatever the number of
children (one for the levels, one for the totals, each covering both dates), plus the council's
framework versions, a handful of rows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Integer, case, func, literal_column, or_, union_all
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.models import Placement
from carer_portal.children.needs.framework import Domain, from_definition
from carer_portal.children.needs.models import NeedsFramework, NeedsProfile, NeedsRating
from carer_portal.children.needs.service import framework_for_new_profiles, out_of_date
from carer_portal.overview.suppression import Column, Figure, suppress
from carer_portal.security.actor import Actor
from carer_portal.security.policies import can_view_service_overview

NOW, A_YEAR_AGO = 0, 1


# --- the rules that need no database --------------------------------------------------------


def a_year_before(day: date) -> date:
    """The same day a year earlier; the 29th of February's is the 28th."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def out_of_date_if_assessed_by(today: date, *, months: int) -> date:
    """The latest assessment date whose profile is out of date today: a profile is out of date
    exactly when assessed on or before it. ``out_of_date`` stays the one definition: this only
    finds where it turns, which lets the database count with a plain comparison."""
    day = today - timedelta(days=31 * (months + 1))  # a month and more before the due date
    assert out_of_date(day, today=today, months=months)
    while day < today and out_of_date(day + timedelta(days=1), today=today, months=months):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class LevelCount:
    """One row of the levels statement: children whose counting profile, rated against this
    framework version, gives this domain this level, on the date ``when`` stands for."""

    when: int
    framework_id: uuid.UUID
    domain: str
    level: int
    children: int


@dataclass(frozen=True)
class Totals:
    placed: int  # children placed on the date
    with_profile: int  # ... who have a profile assessed on or before it
    out_of_date: int  # ... whose latest such profile is out of date (meaningful for today)


def levels_for(
    domain: Domain,
    rows: list[LevelCount],
    *,
    when: int,
    has_domain: set[uuid.UUID],
    placed: int,
) -> list[int]:
    """Children at each level of the domain, lowest first, then the number not rated."""
    counts = [0] * len(domain.levels)
    for row in rows:
        if (
            row.when == when
            and row.domain == domain.key
            and row.framework_id in has_domain
            and 0 <= row.level <= domain.top
        ):
            counts[row.level] += row.children
    return [*counts, placed - sum(counts)]


# --- what the page shows ------------------------------------------------------------------


@dataclass(frozen=True)
class DomainRow:
    label: str
    now: Figure
    a_year_ago: Figure


@dataclass(frozen=True)
class DomainTable:
    key: str
    title: str
    rows: tuple[DomainRow, ...]  # each level, lowest first, then "Not rated"
    total: DomainRow
    withheld_now: bool
    withheld_a_year_ago: bool


@dataclass(frozen=True)
class ProfileCurrency:
    """Of the children placed today: up to date, out of date, and no profile."""

    placed: Figure
    up_to_date: Figure
    out_of_date: Figure
    no_profile: Figure
    withheld: bool


@dataclass(frozen=True)
class NeedsAcrossTheService:
    today: date
    a_year_ago: date
    framework_name: str
    framework_version: int
    review_months: int
    profiles: ProfileCurrency
    domains: tuple[DomainTable, ...]

    @property
    def anything_to_show(self) -> bool:
        """False when every domain's columns are withheld: the page says so once, not 14 times."""
        return any(not (d.withheld_now and d.withheld_a_year_ago) for d in self.domains)


NOT_RATED = "Not rated"


@dataclass(frozen=True)
class Counts:
    """What the database counted, before anything is hidden."""

    framework: NeedsFramework  # the council's current framework
    versions: dict[uuid.UUID, frozenset[str]]  # each framework version the council has: its domains
    rows: list[LevelCount]
    totals: dict[int, Totals]  # NOW and A_YEAR_AGO

    def levels(self, domain: Domain, when: int) -> list[int]:
        has_domain = {version for version, keys in self.versions.items() if domain.key in keys}
        placed = self.totals[when].placed
        return levels_for(domain, self.rows, when=when, has_domain=has_domain, placed=placed)


def build_figures(*, today: date, counts: Counts, review_months: int) -> NeedsAcrossTheService:
    """The page's figures from what was counted, suppressed: no database here."""
    now = counts.totals[NOW]
    no_profile_now = now.placed - now.with_profile
    currency = suppress(
        [now.with_profile - now.out_of_date, now.out_of_date, no_profile_now],
        fixed={2},  # children with no profile are in every domain's "Not rated" too
    )
    tables = []
    for domain in from_definition(counts.framework.definition).domains:
        columns: list[Column] = [
            # "Not rated" (last) is in every domain's column for the date: never hidden in step 2.
            suppress(counts.levels(domain, when), fixed={len(domain.levels)})
            for when in (NOW, A_YEAR_AGO)
        ]
        labels = [level.label for level in domain.levels] + [NOT_RATED]
        tables.append(
            DomainTable(
                key=domain.key,
                title=domain.title,
                rows=tuple(
                    DomainRow(label, columns[0].figures[i], columns[1].figures[i])
                    for i, label in enumerate(labels)
                ),
                total=DomainRow("All children placed", columns[0].total, columns[1].total),
                withheld_now=columns[0].withheld,
                withheld_a_year_ago=columns[1].withheld,
            )
        )
    return NeedsAcrossTheService(
        today=today,
        a_year_ago=a_year_before(today),
        framework_name=counts.framework.name,
        framework_version=counts.framework.version,
        review_months=review_months,
        profiles=ProfileCurrency(
            placed=currency.total,
            up_to_date=currency.figures[0],
            out_of_date=currency.figures[1],
            no_profile=currency.figures[2],
            withheld=currency.withheld,
        ),
        domains=tuple(tables),
    )


# --- the two statements ---------------------------------------------------------------------


def _placed(council_id: uuid.UUID, on: date) -> Any:
    return (
        select(Placement.child_id)
        .where(
            Placement.council_id == council_id,
            col(Placement.started_on) <= on,
            or_(col(Placement.ended_on).is_(None), col(Placement.ended_on) >= on),
        )
        .distinct()
        .subquery()
    )


def _latest_profiles(council_id: uuid.UUID, on: date, placed: Any) -> Any:
    """Each placed child's profiles assessed on or before ``on``, ranked newest first."""
    rank = (
        func.row_number()
        .over(
            partition_by=col(NeedsProfile.child_id),
            order_by=(
                col(NeedsProfile.assessed_on).desc(),
                col(NeedsProfile.created_at).desc(),
                col(NeedsProfile.id).desc(),
            ),
        )
        .label("rank")
    )
    return (
        select(
            col(NeedsProfile.id).label("profile_id"),
            col(NeedsProfile.child_id).label("child_id"),
            col(NeedsProfile.framework_id).label("framework_id"),
            col(NeedsProfile.assessed_on).label("assessed_on"),
            rank,
        )
        .where(
            NeedsProfile.council_id == council_id,
            col(NeedsProfile.assessed_on) <= on,
            col(NeedsProfile.child_id).in_(select(placed.c.child_id)),
        )
        .subquery()
    )


def _which(when: int) -> Any:
    return literal_column(str(when), Integer).label("which")


def _levels_statement(council_id: uuid.UUID, dates: dict[int, date]) -> Any:
    parts = []
    for when, on in dates.items():
        latest = _latest_profiles(council_id, on, _placed(council_id, on))
        parts.append(
            select(
                _which(when),
                latest.c.framework_id,
                col(NeedsRating.domain),
                col(NeedsRating.level),
                func.count().label("children"),
            )
            .select_from(latest)
            .join(NeedsRating, col(NeedsRating.profile_id) == latest.c.profile_id)
            .where(latest.c.rank == 1)
            .group_by(latest.c.framework_id, col(NeedsRating.domain), col(NeedsRating.level))
        )
    return union_all(*parts)


def _totals_statement(council_id: uuid.UUID, dates: dict[int, date], stale_by: date) -> Any:
    parts = []
    for when, on in dates.items():
        placed = _placed(council_id, on)
        latest = _latest_profiles(council_id, on, placed)
        # The children placed are counted on their own: joining them to their latest profiles
        # (a subquery, without an index) cost SQLite seconds for a few thousand children.
        parts.append(
            select(
                _which(when),
                select(func.count()).select_from(placed).scalar_subquery(),
                func.count(latest.c.profile_id),
                func.coalesce(func.sum(case((latest.c.assessed_on <= stale_by, 1), else_=0)), 0),
            )
            .select_from(latest)
            .where(latest.c.rank == 1)
        )
    return union_all(*parts)


async def count_needs(
    session: AsyncSession, *, council_id: uuid.UUID, today: date, review_months: int
) -> Counts:
    """Everything the page counts, for one council, unsuppressed: never show these as they are."""
    framework = await framework_for_new_profiles(session, council_id)
    versions = {
        version_id: frozenset(d.key for d in from_definition(definition).domains)
        for version_id, definition in (
            await session.exec(
                select(NeedsFramework.id, NeedsFramework.definition).where(
                    NeedsFramework.council_id == council_id
                )
            )
        ).all()
    }
    dates = {NOW: today, A_YEAR_AGO: a_year_before(today)}
    rows = [
        LevelCount(when=int(w), framework_id=f, domain=d, level=int(lv), children=int(n))
        for w, f, d, lv, n in (await session.exec(_levels_statement(council_id, dates))).all()
    ]
    stale_by = out_of_date_if_assessed_by(today, months=review_months)
    totals = {
        int(w): Totals(placed=int(p), with_profile=int(wp), out_of_date=int(o))
        for w, p, wp, o in (await session.exec(_totals_statement(council_id, dates, stale_by))).all()
    }
    return Counts(framework=framework, versions=versions, rows=rows, totals=totals)


async def needs_across_the_service(
    *, session: AsyncSession, actor: Actor, today: date, review_months: int
) -> NeedsAcrossTheService | None:
    """The figures for a manager, of their own council; None for anyone else."""
    if not can_view_service_overview(actor):
        return None
    counts = await count_needs(session, council_id=actor.council_id, today=today, review_months=review_months)
    return build_figures(today=today, counts=counts, review_months=review_months)
