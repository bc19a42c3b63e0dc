"""Emailed sign-in links for carers and enquirers: single use, 15 minutes, any device.

A link carries a signed token (HS256, joserfc) naming its purpose, its person, its expiry and
its id. The id is recorded when the link is made and marked used when it is redeemed, so a
second use is refused even inside the 15 minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import OctKey
from sqlalchemy import update
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.config import Settings
from carer_portal.notifications.email import OutgoingEmail
from carer_portal.people.models import Council, Role, User
from carer_portal.people.service import normalise_email
from carer_portal.security.models import SignInAttempt, SignInToken

LINK_LIFETIME = timedelta(minutes=15)
PURPOSE = "sign-in"
AUDIENCE = "carer-portal:sign-in-link"
# Per address: enough for a person who mistypes or loses an email, too few to flood an inbox,
# and at most one a minute, so a burst of requests becomes one email.
MAX_EMAILS_PER_ADDRESS = 5
EMAIL_WINDOW = timedelta(minutes=15)
EMAIL_SPACING = timedelta(minutes=1)
# Requests over the limit are dropped quietly, never refused: a refusal would let anyone lock a
# carer out by asking for their links. Nobody is left without a way in, because whenever a
# request is dropped an email went out within the window, and its link is still valid.
assert LINK_LIFETIME >= EMAIL_WINDOW, "a dropped request must leave the last link still working"
LINK_ROLES = (Role.CARER, Role.ENQUIRER)


class LinkProblem(StrEnum):
    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True)
class CheckedLink:
    token_id: uuid.UUID
    user_id: uuid.UUID


def _key(settings: Settings) -> OctKey:
    return OctKey.import_key(bytes.fromhex(settings.token_secret))


def _address_hash(settings: Settings, email: str) -> str:
    return hmac.new(bytes.fromhex(settings.token_secret), email.encode(), hashlib.sha256).hexdigest()


def link_url(settings: Settings, token: str) -> str:
    return f"{settings.base_url}/sign-in/link?{urlencode({'token': token})}"


async def request_sign_in_link(
    *, session: AsyncSession, settings: Settings, council: Council, email: str, now: datetime
) -> OutgoingEmail | None:
    """For a known carer or enquirer, make a link and the email carrying it, within the limits.

    The caller answers the same way whatever happens here (known or unknown address, within
    the limits or not), so nobody can learn who has an account, nor lock anyone out.
    """
    address = normalise_email(email)
    address_hash = _address_hash(settings, address)
    count, latest = (
        await session.exec(
            select(func.count(), func.max(SignInAttempt.attempted_at)).where(
                SignInAttempt.council_id == council.id,
                SignInAttempt.email_hash == address_hash,
                col(SignInAttempt.attempted_at) > now - EMAIL_WINDOW,
            )
        )
    ).one()
    if latest is not None and latest.tzinfo is None:
        latest = latest.replace(tzinfo=UTC)  # SQLite's max() comes back as a naive UTC value
    if count >= MAX_EMAILS_PER_ADDRESS or (latest is not None and now - latest < EMAIL_SPACING):
        return None
    # Recorded for unknown addresses too, so both take the same time and the same path.
    session.add(SignInAttempt(council_id=council.id, email_hash=address_hash, attempted_at=now))

    user = (
        await session.exec(
            select(User).where(
                User.council_id == council.id,
                User.email == address,
                col(User.is_active).is_(True),
                col(User.role).in_([role.value for role in LINK_ROLES]),
            )
        )
    ).first()
    if user is None:
        await session.commit()
        return None

    token_id = uuid.uuid4()
    expires = now + LINK_LIFETIME
    session.add(
        SignInToken(id=token_id, council_id=council.id, user_id=user.id, created_at=now, expires_at=expires)
    )
    await session.commit()
    token = jwt.encode(
        {"alg": "HS256"},
        {
            "iss": settings.base_url,
            "aud": AUDIENCE,
            "purpose": PURPOSE,
            "sub": str(user.id),
            "jti": str(token_id),
            "iat": int(now.timestamp()),
            "exp": int(expires.timestamp()),
        },
        _key(settings),
    )
    return OutgoingEmail(
        to=address,
        subject=f"Your sign-in link for {settings.service_name}",
        text=(
            f"Hello,\n\n"
            f"Here is your link to sign in to {settings.service_name}:\n\n"
            f"{link_url(settings, token)}\n\n"
            f"It works once, for the next 15 minutes, on any phone or computer.\n\n"
            f"If you did not ask for this, you can ignore this email: nobody can sign in without it.\n\n"
            f"{settings.council_name} fostering team\n"
            f"{settings.contact_phone}\n"
        ),
    )


async def sign_in_requests_for(
    session: AsyncSession, *, settings: Settings, council_id: uuid.UUID, email: str
) -> list[datetime]:
    """When a sign-in link was asked for with this address, newest first: for the person's own
    copy of their data (your_data/). Only the keyed hash of an address is kept, so only someone
    who knows the address (its owner, signed in) finds these."""
    address_hash = _address_hash(settings, normalise_email(email))
    rows = await session.exec(
        select(SignInAttempt.attempted_at)
        .where(SignInAttempt.council_id == council_id, SignInAttempt.email_hash == address_hash)
        .order_by(col(SignInAttempt.attempted_at).desc())
    )
    return list(rows.all())


def check_link(settings: Settings, token: str, *, now: datetime) -> CheckedLink | LinkProblem:
    """The token's signature, purpose and expiry; not yet whether it was used."""
    try:
        decoded = jwt.decode(token, _key(settings), algorithms=["HS256"])
        jwt.JWTClaimsRegistry(
            now=int(now.timestamp()),
            iss={"essential": True, "value": settings.base_url},
            aud={"essential": True, "value": AUDIENCE},
            purpose={"essential": True, "value": PURPOSE},
            exp={"essential": True},
            sub={"essential": True},
            jti={"essential": True},
        ).validate(decoded.claims)
        return CheckedLink(
            token_id=uuid.UUID(decoded.claims["jti"]), user_id=uuid.UUID(decoded.claims["sub"])
        )
    except ExpiredTokenError:
        return LinkProblem.EXPIRED
    except (JoseError, ValueError, TypeError):
        return LinkProblem.INVALID


