"""The administrator's needs framework page: what new profiles use, and loading a council's own."""

from __future__ import annotations

import pytest
from sqlmodel import select

from carer_portal.children.needs.framework import as_definition, default_framework
from carer_portal.children.needs.models import NeedsFramework
from tests.support.app import run_with_session
from tests.support.csrf import csrf_token
from tests.support.form_cases import FRAMEWORK_FILE
from tests.support.pages import check_page
from tests.web.needs.pages import counts, form_page

DOMAINS = default_framework().domains


def _upload(client, filename: str, content: bytes):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/admin/needs-framework")
    return client.post(
        "/admin/needs-framework",
        data={"_csrf_token": token},
        files={"framework_file": (filename, content, "application/octet-stream")},
        follow_redirects=False,
    )


def test_the_framework_page_shows_what_new_profiles_use(sign_in_as, page) -> None:
    sign_in_as("admin")
    framework = page("/admin/needs-framework")
    assert framework.h1.get_text(strip=True) == "Needs framework"
    text = " ".join(framework.get_text(" ", strip=True).split()).replace(" ,", ",")
    assert "Developmental needs, version 1 (the framework every council starts with)" in text
    summaries = [s.get_text(strip=True) for s in framework.select(".govuk-details__summary-text")]
    assert "Health (5 levels)" in summaries
    assert DOMAINS[0].levels[3].descriptor in text
    assert framework.select_one("form[enctype='multipart/form-data'] input[type=file]#framework_file")
    nav = [a.get_text(strip=True) for a in framework.select(".govuk-service-navigation__link")]
    assert "Needs framework" in nav


def test_loading_a_framework_makes_it_the_one_new_profiles_use(sign_in_as, world, database_url, page) -> None:
    admin = sign_in_as("admin")
    response = _upload(admin, "settling-in.yaml", FRAMEWORK_FILE)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/admin/needs-framework?loaded=")
    loaded = page(response.headers["location"])
    banner = loaded.select_one(".govuk-notification-banner--success").get_text(" ", strip=True)
    assert "Version 1 of Settling in loaded." in banner
    assert "Settling in, version 1" in loaded.get_text(" ", strip=True).replace(" ,", ",")
    assert "Loaded by Admin" in loaded.get_text()

    again = _upload(admin, "settling-in.yaml", FRAMEWORK_FILE)
    assert again.status_code == 303
    assert [(f.key, f.version) for f in _frameworks(database_url)] == [("settling-in", 1), ("settling-in", 2)]

    # The social worker's next form rates the new framework's domains.
    form = form_page(sign_in_as("ssw"), str(world.children["current"].id))
    assert [r["value"] for r in form.select("input[name=level_sleep]")] == ["0", "1"]
    assert not form.select("input[name=level_health]")
    assert "Settling in, version 2" in form.get_text()


def _frameworks(database_url: str) -> list[NeedsFramework]:
    async def read(session):  # type: ignore[no-untyped-def]
        return list((await session.exec(select(NeedsFramework).order_by(NeedsFramework.version))).all())

    return run_with_session(database_url, read)


def test_a_framework_file_with_problems_lists_each_one_and_loads_nothing(sign_in_as, database_url) -> None:
    import json

    definition = as_definition(default_framework())
    definition["domains"][1]["levels"][2]["descriptor"] = ""
    definition["domains"][3]["key"] = "health"
    admin = sign_in_as("admin")
    response = _upload(admin, "framework.json", json.dumps(definition).encode())
    assert response.status_code == 400
    page = check_page(response.text)
    problems = [
        "domains[1].levels[2].descriptor is missing: write it in plain words.",
        "domains[3].key 'health' is used twice: each domain needs its own.",
    ]
    summary = page.select(".govuk-error-summary a")
    assert [a.get_text(strip=True) for a in summary] == problems
    assert {a["href"] for a in summary} == {"#framework_file"}
    beside = page.select_one("#framework_file-error").get_text(" ", strip=True)
    assert all(problem in beside for problem in problems)
    assert page.title.get_text().startswith("Error: ")
    assert counts(database_url)["NeedsFramework"] == 0


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("", b"", "Select a framework file to upload"),
        (
            "framework.docx",
            b"key: a",
            "The selected file must be a YAML or JSON file, ending .yaml, .yml or .json",
        ),
        ("big.yaml", b"#" * (200 * 1024 + 1), "The selected file must be smaller than 200 KB"),
        ("broken.yaml", b"key: [a\nname: b", "The file is not valid YAML on line 2."),
    ],
)
def test_a_file_that_is_not_a_framework_file_is_refused_beside_the_field(
    sign_in_as, database_url, filename: str, content: bytes, message: str
) -> None:
    response = _upload(sign_in_as("admin"), filename, content)
    assert response.status_code == 400
    page = check_page(response.text)
    assert [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")] == [message]
    assert message in page.select_one("#framework_file-error").get_text()
    assert counts(database_url)["NeedsFramework"] == 0
