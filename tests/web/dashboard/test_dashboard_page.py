"""GET /recruitment/dashboard: who can open it, and what the demo council's page shows."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

PATH = "/recruitment/dashboard"
JOANNE = "joanne.whitfield@eastbrook.example"  # the demo's recruitment officer
MARCUS = "marcus.campbell@eastbrook.example"  # the demo's service manager


def text(element) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", element.get_text(" ")).strip()


def table(soup: BeautifulSoup, caption: str) -> list[list[str]]:
    """A table's body, found by its caption, as rows of cell text."""
    (found,) = [t for t in soup.select("table.govuk-table") if caption in text(t.caption)]
    assert all(th.get("scope") == "col" for th in found.select("thead th"))
    return [[text(cell) for cell in row.select("th, td")] for row in found.select("tbody tr")]


@pytest.mark.parametrize("email", [JOANNE, MARCUS])
def test_the_recruitment_team_and_managers_see_the_demo_councils_figures(sign_in_demo, page, email) -> None:  # type: ignore[no-untyped-def]
    sign_in_demo(email)
    soup = page(PATH)
    assert text(soup.h1) == "Recruitment dashboard"
    assert text(soup.title).startswith("Recruitment dashboard")
    assert [text(h) for h in soup.select("main h2")] == [
        "At a glance",
        "Enquiries each week",
        "First reply",
        "How people felt",
        "From enquiry to approval",
        "Estimated saving",
    ]

    weekly = table(soup, "Enquiries each week")
    assert len(weekly) == 12 and weekly[-1][0].endswith("(so far)")
    # Seven of the eight demo enquiries arrived in the last 12 weeks; Gloria's is 89 days old.
    assert sum(int(row[-1]) for row in weekly) == 7

    funnel = table(soup, "Enquiries that reached each stage")
    assert [(row[0], row[1]) for row in funnel] == [
        ("Enquiry", "8"),
        ("First conversation", "5"),
        ("Home visit", "3"),
        ("Application", "2"),
        ("Assessment", "2"),
        ("Panel", "1"),
        ("Approved", "1"),
    ]
    assert funnel[1][2] == "62.5%" and funnel[3][2] == "66.7%"
    channels = table(soup, "by channel")
    assert channels[-1] == ["All channels", "8", "2 (25%)", "1 (12.5%)"]
    page_text = text(soup)
    assert (
        "25% of our enquiries have reached application: at or above the national figure of about 12%"
        in page_text
    )
    assert "1 household was approved in the last 12 weeks" in page_text
    assert "About £17,000 a year" in page_text and "one child" in page_text

    charts = soup.select("svg.app-chart")
    assert len(charts) == 2 and all(chart["role"] == "img" for chart in charts)
    for region in soup.select(".app-dashboard__scroll"):
        assert region["role"] == "region" and region["tabindex"] == "0" and region["aria-label"]


def test_an_officer_with_no_enquiries_sees_zeros_not_errors(sign_in_as, page) -> None:  # type: ignore[no-untyped-def]
    sign_in_as("officer")
    soup = page(PATH)
    page_text = text(soup)
    assert (
        "No replies yet" in page_text
        and "No enquiries in the last 12 weeks gave a campaign code" in page_text
    )
    assert "We have no enquiries to compare yet" in page_text
    assert not soup.select("rect.app-chart__bar")


@pytest.mark.parametrize("who", ["carer", "ssw", "admin", "enquirer"])
def test_everyone_else_is_told_they_have_no_access(sign_in_as, who: str) -> None:  # type: ignore[no-untyped-def]
    assert sign_in_as(who).get(PATH, follow_redirects=False).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(sign_in_as) -> None:  # type: ignore[no-untyped-def]
    response = sign_in_as(None).get(PATH, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"
