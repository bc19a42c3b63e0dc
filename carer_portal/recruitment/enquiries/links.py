"""The person's own link to their enquiry: /your-enquiry/<token>.

One link for as long as the enquiry exists. Its token is derived from the enquiry's id and a
counter with the service's token secret, so every email (the confirmation, the question after
the first call) can carry the same link again without the portal keeping it: only its hash is
stored, to find the enquiry. The link stops working only when the enquiry is withdrawn or
anonymised (the hash is cleared), or when the person asks for a new link (the counter moves on).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.config import Settings
from carer_portal.notifications.models import NotificationKind
from carer_portal.notifications.outbox import Notice, enqueue
from carer_portal.people.service import normalise_email
from carer_portal.recruitment.enquiries.models import Enquiry

# However often someone asks, one fresh link per enquiry in this time: the form is public, and
# each new link ends the one before.
FRESH_LINK_INTERVAL = timedelta(minutes=5)
MAX_TOKEN_LENGTH = 100


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _derived_token(enquiry: Enquiry, secret: str) -> str:
    message = f"enquiry-link:{enquiry.id}:{enquiry.access_link_generation}".encode()
    digest = hmac.new(bytes.fromhex(secret), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def link_token(enquiry: Enquiry, *, settings: Settings) -> str:
    """The token of the person's link, the same every time it is asked for.

    An enquiry whose link was made another way (a random token, before links were derived)
    gets the derived one from now on; the expired-link page offers them a fresh one."""
    if enquiry.anonymised_at is not None or enquiry.withdrawn_at is not None:
        raise ValueError("a withdrawn or anonymised enquiry has no link")
    token = _derived_token(enquiry, settings.token_secret)
    enquiry.access_token_hash = token_hash(token)
    return token


def link_path(token: str) -> str:
    return f"/your-enquiry/{token}"


def is_plausible_token(token: str) -> bool:
    return 0 < len(token) <= MAX_TOKEN_LENGTH


async def send_fresh_links(
    *, session: AsyncSession, council_id: object, email: str, settings: Settings, now: datetime
) -> None:
    """The person asked for a new link: each of their open enquiries gets one, by email, and
    the links sent before stop working. Nothing is said about whether there were any."""
    enquiries = (
        await session.exec(
            select(Enquiry).where(
                Enquiry.council_id == council_id,
                func.lower(col(Enquiry.email)) == normalise_email(email),
                col(Enquiry.anonymised_at).is_(None),
                col(Enquiry.withdrawn_at).is_(None),
            )
        )
    ).all()
    for enquiry in enquiries:
        if enquiry.new_link_sent_at is not None and now - enquiry.new_link_sent_at < FRESH_LINK_INTERVAL:
            continue
        enquiry.access_link_generation += 1
        enquiry.new_link_sent_at = now
        token = link_token(enquiry, settings=settings)
        session.add(enquiry)
        await enqueue(
            session,
            council_id=enquiry.council_id,
            dedupe_key=f"enquiry-link:{enquiry.id}:{enquiry.access_link_generation}",
            kind=NotificationKind.ACCOUNT,
            recipient_email=enquiry.email,
            urgent=True,
            notice=Notice(
                title=f"Your new link to your enquiry with {settings.service_short_name}",
                body=(
                    "You asked for a new link to your fostering enquiry. It shows where your "
                    "enquiry is up to and what happens next. The links we sent you before no longer work."
                ),
                url=link_path(token),
            ),
        )
    await session.commit()
