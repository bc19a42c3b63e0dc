"""What the child's page tests share: the rows written, a child's page as someone sees it, and
two profiles for the carer's child."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from sqlmodel import select

from carer_portal.security.models import AuditEvent
from tests.support.app import run_with_session
from tests.support.needs_profiles import PRIVATE_NOTE_WORD
from tests.support.pages import check_page

STRENGTHS = "Kind to younger children and a keen swimmer."


def events(database_url: str) -> list[AuditEvent]:
    async def read(session):  # type: ignore[no-untyped-def]
        return list((await session.exec(select(AuditEvent).order_by(AuditEvent.occurred_at))).all())

    return run_with_session(database_url, read)


def rows(database_url: str, model) -> list:  # type: ignore[no-untyped-def, type-arg]
    async def read(session):  # type: ignore[no-untyped-def]
        return list((await session.exec(select(model))).all())

    return run_with_session(database_url, read)


def text(element) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", element.get_text()).strip()


def child_page(sign_in_as, page, world, who: str = "carer", child: str = "current") -> BeautifulSoup:  # type: ignore[no-untyped-def]
    sign_in_as(who)
    return page(f"/children/{world.children[child].id}")


def note_form(world, **changes: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    today = world.today
    return {
        "noticed_on_day": str(today.day),
        "noticed_on_month": str(today.month),
        "noticed_on_year": str(today.year),
        "text": f"{PRIVATE_NOTE_WORD} laughed all through tea.\nThen slept well.",
        **changes,
    }


def post_note(client, world, data: dict[str, str]):  # type: ignore[no-untyped-def]
    child = world.children["current"]
    page_html = client.get(f"/children/{child.id}").text
    soup = check_page(page_html)
    hidden = {
        "_csrf_token": soup.select_one("input[name=_csrf_token]")["value"],
        "submission_key": soup.select_one("input[name=submission_key]")["value"],
    }
    return client.post(f"/children/{child.id}/observations", data={**data, **hidden}, follow_redirects=False)
