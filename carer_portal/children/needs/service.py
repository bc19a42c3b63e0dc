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

from carer_portal.children.needs.forms import (
    TEXT_FIELDS,
    NeedsProfileForm,
    level_field,
    note_field,
    profile_form,
    shown_date,
)
from carer_portal.children.needs.framework import (
    Domain,
    Framework,
    as_definition,
    default_framework,
    from_definition,
)
from carer_portal.children.needs.models import NeedsFramework, NeedsProfile, NeedsRating
from carer_portal.children.service import ChildView
from carer_portal.people.models import User
from carer_portal.security.policies import can_update_child_profile


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


_LATEST_FRAMEWORK = (
    select(NeedsFramework)
    .where(NeedsFramework.council_id == bindparam("council_id"))
    .order_by(col(NeedsFramework.created_at).desc(), col(NeedsFramework.version).desc())
    .limit(1)
)


async def framework_in_use(session: AsyncSession, council_id: uuid.UUID) -> NeedsFramework:
    """The framework new profiles use, read only: the latest loaded, or the default one as it
    will be stored (version 1) when the first profile is published. Writes nothing."""
    latest = (await session.exec(_LATEST_FRAMEWORK, params={"council_id": council_id})).first()  # type: ignore[call-overload]
    if latest is not None:
        return latest
    default = default_framework()
    return NeedsFramework(
        council_id=council_id,
        key=default.key,
        version=1,
        name=default.name,
        definition=as_definition(default),
    )


async def framework_for_new_profiles(session: AsyncSession, council_id: uuid.UUID) -> NeedsFramework:
    """The council's latest loaded framework; the default one, stored as version 1, if none."""
    row = await framework_in_use(session, council_id)
    if row not in session:
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
    select(NeedsProfile)
    .where(NeedsProfile.child_id == bindparam("child_id"), NeedsProfile.council_id == bindparam("council_id"))
    .order_by(col(NeedsProfile.assessed_on).desc(), col(NeedsProfile.created_at).desc())
)
# The frameworks those profiles were rated on, each read once: a definition is a whole file of
# JSON, and joining it to every profile decoded it again for each one.
_FRAMEWORKS = select(NeedsFramework).where(col(NeedsFramework.id).in_(bindparam("ids", expanding=True)))
_RATINGS = select(NeedsRating).where(
    col(NeedsRating.profile_id).in_(bindparam("profile_ids", expanding=True))
)


