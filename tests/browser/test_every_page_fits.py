"""Every page each persona uses fits a phone: nothing scrolls sideways at 320 or 390 px, no word
is broken inside a table cell at any width, chart text is at least 14 px at 390 px, and axe
finds nothing at 390 and 1280 px.

The pages are found, not listed: each demo role's menu, then the pages those link to, so a new
page is covered. (This is also the sweep that runs axe on every signed-in page.)
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from carer_portal.demo import DEMO_PERSONAS
from carer_portal.people.models import Role
from tests.support.browser import DESKTOP, assert_accessible

NARROW = ({"width": 320, "height": 700}, {"width": 390, "height": 844})
# One persona of each role (None: signed out).
WHO = [None, *[next(p.email for p in DEMO_PERSONAS if p.role is role) for role in Role]]
SIGNED_OUT_PAGES = ["/", "/stories", "/enquire", "/sign-in", "/privacy", "/accessibility"]

# Text nodes inside table cells: for each word, how many line boxes it spans (2+ is broken).
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll("td, th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      for (const match of text.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const lines = new Set(rects.map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""
SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"
# Chart text as drawn, in CSS pixels: its font size scaled by the SVG's fit to the page.
SMALL_CHART_TEXT = """() => [...document.querySelectorAll("svg text")]
  .map((t) => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1)])
  .filter(([, size]) => size < 14).slice(0, 3)"""
# What sticks out, for the failure message: the innermost elements past the right edge.
STICKING_OUT = """() => [...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest(".app-table-scroll"))
  .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5))
  .slice(0, 3).map((e) => e.tagName.toLowerCase() + "." + [...e.classList].join("."))"""


def _sign_in(page: Page, email: str | None) -> None:
    page.context.clear_cookies()
    if email is None:
        return
    page.goto("/demo/sign-in")
    page.locator(f"form:has(input[name=email][value='{email}']) button").click()
    page.wait_for_load_state()


# Not pages a person reads: assets, leaving, the demo's own pages, outside links.
NOT_CRAWLED = ("/static/", "/sign-out", "/demo/", "/sw.js", "/manifest", "/staff/sign-in", "mailto:", "tel:")
PAGES_PER_PERSON = 14


def _pages_for(page: Page, email: str | None) -> list[str]:
    """Every page the person's menu leads to, then the pages those link to, breadth first."""
    if email is None:
        return SIGNED_OUT_PAGES
    page.goto("/account")
    queue = [a.get_attribute("href") or "" for a in page.locator(".govuk-service-navigation__link").all()]
    seen: list[str] = []
    while queue and len(seen) < PAGES_PER_PERSON:
        path = queue.pop(0)
        if path in seen or not path.startswith("/") or path.startswith(NOT_CRAWLED) or "/new" in path:
            continue
        seen.append(path)
        page.goto(path)
        # Not a download (a person's data as a file): the browser saves it, there is no page.
        links = page.eval_on_selector_all(
            "main a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"
        )
        queue.extend(href.split("#")[0].split("?")[0] for href in links if href)
    return seen


@pytest.mark.parametrize("email", WHO, ids=lambda e: e or "signed-out")
def test_every_page_fits_a_phone_and_keeps_words_whole(page: Page, email: str | None) -> None:
    _sign_in(page, email)
    problems = []
    for path in _pages_for(page, email):
        for viewport in (*NARROW, DESKTOP):
            page.set_viewport_size(viewport)
            page.goto(path)
            width = viewport["width"]
            if viewport in NARROW and (sideways := page.evaluate(SIDEWAYS)) > 0:
                problems.append(
                    f"{path} at {width}px scrolls sideways by {sideways}px: {page.evaluate(STICKING_OUT)}"
                )
            if broken := page.evaluate(BROKEN_WORDS):
                problems.append(f"{path} at {width}px breaks words in a table: {broken[:5]}")
            if width == 390 and (small := page.evaluate(SMALL_CHART_TEXT)):
                problems.append(f"{path} at 390px draws chart text under 14px: {small}")
            if width in (390, DESKTOP["width"]):
                assert_accessible(page)
    assert problems == []
