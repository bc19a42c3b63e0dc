"""The checks each kind of file's rows must pass, made in memory against what the council holds.

Each ``check_*`` takes the rows and what was loaded from the database (service.py loads it, one
query per kind of record) and returns the rows as typed values, adding every problem it finds to
the ``Checker``. Nothing here touches the database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from carer_portal.children.imports.reading import Checker, Row
from carer_portal.children.needs.framework import Framework
from carer_portal.children.service import overlapping

CHILD_COLUMNS = ("case_id", "first_name", "last_name", "known_as", "date_of_birth")
PLACEMENT_COLUMNS = ("placement_id", "case_id", "household", "started_on", "ended_on")
PROFILE_TEXTS = (
    "strengths",
    "enjoys",
    "what_helps",
    "what_to_avoid",
    "communication",
    "routines",
    "food",
    "sleep",
    "school",
    "health_appointments",
    "family_time",
)
MAX_TEXT = 5000


def profile_columns(framework: Framework) -> tuple[str, ...]:
    """A needs profile file's columns, in order: its ids, then two for each domain, then the texts."""
    per_domain = tuple(f"{prefix}_{d.key}" for d in framework.domains for prefix in ("level", "note"))
    return ("profile_id", "case_id", "assessed_on", *per_domain, *PROFILE_TEXTS)


def columns_for(kind: str, framework: Framework) -> tuple[str, ...]:
    return {"children": CHILD_COLUMNS, "placements": PLACEMENT_COLUMNS}.get(kind) or profile_columns(
        framework
    )


# --- children -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildRow:
    line: int
    case_id: str
    first_name: str
    last_name: str
    known_as: str
    date_of_birth: date


def check_children(rows: list[Row], check: Checker) -> list[ChildRow]:
    seen: dict[str, int] = {}
    result = []
    for row in rows:
        case_id = check.text(row, "case_id", required=True)
        if case_id and not check.once(row, "case_id", case_id, seen):
            case_id = ""
        first = check.text(row, "first_name", required=True)
        last = check.text(row, "last_name", required=True)
        known_as = check.text(row, "known_as")
        born = check.date(row, "date_of_birth", not_in_future="A date of birth")
        if case_id and first and last and born:
            result.append(ChildRow(row.line, case_id, first, last, known_as, born))
    return result


# --- placements ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementRow:
    line: int
    placement_id: str
    child_id: uuid.UUID
    household_id: uuid.UUID
    started_on: date
    ended_on: date | None


@dataclass(frozen=True)
class Recorded:
    """A placement the database holds (keyed by its external id, or its own id)."""

    id: uuid.UUID
    child_id: uuid.UUID
    started_on: date
    ended_on: date | None
    external_ref: str | None


def check_placements(
    rows: list[Row],
    check: Checker,
    *,
    children: dict[str, uuid.UUID],
    households: dict[str, list[uuid.UUID]],
    recorded: list[Recorded],
) -> list[PlacementRow]:
    """``children`` by case id; ``households`` by name, folded to lower case; ``recorded``: every
    placement of the council's children."""
    seen: dict[str, int] = {}
    result = []
    for row in rows:
        placement_id = check.text(row, "placement_id", required=True)
        if placement_id and not check.once(row, "placement_id", placement_id, seen):
            placement_id = ""
        case_id = check.text(row, "case_id", required=True)
        child_id = children.get(case_id) if case_id else None
        if case_id and child_id is None:
            check.add(row, "case_id", f"{case_id} is not a child we know. Import the children file first.")
        name = check.text(row, "household", required=True, max_length=200)
        household_id = None
        if name:
            matches = households.get(name.casefold(), [])
            if not matches:
                check.add(row, "household", f"{name} is not the name of one of the council's households.")
            elif len(matches) > 1:
                check.add(row, "household", f"{len(matches)} households are called {name}: rename one first.")
            else:
                household_id = matches[0]
        started = check.date(row, "started_on", not_in_future="A placement's start")
        ended = check.date(row, "ended_on", required=False)
        if started and ended and ended < started:
            check.add(row, "ended_on", f"{row.values['ended_on']} is before the placement started.")
            ended = started = None
        if placement_id and child_id and household_id and started:
            result.append(PlacementRow(row.line, placement_id, child_id, household_id, started, ended))
    _overlaps(result, recorded, check)
    return result


def _overlaps(rows: list[PlacementRow], recorded: list[Recorded], check: Checker) -> None:
    """A placement in the file must not overlap another of the same child, in the file or on
    record (a recorded placement the file changes is judged as the file has it)."""
    replaced = {row.placement_id for row in rows}
    kept = [r for r in recorded if r.external_ref is None or r.external_ref not in replaced]
    for earlier, later in overlapping([*kept, *rows], child=lambda p: p.child_id):
        for mine, other in ((later, earlier), (earlier, later)):
            if isinstance(mine, PlacementRow):
                check.add(Row(mine.line, {}), "started_on", _overlap_message(other))
                break


def _overlap_message(other: PlacementRow | Recorded) -> str:
    until = f"to {other.ended_on.isoformat()}" if other.ended_on else "with no end"
    if isinstance(other, PlacementRow):
        where = f"placement {other.placement_id} on line {other.line}"
    elif other.external_ref:
        where = f"placement {other.external_ref}, already recorded,"
    else:
        where = "a placement already recorded"
    return (
        f"this placement overlaps {where} (from {other.started_on.isoformat()} {until}) for the same "
        "child. A child can live in one place at a time."
    )


# --- needs profiles -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileRow:
    line: int
    profile_id: str
    child_id: uuid.UUID
    assessed_on: date
    texts: dict[str, str]
    ratings: dict[str, tuple[int, str]] = field(default_factory=dict)  # domain -> (level, note)


def check_profiles(
    rows: list[Row], check: Checker, *, children: dict[str, uuid.UUID], framework: Framework
) -> list[ProfileRow]:
    seen: dict[str, int] = {}
    result = []
    for row in rows:
        profile_id = check.text(row, "profile_id", required=True)
        if profile_id and not check.once(row, "profile_id", profile_id, seen):
            profile_id = ""
        case_id = check.text(row, "case_id", required=True)
        child_id = children.get(case_id) if case_id else None
        if case_id and child_id is None:
            check.add(row, "case_id", f"{case_id} is not a child we know. Import the children file first.")
        assessed = check.date(row, "assessed_on", not_in_future="An assessment")
        ratings, rated = {}, True
        for domain in framework.domains:
            column = f"level_{domain.key}"
            value = check.text(row, column, required=True, max_length=None)
            note = check.text(row, f"note_{domain.key}", max_length=MAX_TEXT)
            level = _level(value, domain.top, row, column, check) if value else None
            if level is None:
                rated = False
            else:
                ratings[domain.key] = (level, note)
        texts = {name: check.text(row, name, max_length=MAX_TEXT) for name in PROFILE_TEXTS}
        if profile_id and child_id and assessed and rated:
            result.append(ProfileRow(row.line, profile_id, child_id, assessed, texts, ratings))
    return result


def _level(value: str, top: int, row: Row, column: str, check: Checker) -> int | None:
    try:
        level = int(value)
    except ValueError:
        check.add(row, column, f"{value} is not a number. Use a whole number from 0 to {top}.")
        return None
    if not 0 <= level <= top:
        check.add(row, column, f"{value} is out of range. Levels go from 0 to {top}.")
        return None
    return level
