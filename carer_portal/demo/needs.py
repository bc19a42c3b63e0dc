"""The demo children's needs profiles and their carers' notes, read from needs.yaml (all invented).

Each child has two or three profiles over the last few years, rated on the default framework
(carer_portal/children/needs/default_framework.yaml), so the chart on their page shows change:
some areas need more support than before, most need less. The words are written the way we
want profiles written: strengths first, warm, practical, in plain English.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from carer_portal.children.needs.framework import default_framework

DATA_FILE = Path(__file__).with_name("needs.yaml")


@dataclass(frozen=True)
class DemoProfile:
    days_ago: int
    levels: dict[str, int]  # by the framework's domain key
    notes: dict[str, str]
    strengths: str
    enjoys: str
    what_helps: str
    what_to_avoid: str
    communication: str
    routines: str
    food: str
    sleep: str
    school: str
    health_appointments: str
    family_time: str


@dataclass(frozen=True)
class DemoNote:
    days_ago: int
    author: str  # a carer of the child's household, by email
    text: str
    seen: bool


def _profiles(entries: list[dict[str, Any]]) -> tuple[DemoProfile, ...]:
    """Each entry on top of the one before: a later profile gives only what changed."""
    names = {f.name for f in fields(DemoProfile)}
    domains = [d.key for d in default_framework().domains]
    result: list[DemoProfile] = []
    current: dict[str, Any] = {}
    for entry in entries:
        assert set(entry) <= names, f"unknown fields in needs.yaml: {set(entry) - names}"
        current = {**current, **entry}
        profile = DemoProfile(**current)
        assert list(profile.levels) == list(profile.notes) == domains, "one level and note per area"
        result.append(profile)
    return tuple(result)


def _load() -> tuple[dict[str, tuple[DemoProfile, ...]], dict[str, tuple[DemoNote, ...]]]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    profiles = {name: _profiles(child["profiles"]) for name, child in data.items()}
    notes = {name: tuple(DemoNote(**n) for n in child.get("notes", [])) for name, child in data.items()}
    return profiles, notes


# By the demo child's first name (carer_portal/demo/data.py): oldest profile first.
PROFILES, NOTES = _load()
