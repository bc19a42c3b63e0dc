"""Every rule about who may see or do what, in one place. Deny by default.

Two shapes of the same rules:
- query scopes (``children_scope``, ``enquiries_scope``) narrow a query to what the actor may
  see, always within the actor's council; services build every protected query from them;
- named predicates (``can_view_child``, ``can_contribute_to_review``, ...) answer one
  question about one thing.
The child scope and ``child_access`` are written separately (SQL and Python), so a test
checks that they agree for every actor and child in a mixed world
(tests/unit/security/test_policies.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from sqlalchemy import ColumnElement, and_, exists, false, or_
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from carer_portal.children.models import Child, Placement
from carer_portal.people.models import STAFF_ROLE_VALUES, Household, Role, User
from carer_portal.recruitment.enquiries.models import Enquiry
from carer_portal.recruitment.stories.models import Story
from carer_portal.security.actor import Actor

# After a child moves on, their carers can still read (not change) what they knew, for a week.
READ_ONLY_DAYS_AFTER_PLACEMENT = 7


class ChildAccess(StrEnum):
    NONE = "none"
    CARER = "carer"  # the child lives with the actor's household now
    CARER_READ_ONLY = "carer_read_only"  # the child left the actor's household in the last 7 days
    SUPERVISING = "supervising"  # the child lives with a household the actor supervises


# --- children ---------------------------------------------------------------------------


def child_access(
    actor: Actor | None,
    child: Child,
    placements: Iterable[Placement],
    households: dict[uuid.UUID, Household],
    *,
    today: date,
) -> ChildAccess:
    """How the actor relates to this child, given the child's placements and their households."""
    if actor is None or child.council_id != actor.council_id:
        return ChildAccess.NONE
    best = ChildAccess.NONE
    for placement in placements:
        if placement.child_id != child.id or placement.council_id != actor.council_id:
            continue
        if placement.started_on > today:
            continue
        current = placement.ended_on is None or placement.ended_on >= today
        recent = placement.ended_on is not None and placement.ended_on >= today - timedelta(
            days=READ_ONLY_DAYS_AFTER_PLACEMENT
        )
        if actor.role == Role.CARER and actor.household_id == placement.household_id:
            if current:
                return ChildAccess.CARER
            if recent:
                best = ChildAccess.CARER_READ_ONLY
        elif actor.role == Role.SUPERVISING_SOCIAL_WORKER and current:
            household = households.get(placement.household_id)
            if household is not None and household.supervising_social_worker_id == actor.user_id:
                return ChildAccess.SUPERVISING
    return best


def _placement_visible_to(actor: Actor, *, today: date) -> ColumnElement[bool]:
    started = col(Placement.started_on) <= today
    current = or_(col(Placement.ended_on).is_(None), col(Placement.ended_on) >= today)
    if actor.role == Role.CARER and actor.household_id is not None:
        recent = col(Placement.ended_on) >= today - timedelta(days=READ_ONLY_DAYS_AFTER_PLACEMENT)
        return and_(Placement.household_id == actor.household_id, started, or_(current, recent))
    if actor.role == Role.SUPERVISING_SOCIAL_WORKER:
        supervised = (
            select(Household.id)
            .where(
                Household.supervising_social_worker_id == actor.user_id,
                Household.council_id == actor.council_id,
            )
            .scalar_subquery()
        )
        return and_(col(Placement.household_id).in_(supervised), started, current)
    return false()


# Built once per person and day, not per request: building the statement (and SQLAlchemy's
# key for its compiled form) cost more than running it. Actors are frozen, so they are keys.
@lru_cache(maxsize=4096)
def children_scope(actor: Actor | None, *, today: date) -> SelectOfScalar[Child]:
    """The children this actor may see: a carer's own (and recent), an SSW's supervised."""
    query = select(Child)
    if actor is None:
        return query.where(false())
    visible = exists().where(
        Placement.child_id == Child.id,
        Placement.council_id == actor.council_id,
        _placement_visible_to(actor, today=today),
    )
    return query.where(Child.council_id == actor.council_id, visible)


