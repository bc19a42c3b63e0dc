"""Setting up the way a browser would: CSRF token from a form, demo sign-in, one real enquiry."""

from __future__ import annotations

import asyncio
import re
import uuid

import httpx

CSRF_FIELD = re.compile(r'name="_csrf_token" value="([0-9a-f]+)"')
# Demo personas (carer_portal/demo/): who signs in for each signed-in page.
RECRUITMENT_OFFICER = "joanne.whitfield@eastbrook.example"
# Two children placed now (Amara and Kai), so the children page lists more than one.
CARER = "sam.hughes@example.com"
CARER_NAME = "Sam Hughes"
# An enquirer with an account and one enquiry, at its first stage.
ENQUIRER = "chloe.bennett@example.com"
# A child's link on /children: its id and the name shown.
CHILD_LINK = re.compile(r'href="/children/([0-9a-f-]{36})">([^<]+)</a>')
ENQUIRY_FORM = {
    "name": "Sam Bench",
    "email": "sam.bench@example.com",
    "phone": "07700 900982",
    "postcode": "EB4 7QT",
    "reasons": "make-a-difference",
    "own_words": "I have a spare room and time to give.",
    "household": "single",
    "best_time": "any",
    "privacy": "yes",
    "website": "",
}


def form_token(client: httpx.Client, path: str) -> str:
    page = client.get(path)
    page.raise_for_status()
    match = CSRF_FIELD.search(page.text)
    if not match:
        raise RuntimeError(f"no CSRF field on {path}")
    return match.group(1)


def cookie_header(client: httpx.Client) -> str:
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in client.cookies.jar)


def csrf_for_enquiries(base_url: str) -> tuple[str, str]:
    """A CSRF token and the Cookie header that goes with it, from the enquiry form."""
    with httpx.Client(base_url=base_url) as client:
        token = form_token(client, "/enquire")
        return token, cookie_header(client)


def signed_in_cookie(base_url: str, email: str = RECRUITMENT_OFFICER) -> str:
    """Sign in through the demo page; returns the Cookie header of the signed-in browser."""
    with httpx.Client(base_url=base_url) as client:
        token = form_token(client, "/demo/sign-in")
        response = client.post("/demo/sign-in", data={"email": email, "_csrf_token": token})
        if response.status_code != 303:
            raise RuntimeError(f"demo sign-in answered {response.status_code}")
        return cookie_header(client)


def make_enquiry(base_url: str) -> None:
    """One enquiry through the form, as a person would make it."""
    with httpx.Client(base_url=base_url) as client:
        token = form_token(client, "/enquire")
        response = client.post(
            "/enquire", data={**ENQUIRY_FORM, "_csrf_token": token, "idempotency_key": uuid.uuid4().hex}
        )
        if response.status_code != 303:
            raise RuntimeError(f"the enquiry answered {response.status_code}")


def latest_enquiry_link(database_url: str) -> str:
    """The link in the newest confirmation email: /your-enquiry/<token>. Only the outbox row
    knows the token (the enquiry keeps its hash)."""
    from sqlalchemy import text

    from carer_portal.db import create_engine

    async def read() -> str:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                row = (
                    await connection.execute(
                        text(
                            "SELECT url FROM outbox WHERE dedupe_key LIKE 'enquiry-confirmation:%' "
                            "ORDER BY created_at DESC LIMIT 1"
                        )
                    )
                ).first()
        finally:
            await engine.dispose()
        if row is None:
            raise RuntimeError("no enquiry confirmation in the outbox")
        return str(row[0])

    return asyncio.run(read())


def get_ok(base_url: str, path: str, cookie: str = "", expect: str = "") -> str:
    """Check a page answers 200 (not a redirect to sign-in) before loading it; returns its HTML."""
    headers = {"Cookie": cookie} if cookie else {}
    response = httpx.get(base_url + path, headers=headers)
    if response.status_code != 200 or (expect and expect not in response.text):
        raise RuntimeError(f"GET {path} answered {response.status_code}, not the page expected")
    return response.text


def first_child_link(children_page: str) -> tuple[str, str]:
    """(/children/<id>, the child's name) of the first child listed on a carer's children page."""
    match = CHILD_LINK.search(children_page)
    if not match:
        raise RuntimeError("no child listed on /children")
    return f"/children/{match.group(1)}", match.group(2)


# A child's page is measured with five years of needs profiles behind it: two a year.
PROFILE_YEARS = 5


def five_years_of_profiles(database_url: str, child_path: str) -> int:
    """Give the child at /children/<id> a needs profile every six months for five years (on top
    of the demo's), as an SSW would have published them; returns how many they now have."""
    from datetime import date, timedelta

    from sqlalchemy import func
    from sqlmodel import select

    from carer_portal.children.models import Child
    from carer_portal.children.needs.framework import from_definition
    from carer_portal.children.needs.models import NeedsProfile, NeedsRating
    from carer_portal.children.needs.service import framework_for_new_profiles
    from carer_portal.db import create_engine, session_factory

    child_id = uuid.UUID(child_path.rsplit("/", 1)[-1])

    async def write() -> int:
        engine = create_engine(database_url)
        try:
            async with session_factory(engine)() as session:
                child = await session.get(Child, child_id)
                if child is None:
                    raise RuntimeError(f"no child {child_id}")
                row = await framework_for_new_profiles(session, child.council_id)
                framework = from_definition(row.definition)
                for half_year in range(1, PROFILE_YEARS * 2 + 1):
                    profile = NeedsProfile(
                        council_id=child.council_id,
                        child_id=child.id,
                        framework_id=row.id,
                        assessed_on=date.today() - timedelta(days=182 * half_year + 30),
                        strengths="Kind to younger children; loves drawing and football.",
                        what_helps="A calm voice, a routine they can see, warning before changes.",
                    )
                    session.add(profile)
                    await session.flush()
                    for index, domain in enumerate(framework.domains):
                        level = (half_year + index) % (domain.top + 1)
                        session.add(
                            NeedsRating(
                                council_id=child.council_id,
                                profile_id=profile.id,
                                domain=domain.key,
                                level=level,
                                note="As before.",
                            )
                        )
                await session.commit()
                count = (
                    select(func.count()).select_from(NeedsProfile).where(NeedsProfile.child_id == child.id)
                )
                return int((await session.exec(count)).one())
        finally:
            await engine.dispose()

    return asyncio.run(write())
