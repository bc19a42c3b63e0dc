"""A person's own copy of what the portal holds about them (a subject access request, served).

Everything is read for the signed-in person only: each query names their own id (or their
household's, or their own email's keyed hash) and their council. Nothing here takes an id from
the request, so nobody can ask for anyone else's.

What is in it, and what is left out on purpose:
- their own record, their household, and its supervising social worker's name and work email
  (the council's contact for them, which the portal shows them anyway);
- the other carers of their household, by name only (see ``_household``);
- notification choices; devices, by the push service's host only (the full address is a
  capability: anyone holding it could push to the phone), never the keys;
- sign-ins: the links we sent them (when asked for, until when valid, when used), the times a
  link was asked for with their email address, and their sessions; never a token, a link or a
  session's id, which would let someone sign in as them;
- what they did, from the audit trail, with the kind and id of what it was about;
- their invite link, and the observations they wrote (see ``_observations``);
- enquiries made with their email address: what they told us, and the stage it is at.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.models import Observation
from carer_portal.config import Settings
from carer_portal.notifications.models import NotificationPreferences, PushSubscription
from carer_portal.people.models import Council, Household, Role, User
from carer_portal.recruitment.enquiries.models import Enquiry, EnquiryStage
from carer_portal.recruitment.referrals.models import CarerInvite
from carer_portal.security.actor import Actor
from carer_portal.security.audit import AuditAction, audit_action_label, record
from carer_portal.security.links import sign_in_requests_for
from carer_portal.security.models import AuditEvent, SignInToken, UserSession


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    role: str
    council: str
    account_created_at: datetime


@dataclass(frozen=True)
class HouseholdRecord:
    name: str
    area: str
    approved_on: date | None
    supervising_social_worker_name: str | None
    supervising_social_worker_email: str | None
    other_members: list[str]  # display names only


@dataclass(frozen=True)
class Preferences:
    chosen: bool  # False: never changed, so these are the defaults
    messages: bool
    reviews: bool
    prompts: bool
    quiet_hours: bool
    quiet_from: time
    quiet_until: time


@dataclass(frozen=True)
class Device:
    push_service: str  # the host of the device's push address, nothing more
    description: str
    added_at: datetime
    turned_on: bool
    last_delivered_at: datetime | None


@dataclass(frozen=True)
class SignInLink:
    sent_at: datetime
    valid_until: datetime
    used_at: datetime | None


@dataclass(frozen=True)
class SessionRecord:
    signed_in_at: datetime
    lasts_until: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class Activity:
    at: datetime
    action: str
    description: str
    about: str  # the kind of record: "child", "user", ...
    about_id: uuid.UUID | None  # its id, never its details


@dataclass(frozen=True)
class Invite:
    link: str
    show_first_name: bool
    created_at: datetime


@dataclass(frozen=True)
class ObservationRecord:
    noticed_on: date
    text: str
    child_id: uuid.UUID  # see _observations: an id, not the child's name
    written_at: datetime


@dataclass(frozen=True)
class EnquiryRecord:
    made_at: datetime
    name: str
    email: str
    phone: str
    postcode: str
    in_their_words: str
    reasons: str
    household: str
    best_time_to_call: str
    stage: str
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class YourData:
    produced_at: datetime
    person: Person
    household: HouseholdRecord | None
    notification_preferences: Preferences
    devices: list[Device] = field(default_factory=list)
    sign_in_links: list[SignInLink] = field(default_factory=list)
    sign_in_link_requests: list[datetime] = field(default_factory=list)
    sessions: list[SessionRecord] = field(default_factory=list)
    activity: list[Activity] = field(default_factory=list)
    invite: Invite | None = None
    observations: list[ObservationRecord] = field(default_factory=list)
    enquiries: list[EnquiryRecord] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Plain JSON: dates and times as ISO 8601 (times in UTC), ids as strings."""
        return _plain(asdict(self))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


async def _household(session: AsyncSession, actor: Actor) -> HouseholdRecord | None:
    if actor.household_id is None:
        return None
    household = (
        await session.exec(
            select(Household).where(
                Household.id == actor.household_id, Household.council_id == actor.council_id
            )
        )
    ).first()
    if household is None:
        return None
    worker = None
    if household.supervising_social_worker_id is not None:
        worker = (
            await session.exec(
                select(User).where(
                    User.id == household.supervising_social_worker_id, User.council_id == actor.council_id
                )
            )
        ).first()
    # The other carers of the household, by the name the portal shows: the household's record
    # (approved together, named together) holds them as its members, and a person asking for
    # their household's record would otherwise get it with its members missing. Only the name:
    # their email, sign-ins and everything they did are their own, for them to ask for.
    others = (
        await session.exec(
            select(User.display_name)
            .where(
                User.household_id == household.id,
                User.council_id == actor.council_id,
                User.id != actor.user_id,
            )
            .order_by(User.display_name)
        )
    ).all()
    return HouseholdRecord(
        name=household.name,
        area=household.area,
        approved_on=household.approved_on,
        supervising_social_worker_name=worker.display_name if worker else None,
        supervising_social_worker_email=worker.email if worker else None,
        other_members=list(others),
    )


