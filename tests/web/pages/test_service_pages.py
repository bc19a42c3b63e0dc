from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/privacy", "Privacy notice"),
        ("/accessibility-statement", "Accessibility statement"),
        ("/cookies", "Cookies"),
        ("/offline", "You are offline"),
    ],
)
def test_service_pages_render(page, path: str, heading: str) -> None:
    soup = page(path)
    assert soup.h1.get_text(strip=True).startswith(heading)


def test_footer_links_to_the_three_service_pages(page) -> None:
    footer = page("/").select_one("footer")
    links = {a["href"] for a in footer.select("a")}
    assert {"/privacy", "/accessibility-statement", "/cookies"} <= links


def test_no_crown_and_the_council_name_in_the_header(page) -> None:
    soup = page("/")
    header = soup.select_one("header")
    assert "Eastbrook Council" in header.get_text()
    assert "GOV.UK" not in soup.get_text()
    assert not soup.select(".govuk-header__logotype, .govuk-footer__copyright-logo")


def test_unknown_page_is_a_404_in_the_service_style(page) -> None:
    soup = page("/no-such-page", status=404)
    assert soup.h1.get_text(strip=True) == "Page not found"
    assert soup.select_one("footer a[href='/privacy']")
