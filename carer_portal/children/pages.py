"""What the children pages show: the children list, and everything on a child's page.

Each starts from ``children_for`` or ``child_for`` (children/service.py), which ask the policy and
audit the view; everything else read here is about children already permitted. Apart from the
audit, the one thing written is "seen" on carers' notes the supervising social worker has now
been shown (children/observations.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.needs.models import NeedsProfile
from carer_portal.children.needs.service import (
    DomainChange,
    ProfileVersion,
    changes,
    out_of_date,
    profile_history,
)
from carer_portal.children.observations import notes_for, unseen_counts
from carer_portal.children.service import ChildView, child_for, children_for
from carer_portal.people.models import Household, Role, User
from carer_portal.security.actor import Actor

# --- the children list ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChildLine:
    """A child in a supervising social worker's list: their latest profile, and new notes."""

    view: ChildView
    latest_profile_on: date | None
    out_of_date: bool
    new_notes: int


@dataclass(frozen=True)
class HouseholdChildren:
    household: Household
    children: list[ChildLine]

    @property
    def new_notes(self) -> int:
        return sum(line.new_notes for line in self.children)


@dataclass(frozen=True)
class ChildrenList:
    """A carer's children (living with them, and moved on this week), or an SSW's by household."""

    living_with_you: list[ChildView]
    moved_on: list[ChildView]
    households: list[HouseholdChildren]


_LATEST_PROFILES = (
    select(NeedsProfile.child_id, func.max(NeedsProfile.assessed_on))
    .where(
        col(NeedsProfile.child_id).in_(bindparam("child_ids", expanding=True)),
        NeedsProfile.council_id == bindparam("council_id"),
    )
    .group_by(col(NeedsProfile.child_id))
)


async def _latest_profile_dates(
    session: AsyncSession, child_ids: list[uuid.UUID], council_id: uuid.UUID
) -> dict[uuid.UUID, date]:
    rows = (
        await session.exec(_LATEST_PROFILES, params={"child_ids": child_ids, "council_id": council_id})
    ).all()  # type: ignore[call-overload]
    return {child_id: assessed_on for child_id, assessed_on in rows}


async def children_list(
    *, session: AsyncSession, actor: Actor, today: date, review_months: int
) -> ChildrenList:
    """The children list, with every child in it audited as seen (``children_for``).

    A supervising social worker's is grouped by household, each child with the date of their
    latest needs profile (flagged when it is out of date or missing) and how many notes from
    carers nobody has seen yet; children with new notes come first, and households with them.
    Two reads beyond the children themselves, whatever the number of children.
    """
    views = await children_for(session=session, actor=actor, today=today)
    if actor.role is not Role.SUPERVISING_SOCIAL_WORKER:
        return ChildrenList(
            living_with_you=[v for v in views if not v.read_only],
            moved_on=[v for v in views if v.read_only],
            households=[],
        )
    ids = [view.child.id for view in views]
    latest = await _latest_profile_dates(session, ids, actor.council_id) if ids else {}
    new_notes = await unseen_counts(session, child_ids=ids, council_id=actor.council_id)
    groups: dict[uuid.UUID, HouseholdChildren] = {}
    for view in views:  # in first-name order
        if view.household is None:
            continue
        on = latest.get(view.child.id)
        line = ChildLine(
            view=view,
            latest_profile_on=on,
            out_of_date=out_of_date(on, today=today, months=review_months),
            new_notes=new_notes.get(view.child.id, 0),
        )
        groups.setdefault(view.household.id, HouseholdChildren(view.household, [])).children.append(line)
    for group in groups.values():
        group.children.sort(key=lambda line: line.new_notes == 0)  # stable: names stay in order
    households = sorted(groups.values(), key=lambda g: (g.new_notes == 0, g.household.name))
    return ChildrenList(living_with_you=[], moved_on=[], households=households)


# --- a child's page -------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """A line in the child's timeline: a carer's note, or a new needs profile."""

    on: date
    is_note: bool
    who: str
    text: str = ""
    new: bool = False
    at: datetime | None = None  # when it was written, to order a day's entries


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


@dataclass(frozen=True)
class ChildPage:
    view: ChildView
    versions: list[ProfileVersion]  # newest first
    changes: list[DomainChange]  # the latest profile against the one before it
    timeline: list[TimelineEntry]  # newest first
    supervising_social_worker: Contact | None

    @property
    def profile(self) -> ProfileVersion | None:
        return self.versions[0] if self.versions else None


_PEOPLE = select(User).where(
    col(User.id).in_(bindparam("ids", expanding=True)), User.council_id == bindparam("council_id")
)


async def child_page(
    *, session: AsyncSession, actor: Actor, child_id: uuid.UUID, today: date, now: datetime
) -> ChildPage | None:
    """Everything the child's page shows, if this actor may see the child (audited); None if not.

    For the supervising social worker, carers' notes not seen before come marked as new and are
    recorded as seen.
    """
    view = await child_for(session=session, actor=actor, child_id=child_id, today=today)
    if view is None:
        return None
    versions = await profile_history(session, child_id=view.child.id, council_id=actor.council_id)
    notes = await notes_for(session, actor=actor, view=view, now=now)
    ssw_id = view.household.supervising_social_worker_id if view.household else None
    wanted = {ssw_id, *(v.profile.written_by_id for v in versions)} - {None}
    people = (
        {
            user.id: user
            for user in (
                await session.exec(_PEOPLE, params={"ids": list(wanted), "council_id": actor.council_id})  # type: ignore[call-overload]
            ).all()
        }
        if wanted
        else {}
    )
    if any(note.new for note in notes):
        await session.commit()  # recorded as seen; this page still shows them as new
    ssw = people.get(ssw_id) if ssw_id else None
    timeline = [
        TimelineEntry(
            on=n.observation.noticed_on,
            is_note=True,
            who=n.author_name,
            text=n.observation.text,
            new=n.new,
            at=n.observation.created_at,
        )
        for n in notes
    ] + [
        TimelineEntry(
            on=v.profile.assessed_on,
            is_note=False,
            who=people[v.profile.written_by_id].display_name if v.profile.written_by_id in people else "",
            at=v.profile.created_at,
        )
        for v in versions
    ]
    timeline.sort(key=lambda entry: (entry.on, entry.at or now), reverse=True)
    return ChildPage(
        view=view,
        versions=versions,
        changes=changes(versions[0], versions[1] if len(versions) > 1 else None) if versions else [],
        timeline=timeline,
        supervising_social_worker=Contact(ssw.display_name, ssw.email) if ssw and ssw.is_active else None,
    )
