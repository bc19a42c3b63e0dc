"""Publishing needs profiles and loading frameworks: nothing is ever overwritten, a form sent twice
publishes once, only the supervising social worker publishes, and only administrators load."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import func
from sqlmodel import select

from carer_portal.children.needs.forms import NeedsProfileForm, profile_form
from carer_portal.children.needs.framework import (
    FrameworkFileError,
    as_definition,
    default_framework,
    from_definition,
)
from carer_portal.children.needs.models import NeedsFramework, NeedsProfile, NeedsRating
from carer_portal.children.needs.publishing import (
    FrameworkChanged,
    framework_page,
    load_framework,
    publish_profile,
)
from carer_portal.children.needs.service import framework_in_use, profile_history
from carer_portal.children.service import child_for
from carer_portal.forms import validate
from carer_portal.security.models import AuditEvent
from carer_portal.security.policies import ChildAccess
from tests.support.app import run_with_session
from tests.support.form_cases import FRAMEWORK_FILE, PROFILE

KEY = "0123456789abcdef0123456789abcdef"
DEFAULT = profile_form(default_framework(), version=1)


def _form(model: type[NeedsProfileForm] = DEFAULT, **changes: str) -> NeedsProfileForm:
    form, state = validate(model, {**PROFILE, **changes})
    assert form is not None, state.errors
    return form


async def _publish(session, world, *, who="ssw", child="current", key=KEY, form=None):  # type: ignore[no-untyped-def]
    actor = world.actor(who)
    view = await child_for(session=session, actor=actor, child_id=world.children[child].id, today=world.today)
    assert view is not None
    return await publish_profile(session, view=view, actor=actor, form=form or _form(), submission_key=key)


async def _counts(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        model.__name__: (await session.exec(select(func.count()).select_from(model))).one()
        for model in (NeedsFramework, NeedsProfile, NeedsRating)
    }


def test_publishing_writes_a_profile_with_one_rating_per_domain_against_the_default_framework(
    world, database_url: str
) -> None:
    async def work(session):  # type: ignore[no-untyped-def]
        published = await _publish(session, world, form=_form(level_health="3", note_health="Asthma"))
        ratings = (
            await session.exec(select(NeedsRating).where(NeedsRating.profile_id == published.profile.id))
        ).all()
        framework = await session.get(NeedsFramework, published.profile.framework_id)
        events = (await session.exec(select(AuditEvent.action, AuditEvent.subject_id))).all()
        return published, {r.domain: (r.level, r.note) for r in ratings}, framework, events

    published, ratings, framework, events = run_with_session(database_url, work)
    assert published.created
    profile = published.profile
    assert profile.child_id == world.children["current"].id and profile.written_by_id == world.users["ssw"].id
    assert profile.strengths == PROFILE["strengths"] and profile.what_helps == PROFILE["what_helps"]
    assert profile.submission_key and profile.submission_key != KEY  # bound to who sent it, for whom
    assert ratings["health"] == (3, "Asthma")
    assert set(ratings) == {d.key for d in default_framework().domains}
    assert (framework.key, framework.version, framework.loaded_by_id) == ("developmental-needs", 1, None)
    assert ("publish_needs_profile", world.children["current"].id) in events


def test_a_new_version_never_overwrites_the_one_before(world, database_url: str) -> None:
    async def work(session):  # type: ignore[no-untyped-def]
        first = await _publish(
            session, world, key="a" * 32, form=_form(level_health="1", assessed_on="1/1/2024")
        )
        second = await _publish(
            session,
            world,
            key="b" * 32,
            form=_form(level_health="3", strengths="Brave", assessed_on="1/6/2024"),
        )
        session.expunge_all()
        history = await profile_history(
            session, child_id=world.children["current"].id, council_id=world.councils["eastbrook"].id
        )
        return first, second, history

    first, second, history = run_with_session(database_url, work)
    assert first.profile.id != second.profile.id
    assert [v.profile.id for v in history] == [second.profile.id, first.profile.id]  # newest first
    older = history[1]
    assert older.profile.strengths == PROFILE["strengths"] and older.level("health") == 1
    assert history[0].profile.strengths == "Brave" and history[0].level("health") == 3


def test_the_same_form_sent_twice_publishes_once(world, database_url: str) -> None:
    async def work(session):  # type: ignore[no-untyped-def]
        first = await _publish(session, world)
        again = await _publish(session, world, form=_form(strengths="Typed again, differently"))
        return first, again, await _counts(session)

    first, again, counts = run_with_session(database_url, work)
    assert first.created and not again.created
    assert again.profile.id == first.profile.id and again.profile.strengths == PROFILE["strengths"]
    assert counts["NeedsProfile"] == 1 and counts["NeedsRating"] == len(default_framework().domains)


def test_a_key_is_one_persons_for_one_child(world, database_url: str) -> None:
    """The same key from another social worker (for their own child) is another profile."""

    async def work(session):  # type: ignore[no-untyped-def]
        mine = await _publish(session, world)
        theirs = await _publish(session, world, who="other_ssw", child="other_current")
        return mine, theirs

    mine, theirs = run_with_session(database_url, work)
    assert theirs.created and theirs.profile.id != mine.profile.id
    assert theirs.profile.child_id == world.children["other_current"].id


@pytest.mark.parametrize(
    ("who", "child"),
    [("carer", "current"), ("carer", "left_3_days_ago"), ("other_carer", "other_current")],
)
def test_only_the_supervising_social_worker_publishes(world, database_url: str, who: str, child: str) -> None:
    async def work(session):  # type: ignore[no-untyped-def]
        return await _publish(session, world, who=who, child=child), await _counts(session)

    published, counts = run_with_session(database_url, work)
    assert published is None
    assert counts == {"NeedsFramework": 0, "NeedsProfile": 0, "NeedsRating": 0}


def test_a_view_claiming_supervision_in_another_council_publishes_nothing(world, database_url: str) -> None:
    async def work(session):  # type: ignore[no-untyped-def]
        actor = world.actor("ssw")
        view = await child_for(
            session=session,
            actor=world.actor("west_ssw"),
            child_id=world.children["west_current"].id,
            today=world.today,
        )
        assert view is not None and view.access is ChildAccess.SUPERVISING
        published = await publish_profile(session, view=view, actor=actor, form=_form(), submission_key=KEY)
        return published, await _counts(session)

    published, counts = run_with_session(database_url, work)
    assert published is None and counts["NeedsProfile"] == 0


def test_a_form_for_a_framework_no_longer_in_use_is_refused(world, database_url: str) -> None:
    async def work(session):  # type: ignore[no-untyped-def]
        await load_framework(session, world.actor("admin"), FRAMEWORK_FILE.decode(), "settling-in.yaml")
        with pytest.raises(FrameworkChanged):
            await _publish(session, world)
        return await _counts(session)

    counts = run_with_session(database_url, work)
    assert counts == {"NeedsFramework": 1, "NeedsProfile": 0, "NeedsRating": 0}


# --- loading frameworks -----------------------------------------------------------------------


def _yaml(**changes: object) -> str:
    return json.dumps({**as_definition(default_framework()), **changes})


def test_each_load_of_a_key_is_its_next_version_in_that_council(world, database_url: str) -> None:
    async def work(session):  # type: ignore[no-untyped-def]
        admin, west = world.actor("admin"), world.actor("west_admin")
        loaded = [
            await load_framework(session, admin, FRAMEWORK_FILE.decode(), "a.yaml"),
            await load_framework(session, admin, FRAMEWORK_FILE.decode(), "a.yaml"),
            await load_framework(session, admin, _yaml(name="Needs"), "needs.json"),
            await load_framework(session, west, FRAMEWORK_FILE.decode(), "a.yaml"),
            await load_framework(session, admin, FRAMEWORK_FILE.decode(), "a.yaml"),
        ]
        in_use = await framework_in_use(session, admin.council_id)
        return [(f.key, f.version, f.council_id, f.loaded_by_id) for f in loaded], in_use

    loaded, in_use = run_with_session(database_url, work)
    east, west = world.councils["eastbrook"].id, world.councils["westmere"].id
    admin, west_admin = world.users["admin"].id, world.users["west_admin"].id
    assert loaded == [
        ("settling-in", 1, east, admin),
        ("settling-in", 2, east, admin),
        ("developmental-needs", 2, east, admin),  # the default framework is its version 1
        ("settling-in", 1, west, west_admin),
        ("settling-in", 3, east, admin),
    ]
    assert (in_use.key, in_use.version) == ("settling-in", 3)  # the latest loaded is the one in use


@pytest.mark.parametrize("stored", [True, False], ids=["stored by a profile", "not stored yet"])
def test_the_default_framework_is_version_1_of_its_key(world, database_url: str, stored: bool) -> None:
    async def work(session):  # type: ignore[no-untyped-def]
        if stored:
            await _publish(session, world)  # stores the default as version 1
        return await load_framework(session, world.actor("admin"), _yaml(), "developmental-needs.json")

    assert run_with_session(database_url, work).version == 2


BAD_FILES = [
    ("not-yaml.yaml", "key: [unclosed\nname: x", ["The file is not valid YAML on line 2."]),
    (
        "broken.json",
        '{"key": "a",}',
        ["The file is not valid JSON: Expecting property name enclosed in double quotes on line 1."],
    ),
    (
        "list.yaml",
        "- just\n- a list",
        ["The file must describe one framework, with a key, a name and domains."],
    ),
    (
        "no-key.json",
        _yaml(key=None),
        ["key must be lower case letters, digits and hyphens, like 'emotional-health'."],
    ),
    (
        "bad-key.json",
        _yaml(key="Needs Framework"),
        ["key must be lower case letters, digits and hyphens, like 'emotional-health'."],
    ),
    ("no-name.json", _yaml(name=""), ["name is missing: write it in plain words."]),
    ("no-domains.json", _yaml(domains=[]), ["domains must list between 1 and 40 domains."]),
    ("domains-missing.json", _yaml(domains=None), ["domains must list between 1 and 40 domains."]),
]


def _changed_domains(change) -> str:  # type: ignore[no-untyped-def]
    definition = as_definition(default_framework())
    change(definition["domains"])
    return json.dumps(definition)


def _no_descriptor(domains) -> None:  # type: ignore[no-untyped-def]
    domains[1]["levels"][2]["descriptor"] = " "


def _duplicate_key(domains) -> None:  # type: ignore[no-untyped-def]
    domains[3]["key"] = domains[0]["key"]


def _one_level(domains) -> None:  # type: ignore[no-untyped-def]
    domains[2]["levels"] = domains[2]["levels"][:1]


def _everything(domains) -> None:  # type: ignore[no-untyped-def]
    _no_descriptor(domains)
    _duplicate_key(domains)
    _one_level(domains)


BAD_FILES += [
    (
        "no-descriptor.json",
        _changed_domains(_no_descriptor),
        ["domains[1].levels[2].descriptor is missing: write it in plain words."],
    ),
    (
        "duplicate.json",
        _changed_domains(_duplicate_key),
        ["domains[3].key 'health' is used twice: each domain needs its own."],
    ),
    (
        "one-level.json",
        _changed_domains(_one_level),
        ["domains[2].levels must list between 2 and 11 levels, lowest first."],
    ),
    (
        "everything.json",
        _changed_domains(_everything),
        [
            "domains[1].levels[2].descriptor is missing: write it in plain words.",
            "domains[2].levels must list between 2 and 11 levels, lowest first.",
            "domains[3].key 'health' is used twice: each domain needs its own.",
        ],
    ),
]


@pytest.mark.parametrize(("filename", "text", "problems"), BAD_FILES, ids=[f for f, _, _ in BAD_FILES])
def test_a_framework_file_that_cannot_be_used_is_refused_with_every_problem_and_nothing_written(
    world, database_url: str, filename: str, text: str, problems: list[str]
) -> None:
    async def work(session):  # type: ignore[no-untyped-def]
        with pytest.raises(FrameworkFileError) as refused:
            await load_framework(session, world.actor("admin"), text, filename)
        await session.rollback()
        return refused.value.problems, await _counts(session)

    found, counts = run_with_session(database_url, work)
    assert found == problems
    assert counts == {"NeedsFramework": 0, "NeedsProfile": 0, "NeedsRating": 0}


@pytest.mark.parametrize("who", ["ssw", "carer", "officer", "manager", "enquirer"])
def test_only_administrators_load_frameworks(world, database_url: str, who: str) -> None:
    async def work(session):  # type: ignore[no-untyped-def]
        loaded = await load_framework(session, world.actor(who), FRAMEWORK_FILE.decode(), "a.yaml")
        page = await framework_page(session, world.actor(who))
        return loaded, page, await _counts(session)

    loaded, page, counts = run_with_session(database_url, work)
    assert loaded is None and page is None and counts["NeedsFramework"] == 0


def test_a_profile_keeps_its_framework_version_after_a_new_one_is_loaded(world, database_url: str) -> None:
    renamed = as_definition(default_framework())
    renamed["domains"][0]["title"] = "Health and growing"
    renamed["domains"][0]["levels"] = renamed["domains"][0]["levels"][:3]

    async def work(session):  # type: ignore[no-untyped-def]
        first = await _publish(session, world, key="a" * 32)
        loaded = await load_framework(session, world.actor("admin"), json.dumps(renamed), "v2.json")
        framework = from_definition(loaded.definition)
        second = await _publish(
            session, world, key="b" * 32, form=_form(profile_form(framework, version=2), level_health="2")
        )
        session.expunge_all()
        history = await profile_history(
            session, child_id=world.children["current"].id, council_id=world.councils["eastbrook"].id
        )
        return first, second, history

    first, second, history = run_with_session(database_url, work)
    by_id = {v.profile.id: v for v in history}
    old, new = by_id[first.profile.id], by_id[second.profile.id]
    assert (old.framework_version, old.framework.domains[0].title, len(old.framework.domains[0].levels)) == (
        1,
        "Health",
        5,
    )
    assert (new.framework_version, new.framework.domains[0].title, len(new.framework.domains[0].levels)) == (
        2,
        "Health and growing",
        3,
    )
    assert old.profile.framework_id != new.profile.framework_id


def test_the_framework_page_shows_the_default_until_one_is_stored(world, database_url: str) -> None:
    async def work(session):  # type: ignore[no-untyped-def]
        before = await framework_page(session, world.actor("admin"))
        counts = await _counts(session)
        await load_framework(session, world.actor("admin"), FRAMEWORK_FILE.decode(), "a.yaml")
        after = await framework_page(session, world.actor("admin"))
        return before, counts, after

    before, counts, after = run_with_session(database_url, work)
    assert before.default_not_stored and before.framework == default_framework()
    assert counts["NeedsFramework"] == 0  # showing it writes nothing
    assert not after.default_not_stored and after.current.key == "settling-in"
    assert [v.loaded_by for v in after.versions] == ["Admin"]


def test_a_form_built_from_other_words_for_the_same_version_is_refused(world, database_url: str) -> None:
    """Publishing compares the form's framework with the one in use by value, not only by number."""
    reworded = replace(default_framework(), name="Other words")

    async def work(session):  # type: ignore[no-untyped-def]
        with pytest.raises(FrameworkChanged):
            await _publish(session, world, form=_form(profile_form(reworded, version=1)))
        return await _counts(session)

    assert run_with_session(database_url, work)["NeedsProfile"] == 0
