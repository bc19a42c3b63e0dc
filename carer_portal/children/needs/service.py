"""Needs profiles: the framework new profiles use, a child's profile history, what changed.

Every read here starts from a ``ChildView`` that children/service.py has already checked
against the access policy (and audited); nothing here decides who may see a child.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.needs.framework import (
    Domain,
    Framework,
    as_definition,
    default_framework,
    from_definition,
)
from carer_portal.children.needs.models import NeedsFramework, NeedsProfile, NeedsRating


@dataclass(frozen=True)
class ProfileVersion:
    """One dated profile with its ratings, read against the framework it was rated on."""

    profile: NeedsProfile
    framework: Framework
    framework_version: int
    ratings: dict[str, NeedsRating]  # by domain key

    def level(self, domain: str) -> int | None:
        rating = self.ratings.get(domain)
        return rating.level if rating else None


class Direction(StrEnum):
    ROSE = "rose"  # more support needed than last time
    FELL = "fell"  # less support needed
    SAME = "same"
    NEW = "new"  # not rated last time (first profile, or a domain new to the framework)


@dataclass(frozen=True)
class DomainChange:
    domain: Domain
    before: int | None
    after: int | None
    direction: Direction
    note_changed: bool


async def framework_for_new_profiles(session: AsyncSession, council_id: uuid.UUID) -> NeedsFramework:
    """The council's latest loaded framework; the default one, stored as version 1, if none."""
    latest = (
        await session.exec(
            select(NeedsFramework)
            .where(NeedsFramework.council_id == council_id)
            .order_by(col(NeedsFramework.created_at).desc(), col(NeedsFramework.version).desc())
            .limit(1)
        )
    ).first()
    if latest is not None:
        return latest
    default = default_framework()
    row = NeedsFramework(
        council_id=council_id,
        key=default.key,
        version=1,
        name=default.name,
        definition=as_definition(default),
    )
    session.add(row)
    await session.flush()
    return row


def review_due_by(assessed_on: date, *, months: int) -> date:
    """The day a profile assessed on ``assessed_on`` goes out of date (settings.needs_review_months)."""
    month = assessed_on.month - 1 + months
    year, month = assessed_on.year + month // 12, month % 12 + 1
    for day in (assessed_on.day, 30, 29, 28):  # the 31st of a shorter month is its last day
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def out_of_date(assessed_on: date | None, *, today: date, months: int) -> bool:
    """Whether a child's latest profile (None: they have none) needs reviewing."""
    return assessed_on is None or today >= review_due_by(assessed_on, months=months)


_PROFILES = (
    select(NeedsProfile, NeedsFramework)
    .join(NeedsFramework, col(NeedsFramework.id) == col(NeedsProfile.framework_id))
    .where(NeedsProfile.child_id == bindparam("child_id"), NeedsProfile.council_id == bindparam("council_id"))
    .order_by(col(NeedsProfile.assessed_on).desc(), col(NeedsProfile.created_at).desc())
)
_RATINGS = select(NeedsRating).where(
    col(NeedsRating.profile_id).in_(bindparam("profile_ids", expanding=True))
)


async def profile_history(
    session: AsyncSession, *, child_id: uuid.UUID, council_id: uuid.UUID
) -> list[ProfileVersion]:
    """Every profile of an (already permitted) child, newest first."""
    rows = (await session.exec(_PROFILES, params={"child_id": child_id, "council_id": council_id})).all()  # type: ignore[call-overload]
    if not rows:
        return []
    ratings = (await session.exec(_RATINGS, params={"profile_ids": [p.id for p, _ in rows]})).all()  # type: ignore[call-overload]
    by_profile: dict[uuid.UUID, dict[str, NeedsRating]] = {}
    for rating in ratings:
        by_profile.setdefault(rating.profile_id, {})[rating.domain] = rating
    return [
        ProfileVersion(
            profile=profile,
            framework=from_definition(framework.definition),
            framework_version=framework.version,
            ratings=by_profile.get(profile.id, {}),
        )
        for profile, framework in rows
    ]


def changes(current: ProfileVersion, previous: ProfileVersion | None) -> list[DomainChange]:
    """Each domain of the current profile against the one before: rose, fell, the same, or new."""
    result = []
    for domain in current.framework.domains:
        after = current.level(domain.key)
        before = previous.level(domain.key) if previous else None
        if before is None or after is None:
            direction = Direction.NEW
        elif after > before:
            direction = Direction.ROSE
        elif after < before:
            direction = Direction.FELL
        else:
            direction = Direction.SAME
        old_note = previous.ratings[domain.key].note if previous and domain.key in previous.ratings else ""
        new_note = current.ratings[domain.key].note if domain.key in current.ratings else ""
        result.append(DomainChange(domain, before, after, direction, note_changed=old_note != new_note))
    return result
