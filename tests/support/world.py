"""A small, deliberately mixed world for access tests.

Two councils. In Eastbrook, two households supervised by different social workers; one
household has a child placed now, a child who left 3 days ago and one who left 30 days ago.
Westmere, the other council, has the same shape so "another council" is always testable.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.models import Child, Placement
from carer_portal.db import create_engine, session_factory, utcnow
from carer_portal.people.models import Council, Household, Role, User
from carer_portal.security.actor import Actor
from carer_portal.security.sessions import open_session

# Distinctive names, so a test can tell if one ever leaks into an email, a push or a log.
CHILD_FIRST_NAMES = {
    "current": "Tallulah",
    "left_3_days_ago": "Oluwaseun",
    "left_30_days_ago": "Bartholomew",
    "other_current": "Marigold",
    "arriving_tomorrow": "Ignatius",
}
CHILD_LAST_NAME = "Quillfeather"


@dataclass
class World:
    today: date
    councils: dict[str, Council] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    households: dict[str, Household] = field(default_factory=dict)
    children: dict[str, Child] = field(default_factory=dict)
    placements: list[Placement] = field(default_factory=list)
    database_url: str = ""

    def actor(self, key: str) -> Actor:
        return Actor.from_user(self.users[key])

    def session_for(self, key: str, *, seen: float | None = None, own_device: bool = True) -> dict:
        """A signed-in session for this person, recorded in the database as sign-in records it."""
        return signed_in_session(self.database_url, self.users[key], seen=seen, own_device=own_device)


def signed_in_session(
    database_url: str, user: User, *, seen: float | None = None, own_device: bool = True
) -> dict:
    """Open a session for ``user`` the way signing in does, and return the cookie's contents."""
    kind = "staff" if Role(user.role).is_staff else "carer"

    async def opened() -> dict:
        engine = create_engine(database_url)
        try:
            async with session_factory(engine)() as db:
                contents = open_session(db, user, kind=kind, own_device=own_device, now=utcnow())
                await db.commit()
                return contents
        finally:
            await engine.dispose()

    contents = asyncio.run(opened())
    return {**contents, "seen": int(seen if seen is not None else time.time())}


async def build_world(session: AsyncSession, *, today: date) -> World:
    world = World(today=today)

    def add(obj):  # type: ignore[no-untyped-def]
        session.add(obj)
        return obj

    for slug, name in (("eastbrook", "Eastbrook Council"), ("westmere", "Westmere Council")):
        world.councils[slug] = add(Council(slug=slug, name=name))
    await session.flush()

    def user(key: str, council: str, role: Role, household: str | None = None) -> User:
        u = add(
            User(
                council_id=world.councils[council].id,
                email=f"{key}@{council}.example",
                display_name=key.replace("_", " ").title(),
                role=role,
                household_id=world.households[household].id if household else None,
            )
        )
        world.users[key] = u
        return u

    for council, prefix in (("eastbrook", ""), ("westmere", "west_")):
        user(f"{prefix}ssw", council, Role.SUPERVISING_SOCIAL_WORKER)
        user(f"{prefix}other_ssw", council, Role.SUPERVISING_SOCIAL_WORKER)
        user(f"{prefix}officer", council, Role.RECRUITMENT_OFFICER)
        user(f"{prefix}manager", council, Role.MANAGER)
        user(f"{prefix}admin", council, Role.ADMIN)
        await session.flush()
        for key, ssw in (("own", "ssw"), ("other", "other_ssw")):
            world.households[f"{prefix}{key}"] = add(
                Household(
                    council_id=world.councils[council].id,
                    name=f"The {key.title()} household",
                    area="Northfield",
                    supervising_social_worker_id=world.users[f"{prefix}{ssw}"].id,
                )
            )
        await session.flush()
        user(f"{prefix}carer", council, Role.CARER, household=f"{prefix}own")
        user(f"{prefix}other_carer", council, Role.CARER, household=f"{prefix}other")
        user(f"{prefix}enquirer", council, Role.ENQUIRER)

        def child(  # the council and prefix of this turn of the loop, bound now
            key: str,
            household: str,
            started: int,
            ended: int | None,
            council: str = council,
            prefix: str = prefix,
        ) -> None:
            c = add(
                Child(
                    council_id=world.councils[council].id,
                    first_name=CHILD_FIRST_NAMES[key] + ("" if council == "eastbrook" else "a"),
                    last_name=CHILD_LAST_NAME,
                    date_of_birth=today - timedelta(days=365 * 9),
                )
            )
            world.children[f"{prefix}{key}"] = c
            world.placements.append(
                add(
                    Placement(
                        council_id=world.councils[council].id,
                        child_id=c.id,
                        household_id=world.households[f"{prefix}{household}"].id,
                        started_on=today - timedelta(days=started),
                        ended_on=None if ended is None else today - timedelta(days=ended),
                    )
                )
            )

        child("current", "own", 200, None)
        child("left_3_days_ago", "own", 300, 3)
        child("left_30_days_ago", "own", 400, 30)
        child("other_current", "other", 100, None)
        child("arriving_tomorrow", "own", -1, None)
    await session.commit()
    return world
