"""Needs profiles and carers' notes for tests: written straight into the test database."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, time

from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.models import Child, Observation
from carer_portal.children.needs.framework import default_framework
from carer_portal.children.needs.models import NeedsProfile, NeedsRating
from carer_portal.children.needs.service import framework_for_new_profiles
from carer_portal.people.models import User

# The default framework's areas, in its order (carer_portal/children/needs/default_framework.yaml).
DOMAINS = tuple(domain.key for domain in default_framework().domains)
# A word no test data otherwise uses: notes that carry it can be looked for, and the leak
# scan (tests/support/leaks.py) fails if it ever reaches an outbox row, an email or a log.
PRIVATE_NOTE_WORD = "Quillithorn"


async def add_profile(
    session: AsyncSession,
    child: Child,
    *,
    assessed_on: date,
    levels: Mapping[str, int] | tuple[int, ...],
    written_by: User | None = None,
    **text: str,
) -> NeedsProfile:
    """A profile on the council's framework for new profiles, with one rating per level given."""
    framework = await framework_for_new_profiles(session, child.council_id)
    profile = NeedsProfile(
        council_id=child.council_id,
        child_id=child.id,
        framework_id=framework.id,
        assessed_on=assessed_on,
        written_by_id=written_by.id if written_by else None,
        created_at=datetime.combine(assessed_on, time(12), tzinfo=UTC),
        **text,
    )
    session.add(profile)
    await session.flush()
    by_domain = dict(zip(DOMAINS, levels, strict=False)) if isinstance(levels, tuple) else dict(levels)
    session.add_all(
        NeedsRating(
            council_id=child.council_id,
            profile_id=profile.id,
            domain=domain,
            level=level,
            note=f"About {domain} at {assessed_on}",
        )
        for domain, level in by_domain.items()
    )
    await session.commit()
    return profile


async def add_note(
    session: AsyncSession,
    child: Child,
    author: User,
    *,
    noticed_on: date,
    text: str = f"{PRIVATE_NOTE_WORD} noticed",
    seen: bool = False,
) -> Observation:
    note = Observation(
        council_id=child.council_id,
        child_id=child.id,
        author_id=author.id,
        noticed_on=noticed_on,
        text=text,
        submission_key=uuid.uuid4().hex,
        seen_at=datetime.now(UTC) if seen else None,
    )
    session.add(note)
    await session.commit()
    return note
