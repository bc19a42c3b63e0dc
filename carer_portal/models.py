"""Every table model, imported in one place so the metadata (and Alembic) sees them all."""

from carer_portal.children.models import Child, Observation, Placement
from carer_portal.children.needs.models import NeedsFramework, NeedsProfile, NeedsRating
from carer_portal.notifications.models import NotificationPreferences, Outbox, PushSubscription
from carer_portal.people.models import Council, Household, Role, User
from carer_portal.recruitment.enquiries.models import (
    Enquiry,
    EnquiryNote,
    EnquiryStage,
    EnquiryStageChange,
    EnquiryStageRollup,
    InfoEvent,
    MotivationAnswer,
)
from carer_portal.recruitment.referrals.models import CarerInvite
from carer_portal.recruitment.stories.models import Story
from carer_portal.security.models import AuditEvent, SignInAttempt, SignInToken

__all__ = [
    "AuditEvent",
    "CarerInvite",
    "Child",
    "Council",
    "Enquiry",
    "EnquiryNote",
    "EnquiryStage",
    "EnquiryStageChange",
    "EnquiryStageRollup",
    "Household",
    "InfoEvent",
    "MotivationAnswer",
    "NeedsFramework",
    "NeedsProfile",
    "NeedsRating",
    "NotificationPreferences",
    "Observation",
    "Outbox",
    "Placement",
    "PushSubscription",
    "Role",
    "SignInAttempt",
    "SignInToken",
    "Story",
    "User",
]