def can_view_child(access: ChildAccess) -> bool:
    return access is not ChildAccess.NONE


def can_contribute_to_review(access: ChildAccess) -> bool:
    """Carers of a child placed now, and the supervising social worker; not after a move."""
    return access in {ChildAccess.CARER, ChildAccess.SUPERVISING}


def can_update_child_profile(access: ChildAccess) -> bool:
    """Publishing a new needs profile: the supervising social worker of the child's household."""
    return access is ChildAccess.SUPERVISING


def can_add_observation(access: ChildAccess) -> bool:
    """A "what I've noticed" note: the carers of a child living with them now (not after a move)."""
    return access is ChildAccess.CARER


def can_manage_needs_frameworks(actor: Actor | None) -> bool:
    """Loading the council's needs framework: administrators."""
    return actor is not None and actor.role is Role.ADMIN


# Importing children, placements and needs profiles from the case-management system's export.
CASE_RECORD_IMPORTERS = frozenset({Role.SUPERVISING_SOCIAL_WORKER, Role.ADMIN})


def can_import_case_records(actor: Actor | None) -> bool:
    return actor is not None and actor.role in CASE_RECORD_IMPORTERS


# --- enquiries, the service, administration -----------------------------------------------


# Recruitment officers work the council's enquiries; the service manager may read them.
ENQUIRY_READERS = frozenset({Role.RECRUITMENT_OFFICER, Role.MANAGER})


def enquiries_scope(actor: Actor | None) -> SelectOfScalar[Enquiry]:
    """The council's enquiries, one by one, for those who may read them; nobody else's."""
    query = select(Enquiry)
    if not can_view_enquiries(actor):
        return query.where(false())
    assert actor is not None
    return query.where(Enquiry.council_id == actor.council_id)


def can_view_enquiries(actor: Actor | None) -> bool:
    return actor is not None and actor.role in ENQUIRY_READERS


def can_work_on_enquiries(actor: Actor | None) -> bool:
    """Moving an enquiry on, assigning it, adding notes: recruitment officers only."""
    return actor is not None and actor.role is Role.RECRUITMENT_OFFICER


def can_view_service_overview(actor: Actor | None) -> bool:
    """Managers see aggregates: counts and trends, never a child's record."""
    return actor is not None and actor.role is Role.MANAGER


def can_view_recruitment_dashboard(actor: Actor | None) -> bool:
    """Recruitment officers and managers see the council's recruitment in aggregate."""
    return actor is not None and actor.role in {Role.RECRUITMENT_OFFICER, Role.MANAGER}


def can_read_audit_trail(actor: Actor | None) -> bool:
    return actor is not None and actor.role is Role.ADMIN


def can_change_roles(actor: Actor | None) -> bool:
    return actor is not None and actor.role is Role.ADMIN


def staff_scope(actor: Actor | None) -> SelectOfScalar[User]:
    """Staff records an admin manages: their own council's staff only."""
    query = select(User)
    if not can_change_roles(actor):
        return query.where(false())
    assert actor is not None
    return query.where(User.council_id == actor.council_id, col(User.role).in_(STAFF_ROLE_VALUES))


def can_invite(actor: Actor | None, household: Household | None) -> bool:
    """Approved carers share an invite link: a carer whose own household has been approved."""
    return (
        actor is not None
        and actor.role is Role.CARER
        and household is not None
        and household.id == actor.household_id
        and household.council_id == actor.council_id
        and household.approved_on is not None
    )


def can_edit_stories(actor: Actor | None) -> bool:
    return actor is not None and actor.role is Role.RECRUITMENT_OFFICER


def stories_scope(actor: Actor | None) -> SelectOfScalar[Story]:
    """Every story of the actor's council, drafts included, for the people who edit them."""
    query = select(Story)
    if not can_edit_stories(actor):
        return query.where(false())
    assert actor is not None
    return query.where(Story.council_id == actor.council_id)
