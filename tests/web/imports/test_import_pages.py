"""The import page through the test client: a multipart upload with its CSRF token, the counts
after a good file, the problems (with the chosen kind kept) after a bad one."""

from __future__ import annotations

import re

import pytest

from carer_portal.security.models import AuditEvent
from tests.support.app import run_with_session
from tests.support.csrf import csrf_token
from tests.support.imports import child_rows, children_file, placements_file, row_counts
from tests.support.pages import check_page

PAGE = "/case-records/import"


def _upload(client, kind: str | None, data: bytes | None, *, filename: str = "export.csv"):  # type: ignore[no-untyped-def]
    fields = {"_csrf_token": csrf_token(client, PAGE)}
    if kind is not None:
        fields["kind"] = kind
    files = {"file": (filename, data, "text/csv")} if data is not None else None
    return client.post(PAGE, data=fields, files=files, follow_redirects=False)


def _summary(soup) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(a.get_text(strip=True), a["href"]) for a in soup.select(".govuk-error-summary a")]


def _checked_kind(soup) -> str | None:  # type: ignore[no-untyped-def]
    chosen = soup.select_one("input[name=kind][checked]")
    return chosen["value"] if chosen else None


def test_the_page_documents_every_column_and_the_menu_leads_to_it(sign_in_as, page) -> None:
    for who in ("ssw", "admin"):
        sign_in_as(who)
        soup = page(PAGE)
        assert soup.h1.get_text(strip=True) == "Import case records"
        menu = [a["href"] for a in soup.select(".govuk-service-navigation a")]
        assert PAGE in menu, who
        text = soup.get_text(" ", strip=True)
        for column in (
            "case_id",
            "date_of_birth",
            "placement_id",
            "ended_on",
            "level_health",
            "note_self-care",
        ):
            assert column in text, column
        form = soup.select_one("form[enctype='multipart/form-data']")
        assert form["action"] == PAGE and form["hx-post"] == PAGE
        assert form["hx-encoding"] == "multipart/form-data"
        assert soup.select_one("progress") is not None


def test_a_good_file_is_imported_and_the_counts_shown_after_a_redirect(
    sign_in_as, page, database_url, world
) -> None:
    client = sign_in_as("ssw")
    response = _upload(client, "children", children_file(child_rows(3)))
    assert response.status_code == 303 and response.headers["location"] == PAGE
    assert not re.search(r"Perpetua|Evander|Clementine|Leopold", response.headers["location"])
    soup = page(PAGE)
    banner = soup.select_one(".govuk-notification-banner--success").get_text(" ", strip=True)
    assert "Children: 3 rows imported" in banner and "3 added, 0 changed, 0 unchanged" in banner
    assert _checked_kind(soup) == "children"
    # Shown once: the counts are not kept for the next visit.
    assert page(PAGE).select_one(".govuk-notification-banner") is None

    again = _upload(client, "children", children_file(child_rows(3)))
    assert again.status_code == 303
    assert "0 added, 0 changed, 3 unchanged" in page(PAGE).get_text(" ", strip=True)

    async def audit(session):  # type: ignore[no-untyped-def]
        from sqlmodel import select

        rows = (
            await session.exec(select(AuditEvent).where(AuditEvent.action == "import_case_records"))
        ).all()
        return sorted(e.subject_type for e in rows if e.subject_type != "child")

    assert run_with_session(database_url, audit) == ["case_records:children:3", "case_records:children:3"]


def test_problems_are_listed_with_line_and_column_the_kind_kept_and_nothing_written(
    sign_in_as, database_url, world
) -> None:
    client = sign_in_as("admin")
    before = row_counts(database_url)
    bad = placements_file([["P1", "C404", "The Own household", "2024-01-01", ""]])
    response = _upload(client, "placements", bad)
    assert response.status_code == 400
    soup = check_page(response.text)
    assert _summary(soup) == [("The file has 1 problem, so nothing was imported", "#problems")]
    cells = [td.get_text(strip=True) for td in soup.select("#problems ~ div table tbody td")]
    assert cells[:2] == ["2", "case_id"]
    assert cells[2].startswith("Line 2, column case_id: C404 is not a child we know")
    assert _checked_kind(soup) == "placements"
    assert soup.select_one("#problems-caption") is not None
    assert row_counts(database_url) == before


def test_a_file_in_the_wrong_encoding_is_refused_in_plain_english(sign_in_as, database_url, world) -> None:
    client = sign_in_as("ssw")
    data = "case_id,first_name,last_name,known_as,date_of_birth\r\nC1,Zoë,Ashdown,,2015-01-01\r\n"
    response = _upload(client, "children", data.encode("latin-1"))
    assert response.status_code == 400
    text = check_page(response.text).get_text(" ", strip=True)
    assert "Line 2: the file is not in UTF-8" in text


def test_no_kind_and_no_file_are_both_named_beside_their_fields(sign_in_as, world) -> None:
    client = sign_in_as("ssw")
    response = _upload(client, None, None)
    assert response.status_code == 400
    soup = check_page(response.text)
    assert _summary(soup) == [
        ("Choose what the file holds: children, placements or needs profiles", "#kind"),
        ("Choose a CSV file to upload", "#file"),
    ]
    assert soup.title.get_text().startswith("Error: Import case records")

    kept = _upload(client, "profiles", None)
    assert _summary(check_page(kept.text)) == [("Choose a CSV file to upload", "#file")]
    assert _checked_kind(check_page(kept.text)) == "profiles"


# Litestar's CSRF middleware reads the multipart body to look for the token and, refusing it,
# leaves the spooled upload for the garbage collector to close.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_upload_needs_its_csrf_token(sign_in_as, database_url, world) -> None:
    client = sign_in_as("ssw")
    before = row_counts(database_url)
    client.get(PAGE)
    files = {"file": ("export.csv", children_file(child_rows(2)), "text/csv")}
    response = client.post(PAGE, data={"kind": "children"}, files=files, follow_redirects=False)
    assert response.status_code == 403
    assert row_counts(database_url) == before
