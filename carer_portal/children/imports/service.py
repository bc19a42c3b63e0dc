"""Importing children, placements and needs profiles from a case-management system's CSV export.

One file of one kind at a time. The whole file is checked first, in memory, against what the
council holds (read in one query per kind of record: existing children, households, placements,
profiles and their ratings); every problem is listed with its line and column. Only a file with
no problem is applied, in one transaction with bulk (executemany) inserts and updates: all rows
or none. Rows are matched on the case system's ids (``external_ref``), so importing the same
file again changes nothing and a changed row updates its record.

Who may import is the policy's question (``can_import_case_records``); everything is within the
actor's council. The audit trail gets one event per child whose records were added or changed,
and one for the import itself (its kind and row count in ``subject_type``: the table has no
column for a count).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, update
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.imports import checks
from carer_portal.children.imports.reading import Checker, FileProblems, Kind, Problem, decode, read_rows
from carer_portal.children.models import Child, Placement
from carer_portal.children.needs.framework import Framework, from_definition
from carer_portal.children.needs.models import NeedsProfile, NeedsRating
from carer_portal.children.needs.service import framework_for_new_profiles
from carer_portal.db import utcnow
from carer_portal.people.models import Household
from carer_portal.security.actor import Actor
from carer_portal.security.audit import AuditAction, record, record_each
from carer_portal.security.policies import can_import_case_records

log = logging.getLogger(__name__)
SAVE_FAILED = (
    "The records could not be saved, so nothing was changed. Try again in a few minutes; if it "
    "happens again, tell the service's administrator."
)


@dataclass(frozen=True)
class ImportResult:
    kind: Kind
    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Plan:
    """What applying a checked file will do."""

    inserts: list[dict[str, Any]]
    updates: list[dict[str, Any]]  # each with "_id", the record's own id
    unchanged: int
    children: set[uuid.UUID]  # whose records are added or changed, for the audit trail


def _table(model: Any) -> Table:
    return model.__table__


async def import_case_records(
    *, session: AsyncSession, actor: Actor, kind: Kind, data: bytes, today: date
) -> ImportResult | None:
    """Check the file, then apply all of it or none of it. None: this actor may not import."""
    if not can_import_case_records(actor):
        return None
    try:
        result = await _import(session, actor, kind, data, today)
    except FileProblems as error:
        await session.rollback()
        # In the order of the file: a row's own problems, then those found across rows.
        return ImportResult(kind, problems=tuple(sorted(error.problems, key=lambda p: p.line)))
    except SQLAlchemyError as error:
        await session.rollback()
        # The error's class only: its message can quote the values of a row.
        log.error("case records import not saved: %s", type(error).__name__, extra={"kind": kind.value})
        return ImportResult(kind, problems=(Problem(0, "", SAVE_FAILED),))
    log.info(
        "case records imported",
        extra={"kind": kind.value, "rows": result.rows, "added": result.added, "changed": result.changed},
    )
    return result


async def _import(session: AsyncSession, actor: Actor, kind: Kind, data: bytes, today: date) -> ImportResult:
    text = decode(data)
    council = actor.council_id
    if kind is Kind.CHILDREN:
        rows = read_rows(text, required=checks.CHILD_COLUMNS)
        check = Checker(today=today)
        plan = _plan_children(checks.check_children(rows, check), await _children(session, council), council)
        target: Any = Child
    elif kind is Kind.PLACEMENTS:
        rows = read_rows(text, required=checks.PLACEMENT_COLUMNS)
        check = Checker(today=today)
        recorded = await _placements(session, council)
        checked = checks.check_placements(
            rows,
            check,
            children=await _child_ids(session, council),
            households=await _households(session, council),
            recorded=list(recorded.values()),
        )
        plan = _plan_placements(checked, recorded, council)
        target = Placement
    else:
        return await _import_profiles(session, actor, text, today)
    if check.problems:
        raise FileProblems(check.problems)
    await _apply(session, target, plan)
    return await _finish(session, actor, kind, len(rows), plan)


async def _apply(session: AsyncSession, model: Any, plan: _Plan) -> None:
    table = _table(model)
    if plan.inserts:
        await session.exec(insert(table), params=plan.inserts)  # type: ignore[call-overload]
    if plan.updates:
        statement = update(table).where(table.c.id == bindparam("_id"))
        await session.exec(statement, params=plan.updates)  # type: ignore[call-overload]


async def _finish(session: AsyncSession, actor: Actor, kind: Kind, rows: int, plan: _Plan) -> ImportResult:
    await record(
        session,
        council_id=actor.council_id,
        actor_id=actor.user_id,
        action=AuditAction.IMPORT_CASE_RECORDS,
        subject_type=f"case_records:{kind.value}:{rows}",
    )
    await record_each(
        session,
        council_id=actor.council_id,
        actor_id=actor.user_id,
        action=AuditAction.IMPORT_CASE_RECORDS,
        subject_type="child",
        subject_ids=sorted(plan.children),
    )
    await session.commit()
    return ImportResult(kind, rows, len(plan.inserts), len(plan.updates), plan.unchanged)


# --- what the council holds: one query each -------------------------------------------------------


async def _children(session: AsyncSession, council: uuid.UUID) -> dict[str, Any]:
    query = select(
        Child.id, Child.external_ref, Child.first_name, Child.last_name, Child.known_as, Child.date_of_birth
    ).where(Child.council_id == council, col(Child.external_ref).is_not(None))
    return {row.external_ref: row for row in (await session.exec(query)).all()}


async def _child_ids(session: AsyncSession, council: uuid.UUID) -> dict[str, uuid.UUID]:
    query = select(Child.external_ref, Child.id).where(
        Child.council_id == council, col(Child.external_ref).is_not(None)
    )
    return {ref: child_id for ref, child_id in (await session.exec(query)).all()}


async def _households(session: AsyncSession, council: uuid.UUID) -> dict[str, list[uuid.UUID]]:
    found: dict[str, list[uuid.UUID]] = {}
    query = select(Household.name, Household.id).where(Household.council_id == council)
    for name, household_id in (await session.exec(query)).all():
        found.setdefault(name.strip().casefold(), []).append(household_id)
    return found


async def _placements(session: AsyncSession, council: uuid.UUID) -> dict[uuid.UUID, Any]:
    query = select(
        Placement.id,
        Placement.child_id,
        Placement.household_id,
        Placement.started_on,
        Placement.ended_on,
        Placement.external_ref,
    ).where(Placement.council_id == council)
    return {row.id: row for row in (await session.exec(query)).all()}


# --- children and placements ------------------------------------------------------------------------


def _plan_children(rows: list[checks.ChildRow], existing: dict[str, Any], council: uuid.UUID) -> _Plan:
    plan = _Plan([], [], 0, set())
    now = utcnow()
    for row in rows:
        values = {
            "first_name": row.first_name,
            "last_name": row.last_name,
            "known_as": row.known_as,
            "date_of_birth": row.date_of_birth,
        }
        held = existing.get(row.case_id)
        if held is None:
            child_id = uuid.uuid4()
            plan.inserts.append(
                {
                    "id": child_id,
                    "council_id": council,
                    "external_ref": row.case_id,
                    "created_at": now,
                    **values,
                }
            )
            plan.children.add(child_id)
        elif any(getattr(held, name) != value for name, value in values.items()):
            plan.updates.append({"_id": held.id, **values})
            plan.children.add(held.id)
        else:
            plan.unchanged += 1
    return plan


def _plan_placements(
    rows: list[checks.PlacementRow], recorded: dict[uuid.UUID, Any], council: uuid.UUID
) -> _Plan:
    by_ref = {p.external_ref: p for p in recorded.values() if p.external_ref is not None}
    plan = _Plan([], [], 0, set())
    now = utcnow()
    for row in rows:
        values = {
            "child_id": row.child_id,
            "household_id": row.household_id,
            "started_on": row.started_on,
            "ended_on": row.ended_on,
        }
        held = by_ref.get(row.placement_id)
        if held is None:
            plan.inserts.append(
                {
                    "id": uuid.uuid4(),
                    "council_id": council,
                    "external_ref": row.placement_id,
                    "created_at": now,
                }
                | values
            )
            plan.children.add(row.child_id)
        elif any(getattr(held, name) != value for name, value in values.items()):
            plan.updates.append({"_id": held.id, **values})
            plan.children.update({row.child_id, held.child_id})
        else:
            plan.unchanged += 1
    return plan


# --- needs profiles -----------------------------------------------------------------------------


async def _import_profiles(session: AsyncSession, actor: Actor, text: str, today: date) -> ImportResult:
    council = actor.council_id
    stored = await framework_for_new_profiles(session, council)
    framework = from_definition(stored.definition)
    columns = checks.profile_columns(framework)
    rows = read_rows(text, required=columns, domains=[d.key for d in framework.domains])
    texts = frozenset(name for name in columns if name.startswith("note_") or name in checks.PROFILE_TEXTS)
    check = Checker(today=today, multiline=texts)
    checked = checks.check_profiles(
        rows, check, children=await _child_ids(session, council), framework=framework
    )
    if check.problems:
        raise FileProblems(check.problems)
    existing = await _profiles(session, council)
    ratings = await _ratings(session, council)
    plan = _Plan([], [], 0, set())
    new_ratings: list[dict[str, Any]] = []
    replaced: list[dict[str, Any]] = []
    now = utcnow()
    for row in checked:
        values = {
            "child_id": row.child_id,
            "assessed_on": row.assessed_on,
            "framework_id": stored.id,
            **row.texts,
        }
        held = existing.get(row.profile_id)
        if held is None:
            profile_id = uuid.uuid4()
            plan.inserts.append(
                {
                    "id": profile_id,
                    "council_id": council,
                    "external_ref": row.profile_id,
                    "written_by_id": actor.user_id,
                    "submission_key": None,
                    "created_at": now,
                    **values,
                }
            )
        else:
            profile_id = held.id
            same = all(getattr(held, name) == value for name, value in values.items())
            if same and ratings.get(held.id, {}) == row.ratings:
                plan.unchanged += 1
                continue
            plan.updates.append({"_id": held.id, **values})
            replaced.append({"_profile": held.id})
            plan.children.add(held.child_id)
        plan.children.add(row.child_id)
        new_ratings.extend(
            {
                "id": uuid.uuid4(),
                "council_id": council,
                "profile_id": profile_id,
                "domain": domain,
                "level": level,
                "note": note,
            }
            for domain, (level, note) in row.ratings.items()
        )
    await _apply(session, NeedsProfile, plan)
    rating_table = _table(NeedsRating)
    if replaced:
        statement = delete(rating_table).where(rating_table.c.profile_id == bindparam("_profile"))
        await session.exec(statement, params=replaced)  # type: ignore[call-overload]
    if new_ratings:
        await session.exec(insert(rating_table), params=new_ratings)  # type: ignore[call-overload]
    return await _finish(session, actor, Kind.PROFILES, len(rows), plan)


_PROFILE_FIELDS: Sequence[str] = (
    "id",
    "external_ref",
    "child_id",
    "assessed_on",
    "framework_id",
    *checks.PROFILE_TEXTS,
)


async def _profiles(session: AsyncSession, council: uuid.UUID) -> dict[str, Any]:
    table = _table(NeedsProfile)
    query = select(*(table.c[name] for name in _PROFILE_FIELDS)).where(
        table.c.council_id == council, table.c.external_ref.is_not(None)
    )
    return {row.external_ref: row for row in (await session.exec(query)).all()}


async def _ratings(session: AsyncSession, council: uuid.UUID) -> dict[uuid.UUID, dict[str, tuple[int, str]]]:
    """The ratings of every imported profile of the council, by profile and domain."""
    query = (
        select(NeedsRating.profile_id, NeedsRating.domain, NeedsRating.level, NeedsRating.note)
        .join(NeedsProfile, col(NeedsProfile.id) == col(NeedsRating.profile_id))
        .where(NeedsProfile.council_id == council, col(NeedsProfile.external_ref).is_not(None))
    )
    found: dict[uuid.UUID, dict[str, tuple[int, str]]] = {}
    for profile_id, domain, level, note in (await session.exec(query)).all():
        found.setdefault(profile_id, {})[domain] = (level, note)
    return found


async def framework_for_import(*, session: AsyncSession, actor: Actor) -> Framework:
    """The framework a needs profile file is checked against now, for the page to describe.
    Nothing is written (the default framework is stored when a profile first needs it)."""
    stored = await framework_for_new_profiles(session, actor.council_id)
    framework = from_definition(stored.definition)
    await session.rollback()
    return framework
