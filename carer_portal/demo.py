"""Demo data for Eastbrook Council, a fictional fostering service.

Everything here is invented. Dates are relative to the day the data is loaded, so the
demo always shows a recent enquiry and a placement that ended this week.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from inspect import cleandoc

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.models import Child, Placement
from carer_portal.db import utcnow
from carer_portal.people.models import Council, Household, Role, User
from carer_portal.recruitment.models import (
    Channel,
    Enquiry,
    EnquiryStage,
    EnquiryStageChange,
    InfoEvent,
    MotivationAnswer,
    MotivationAnswerValue,
    MotivationMoment,
    Story,
)

DEMO_COUNCIL_SLUG = "eastbrook"
DEMO_COUNCIL_NAME = "Eastbrook Council"
STAFF_DOMAIN = "eastbrook.example"

E = EnquiryStage


@dataclass(frozen=True)
class StaffMember:
    key: str
    first_name: str
    last_name: str
    role: Role

    @property
    def email(self) -> str:
        return f"{self.first_name}.{self.last_name}@{STAFF_DOMAIN}".lower()

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class DemoHousehold:
    key: str
    family_name: str
    area: str
    approved_days_ago: int
    ssw_key: str
    carers: tuple[tuple[str, str], ...]  # (display name, email)

    @property
    def name(self) -> str:
        return f"The {self.family_name} household"


@dataclass(frozen=True)
class DemoChild:
    first_name: str
    last_name: str
    known_as: str
    age: int
    days_since_birthday: int
    household_key: str
    placed_days_ago: int
    ended_days_ago: int | None = None


@dataclass(frozen=True)
class DemoStory:
    slug: str
    carer_name: str
    household: str
    area: str
    quote: str
    body: str
    themes: str
    published_days_ago: int | None
    household_tags: str = ""


@dataclass(frozen=True)
class DemoEnquiry:
    name: str
    email: str
    phone: str
    postcode: str
    household: str
    source: str
    motivation: str
    # Every stage the enquiry has been through, oldest first: (stage, days ago, "HH:MM").
    # The first step is when they got in touch; the last is where they are now.
    steps: tuple[tuple[EnquiryStage, int, str], ...]
    has_account: bool = False
    reasons: str = "make-a-difference"
    best_time: str = "any"
    # The carer (by email) whose invite they came through.
    referred_by: str | None = None
    # How they felt after enquiring, and after their first conversation.
    feelings: tuple[str, ...] = ()

    @property
    def stage(self) -> EnquiryStage:
        return self.steps[-1][0]


@dataclass(frozen=True)
class DemoPersona:
    email: str
    role: Role
    display_name: str
    description: str


STAFF = (
    StaffMember("priya", "Priya", "Sharma", Role.SUPERVISING_SOCIAL_WORKER),
    StaffMember("gareth", "Gareth", "Evans", Role.SUPERVISING_SOCIAL_WORKER),
    StaffMember("joanne", "Joanne", "Whitfield", Role.RECRUITMENT_OFFICER),
    StaffMember("marcus", "Marcus", "Campbell", Role.MANAGER),
    StaffMember("ewa", "Ewa", "Nowak", Role.ADMIN),
)
RECRUITMENT_OFFICER_KEY = "joanne"

HOUSEHOLDS = (
    DemoHousehold(
        "okafor",
        "Okafor",
        "Northfield",
        2950,
        "priya",
        (("Ngozi Okafor", "ngozi.okafor@example.com"), ("Daniel Okafor", "daniel.okafor@example.com")),
    ),
    DemoHousehold(
        "hughes",
        "Hughes",
        "Eastbrook town centre",
        1100,
        "gareth",
        (("Sam Hughes", "sam.hughes@example.com"),),
    ),
    DemoHousehold(
        "begum",
        "Begum",
        "Ashby Marsh",
        2200,
        "priya",
        (("Shirin Begum", "shirin.begum@example.com"), ("Rahim Begum", "rahim.begum@example.com")),
    ),
    DemoHousehold(
        "mensah-price",
        "Mensah-Price",
        "Kingsmead",
        240,
        "gareth",
        (("Kwame Mensah", "kwame.mensah@example.com"), ("Lucy Price", "lucy.price@example.com")),
    ),
)

# Surnames are invented so no demo child can be mistaken for a real one.
CHILDREN = (
    DemoChild("Callum", "Larkmoor", "", 15, 120, "okafor", 1150),
    DemoChild("Amara", "Wrenfield", "", 8, 40, "hughes", 200),
    DemoChild("Kai", "Wrenfield", "", 6, 300, "hughes", 200),
    # Ended three days ago: the Begums can still read her records for the 7-day grace period.
    DemoChild("Zofia", "Brambleton", "Zosia", 12, 75, "begum", 160, ended_days_ago=3),
    DemoChild("Reuben", "Thistlewood", "", 9, 210, "mensah-price", 200, ended_days_ago=30),
    DemoChild("Theodore", "Fennick", "Teddy", 3, 150, "mensah-price", 20),
)

# Stories never name or describe an identifiable child: they are public pages.
STORIES = (
    DemoStory(
        "ngozi-and-daniel",
        "Ngozi and Daniel",
        "Couple with two grown-up children",
        "Northfield",
        "People warned us about teenagers. Nobody told us how much we'd laugh.",
        cleandoc("""
            When our own two left for university, the house went very quiet. Daniel said it first: we
            had the room, and we still had plenty to give.

            We asked to care for teenagers because we'd just raised two. That helped, but it didn't
            prepare us for everything. A young person who has been let down by adults will test whether
            you mean it. Some weeks that means slammed doors and long silences in the car.

            What gets us through is being a team, and knowing we're not on our own. Our social worker
            always rings back, and the Northfield carers' group meets once a month for coffee and honest
            talk.

            The good days are very good. A school report that says "settled". A kitchen full of noise on
            a Friday night. Being asked, out of nowhere, what we think about college.
        """),
        "teenagers,working-carers",
        20,
        "couple,working",
    ),
    DemoStory(
        "sam",
        "Sam",
        "Single carer, works three days a week",
        "Eastbrook town centre",
        "I wondered if I'd be enough on my own. What children need most is someone who keeps turning up.",
        cleandoc("""
            I work three days a week at the library. For years I assumed fostering was for couples with
            a big house. At my first information evening I found out it isn't.

            I look after a brother and sister. Staying together matters enormously to them. Whatever
            else has changed, they still have each other.

            It isn't always easy. Two sets of homework, two sets of feelings, and one of me. Some evenings I
            sit down at nine and realise I haven't eaten. I've learned to ask for help, and the team
            found a support carer the children know and like.

            If you're single and wondering, ask. The worst that happens is a good conversation.
        """),
        "single-carers,siblings,working-carers",
        45,
        "single,working",
    ),
    DemoStory(
        "shirin-and-rahim",
        "Shirin and Rahim",
        "Couple with a teenage son",
        "Ashby Marsh",
        "Short breaks give a family a weekend to rest, and a child a weekend of fun. Everyone gains.",
        cleandoc("""
            We started with short breaks: a child stays with us one weekend a month so their family can
            rest. Rahim's sister has cerebral palsy, so disability never put us off.

            Every child is different. Before the first stay we spend time with the family and learn what
            matters: how someone likes their food, the song that helps at bedtime, the signs that they're
            getting tired.

            Our son is part of it too. He's the one the younger children ask for, and he's become
            more patient than either of us.

            Some days are hard work, and the training has been worth every hour. We always know who to
            call, even at two in the morning.
        """),
        "short-breaks,disabled-children",
        80,
        "couple,with-children",
    ),
    DemoStory(
        "kwame-and-lucy",
        "Kwame and Lucy",
        "Couple, fostering for the first time",
        "Kingsmead",
        "We were nervous about the assessment. It felt less like an exam and more like someone "
        "getting to know us.",
        cleandoc("""
            We talked about fostering for years but never picked up the phone. A friend who fosters
            finally said: "Just ask them. They don't bite."

            The assessment takes months, and it's personal. We talked about our own childhoods, our
            relationship, how we handle stress. It was more useful than we expected.

            Our first placement lasted a few months, and then he went home to family. Saying goodbye was
            hard. We cried in the car. But we'd helped him get ready for that move, and that's the
            point.

            Kwame teaches and Lucy works from home, and we make it work. We're in the first-year
            carers' group now. Nobody expects you to know everything on day one.
        """),
        "first-time-carers,working-carers",
        14,
        "couple,working",
    ),
    DemoStory(
        "janet",
        "Janet",
        "Grandmother, fostering for twelve years",
        "Little Haddon",
        "I'm not there to judge a young mum. I'm there to show her she can do this.",
        cleandoc("""
            For the last five years I've done parent-and-child fostering. A young mum and her baby
            live with me, usually for a few months, while she shows she can care for her baby safely.

            You're caring for two people, and one of them is an adult who may not trust anyone from
            "the council". I make a lot of tea. I listen more than I talk.

            I keep records, and I'm honest in them: the good and the hard. The mums read what I write.
            I'd rather they hear it from me first.

            Not every placement ends with mum and baby going home together. When it does, there is
            nothing like it. I still get photos at Christmas.
        """),
        "parent-and-child",
        200,
        "single,retired",
    ),
    DemoStory(
        "dev-and-mark",
        "Dev and Mark",
        "Couple, fostering brothers and sisters",
        "Northfield",
        "Three children arrived with one bag between them. Now there are football boots everywhere.",
        cleandoc("""
            We said yes to three siblings on a Tuesday night. By Friday we had bunk beds.

            Draft: Dev is adding a paragraph about the first school parents' evening.
        """),
        "siblings",
        None,
        "couple",
    ),
)

ENQUIRIES = (
    DemoEnquiry(
        "Chloe Bennett",
        "chloe.bennett@example.com",
        "07700 900142",
        "EB4 7QT",
        "single",
        "web",
        "I'm a teaching assistant and every week I see children who just need someone steady. "
        "I've got a spare room and I keep coming back to the idea. I'm single and I rent. "
        "Does that rule me out?",
        ((E.ENQUIRY, 1, "21:14"),),
        has_account=True,
        reasons="make-a-difference,experience",
        best_time="evening",
        feelings=("more",),
    ),
    DemoEnquiry(
        "Tomasz Zieliński",
        "tomasz.zielinski@example.com",
        "07700 900388",
        "EB12 6DL",
        "couple-with-children",
        "event",
        "We chatted to your team at the Kingsmead summer fair. Our two are both at school now "
        "and we feel we have more to give. We'd like to hear about short breaks to start with.",
        ((E.ENQUIRY, 4, "13:05"),),
        reasons="room-and-time,local-children",
        best_time="afternoon",
        feelings=("same",),
    ),
    DemoEnquiry(
        "Aaliyah Reid",
        "aaliyah.reid@example.com",
        "07700 900517",
        "EB3 9HN",
        "couple",
        "peer-referral",
        "Ngozi from our church has fostered for years and she said we should get in touch. "
        "Jordan and I have talked about it for a long time. We'd love to know more about "
        "looking after teenagers.",
        ((E.ENQUIRY, 9, "20:30"),),
        reasons="know-a-carer,make-a-difference",
        best_time="evening",
        referred_by="ngozi.okafor@example.com",
        feelings=("more",),
    ),
    DemoEnquiry(
        "Helen Chen",
        "helen.chen@example.com",
        "07700 900263",
        "EB7 2WS",
        "couple",
        "web",
        "I grew up with foster brothers and sisters and I saw what my mum gave them. Now our "
        "daughter has left home, my partner and I would like to do the same.",
        ((E.ENQUIRY, 17, "07:50"), (E.FIRST_CONVERSATION, 16, "11:00")),
        reasons="room-and-time",
        best_time="morning",
        feelings=("more", "more"),
    ),
    DemoEnquiry(
        "Imran Hussain",
        "imran.hussain@example.com",
        "07700 900731",
        "EB2 5FJ",
        "couple-with-children",
        "peer-referral",
        "My brother-in-law fosters with Eastbrook. He's never said it's easy, but he says it's "
        "the best thing he's done. We've talked it through with our son and he's keen. We'd like "
        "to give something back to the town we grew up in.",
        ((E.ENQUIRY, 33, "22:10"), (E.FIRST_CONVERSATION, 31, "10:15"), (E.HOME_VISIT, 19, "14:00")),
        has_account=True,
        reasons="know-a-carer,local-children",
        referred_by="kwame.mensah@example.com",
        feelings=("same", "more"),
    ),
    DemoEnquiry(
        "Rachel Pritchard",
        "rachel.pritchard@example.com",
        "07700 900904",
        "EB15 8PX",
        "couple",
        "event",
        "We came to the information evening at Eastbrook library. Our three have all left home and "
        "we miss the noise. Owen coaches youth football and I've worked in schools for 20 years.",
        (
            (E.ENQUIRY, 64, "19:45"),
            (E.FIRST_CONVERSATION, 63, "09:30"),
            (E.HOME_VISIT, 55, "15:00"),
            (E.APPLICATION, 41, "10:00"),
            (E.ASSESSMENT, 34, "11:30"),
        ),
        reasons="room-and-time,experience",
        best_time="evening",
        feelings=("more", "more"),
    ),
    DemoEnquiry(
        # Compressed into 90 days for the demo; a real assessment usually takes four to six months.
        "Gloria Adeyemi",
        "gloria.adeyemi@example.com",
        "07700 900625",
        "EB9 3LU",
        "single",
        "web",
        "I retired from nursing last year and I'm not ready to stop caring for people. I brought "
        "up my son on my own, and I know how much one steady adult can matter to a child.",
        (
            (E.ENQUIRY, 89, "12:20"),
            (E.FIRST_CONVERSATION, 88, "10:00"),
            (E.HOME_VISIT, 81, "14:30"),
            (E.APPLICATION, 74, "09:45"),
            (E.ASSESSMENT, 68, "10:00"),
            (E.PANEL, 12, "10:00"),
            (E.APPROVED, 5, "15:00"),
        ),
        reasons="experience,make-a-difference",
        best_time="morning",
        feelings=("more", "more"),
    ),
    DemoEnquiry(
        "Liam O'Connor",
        "liam.oconnor@example.com",
        "07700 900859",
        "EB1 4RT",
        "single",
        "web",
        "I was in care for a while when I was young, and I had one foster carer who changed "
        "everything for me. I'd like to be that person for someone else one day.",
        ((E.ENQUIRY, 47, "18:00"), (E.FIRST_CONVERSATION, 45, "16:00"), (E.WITHDRAWN, 38, "12:00")),
        reasons="make-a-difference",
        feelings=("more", "less"),
    ),
)

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six")
_JOURNEY = {
    E.ENQUIRY: "who has just got in touch about fostering",
    E.FIRST_CONVERSATION: "thinking about fostering, after a first conversation",
    E.HOME_VISIT: "thinking about fostering, with a home visit done",
    E.APPLICATION: "who has applied to foster",
    E.ASSESSMENT: "being assessed to foster",
    E.PANEL: "waiting for the fostering panel",
    E.APPROVED: "newly approved to foster",
    E.WITHDRAWN: "who decided not to go ahead for now",
}


def _first_name(display_name: str) -> str:
    return display_name.split()[0]


def _count(n: int) -> str:
    return _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)


def _carer_description(household: DemoHousehold) -> str:
    placed = [c for c in CHILDREN if c.household_key == household.key]
    current = sum(1 for c in placed if c.ended_days_ago is None)
    first = _first_name(household.carers[0][0])
    if current:
        children = "child" if current == 1 else "children"
        return f"{first}, a foster carer in {household.area} with {_count(current)} {children} placed"
    recent = min((c.ended_days_ago for c in placed if c.ended_days_ago is not None), default=None)
    if recent is not None:
        return f"{first}, a foster carer in {household.area} whose placement ended {recent} days ago"
    return f"{first}, a foster carer in {household.area}, between placements"


def _staff_description(member: StaffMember) -> str:
    if member.role is Role.SUPERVISING_SOCIAL_WORKER:
        names = [h.family_name for h in HOUSEHOLDS if h.ssw_key == member.key]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"{member.first_name}, a supervising social worker for the {listed} households"
    if member.role is Role.RECRUITMENT_OFFICER:
        open_count = sum(1 for e in ENQUIRIES if e.stage not in {E.APPROVED, E.WITHDRAWN})
        return f"{member.first_name}, a recruitment officer with {_count(open_count)} open enquiries"
    if member.role is Role.MANAGER:
        return f"{member.first_name}, the fostering service manager"
    return f"{member.first_name}, who looks after the portal for the fostering team"


def _build_personas() -> list[DemoPersona]:
    # One carer per household: partners see exactly the same things, so a second adds nothing.
    return [
        *(DemoPersona(h.carers[0][1], Role.CARER, h.carers[0][0], _carer_description(h)) for h in HOUSEHOLDS),
        *(
            DemoPersona(e.email, Role.ENQUIRER, e.name, f"{_first_name(e.name)}, {_JOURNEY[e.stage]}")
            for e in ENQUIRIES
            if e.has_account
        ),
        *(DemoPersona(m.email, m.role, m.display_name, _staff_description(m)) for m in STAFF),
    ]


DEMO_PERSONAS: list[DemoPersona] = _build_personas()


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
    from carer_portal.recruitment.service import first_response_due

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


# Information evenings coming up: (days from today, title, place, what happens).
INFO_EVENTS = (
    (
        6,
        "Fostering information evening",
        "Eastbrook Library, Market Street",
        "Meet carers and our team, ask anything, no commitment. Tea and biscuits.",
    ),
    (
        13,
        "Online information session",
        "Online (we email you the link)",
        "An hour on your phone or computer, with time for questions. Cameras optional.",
    ),
    (
        27,
        "Coffee morning with foster carers",
        "Kingsmead Community Centre",
        "An informal chat with carers who foster with Eastbrook about what it is really like.",
    ),
)
