"""One promise of our first contact, made once, worded for how we can reach the person, the
same on the thank-you page, on their own page and in the confirmation email, with their name."""

from __future__ import annotations

import re

import pytest

from carer_portal.recruitment.vocabulary import BEST_TIMES
from tests.support.pages import check_page
from tests.web.recruitment.test_enquiry_journey import ANSWERS, _form_page
from tests.web.recruitment.test_enquiry_links import LINK, _emails_to

PROMISE = re.compile(r"We will (call|email) you by (\d{1,2}(?::\d\d)?[ap]m)")


def _promises(text: str) -> set[tuple[str, str]]:
    return set(PROMISE.findall(" ".join(text.split())))


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize("phone", ["07700 900982", ""], ids=["phone", "no-phone"])
@pytest.mark.parametrize("best_time", list(BEST_TIMES))
def test_the_thank_you_page_their_page_and_the_email_make_the_same_promise(
    client, settings, tmp_path, phone: str, best_time: str
) -> None:
    client.post("/enquire", data={**ANSWERS, "phone": phone, "best_time": best_time, **_form_page(client)})
    thank_you = check_page(client.get("/enquire/thank-you").text).get_text(" ", strip=True)
    (email,) = _emails_to(settings, tmp_path, ANSWERS["email"])
    client.cookies.clear()
    own_page = check_page(client.get(LINK.search(email.text).group(1)).text).get_text(" ", strip=True)

    channel = "call" if phone else "email"
    promised = _promises(thank_you)
    assert len(promised) == 1 and next(iter(promised))[0] == channel, promised
    assert _promises(own_page) == promised
    assert _promises(email.text) == promised
    assert email.text.startswith("Hello Sam,")
    assert "Sam" not in email.subject  # a subject may be seen by others: no name in it
