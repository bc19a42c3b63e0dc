"""Before the team has published anything, the story pages still make sense."""

from __future__ import annotations


def test_no_stories_yet(page) -> None:
    soup = page("/stories")
    assert "Our carers' stories will be here soon." in soup.text
    assert not soup.select("nav[aria-label='Story themes']")
    assert soup.select_one("a[href='/enquire']")

    soup = page("/stories/themes/teenagers")
    assert "There are no stories about this yet." in soup.text
    assert soup.select_one("nav[aria-label='Story themes'] a[href='/stories']")

    page("/stories/sam", status=404)