async def profile_history(
    session: AsyncSession, *, child_id: uuid.UUID, council_id: uuid.UUID
) -> list[ProfileVersion]:
    """Every profile of an (already permitted) child, newest first."""
    profiles = (await session.exec(_PROFILES, params={"child_id": child_id, "council_id": council_id})).all()  # type: ignore[call-overload]
    if not profiles:
        return []
    ratings = (await session.exec(_RATINGS, params={"profile_ids": [p.id for p in profiles]})).all()  # type: ignore[call-overload]
    by_profile: dict[uuid.UUID, dict[str, NeedsRating]] = {}
    for rating in ratings:
        by_profile.setdefault(rating.profile_id, {})[rating.domain] = rating
    ids = list({p.framework_id for p in profiles})
    frameworks = {
        row.id: (from_definition(row.definition), row.version)
        for row in (await session.exec(_FRAMEWORKS, params={"ids": ids})).all()  # type: ignore[call-overload]
    }
    return [
        ProfileVersion(
            profile=profile,
            framework=frameworks[profile.framework_id][0],
            framework_version=frameworks[profile.framework_id][1],
            ratings=by_profile.get(profile.id, {}),
        )
        for profile in profiles
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


# --- a child's profile history, as the history page shows it -----------------------------------


@dataclass(frozen=True)
class LevelChange:
    """One domain of a profile against the one before, with each level's words."""

    domain: Domain
    direction: Direction
    before: str  # the level's label in the profile before; "" when it was not rated
    after: str
    note: str
    note_changed: bool


@dataclass(frozen=True)
class HistoryEntry:
    version: ProfileVersion
    author: str  # who published it; "" for an imported profile
    first: bool  # the child's first profile: nothing to compare with
    levels: list[LevelChange]

    @property
    def changed(self) -> list[LevelChange]:
        """The domains whose level moved, or that were rated for the first time, in page order."""
        return [c for c in self.levels if c.direction is not Direction.SAME]


def level_label(version: ProfileVersion | None, domain_key: str, value: int | None) -> str:
    """A rated level in the words of the framework it was rated against."""
    if version is None or value is None:
        return ""
    domain = version.framework.domain(domain_key)
    level = domain.level(value) if domain else None
    return level.label if level else str(value)


def history_entries(history: list[ProfileVersion], authors: dict[uuid.UUID, str]) -> list[HistoryEntry]:
    """Each profile (newest first, as ``profile_history`` gives them) against the one before it."""
    entries = []
    for index, version in enumerate(history):
        previous = history[index + 1] if index + 1 < len(history) else None
        lines = [
            LevelChange(
                domain=change.domain,
                direction=change.direction,
                before=level_label(previous, change.domain.key, change.before),
                after=level_label(version, change.domain.key, change.after),
                note=version.ratings[change.domain.key].note if change.domain.key in version.ratings else "",
                note_changed=change.note_changed,
            )
            for change in changes(version, previous)
        ]
        written_by = version.profile.written_by_id
        entries.append(
            HistoryEntry(version, authors.get(written_by, "") if written_by else "", previous is None, lines)
        )
    return entries


async def needs_history(session: AsyncSession, view: ChildView) -> list[HistoryEntry]:
    """The history page of an (already permitted and audited) child: every profile, newest first."""
    history = await profile_history(session, child_id=view.child.id, council_id=view.child.council_id)
    author_ids = {v.profile.written_by_id for v in history if v.profile.written_by_id}
    authors = {}
    if author_ids:
        rows = await session.exec(
            select(User.id, User.display_name).where(
                col(User.id).in_(author_ids), User.council_id == view.child.council_id
            )
        )
        authors = {user_id: name for user_id, name in rows.all()}
    return history_entries(history, authors)


def starting_values(latest: ProfileVersion | None, framework: Framework, *, today: date) -> dict[str, str]:
    """What a new profile's form starts with: the last profile's answers, so a new version is a
    change to the last one, dated today. A level is carried over only when the last profile rated
    that domain on the same framework with the same number of levels: on another scale the same
    number means something else."""
    values = {"assessed_on": shown_date(today)}
    if latest is None:
        return values
    values.update({name: getattr(latest.profile, name) for name in TEXT_FIELDS})
    same_framework = latest.framework.key == framework.key
    for domain in framework.domains:
        rating = latest.ratings.get(domain.key)
        before = latest.framework.domain(domain.key)
        if rating is None or before is None:
            continue
        values[note_field(domain.key)] = rating.note
        if same_framework and len(before.levels) == len(domain.levels) and domain.level(rating.level):
            values[level_field(domain.key)] = str(rating.level)
    return values


@dataclass(frozen=True)
class NewProfile:
    """What the form for a child's new profile is built from."""

    framework_row: NeedsFramework
    framework: Framework
    form_model: type[NeedsProfileForm]
    latest: ProfileVersion | None
    values: dict[str, str]  # what the form starts with


async def new_profile(session: AsyncSession, view: ChildView, *, today: date) -> NewProfile | None:
    """The form for the child's next profile, starting from their last one; None if this person
    may not publish one (only the supervising social worker of the child's household may)."""
    if not can_update_child_profile(view.access):
        return None
    row = await framework_in_use(session, view.child.council_id)
    framework = from_definition(row.definition)
    history = await profile_history(session, child_id=view.child.id, council_id=view.child.council_id)
    latest = history[0] if history else None
    return NewProfile(
        framework_row=row,
        framework=framework,
        form_model=profile_form(framework, version=row.version),
        latest=latest,
        values=starting_values(latest, framework, today=today),
    )
