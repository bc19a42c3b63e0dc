"""The needs pages: the social worker's form for a child's next profile, the profile history
everyone who may see the child reads, and the administrator's framework page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from carer_portal.children.needs.forms import FRAMEWORK_CHANGED, shown_date
from carer_portal.children.needs.framework import as_definition, default_framework
from carer_portal.children.needs.models import NeedsProfile
from carer_portal.security.models import AuditEvent
from carer_portal.timekeeping import uk_today
from tests.support.app import run_with_session
from tests.support.form_cases import FRAMEWORK_FILE, PROFILE
from tests.support.pages import check_page
from tests.web.needs.pages import counts, form_page

DOMAINS = default_framework().domains


def _profiles(database_url: str) -> list[NeedsProfile]:
    async def read(session):  # type: ignore[no-untyped-def]
        return list((await session.exec(select(NeedsProfile).order_by(NeedsProfile.created_at))).all())

    return run_with_session(database_url, read)


@pytest.fixture
def ssw(sign_in_as, world):  # type: ignore[no-untyped-def]
    return sign_in_as("ssw")


@pytest.fixture
def child(world) -> str:  # type: ignore[no-untyped-def]
    return str(world.children["current"].id)


def _post(client, child: str, values: dict, *, key: str | None = None):  # type: ignore[no-untyped-def]
    page = form_page(client, child)
    hidden = {
        "_csrf_token": page.select_one("input[name=_csrf_token]")["value"],
        "submission_key": key or page.select_one("input[name=submission_key]")["value"],
    }
    return client.post(f"/children/{child}/needs", data={**values, **hidden}, follow_redirects=False)


# --- the form ---------------------------------------------------------------------------------


def test_the_form_shows_each_domain_as_radios_with_each_levels_words_strengths_first(ssw, child) -> None:
    page = form_page(ssw, child)
    assert page.h1.get_text(strip=True) == "Write Tallulah's needs profile"
    assert page.select_one("#assessed_on")["value"] == shown_date(uk_today())
    assert len(page.select_one("input[name=submission_key]")["value"]) == 32
    for domain in DOMAINS:
        radios = page.select(f"input[type=radio][name=level_{domain.key.replace('-', '_')}]")
        assert [r["value"] for r in radios] == [str(level.value) for level in domain.levels]
        for radio, level in zip(radios, domain.levels, strict=True):
            item = radio.find_parent(class_="govuk-radios__item")
            assert item.select_one("label").get_text(strip=True) == level.label
            assert item.select_one(".govuk-radios__hint").get_text(strip=True) == level.descriptor
        assert page.select_one(f"textarea[name=note_{domain.key.replace('-', '_')}]") is not None
    ids = [tag.get("id") for tag in page.find_all(id=True)]
    assert (
        ids.index("strengths") < ids.index("what_helps") < ids.index("level_health") < ids.index("routines")
    )
    assert not page.select("input[type=radio][checked]")  # a first profile: nothing chosen for them


def test_publishing_goes_to_the_childs_page_with_a_banner_and_writes_one_profile(
    ssw, child, database_url
) -> None:
    response = _post(ssw, child, {**PROFILE, "level_health": "2", "note_health": "Asthma"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/children/{child}?done=needs-published"
    (profile,) = _profiles(database_url)
    assert str(profile.child_id) == child and profile.strengths == PROFILE["strengths"]
    assert counts(database_url) == {"NeedsFramework": 1, "NeedsProfile": 1, "NeedsRating": len(DOMAINS)}


def test_sending_the_same_form_twice_publishes_once(ssw, child, database_url) -> None:
    key = "f" * 32
    first = _post(ssw, child, PROFILE, key=key)
    second = _post(ssw, child, {**PROFILE, "strengths": "Sent again"}, key=key)
    assert first.status_code == second.status_code == 303
    assert [p.strengths for p in _profiles(database_url)] == [PROFILE["strengths"]]


def test_every_missing_required_answer_is_named_beside_its_question(ssw, child, database_url) -> None:
    response = _post(ssw, child, {"assessed_on": "", "enjoys": "Lego"})
    assert response.status_code == 400
    page = check_page(response.text)
    expected = {
        "assessed_on": "Enter the date of the assessment",
        "strengths": "Enter their strengths: what they are good at and proud of",
        "what_helps": "Enter what helps them",
        **{f"level_{d.key.replace('-', '_')}": f"Select a level for {d.title}" for d in DOMAINS},
    }
    summary = {a["href"].lstrip("#"): a.get_text(strip=True) for a in page.select(".govuk-error-summary a")}
    assert summary == expected
    assert list(summary) == list(expected)  # in the order of the page
    for name, message in expected.items():
        group = page.select_one(f"#{name}").find_parent(class_="govuk-form-group")
        assert message in group.select_one(".govuk-error-message").get_text(), name
    assert page.select_one("textarea[name=enjoys]").get_text() == "Lego"  # what was typed is kept
    assert page.title.get_text().startswith("Error: ")
    assert counts(database_url)["NeedsProfile"] == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5", "Select one of the levels listed for Health"),
        ("lots", "Select one of the levels listed for Health"),
    ],
)
def test_a_level_out_of_range_or_not_a_number_is_refused_and_the_rest_is_kept(
    ssw, child, database_url, value: str, message: str
) -> None:
    response = _post(
        ssw, child, {**PROFILE, "level_health": value, "level_identity": "3", "school": "Oak Road"}
    )
    assert response.status_code == 400
    page = check_page(response.text)
    assert [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")] == [message]
    assert message in page.select_one("#level_health-error").get_text()
    assert page.select_one("input[name=level_identity][value='3']").has_attr("checked")
    assert page.select_one("textarea[name=school]").get_text() == "Oak Road"
    assert page.select_one("#assessed_on")["value"] == PROFILE["assessed_on"]
    assert counts(database_url)["NeedsProfile"] == 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            lambda: shown_date(uk_today() + timedelta(days=1)),
            "The date of the assessment must be today or in the past",
        ),
        (lambda: "30/2/2025", "The date of the assessment must be a real date"),
        (lambda: "last week", "Enter the date of the assessment as a day, month and year, like 27/3/2026"),
    ],
)
def test_a_future_or_impossible_date_is_refused_with_its_message(
    ssw, child, database_url, typed, message
) -> None:  # type: ignore[no-untyped-def]
    value = typed()
    response = _post(ssw, child, {**PROFILE, "assessed_on": value})
    assert response.status_code == 400
    page = check_page(response.text)
    assert page.select_one(".govuk-error-summary a[href='#assessed_on']").get_text(strip=True) == message
    assert message in page.select_one("#assessed_on-error").get_text()
    assert page.select_one("#assessed_on")["value"] == value
    assert counts(database_url)["NeedsProfile"] == 0


def test_a_new_version_starts_from_the_last_one(ssw, child) -> None:
    _post(ssw, child, {**PROFILE, "level_health": "3", "note_health": "Inhaler", "food": "No pork"})
    page = form_page(ssw, child)
    assert page.h1.get_text(strip=True) == "Update Tallulah's needs profile"
    assert page.select_one("textarea[name=strengths]").get_text() == PROFILE["strengths"]
    assert page.select_one("textarea[name=food]").get_text() == "No pork"
    assert page.select_one("textarea[name=note_health]").get_text() == "Inhaler"
    assert page.select_one("input[name=level_health][value='3']").has_attr("checked")
    assert page.select_one("input[name=level_education][value='1']").has_attr("checked")
    assert page.select_one("#assessed_on")["value"] == shown_date(uk_today())  # a new date, not the last


# --- the history --------------------------------------------------------------------------------


def _two_versions(ssw, child) -> None:  # type: ignore[no-untyped-def]
    _post(ssw, child, {**PROFILE, "assessed_on": "1/3/2024"})
    _post(ssw, child, {**PROFILE, "assessed_on": "1/9/2024", "level_health": "3", "level_education": "0"})


def test_the_history_lists_every_version_newest_first_with_what_rose_and_fell(
    ssw, sign_in_as, child, page
) -> None:
    _two_versions(ssw, child)
    sign_in_as("carer")
    history = page(f"/children/{child}/needs")
    assert history.h1.get_text(strip=True) == "Tallulah's needs profiles"
    versions = history.select(".app-needs-version")
    assert [v.h2.get_text(" ", strip=True) for v in versions] == [
        "Assessed on 1 September 2024 Latest",
        "Assessed on 1 March 2024",
    ]
    assert "Developmental needs, version 1" in versions[0].get_text()
    assert "Published by Ssw" in versions[0].get_text()
    changes = [
        " ".join(li.get_text(" ", strip=True).split()) for li in versions[0].select(".app-needs-changes li")
    ]
    assert changes == [
        "Needs more support Health: A little extra help → to A lot of extra support",
        "Needs less support Education and learning: A little extra help → to No additional need",
    ]
    assert "first needs profile" in versions[1].get_text()
    assert not history.find("a", href=f"/children/{child}/needs/new")  # carers read; they do not publish


def test_the_social_worker_is_offered_the_next_version_from_the_history(ssw, child, page) -> None:
    history = page(f"/children/{child}/needs")
    assert "No needs profile has been published for Tallulah yet." in history.get_text()
    assert history.find("a", href=f"/children/{child}/needs/new").get_text(strip=True) == (
        "Write the first needs profile"
    )


def test_a_carer_whose_child_moved_on_reads_the_history_for_a_week(sign_in_as, world, page) -> None:
    sign_in_as("carer")
    child = world.children["left_3_days_ago"]
    assert page(f"/children/{child.id}/needs").h1.get_text(strip=True) == "Oluwaseun's needs profiles"


def test_reading_the_history_is_audited(ssw, sign_in_as, world, child, database_url) -> None:
    _two_versions(ssw, child)
    client = sign_in_as("carer")

    async def views(session):  # type: ignore[no-untyped-def]
        return (
            await session.exec(
                select(func.count()).where(
                    AuditEvent.action == "view_child",
                    AuditEvent.actor_id == world.users["carer"].id,
                    AuditEvent.subject_id == world.children["current"].id,
                )
            )
        ).one()

    before = run_with_session(database_url, views)
    assert client.get(f"/children/{child}/needs").status_code == 200
    assert run_with_session(database_url, views) == before + 1

    async def published(session):  # type: ignore[no-untyped-def]
        return (
            await session.exec(select(AuditEvent).where(AuditEvent.action == "publish_needs_profile"))
        ).all()

    assert {(e.actor_id, e.subject_id) for e in run_with_session(database_url, published)} == {
        (world.users["ssw"].id, world.children["current"].id)
    }


# --- the administrator's framework page -------------------------------------------------------


def _load(database_url: str, world, content: bytes, filename: str) -> None:  # type: ignore[no-untyped-def]
    from carer_portal.children.needs.publishing import load_framework

    async def work(session):  # type: ignore[no-untyped-def]
        await load_framework(session, world.actor("admin"), content.decode(), filename)

    run_with_session(database_url, work)


def _send_shown_form(client, child: str, page, values: dict):  # type: ignore[no-untyped-def]
    """Send a form as it was shown (its hidden fields), whatever happened since."""
    hidden = {
        name: page.select_one(f"input[name={name}]")["value"]
        for name in ("_csrf_token", "submission_key", "framework")
    }
    return client.post(f"/children/{child}/needs", data={**values, **hidden}, follow_redirects=False)


@pytest.mark.parametrize("reworded", [False, True], ids=["other domains", "the same domains, reworded"])
def test_a_form_made_from_a_framework_since_replaced_is_shown_again_on_the_new_one(
    ssw, world, child, database_url, reworded: bool
) -> None:
    import json

    page = form_page(ssw, child)  # made from the default framework
    assert page.select_one("input[name=framework]")["value"] == "developmental-needs:1"
    if reworded:
        definition = as_definition(default_framework())
        definition["domains"][0]["levels"][1]["descriptor"] = "Reworded."
        _load(database_url, world, json.dumps(definition).encode(), "v2.json")
    else:
        _load(database_url, world, FRAMEWORK_FILE, "settling-in.yaml")
    response = _send_shown_form(ssw, child, page, PROFILE)
    assert response.status_code == 409
    again = check_page(response.text)
    first_level = "level_health" if reworded else "level_sleep"
    summary = [(a["href"], a.get_text(strip=True)) for a in again.select(".govuk-error-summary a")]
    assert summary == [(f"#{first_level}", FRAMEWORK_CHANGED)]
    assert again.select_one("input[name=framework]")["value"] == (
        "developmental-needs:2" if reworded else "settling-in:1"
    )
    assert again.select_one("textarea[name=strengths]").get_text() == PROFILE["strengths"]
    if reworded:  # the levels chosen are kept, to be checked against the new words
        assert again.select_one("input[name=level_education][value='1']").has_attr("checked")
    assert counts(database_url)["NeedsProfile"] == 0
    # Sent again from the page shown, it publishes.
    values = {**PROFILE, "level_sleep": "1"} if not reworded else PROFILE
    assert _send_shown_form(ssw, child, again, values).status_code == 303
    assert counts(database_url)["NeedsProfile"] == 1
