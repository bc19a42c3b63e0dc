"""Every form refuses every missing required field, with that field's message, writing nothing.

Browsers leave unticked boxes and unchosen radios out of a post altogether, so "missing" is
the case a form meets most; the cases are generated from the form models (tests/support/form_cases.py).
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select
from sqlmodel import SQLModel

import carer_portal.app  # noqa: F401 - every feature's forms are imported with the app
from tests.support.app import run_with_session
from tests.support.form_cases import CASES, FormCase, all_form_models, demo_ids, fill, persona, user_by_email
from tests.support.pages import check_page
from tests.support.world import signed_in_session


def test_every_form_has_a_case() -> None:
    assert {case.model for case in CASES} == all_form_models()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_example_is_a_valid_form(case: FormCase) -> None:
    from carer_portal.forms import validate

    form, state = validate(case.model, case.valid, form_level_field=case.form_level_field)
    assert form is not None, state.errors
    assert list(case.required_fields()), "a form with nothing required needs no case here"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_field_defaults_to_empty_so_missing_and_empty_are_one(case: FormCase) -> None:
    for name, info in case.model.model_fields.items():
        default = info.get_default(call_default_factory=True) if not info.is_required() else None
        assert default in (None, "", []), f"{case.name}.{name} defaults to {default!r}"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_problem_is_found_in_one_round_in_the_order_of_the_page(case: FormCase) -> None:
    """Whatever is left out, one submit names every problem: each problem found with any one or
    two answers missing is also found when they are all missing, and beside the same field.
    (A rule about answers together, checked only once each answer passed, came a round later.)"""
    from itertools import combinations

    from carer_portal.forms import validate

    def problems(missing: tuple[str, ...]) -> dict[str, str]:
        values = {k: v for k, v in case.valid.items() if k not in missing}
        return validate(case.model, values, form_level_field=case.form_level_field)[1].errors

    everything = problems(tuple(case.model.model_fields))
    for size in (1, 2):
        for missing in combinations(case.model.model_fields, size):
            for field_name, message in problems(missing).items():
                assert everything.get(field_name) == message, (missing, field_name, everything)
    order = [*case.model.model_fields, case.form_level_field]
    assert list(everything) == sorted(everything, key=order.index)


def _row_counts(database_url: str) -> dict[str, int]:
    """Rows in every table but the audit trail: a form about a child, shown again with its
    problems, shows the child again, and that view is recorded (it is not the form writing)."""

    async def count(session):  # type: ignore[no-untyped-def]
        return {
            table.name: (await session.exec(select(func.count()).select_from(table))).one()[0]
            for table in SQLModel.metadata.sorted_tables
            if table.name != "audit_event"
        }

    return run_with_session(database_url, count)


def _kept(soup: BeautifulSoup, name: str, value: object) -> bool:
    """Whether the page shows back what was typed for this field."""
    values = value if isinstance(value, list) else [value]
    for typed in values:
        controls = soup.select(f"[name='{name}']")
        if not controls:
            return False
        if controls[0].name == "textarea":
            if controls[0].get_text() != typed:
                return False
        elif controls[0].get("type") in ("radio", "checkbox"):
            if not any(c.get("value") == typed and c.has_attr("checked") for c in controls):
                return False
        elif controls[0].name == "select":
            chosen = controls[0].select_one("option[selected]")
            if chosen is None or chosen.get("value") != typed:
                return False
        elif controls[0].get("value") != typed:
            return False
    return True


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_form_refuses_each_missing_required_field_with_its_message_and_writes_nothing(
    client, database_url: str, case: FormCase
) -> None:
    ids = run_with_session(database_url, demo_ids)
    if case.who is not None:
        user = run_with_session(database_url, lambda s: user_by_email(s, persona(case.who)))
        client.set_session_data(signed_in_session(database_url, user))
    page = check_page(client.get(fill(case.page, ids)).text)
    hidden = {"_csrf_token": page.select_one("input[name=_csrf_token]")["value"]}
    for name in case.hidden:
        hidden[name] = page.select_one(f"input[name={name}]")["value"]

    for missing, message in case.required_fields():
        before = _row_counts(database_url)
        posted = {k: v for k, v in case.valid.items() if k != missing}
        response = client.post(fill(case.path, ids), data={**posted, **hidden}, follow_redirects=False)
        assert response.status_code == 400, (missing, response.status_code)
        soup = check_page(response.text)
        summary = soup.select_one(f".govuk-error-summary a[href='#{missing}']") or soup.select_one(
            f".govuk-error-summary a[href='#{case.form_level_field}']"
        )
        assert summary is not None and summary.get_text(strip=True) == message, missing
        beside = [e.get_text(" ", strip=True) for e in soup.select(".govuk-error-message")]
        assert any(message in text for text in beside), (missing, beside)
        for name, value in posted.items():
            if value not in ("", []):
                assert _kept(soup, name, value), (
                    f"{case.name}: {name} was not kept when {missing} was missing"
                )
        assert _row_counts(database_url) == before, f"{case.name} wrote something without {missing}"


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_an_empty_form_lists_every_problem_once_in_the_order_the_questions_come(
    client, database_url: str, case: FormCase
) -> None:
    ids = run_with_session(database_url, demo_ids)
    if case.who is not None:
        user = run_with_session(database_url, lambda s: user_by_email(s, persona(case.who)))
        client.set_session_data(signed_in_session(database_url, user))
    page = check_page(client.get(fill(case.page, ids)).text)
    hidden = {"_csrf_token": page.select_one("input[name=_csrf_token]")["value"]}
    for name in case.hidden:
        hidden[name] = page.select_one(f"input[name={name}]")["value"]
    response = client.post(fill(case.path, ids), data=hidden, follow_redirects=False)
    assert response.status_code == 400
    soup = check_page(response.text)
    linked = [a["href"].lstrip("#") for a in soup.select(".govuk-error-summary a")]
    expected = {name for name, _ in case.required_fields()}
    assert expected <= set(linked) and len(linked) == len(set(linked)), linked
    # Page order: where each linked question sits in the page.
    positions = {tag.get("id"): index for index, tag in enumerate(soup.find_all(id=True))}
    assert all(name in positions for name in linked), linked
    assert linked == sorted(linked, key=positions.__getitem__), linked
