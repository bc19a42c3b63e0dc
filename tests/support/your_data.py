"""Something of every kind the export gathers, for everyone in the mixed world (world.py).

Everything written for a person carries their key in it (``LEAK-other_carer``), and every id and
secret is kept, so a test can say exactly what must appear in one person's copy and what must
not: anything of anyone else (another carer in the council, another council's carer, staff),
and no secret of their own (a sign-in token's id, a session's id, a device's push address or keys).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.models import Observation
from carer_portal.config import Settings
from carer_portal.notifications.models import NotificationPreferences, PushSubscription
from carer_portal.people.models import Council, Role, User
from carer_portal.recruitment.enquiries.models import Enquiry
from carer_portal.recruitment.referrals.models import CarerInvite
from carer_portal.security.audit import AuditAction, record
from carer_portal.security.links import request_sign_in_link
from carer_portal.security.models import SignInToken, UserSession

PEOPLE = ("carer", "other_carer", "west_carer", "ssw", "manager", "enquirer")
PARTNER = "partner"
NOW = datetime(2026, 6, 15, 9, 30, tzinfo=UTC)


@dataclass
class Planted:
    """What was written for one person."""

    theirs: list[str] = field(default_factory=list)  # in their own copy, and in nobody else's
    private: list[str] = field(default_factory=list)  # in nobody else's copy (ids of theirs)
    secrets: list[str] = field(default_factory=list)  # in nobody's copy, theirs included


async def plant_everything(session: AsyncSession, world, settings: Settings) -> dict[str, Planted]:  # type: ignore[no-untyped-def]
    """A record of every kind for each person in PEOPLE, and a partner in the carer's household."""
    east = world.councils["eastbrook"]
    partner = User(
        council_id=east.id,
        email="partner@eastbrook.example",
        display_name="Robin Partner",
        role=Role.CARER,
        household_id=world.households["own"].id,
    )
    session.add(partner)
    await session.flush()
    world.users[PARTNER] = partner
    planted: dict[str, Planted] = {}

    for index, key in enumerate((*PEOPLE, PARTNER)):
        user = world.users[key]
        mine = planted[key] = Planted()
        mark = f"LEAK-{key}"
        mine.theirs.append(f'"{user.email}"')  # as a JSON string: "carer@..." is in "other_carer@..."
        mine.private.append(str(user.id))

        session.add(
            NotificationPreferences(
                user_id=user.id,
                council_id=user.council_id,
                messages=False,
                quiet_from=time(20, index),
                quiet_until=time(7, index),
            )
        )
        mine.theirs.append(f"20:{index:02d}:00")
        device = PushSubscription(
            council_id=user.council_id,
            user_id=user.id,
            endpoint=f"https://fcm.googleapis.com/fcm/send/ENDPOINT-{key}",
            p256dh=f"P256DH-{key}",
            auth=f"AUTH-{key}",
            device_label=f"Phone {mark}",
        )
        session.add(device)
        mine.theirs.append(f"Phone {mark}")
        mine.secrets += [f"ENDPOINT-{key}", f"P256DH-{key}", f"AUTH-{key}"]

        # A sign-in session, and (for those who sign in by email) a link asked for and sent.
        sign_in = UserSession(
            council_id=user.council_id,
            user_id=user.id,
            created_at=NOW - timedelta(hours=index + 1),
            expires_at=NOW + timedelta(days=30),
        )
        session.add(sign_in)
        mine.secrets.append(str(sign_in.id))
        if Role(user.role) in (Role.CARER, Role.ENQUIRER):
            council = await session.get(Council, user.council_id)
            await request_sign_in_link(
                session=session,
                settings=settings,
                council=council,
                email=user.email,
                now=NOW - timedelta(minutes=10 * (index + 1)),
            )

        await record(
            session,
            council_id=user.council_id,
            actor_id=user.id,
            action=AuditAction.VIEW_CHILD,
            subject_type="child",
            subject_id=uuid.uuid5(uuid.NAMESPACE_URL, mark),
        )
        mine.theirs.append(str(uuid.uuid5(uuid.NAMESPACE_URL, mark)))

        if Role(user.role) is Role.CARER:
            code = f"CODE{index}{key.replace('_', '')}"[:24].ljust(12, "x")
            session.add(CarerInvite(council_id=user.council_id, carer_id=user.id, code=code))
            mine.theirs.append(code)
            child = world.children[
                {"other_carer": "other_current", "west_carer": "west_current"}.get(key, "current")
            ]
            observation = Observation(
                council_id=user.council_id,
                child_id=child.id,
                author_id=user.id,
                noticed_on=date(2026, 6, 1),
                text=f"Noticed {mark}: slept well",
                submission_key=f"submission-{key}",
            )
            session.add(observation)
            mine.theirs.append(f"Noticed {mark}: slept well")

        session.add(
            Enquiry(
                council_id=user.council_id,
                name=f"Name {mark}",
                email=user.email,
                phone="07700 900123",
                postcode="EB1 1AA",
                motivation=f"Why {mark}",
            )
        )
        mine.theirs += [f"Name {mark}", f"Why {mark}"]
        await session.flush()

    await session.commit()
    # The links' ids are secrets: anyone holding a signed link with that id could sign in.
    for key in planted:
        tokens = await session.exec(select(SignInToken.id).where(SignInToken.user_id == world.users[key].id))
        planted[key].secrets += [str(token_id) for token_id in tokens.all()]
    return planted
