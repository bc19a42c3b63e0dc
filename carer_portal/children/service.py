"""Children's information: every read goes through the policy and leaves an audit record."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol, TypeVar

from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from carer_portal.children.models import Child, Placement
from carer_portal.people.models import Household
from carer_portal.security.actor import Actor
from carer_portal.security.audit import AuditAction, record, record_each
from carer_portal.security.policies import ChildAccess, child_access, children_scope


@dataclass(frozen=True)
class ChildView:
    child: Child
    access: ChildAccess
    placement: Placement | None
    household: Household | None

    @property
    def read_only(self) -> bool:
        return self.access is ChildAccess.CARER_READ_ONLY


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# The children's placements with their households, in one statement built once.
_PLACEMENTS = (
    select(Placement, Household)
    .join(Household, col(Household.id) == col(Placement.household_id))
    .where(
        col(Placement.child_id).in_(bindparam("child_ids", expanding=True)),
        Placement.council_id == bindparam("council_id"),
    )
)


@lru_cache(maxsize=4096)
def _children_in_order(actor: Actor, today: date) -> SelectOfScalar[Child]:
    return children_scope(actor, today=today).order_by(Child.first_name)


@lru_cache(maxsize=4096)
def _one_child(actor: Actor, today: date) -> SelectOfScalar[Child]:
    return children_scope(actor, today=today).where(Child.id == bindparam("child_id"))


async def _placements_and_households(
    session: AsyncSession, child_ids: list[uuid.UUID], council_id: uuid.UUID
) -> tuple[list[Placement], dict[uuid.UUID, Household]]:
    rows = (await session.exec(_PLACEMENTS, params={"child_ids": child_ids, "council_id": council_id})).all()  # type: ignore[call-overload]
    placements = [placement for placement, _ in rows]
    households = {household.id: household for _, household in rows}
    return placements, households


def _view(
    actor: Actor, child: Child, placements: list[Placement], households: dict, today: date
) -> ChildView:
    access = child_access(actor, child, placements, households, today=today)
    mine = [p for p in placements if p.child_id == child.id and p.started_on <= today]
    mine.sort(key=lambda p: (p.ended_on is None, p.ended_on or today, p.started_on), reverse=True)
    placement = mine[0] if mine else None
    return ChildView(
        child=child,
        access=access,
        placement=placement,
        household=households.get(placement.household_id) if placement else None,
    )


async def children_for(*, session: AsyncSession, actor: Actor, today: date) -> list[ChildView]:
    children = list((await session.exec(_children_in_order(actor, today))).all())
    if not children:
        return []
    placements, households = await _placements_and_households(
        session, [c.id for c in children], actor.council_id
    )
    views = [_view(actor, child, placements, households, today) for child in children]
    await record_each(
        session,
        council_id=actor.council_id,
        actor_id=actor.user_id,
        action=AuditAction.LIST_CHILD,
        subject_type="child",
        subject_ids=[view.child.id for view in views],
    )
    await session.commit()
    return views


async def child_for(
    *, session: AsyncSession, actor: Actor, child_id: uuid.UUID, today: date, audit: bool = True
) -> ChildView | None:
    """The child, if this actor may see them now; None otherwise (the caller answers 404).

    Opening the child's record is audited (and committed) here. A change to the child's record
    passes ``audit=False`` and records what it did, in its own transaction, instead."""
    child = (await session.exec(_one_child(actor, today), params={"child_id": child_id})).first()
    if child is None:
        return None
    placements, households = await _placements_and_households(session, [child.id], actor.council_id)
    view = _view(actor, child, placements, households, today)
    if view.access is ChildAccess.NONE:  # the scope and the predicate must agree; deny if not
        return None
    if not audit:
        return view
    await record(
        session,
        council_id=actor.council_id,
        actor_id=actor.user_id,
        action=AuditAction.VIEW_CHILD,
        subject_type="child",
        subject_id=child.id,
    )
    await session.commit()
    return view


# --- placements that overlap ---------------------------------------------------------------


class Period(Protocol):
    started_on: date
    ended_on: date | None


P = TypeVar("P", bound=Period)


def overlaps(a: Period, b: Period) -> bool:
    """Whether a child would live in two places at once. ``ended_on`` is the day they moved on,
    so a placement may start on the day the one before it ended (a move happens in one day);
    an open placement (no end) runs on for ever."""
    a_end, b_end = a.ended_on or date.max, b.ended_on or date.max
    return a.started_on < b_end and b.started_on < a_end


def overlapping(placements: Iterable[P], *, child: Callable[[P], Hashable]) -> list[tuple[P, P]]:
    """Pairs of placements of the same child (``child`` names it) that overlap, each placement
    that overlaps an earlier one paired with the earlier one that reaches furthest; one sort."""
    pairs: list[tuple[P, P]] = []
    by_child: dict[Hashable, list[P]] = {}
    for placement in placements:
        by_child.setdefault(child(placement), []).append(placement)
    for mine in by_child.values():
        mine.sort(key=lambda p: p.started_on)
        furthest: P | None = None
        for placement in mine:
            if furthest is not None and overlaps(furthest, placement):
                pairs.append((furthest, placement))
            if furthest is None or (placement.ended_on or date.max) > (furthest.ended_on or date.max):
                furthest = placement
    return pairs