async def _observations(session: AsyncSession, actor: Actor) -> list[ObservationRecord]:
    # The child an observation is about is given by the child's id, not their name. What the
    # carer wrote is theirs, word for word; the child's record is the child's. A name taken from
    # it now would be the child's name as it is today, which may have changed since (a child who
    # moved on may use another name, sometimes to be safe) and which a former carer may no longer
    # see in the portal. The id lets the council answer "which child?" if they ask.
    rows = (
        await session.exec(
            select(Observation)
            .where(Observation.author_id == actor.user_id, Observation.council_id == actor.council_id)
            .order_by(col(Observation.noticed_on).desc(), col(Observation.created_at).desc())
        )
    ).all()
    return [ObservationRecord(o.noticed_on, o.text, o.child_id, o.created_at) for o in rows]


async def gather_your_data(
    *, session: AsyncSession, actor: Actor, settings: Settings, now: datetime
) -> YourData | None:
    """Everything the portal holds about the signed-in person; None if their record is gone."""
    me = actor.user_id
    council = actor.council_id
    row = (
        await session.exec(
            select(User, Council)
            .join(Council, col(Council.id) == col(User.council_id))
            .where(User.id == me, User.council_id == council)
        )
    ).first()
    if row is None:
        return None
    user, council_row = row

    preferences = (
        await session.exec(
            select(NotificationPreferences).where(
                NotificationPreferences.user_id == me, NotificationPreferences.council_id == council
            )
        )
    ).first()
    chosen = preferences is not None
    preferences = preferences or NotificationPreferences(user_id=me, council_id=council)

    devices = (
        await session.exec(
            select(PushSubscription)
            .where(PushSubscription.user_id == me, PushSubscription.council_id == council)
            .order_by(col(PushSubscription.created_at).desc())
        )
    ).all()
    links = (
        await session.exec(
            select(SignInToken.created_at, SignInToken.expires_at, SignInToken.used_at)
            .where(SignInToken.user_id == me, SignInToken.council_id == council)
            .order_by(col(SignInToken.created_at).desc())
        )
    ).all()
    sessions = (
        await session.exec(
            select(UserSession.created_at, UserSession.expires_at, UserSession.ended_at)
            .where(UserSession.user_id == me, UserSession.council_id == council)
            .order_by(col(UserSession.created_at).desc())
        )
    ).all()
    events = (
        await session.exec(
            select(AuditEvent.occurred_at, AuditEvent.action, AuditEvent.subject_type, AuditEvent.subject_id)
            .where(AuditEvent.actor_id == me, AuditEvent.council_id == council)
            .order_by(col(AuditEvent.occurred_at).desc())
        )
    ).all()
    invite = (
        await session.exec(
            select(CarerInvite).where(CarerInvite.carer_id == me, CarerInvite.council_id == council)
        )
    ).first()
    enquiries = (
        await session.exec(
            select(Enquiry)
            .where(
                Enquiry.council_id == council,
                Enquiry.email == user.email,
                col(Enquiry.anonymised_at).is_(None),
            )
            .order_by(col(Enquiry.created_at).desc())
        )
    ).all()

    return YourData(
        produced_at=now,
        person=Person(
            name=user.display_name,
            email=user.email,
            role=Role(user.role).label,
            council=council_row.name,
            account_created_at=user.created_at,
        ),
        household=await _household(session, actor),
        notification_preferences=Preferences(
            chosen=chosen,
            messages=preferences.messages,
            reviews=preferences.reviews,
            prompts=preferences.prompts,
            quiet_hours=preferences.quiet_hours,
            quiet_from=preferences.quiet_from,
            quiet_until=preferences.quiet_until,
        ),
        devices=[
            Device(
                push_service=urlsplit(d.endpoint).hostname or "",
                description=d.device_label,
                added_at=d.created_at,
                turned_on=d.enabled,
                last_delivered_at=d.last_success_at,
            )
            for d in devices
        ],
        sign_in_links=[SignInLink(*link) for link in links],
        sign_in_link_requests=await sign_in_requests_for(
            session, settings=settings, council_id=council, email=user.email
        ),
        sessions=[SessionRecord(*s) for s in sessions],
        activity=[
            Activity(at=at, action=action, description=audit_action_label(action), about=kind, about_id=about)
            for at, action, kind, about in events
        ],
        invite=Invite(
            link=f"{settings.base_url}/invite/{invite.code}",
            show_first_name=invite.show_first_name,
            created_at=invite.created_at,
        )
        if invite
        else None,
        observations=await _observations(session, actor),
        enquiries=[
            EnquiryRecord(
                made_at=e.created_at,
                name=e.name,
                email=e.email,
                phone=e.phone,
                postcode=e.postcode,
                in_their_words=e.motivation,
                reasons=e.motivation_reasons,
                household=e.household,
                best_time_to_call=e.best_time,
                stage=EnquiryStage(e.stage).label,
                withdrawn_at=e.withdrawn_at,
            )
            for e in enquiries
        ],
    )


async def record_export(session: AsyncSession, actor: Actor) -> None:
    """The audit trail notes each copy made: who, and when (the subject is the person)."""
    await record(
        session,
        council_id=actor.council_id,
        actor_id=actor.user_id,
        action=AuditAction.EXPORT,
        subject_type="user",
        subject_id=actor.user_id,
    )
    await session.commit()
