"""Story text is Markdown from staff, shown on public pages: only a few safe elements survive."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from carer_portal.recruitment.stories.markdown import render_markdown


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(str(render_markdown(text)), "html.parser")


def test_it_returns_markup_so_templates_need_no_safe_filter() -> None:
    assert isinstance(render_markdown("Hello"), Markup)


def test_paragraphs_emphasis_lists_quotes_and_links_are_kept_with_govuk_classes() -> None:
    html = soup(
        "First *line*  \nsecond **line**\n\n- one\n- two\n\n1. first\n\n> said\n\n"
        "[our site](https://example.org/foster) or [email](mailto:team@example.org)"
    )
    assert html.select_one("p.govuk-body em").text == "line"
    assert html.select_one("p.govuk-body strong").text == "line"
    assert html.select_one("p br") is not None
    assert [li.text for li in html.select("ul.govuk-list.govuk-list--bullet li")] == ["one", "two"]
    assert html.select_one("ol.govuk-list--number li").text == "first"
    assert html.select_one("blockquote.govuk-inset-text p").text == "said"
    links = html.select("a")
    assert [a["href"] for a in links] == ["https://example.org/foster", "mailto:team@example.org"]
    assert all(a["class"] == ["govuk-link"] and a["rel"] == ["noopener", "noreferrer"] for a in links)


def test_headings_never_make_a_second_h1() -> None:
    html = soup("# Big\n\n## Middle\n\n### Small\n\n#### Smaller")
    assert not html.select("h1, h4, h5, h6")
    assert [h.name for h in html.select("h2, h3")] == ["h2", "h2", "h3", "h3"]
    assert html.select_one("h2")["class"] == ["govuk-heading-m"]


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Hello <img src=x onerror=alert(1)>",
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "<iframe src=https://example.org></iframe>",
        '<p style="color:red" class="evil">x</p>',
        "<!-- note --><b>bold</b>",
    ],
)
def test_raw_html_never_becomes_an_element(text: str) -> None:
    html = soup(text)
    assert not html.select("script, img, iframe, b, [onclick], [onerror], [style], .evil")
    assert {tag.name for tag in html.find_all()} <= {"p"}


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<javascript:alert(1)>",
        "[x](/relative/path)",
        "[x](ftp://example.org/file)",
    ],
)
def test_only_http_https_and_mailto_links_survive(link: str) -> None:
    assert soup(link).select("a") == []


def test_images_keep_only_their_words() -> None:
    html = soup("![Sam and the dog](https://example.org/dog.jpg) on the beach")
    assert not html.select("img")
    assert html.text.strip() == "Sam and the dog on the beach"


def test_nothing_in_gives_nothing_out() -> None:
    assert str(render_markdown("")) == ""
