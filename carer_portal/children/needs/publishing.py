"""Writing needs: a social worker publishes a child's new profile, an administrator loads a framework.

Nothing is ever updated: a profile is published once, as a new dated version with one rating per
domain, and a framework file loaded again is a new version. Who may do either is the policy's
question (security/policies.py), asked here.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from sqlalchemy import bindparam, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.needs.forms import NeedsProfileForm
from carer_portal.children.needs.framework import (
    Framework,
    as_definition,
    default_framework,
    from_definition,
    parse,
    read_text,
)
from carer_portal.children.needs.models import NeedsFramework, NeedsProfile, NeedsRating
from carer_portal.children.needs.service import framework_for_new_profiles, framework_in_use
from carer_portal.children.service import ChildView
from carer_portal.people.models import User
from carer_portal.security.actor import Actor
from carer_portal.security.audit import AuditAction, record
from carer_portal.security.policies import can_manage_needs_frameworks, can_update_child_profile


class FrameworkChanged(Exception):
    """The framework new profiles use changed between the form being shown and sent: the form
    rated domains (or scales) that are no longer the ones to rate."""


@dataclass(frozen=True)
class Published:
    profile: NeedsProfile
    created: bool  # False: this form was sent before, and this is the profile it published


def stored_submission_key(key: str, *, actor: Actor, child_id: uuid.UUID) -> str:
    """The form's one-off key as it is stored: bound to the person and the child, so the same
    key sent by anyone else, or for another child, is never taken for this profile."""
    return hashlib.sha256(f"{key}:{actor.user_id}:{child_id}".encode()).hexdigest()[:32]


_BY_SUBMISSION_KEY = select(NeedsProfile).where(
    NeedsProfile.council_id == bindparam("council_id"),
    NeedsProfile.submission_key == bindparam("key"),
    NeedsProfile.child_id == bindparam("child_id"),
)


async def _published_before(
    session: AsyncSession, *, council_id: uuid.UUID, child_id: uuid.UUID, key: str
) -> NeedsProfile | None:
    params = {"council_id": council_id, "key": key, "child_id": child_id}
    return (await session.exec(_BY_SUBMISSION_KEY, params=params)).first()  # type: ignore[call-overload]


async def publish_profile(
    session: AsyncSession, *, view: ChildView, actor: Actor, form: NeedsProfileForm, submission_key: str
) -> Published | None:
    """Publish the child's new needs profile, rated against the framework new profiles use: the
    profile and one rating per domain, in one transaction. None if this person may not (only the
    supervising social worker of the child's household may). The same form sent again publishes
    nothing more and answers with the profile it published the first time."""
    child = view.child
    if not can_update_child_profile(view.access) or child.council_id != actor.council_id:
        return None
    key = stored_submission_key(submission_key, actor=actor, child_id=child.id)
    before = await _published_before(session, council_id=child.council_id, child_id=child.id, key=key)
    if before is not None:
        return Published(before, created=False)
    framework = await framework_for_new_profiles(session, child.council_id)
    if (framework.key, framework.version) != (form.framework_key, form.framework_version) or from_definition(
        framework.definition
    ) != form.framework:
        await session.rollback()
        raise FrameworkChanged()
    profile = NeedsProfile(
        council_id=child.council_id,
        child_id=child.id,
        framework_id=framework.id,
        assessed_on=form.assessed_on,
        written_by_id=actor.user_id,
        submission_key=key,
        **form.answers(),
    )
    notes = form.notes()
    try:
        session.add(profile)
        await session.flush()
        session.add_all(
            NeedsRating(
                council_id=profile.council_id,
                profile_id=profile.id,
                domain=domain,
                level=level,
                note=notes[domain],
            )
            for domain, level in form.levels().items()
        )
        await record(
            session,
            council_id=child.council_id,
            actor_id=actor.user_id,
            action=AuditAction.PUBLISH_NEEDS_PROFILE,
            subject_type="child",
            subject_id=child.id,
        )
        await session.commit()
    except IntegrityError:
        # Sent twice at the same moment, from two connections: the first one's profile stands.
        await session.rollback()
        before = await _published_before(session, council_id=child.council_id, child_id=child.id, key=key)
        if before is None:
            raise
        return Published(before, created=False)
    return Published(profile, created=True)


async def load_framework(
    session: AsyncSession, actor: Actor, text: str, filename: str
) -> NeedsFramework | None:
    """Store a framework file as the next version of its key in the actor's council (the default
    framework counts as version 1 of its key), for new profiles from now on. None if this person
    may not (administrators only); a file that cannot be used raises FrameworkFileError listing
    every problem in it, and nothing is written."""
    if not can_manage_needs_frameworks(actor):
        return None
    framework = parse(read_text(text, filename=filename))
    latest = (
        select(func.max(NeedsFramework.version))
        .where(NeedsFramework.council_id == actor.council_id, NeedsFramework.key == framework.key)
        .scalar_subquery()
    )
    # The default framework is version 1 of its key whether or not a profile has stored it yet:
    # a council's own file under that key is at least version 2.
    floor = 1 if framework.key == default_framework().key else 0
    for _ in range(3):  # two administrators loading the same key at once: the next number for each
        version = (await session.exec(select(func.coalesce(latest, floor) + 1))).one()
        row = NeedsFramework(
            council_id=actor.council_id,
            key=framework.key,
            version=version,
            name=framework.name,
            definition=as_definition(framework),
            loaded_by_id=actor.user_id,
        )
        session.add(row)
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()
            continue
        return row
    raise RuntimeError("could not number the framework's version")


@dataclass(frozen=True)
class LoadedVersion:
    framework: NeedsFramework
    loaded_by: str  # "" for the default framework, stored when the first profile was published


async def frameworks_loaded(session: AsyncSession, actor: Actor) -> list[LoadedVersion]:
    """Every framework version stored in the actor's council, newest first: administrators only."""
    if not can_manage_needs_frameworks(actor):
        return []
    rows = await session.exec(
        select(NeedsFramework, User.display_name)
        .outerjoin(User, col(User.id) == col(NeedsFramework.loaded_by_id))
        .where(NeedsFramework.council_id == actor.council_id)
        .order_by(col(NeedsFramework.created_at).desc(), col(NeedsFramework.version).desc())
    )
    return [LoadedVersion(framework, name or "") for framework, name in rows.all()]


@dataclass(frozen=True)
class FrameworkPage:
    """The administrator's page: the framework new profiles use, and every version stored."""

    current: NeedsFramework
    framework: Framework
    versions: list[LoadedVersion]

    @property
    def default_not_stored(self) -> bool:
        """No framework stored yet: new profiles use the default, stored with the first of them."""
        return not self.versions


async def framework_page(session: AsyncSession, actor: Actor) -> FrameworkPage | None:
    if not can_manage_needs_frameworks(actor):
        return None
    current = await framework_in_use(session, actor.council_id)
    versions = await frameworks_loaded(session, actor)
    return FrameworkPage(current, from_definition(current.definition), versions)
