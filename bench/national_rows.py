"""The rows of bench/generate_national.py: councils of lognormal sizes, their staff, carers,
invites, stories and events, and each enquiry's journey through the stages, drawn from a
``random.Random`` per council so that the same arguments always give the same rows."""

from __future__ import annotations

import hashlib
import math
import random
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

SOURCES = (("web", 0.55), ("campaign", 0.15), ("event", 0.15), ("peer-referral", 0.15))
REASONS = ("make-a-difference", "local-children", "know-a-carer", "room-and-time", "experience")
HOUSEHOLDS = ("single", "couple", "couple-with-children", "single-with-children", "other")
BEST_TIMES = ("morning", "afternoon", "evening", "any")
ANSWERS = (("more", 0.55), ("same", 0.35), ("less", 0.10))
# (stage, chance of reaching it from the stage before, days it takes: low, high)
JOURNEY = (
    ("first_conversation", 0.68, 0.1, 4.0),
    ("home_visit", 0.45, 5, 25),
    ("application", 0.45, 7, 40),
    ("assessment", 0.85, 10, 45),
    ("panel", 0.75, 100, 200),
    ("approved", 0.90, 3, 30),
)
WITHDRAW_IF_STOPPED = 0.6  # people who go no further mostly tell us; the rest go quiet
RETENTION = timedelta(days=round(12 * 30.44))

STORY_THEMES = (
    "teenagers",
    "siblings",
    "short-breaks",
    "parent-and-child",
    "single-carers",
    "working-carers",
)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    roll, total = rng.random(), 0.0
    for value, weight in weighted:
        total += weight
        if roll < total:
            return value
    return weighted[-1][0]


def council_sizes(total: int, councils: int, seed: int) -> list[int]:
    """Enquiries per council: lognormal shares (a few big counties, many small boroughs)."""
    rng = random.Random(f"{seed}:sizes")  # noqa: S311 - reproducible data, not secrets
    weights = [rng.lognormvariate(0, 0.6) for _ in range(councils)]
    scale = total / sum(weights)
    sizes = [math.floor(w * scale) for w in weights]
    for index in range(total - sum(sizes)):  # hand out what rounding left over
        sizes[index % councils] += 1
    return sorted(sizes, reverse=True)


def _due(created: datetime) -> datetime:
    """Roughly the portal's promise: 4pm on the next working day."""
    due = (created + timedelta(days=1)).replace(hour=16, minute=0, second=0, microsecond=0)
    while due.weekday() >= 5:
        due += timedelta(days=1)
    return due


