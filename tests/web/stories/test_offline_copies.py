"""What the service worker keeps for reading offline: the public pages and each published story,
rendered the same for whoever asks, with no menu; nothing else."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from carer_portal.pages.offline import OFFLINE_COPY, OFFLINE_PAGE, PUBLIC_PAGES

pytestmark = pytest.mark.usefixtures("stories")

# The page's own one-off values: a CSRF token and the enquiry form's key differ on every render.
ONE_OFF = re.compile(
    r'(name="(?:_csrf_token|idempotency_key)" value=")[^"]*|(x-csrftoken&#34;: &#34;)[0-9a-f]*'
)


def _kept_pages(client) -> list[str]:  # type: ignore[no-untyped-def]
    script = client.get("/sw.js").text
    return json.loads(re.search(r"const CONFIG = (\{.*?\});", script).group(1))["pages"]


def _published_story_pages(client) -> list[str]:  # type: ignore[no-untyped-def]
    soup = BeautifulSoup(client.get("/stories").text, "html.parser")
    return [a["href"] for a in soup.select(".app-story-card h2 a")]


def test_the_service_worker_keeps_the_public_pages_and_each_published_story_only(sign_in_as) -> None:
    client = sign_in_as(None)
    stories = _published_story_pages(client)
    assert len(stories) == 1  # Eastbrook's published story; not its draft, nor Westmere's
    assert _kept_pages(client) == [*PUBLIC_PAGES, *stories, OFFLINE_PAGE]
    # The same list for someone signed in: it is about the site, not the person.
    assert _kept_pages(sign_in_as("carer")) == [*PUBLIC_PAGES, *stories, OFFLINE_PAGE]


@pytest.mark.parametrize("who", ["carer", "officer", "enquirer"])
def test_a_kept_copy_is_the_same_whoever_asks_and_has_no_menu(sign_in_as, who: str) -> None:
    for path in _kept_pages(sign_in_as(None)):
        copies = []
        for person in (None, who):
            response = sign_in_as(person).get(path, params={OFFLINE_COPY: "1"})
            assert response.status_code == 200, path
            soup = BeautifulSoup(response.text, "html.parser")
            assert soup.select(".govuk-service-navigation__item") == [], path
            assert ("saved on your device" in soup.text) == (path != OFFLINE_PAGE), path
            copies.append(ONE_OFF.sub(r"\1\2", response.text))
        assert copies[0] == copies[1], path


@pytest.mark.parametrize("who", [None, "carer"])
def test_the_offline_page_has_no_menu_however_it_is_reached(sign_in_as, who: str | None) -> None:
    soup = BeautifulSoup(sign_in_as(who).get(OFFLINE_PAGE).text, "html.parser")
    assert soup.select(".govuk-service-navigation__item") == []
    assert "sign in" not in soup.text.lower()


def test_a_copy_never_reaches_the_page_cache(sign_in_as) -> None:
    client = sign_in_as(None)
    client.get("/", params={OFFLINE_COPY: "1"})
    soup = BeautifulSoup(client.get("/").text, "html.parser")
    menu = [item.get_text(strip=True) for item in soup.select(".govuk-service-navigation__item")]
    assert menu == ["Sign in"]
    assert "saved on your device" not in soup.text
