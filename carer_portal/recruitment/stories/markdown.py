"""A story's text, written in Markdown by the recruitment team, as safe HTML for a public page.

markdown-it-py turns Markdown into HTML with raw HTML switched off (typed tags come out as
text the officer can see in the preview), then nh3 (a maintained sanitiser, ammonia in Rust)
keeps only the handful of elements a story needs. Defence in depth: if either step is ever
misconfigured, the other still stands between the text and the page.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "h2", "h3", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
# GOV.UK Frontend styles elements by class, so each allowed element gets its class here.
# Any class the text tried to set itself is stripped first (it is not an allowed attribute).
GOVUK_CLASSES = {
    "p": {"class": "govuk-body"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "h2": {"class": "govuk-heading-m"},
    "h3": {"class": "govuk-heading-s"},
    "blockquote": {"class": "govuk-inset-text"},
    "a": {"class": "govuk-link"},
}


class _StoryMarkdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # markdown-it's name for it
        # A link to anywhere else stays as the typed text, so the officer sees it in the preview
        # rather than a link that silently goes nowhere.
        scheme, colon, _ = url.partition(":")
        return bool(colon) and scheme.lower() in URL_SCHEMES and super().validateLink(url)


_markdown = _StoryMarkdown("commonmark", {"html": False, "linkify": False, "typographer": False})


def _adjust(tokens: list[Token]) -> None:
    for token in tokens:
        # The page has exactly one h1 (the carer's name), so "# A heading" becomes an h2.
        if token.type in {"heading_open", "heading_close"}:
            token.tag = "h2" if token.tag in {"h1", "h2"} else "h3"
        # Photos belong in the story's photo field, with alt text; in the text, keep the words.
        for child in token.children or []:
            if child.type == "image":
                child.type, child.children = "text", None  # its content is the alt text


def render_markdown(text: str) -> Markup:
    tokens = _markdown.parse(text or "")
    _adjust(tokens)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative="deny",
        link_rel="noopener noreferrer",
        set_tag_attribute_values=GOVUK_CLASSES,
        strip_comments=True,
    )
    return Markup(cleaned)  # noqa: S704 - sanitised by nh3 just above