class Council:
    """One council's people and enquiries, generated from its own seeded random stream."""

    def __init__(self, number: int, enquiries: int, *, seed: int, years: int, end: datetime) -> None:
        self.rng = random.Random(f"{seed}:{number}:{end.date().isoformat()}")  # noqa: S311
        self.number, self.enquiries, self.years, self.end = number, enquiries, years, end
        self.id = _uuid(self.rng)
        self.slug = f"council-{number:03d}"
        self.officer_id = _uuid(self.rng)
        self.manager_id = _uuid(self.rng)
        self.carer_ids: list[uuid.UUID] = []

    def people(self) -> dict[str, list[dict]]:
        rng, cid, start = self.rng, self.id, self.end - timedelta(days=365 * self.years)
        staff = [
            {
                "id": self.officer_id,
                "email": f"officer@{self.slug}.example",
                "display_name": "Recruitment Officer",
                "role": "recruitment_officer",
            },
            {
                "id": self.manager_id,
                "email": f"manager@{self.slug}.example",
                "display_name": "Service Manager",
                "role": "manager",
            },
        ]
        households, carers, invites = [], [], []
        for n in range(max(4, self.enquiries // (40 * self.years))):
            household = {
                "id": _uuid(rng),
                "council_id": cid,
                "name": f"Household {n}",
                "area": f"Area {n % 12}",
                "supervising_social_worker_id": self.manager_id,
                "created_at": start,
                "approved_on": (self.end - timedelta(days=rng.randint(30, 3000))).date(),
            }
            households.append(household)
            for partner in range(rng.choice((1, 2))):
                carer = {
                    "id": _uuid(rng),
                    "email": f"carer{n}-{partner}@{self.slug}.example",
                    "display_name": f"Carer {n}-{partner}",
                    "role": "carer",
                    "household_id": household["id"],
                }
                carers.append(carer)
                if partner == 0 and rng.random() < 0.6:
                    invites.append(
                        {
                            "id": _uuid(rng),
                            "council_id": cid,
                            "carer_id": carer["id"],
                            "code": f"{rng.getrandbits(64):016x}",
                            "show_first_name": rng.random() < 0.5,
                            "created_at": start,
                        }
                    )
        self.carer_ids = [invite["carer_id"] for invite in invites] or [carers[0]["id"]]
        users = [
            {"council_id": cid, "session_generation": 0, "is_active": True, "created_at": start, **user}
            for user in staff + carers
        ]
        stories = [
            {
                "id": _uuid(rng),
                "council_id": cid,
                "slug": f"story-{n}",
                "carer_name": f"Carer {n}",
                "household": "Couple",
                "area": f"Area {n}",
                "quote": "It changed our lives.",
                "body": "Our story, in our words.\n\n" * 6,
                "themes": ",".join(rng.sample(STORY_THEMES, 2)),
                "household_tags": "couple,working",
                "consent_recorded_at": start,
                "consent_recorded_by_id": self.officer_id,
                "consent_note": "Signed consent form",
                "published_at": None if n == 5 else self.end - timedelta(days=20 * n + 1),
                "created_at": start,
                "updated_at": start,
            }
            for n in range(6)
        ]
        events = [
            {
                "id": _uuid(rng),
                "council_id": cid,
                "title": "Fostering information evening",
                "starts_at": self.end + timedelta(days=7 * n + 3),
                "place": "The library",
                "summary": "Come and ask.",
            }
            for n in range(3)
        ]
        return {
            "council": [
                {"id": cid, "slug": self.slug, "name": f"Council {self.number}", "created_at": start}
            ],
            "staff": users[:2],
            "household": households,
            "carers": users[2:],
            "carer_invite": invites,
            "story": stories,
            "info_event": events,
        }

    def enquiry_rows(self) -> Iterator[tuple[dict, list[dict], list[dict]]]:
        """Each enquiry with its stage changes and motivation answers, oldest first."""
        rng, cid, end = self.rng, self.id, self.end
        span = 365 * self.years * 86400
        offsets = sorted(rng.random() * span for _ in range(self.enquiries))
        start = end - timedelta(seconds=span)
        for number, offset in enumerate(offsets):
            created = start + timedelta(seconds=offset)
            created = created.replace(
                hour=rng.choice((8, 10, 12, 13, 19, 20, 21, 22)), minute=rng.randrange(60)
            )
            if created > end:
                created = end - timedelta(minutes=rng.randrange(1, 600))
            eid = _uuid(rng)
            source = _pick(rng, SOURCES)
            steps = [("enquiry", created)]
            when, withdrawn = created, None
            for stage, chance, low, high in JOURNEY:
                if rng.random() >= chance:
                    if rng.random() < WITHDRAW_IF_STOPPED:
                        withdrawn = when + timedelta(days=rng.uniform(1, 30))
                    break
                when = when + timedelta(
                    days=rng.uniform(low, high) if low >= 1 else rng.lognormvariate(-0.5, 0.9)
                )
                if when > end:
                    break
                steps.append((stage, when))
            if withdrawn is not None and withdrawn <= end:
                steps.append(("withdrawn", withdrawn))
            else:
                withdrawn = None
            last = steps[-1][1]
            responded = next((at for stage, at in steps if stage == "first_conversation"), None)
            anonymised = last + RETENTION + timedelta(hours=1) if last + RETENTION < end else None
            due = _due(created)
            enquiry = {
                "id": eid,
                "council_id": cid,
                "stage": steps[-1][0],
                "source": source,
                "created_at": created,
                "name": "Anonymised" if anonymised else f"Person {self.number}-{number}",
                "email": "" if anonymised else f"person{self.number}-{number}@example.com",
                "phone": "" if anonymised else f"07700{rng.randrange(900000, 999999)}",
                "postcode": "" if anonymised else f"EB{rng.randrange(1, 20)} {rng.randrange(1, 9)}QT",
                "motivation": "" if anonymised else "We have a spare room and time to give.",
                "motivation_reasons": ",".join(rng.sample(REASONS, rng.randint(1, 2))),
                "household": rng.choice(HOUSEHOLDS),
                "best_time": rng.choice(BEST_TIMES),
                "campaign_code": f"campaign-{created.year}-{rng.randrange(3)}"
                if source == "campaign"
                else "",
                "referrer_id": rng.choice(self.carer_ids) if source == "peer-referral" else None,
                "idempotency_key": None if anonymised else f"{rng.getrandbits(128):032x}",
                "access_token_hash": None if anonymised else hashlib.sha256(eid.bytes).hexdigest(),
                "access_link_generation": 0,
                "new_link_sent_at": None,
                "assigned_officer_id": self.officer_id if responded or rng.random() < 0.3 else None,
                "first_response_due_at": due,
                "promised_call_by": due,
                "first_responded_at": responded,
                "privacy_accepted_at": created,
                "last_progress_at": last,
                "withdrawn_at": withdrawn,
                "anonymised_at": anonymised,
            }
            changes = [
                {
                    "id": _uuid(rng),
                    "council_id": cid,
                    "enquiry_id": eid,
                    "to_stage": stage,
                    "changed_at": at,
                    "from_stage": steps[index - 1][0] if index else None,
                    "changed_by_id": self.officer_id if index and stage != "withdrawn" else None,
                }
                for index, (stage, at) in enumerate(steps)
            ]
            answers = []
            if rng.random() < 0.5:
                answers.append(("after_enquiry", created + timedelta(minutes=3)))
            if responded and rng.random() < 0.4:
                answers.append(("after_first_conversation", responded + timedelta(hours=rng.uniform(2, 48))))
            answer_rows = [
                {
                    "id": _uuid(rng),
                    "council_id": cid,
                    "enquiry_id": eid,
                    "moment": moment,
                    "answer": _pick(rng, ANSWERS),
                    "answered_at": at,
                }
                for moment, at in answers
                if at <= end
            ]
            yield enquiry, changes, answer_rows