async def inspect_sign_in_link(
    *, session: AsyncSession, settings: Settings, token: str, now: datetime
) -> LinkProblem | None:
    """What would happen if this link were used now, without using it (for the GET page)."""
    checked = check_link(settings, token, now=now)
    if isinstance(checked, LinkProblem):
        return checked
    row = await session.get(SignInToken, checked.token_id)
    if row is None or row.user_id != checked.user_id:
        return LinkProblem.INVALID
    return LinkProblem.USED if row.used_at is not None else None


async def redeem_sign_in_link(
    *, session: AsyncSession, settings: Settings, token: str, now: datetime
) -> User | LinkProblem:
    checked = check_link(settings, token, now=now)
    if isinstance(checked, LinkProblem):
        return checked
    # One conditional UPDATE: of two simultaneous uses, exactly one succeeds.
    result = await session.exec(
        update(SignInToken)
        .where(
            col(SignInToken.id) == checked.token_id,
            col(SignInToken.user_id) == checked.user_id,
            col(SignInToken.used_at).is_(None),
        )
        .values(used_at=now)
    )
    if result.rowcount != 1:
        await session.rollback()
        exists = await session.get(SignInToken, checked.token_id)
        return (
            LinkProblem.USED
            if exists is not None and exists.user_id == checked.user_id
            else LinkProblem.INVALID
        )
    user = await session.get(User, checked.user_id)
    if user is None or not user.is_active:
        await session.rollback()
        return LinkProblem.INVALID
    return user  # the caller commits, with the sign-in's audit event
