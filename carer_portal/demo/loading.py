"""Loading the demo council into a database, once."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.models import Child, Observation, Placement
from carer_portal.children.needs.models import NeedsProfile, NeedsRating
from carer_portal.children.needs.service import framework_for_new_profiles
from carer_portal.db import utcnow
from carer_portal.demo.data import (
    CHILDREN,
    DEMO_COUNCIL_NAME,
    DEMO_COUNCIL_SLUG,
    HOUSEHOLDS,
    RECRUITMENT_OFFICER_KEY,
    STAFF,
    DemoChild,
    DemoEnquiry,
    E,
)
from carer_portal.demo.enquiries import ENQUIRIES, INFO_EVENTS
from carer_portal.demo.needs import NOTES, PROFILES
from carer_portal.demo.stories import STORIES
from carer_portal.people.models import Council, Household, Role, User
from carer_portal.recruitment.enquiries.models import (
    Channel,
    Enquiry,
    EnquiryStage,
    EnquiryStageChange,
    InfoEvent,
    MotivationAnswer,
    MotivationAnswerValue,
    MotivationMoment,
)
from carer_portal.recruitment.enquiries.service import first_response_due
from carer_portal.recruitment.enquiries.stage_rollup import rebuild_stage_rollup
from carer_portal.recruitment.stories.models import Story


def _birth_date(today: date, age: int, days_since_birthday: int) -> date:
    try:
        birthday = today.replace(year=today.year - age)
    except ValueError:  # 29 February
        birthday = today.replace(year=today.year - age, day=28)
    return birthday - timedelta(days=days_since_birthday)


def _at(today: date, days_ago: int, hhmm: str) -> datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.combine(today - timedelta(days=days_ago), time(hour, minute), tzinfo=UTC)


async def load_demo_data(session: AsyncSession) -> bool:
    """Create the Eastbrook demo council and everything in it. Returns False if it already exists."""
    existing = (await session.exec(select(Council).where(Council.slug == DEMO_COUNCIL_SLUG))).first()
    if existing is not None:
        return False

    today = utcnow().date()
    council = Council(slug=DEMO_COUNCIL_SLUG, name=DEMO_COUNCIL_NAME)
    cid = council.id
    staff = {
        m.key: User(council_id=cid, email=m.email, display_name=m.display_name, role=m.role) for m in STAFF
    }
    # Households and users point at each other and there are no relationships to order the
    # inserts, so flush by hand: council and staff, then households, then everything else.
    session.add_all([council, *staff.values()])
    await session.flush()
    households = {
        h.key: Household(
            council_id=cid,
            name=h.name,
            area=h.area,
            supervising_social_worker_id=staff[h.ssw_key].id,
            approved_on=today - timedelta(days=h.approved_days_ago),
        )
        for h in HOUSEHOLDS
    }
    session.add_all(households.values())
    await session.flush()

    for h in HOUSEHOLDS:
        for display_name, email in h.carers:
            session.add(
                User(
                    council_id=cid,
                    email=email,
                    display_name=display_name,
                    role=Role.CARER,
                    household_id=households[h.key].id,
                )
            )
    for e in ENQUIRIES:
        if e.has_account:
            session.add(User(council_id=cid, email=e.email, display_name=e.name, role=Role.ENQUIRER))
    for s in STORIES:
        published = None if s.published_days_ago is None else _at(today, s.published_days_ago, "09:00")
        # Consent is recorded for every story, the draft too: publishing needs it.
        session.add(
            Story(
                council_id=cid,
                slug=s.slug,
                carer_name=s.carer_name,
                household=s.household,
                area=s.area,
                quote=s.quote,
                body=s.body,
                themes=s.themes,
                published_at=published,
                household_tags=s.household_tags,
                consent_recorded_at=_at(today, 220, "10:00"),
                consent_recorded_by_id=staff[RECRUITMENT_OFFICER_KEY].id,
                consent_note="Signed consent form, kept on the carer's file",
            )
        )
    children = [
        (
            c,
            Child(
                council_id=cid,
                first_name=c.first_name,
                last_name=c.last_name,
                known_as=c.known_as,
                date_of_birth=_birth_date(today, c.age, c.days_since_birthday),
            ),
        )
        for c in CHILDREN
    ]
    carers_by_email = {email: None for h in HOUSEHOLDS for _, email in h.carers}
    await session.flush()
    for user in (
        await session.exec(select(User).where(User.council_id == cid, User.role == Role.CARER))
    ).all():
        carers_by_email[user.email] = user.id
    enquiries = [(e, _enquiry(cid, e, today, carers_by_email)) for e in ENQUIRIES]
    session.add_all([*(child for _, child in children), *(enquiry for _, enquiry in enquiries)])
    await session.flush()

    for c, child in children:
        ended_on = None if c.ended_days_ago is None else today - timedelta(days=c.ended_days_ago)
        session.add(
            Placement(
                council_id=cid,
                child_id=child.id,
                household_id=households[c.household_key].id,
                started_on=today - timedelta(days=c.placed_days_ago),
                ended_on=ended_on,
            )
        )
    ssw_of = {h.key: staff[h.ssw_key].id for h in HOUSEHOLDS}
    await _needs_and_notes(session, cid, today, children, ssw_of, carers_by_email)
    officer_id = staff[RECRUITMENT_OFFICER_KEY].id
    for e, enquiry in enquiries:
        previous: EnquiryStage | None = None
        for stage, days_ago, hhmm in e.steps:
            # The first step is the person getting in touch; every later move is the team's.
            session.add(
                EnquiryStageChange(
                    council_id=cid,
                    enquiry_id=enquiry.id,
                    from_stage=previous,
                    to_stage=stage,
                    changed_by_id=None if previous is None else officer_id,
                    changed_at=_at(today, days_ago, hhmm),
                )
            )
            previous = stage
        moments = (MotivationMoment.AFTER_ENQUIRY, MotivationMoment.AFTER_FIRST_CONVERSATION)
        for moment, (feeling, step) in zip(moments, zip(e.feelings, e.steps, strict=False), strict=False):
            session.add(
                MotivationAnswer(
                    council_id=cid,
                    enquiry_id=enquiry.id,
                    moment=moment,
                    answer=MotivationAnswerValue(feeling),
                    answered_at=_at(today, step[1], step[2]) + timedelta(minutes=3),
                )
            )
    await rebuild_stage_rollup(session, cid)  # the histories above went in directly
    for days_ahead, title, place, summary in INFO_EVENTS:
        session.add(
            InfoEvent(
                council_id=cid,
                title=title,
                place=place,
                summary=summary,
                starts_at=_at(today, -days_ahead, "18:30"),
            )
        )

    await session.commit()
    return True


def _enquiry(cid: uuid.UUID, e: DemoEnquiry, today: date, carers: dict[str, uuid.UUID | None]) -> Enquiry:
    created = _at(today, e.steps[0][1], e.steps[0][2])
    first_response = _at(today, e.steps[1][1], e.steps[1][2]) if len(e.steps) > 1 else None
    return Enquiry(
        council_id=cid,
        name=e.name,
        email=e.email,
        phone=e.phone,
        postcode=e.postcode,
        motivation=e.motivation,
        motivation_reasons=e.reasons,
        household=e.household,
        best_time=e.best_time,
        stage=e.stage,
        source=Channel(e.source),
        referrer_id=carers.get(e.referred_by) if e.referred_by else None,
        created_at=created,
        first_response_due_at=first_response_due(created, best_time=e.best_time),
        first_responded_at=first_response,
        promised_call_by=first_response_due(created, best_time=e.best_time),
        privacy_accepted_at=created,
        last_progress_at=_at(today, e.steps[-1][1], e.steps[-1][2]),
        withdrawn_at=_at(today, e.steps[-1][1], e.steps[-1][2]) if e.stage == E.WITHDRAWN else None,
    )


async def _needs_and_notes(
    session: AsyncSession,
    cid: uuid.UUID,
    today: date,
    children: list[tuple[DemoChild, Child]],
    ssw_of: dict[str, uuid.UUID],
    carers: dict[str, uuid.UUID | None],
) -> None:
    """Each child's needs profiles (on the default framework) and their carers' notes."""
    framework = await framework_for_new_profiles(session, cid)
    ratings: list[NeedsRating] = []
    for c, child in children:
        for p in PROFILES.get(c.first_name, ()):
            profile = NeedsProfile(
                council_id=cid,
                child_id=child.id,
                framework_id=framework.id,
                assessed_on=today - timedelta(days=p.days_ago),
                written_by_id=ssw_of[c.household_key],
                strengths=p.strengths,
                enjoys=p.enjoys,
                what_helps=p.what_helps,
                what_to_avoid=p.what_to_avoid,
                communication=p.communication,
                routines=p.routines,
                food=p.food,
                sleep=p.sleep,
                school=p.school,
                health_appointments=p.health_appointments,
                family_time=p.family_time,
                created_at=_at(today, p.days_ago, "15:00"),
            )
            session.add(profile)
            ratings.extend(
                NeedsRating(
                    council_id=cid, profile_id=profile.id, domain=domain, level=level, note=p.notes[domain]
                )
                for domain, level in p.levels.items()
            )
        for n in NOTES.get(c.first_name, ()):
            author = carers[n.author]
            assert author is not None, n.author
            written = _at(today, n.days_ago, "19:30")
            session.add(
                Observation(
                    council_id=cid,
                    child_id=child.id,
                    author_id=author,
                    noticed_on=today - timedelta(days=n.days_ago),
                    text=n.text,
                    submission_key=uuid.uuid4().hex,
                    seen_at=written + timedelta(hours=15) if n.seen else None,
                    created_at=written,
                )
            )
    await session.flush()  # the profiles before the ratings that point at them
    session.add_all(ratings)
