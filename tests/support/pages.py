"""Checks every HTML page must pass, used by the ``page`` fixture for every GET in route tests."""

from __future__ import annotations

import re
from collections import Counter

import html5lib
from bs4 import BeautifulSoup

from carer_portal.security.headers import csp_hash, govuk_body_script


def _text(element) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", element.get_text()).strip()


def check_page(html: str, *, csp: str | None = None) -> BeautifulSoup:
    # A strict parse fails on any HTML the browser would have to repair.
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    soup = BeautifulSoup(html, "html5lib")

    headings = soup.select("h1")
    assert len(headings) == 1, f"expected exactly one h1, found {[_text(h) for h in headings]}"
    title = _text(soup.title)
    heading = _text(headings[0])
    assert title.removeprefix("Error: ").startswith(heading), (
        f"title {title!r} does not start with h1 {heading!r}"
    )

    ids = Counter(element["id"] for element in soup.select("[id]"))
    duplicates = [name for name, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"

    for form in soup.select("form"):
        assert form.get("action"), f"form without an action: {form.prettify()[:200]}"
        if (form.get("method") or "get").lower() == "post":
            assert form.select_one("input[name=_csrf_token]"), "POST form without a CSRF field"

    assert not soup.select("[style]"), "inline style attributes are not allowed (CSP)"
    # Inline blocks run only if the CSP names their hash; without the response's header,
    # scripts are held to the one every page carries (GOV.UK Frontend's).
    allowed = csp if csp is not None else csp_hash(govuk_body_script())
    for element in [*soup.select("script:not([src])"), *(soup.select("style") if csp else [])]:
        assert csp_hash(element.string or "") in allowed, (
            f"inline {element.name} the CSP does not allow: {str(element)[:120]}"
        )
    return soup
