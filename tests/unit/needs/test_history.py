"""Reading a child's profiles: what changed from one version to the next, in the words of each
version's own framework, and what a new version starts from."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from carer_portal.children.needs.framework import default_framework, parse
from carer_portal.children.needs.models import NeedsProfile, NeedsRating
from carer_portal.children.needs.service import (
    Direction,
    ProfileVersion,
    history_entries,
    starting_values,
)

FRAMEWORK = default_framework()
AUTHOR = uuid.uuid4()


def _version(
    levels: dict[str, int],
    *,
    on: date,
    notes: dict[str, str] | None = None,
    framework=FRAMEWORK,
    version=1,
    **answers: str,
) -> ProfileVersion:  # type: ignore[no-untyped-def]
    profile = NeedsProfile(
        council_id=uuid.uuid4(),
        child_id=uuid.uuid4(),
        framework_id=uuid.uuid4(),
        assessed_on=on,
        written_by_id=AUTHOR,
        **answers,
    )
    ratings = {
        key: NeedsRating(profile_id=profile.id, domain=key, level=level, note=(notes or {}).get(key, ""))
        for key, level in levels.items()
    }
    return ProfileVersion(profile=profile, framework=framework, framework_version=version, ratings=ratings)


ALL_ONE = {d.key: 1 for d in FRAMEWORK.domains}


def test_each_version_is_compared_with_the_one_before_it() -> None:
    first = _version(ALL_ONE, on=date(2024, 1, 1))
    second = _version(
        {**ALL_ONE, "health": 3, "education": 0}, on=date(2024, 6, 1), notes={"identity": "Proud"}
    )
    entries = history_entries([second, first], {AUTHOR: "Priya Sharma"})

    assert [e.first for e in entries] == [False, True]
    assert entries[0].author == "Priya Sharma"
    changed = {c.domain.key: c for c in entries[0].changed}
    assert set(changed) == {"health", "education"}  # a note alone is not a change of level
    assert changed["health"].direction is Direction.ROSE
    assert (changed["health"].before, changed["health"].after) == (
        "A little extra help",
        "A lot of extra support",
    )
    assert changed["education"].direction is Direction.FELL
    assert (changed["education"].before, changed["education"].after) == (
        "A little extra help",
        "No additional need",
    )
    identity = next(c for c in entries[0].levels if c.domain.key == "identity")
    assert identity.direction is Direction.SAME and identity.note == "Proud" and identity.note_changed
    # The first profile: every domain is new, with nothing before it.
    assert {c.direction for c in entries[1].levels} == {Direction.NEW}
    assert all(c.before == "" for c in entries[1].levels)


def test_levels_are_named_in_the_words_of_the_framework_each_version_was_rated_against() -> None:
    renamed = parse(
        {
            "key": FRAMEWORK.key,
            "name": FRAMEWORK.name,
            "domains": [
                {
                    "key": "health",
                    "title": "Health",
                    "levels": [
                        {"label": "Well", "descriptor": "Well."},
                        {"label": "Some help", "descriptor": "Some."},
                        {"label": "Much help", "descriptor": "Much."},
                    ],
                },
                {
                    "key": "new-area",
                    "title": "A new area",
                    "levels": [
                        {"label": "Fine", "descriptor": "Fine."},
                        {"label": "Not", "descriptor": "Not."},
                    ],
                },
            ],
        }
    )
    before = _version(ALL_ONE, on=date(2024, 1, 1))
    after = _version({"health": 2, "new-area": 0}, on=date(2024, 6, 1), framework=renamed, version=2)
    (entry, _) = history_entries([after, before], {})
    health, new_area = entry.levels
    assert (health.before, health.after, health.direction) == (
        "A little extra help",
        "Much help",
        Direction.ROSE,
    )
    assert (new_area.before, new_area.after, new_area.direction) == ("", "Fine", Direction.NEW)
    assert entry.author == ""  # nobody we know: an imported profile, say


def test_a_new_version_starts_from_the_last_one_dated_today() -> None:
    latest = _version(
        {**ALL_ONE, "health": 4},
        on=date(2024, 1, 1),
        notes={"health": "Diabetes"},
        strengths="Kind",
        what_helps="Routine",
        family_time="Sundays with Nan",
    )
    values = starting_values(latest, FRAMEWORK, today=date(2026, 3, 7))
    assert values["assessed_on"] == "7/3/2026"
    assert (values["strengths"], values["what_helps"], values["family_time"]) == (
        "Kind",
        "Routine",
        "Sundays with Nan",
    )
    assert values["level_health"] == "4" and values["note_health"] == "Diabetes"
    assert values["level_self_care"] == "1"


def test_a_level_is_not_carried_over_to_another_scale() -> None:
    shorter = replace(
        FRAMEWORK,
        domains=(
            replace(FRAMEWORK.domains[0], levels=FRAMEWORK.domains[0].levels[:3]),
            *FRAMEWORK.domains[1:],
        ),
    )
    latest = _version({**ALL_ONE, "health": 2}, on=date(2024, 1, 1), notes={"health": "Asthma"})
    values = starting_values(latest, shorter, today=date(2026, 3, 7))
    assert "level_health" not in values and values["note_health"] == "Asthma"
    assert values["level_education"] == "1"
    other_key = replace(FRAMEWORK, key="another-framework")
    assert not any(k.startswith("level_") for k in starting_values(latest, other_key, today=date(2026, 3, 7)))


def test_a_first_profile_starts_empty_but_for_the_date() -> None:
    assert starting_values(None, FRAMEWORK, today=date(2026, 12, 25)) == {"assessed_on": "25/12/2026"}
