"""Delivery rules the worker follows: when a row may go (quiet hours), how a failure is retried,
and how long and how urgently a push service should keep trying.

The worker (notifications/worker.py) is the loop: it claims a batch, sends it and records what
happened. What it decides about each row is said here, once, and tested without a worker.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from carer_portal.notifications.models import NotificationKind, NotificationPreferences
from carer_portal.people.models import Role
from carer_portal.timekeeping import UK

# Retries: 30s, 1m, 2m, 4m ... capped at 6h, with jitter so a recovering service is not stampeded.
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=6)
MAX_ATTEMPTS = 10
# After this many failed push attempts, the person gets the email instead.
MAX_PUSH_ATTEMPTS = 4

# How long a push service should keep trying to reach an offline device (seconds).
PUSH_TTL = {
    NotificationKind.ACCOUNT: 60 * 60,
    NotificationKind.MESSAGES: 24 * 60 * 60,
    NotificationKind.REVIEWS: 3 * 24 * 60 * 60,
    NotificationKind.PROMPTS: 2 * 24 * 60 * 60,
}
PUSH_URGENCY = {
    NotificationKind.ACCOUNT: "normal",
    NotificationKind.MESSAGES: "normal",
    NotificationKind.REVIEWS: "normal",
    NotificationKind.PROMPTS: "low",
}

# Quiet hours hold back what can wait for carers and enquirers; staff are told when a row is due.
# Derived from Role.is_staff, so who counts as staff is said in one place.
QUIET_HOURS_ROLES = {role for role in Role if not role.is_staff}


def quiet_until(preferences: NotificationPreferences, now: datetime) -> datetime | None:
    """If ``now`` is in the person's quiet hours (UK time), when they end; otherwise None."""
    if not preferences.quiet_hours or preferences.quiet_from == preferences.quiet_until:
        return None
    local = now.astimezone(UK)
    start, end = preferences.quiet_from, preferences.quiet_until
    clock = local.time()
    overnight = start > end
    inside = (clock >= start or clock < end) if overnight else (start <= clock < end)
    if not inside:
        return None
    end_day = local.date() + timedelta(days=1) if overnight and clock >= start else local.date()
    return datetime.combine(end_day, end, tzinfo=UK).astimezone(now.tzinfo)


def held_until(
    preferences: NotificationPreferences, role: Role | str, *, urgent: bool, now: datetime
) -> datetime | None:
    """When a row that is due ``now`` may go instead, if the person's quiet hours hold it back.
    Urgent rows are never held, and only the roles in QUIET_HOURS_ROLES have quiet hours."""
    if urgent or Role(role) not in QUIET_HOURS_ROLES:
        return None
    return quiet_until(preferences, now)


def push_urgency(kind: NotificationKind, *, urgent: bool) -> str:
    """How urgently the push service should wake the device: an urgent row at once, whatever its kind."""
    return "high" if urgent else PUSH_URGENCY[kind]


def retry_delay(attempts: int, *, retry_after: timedelta | None = None) -> timedelta:
    """Exponential back-off after ``attempts`` failures, never sooner than the server asked."""
    backoff = min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)
    backoff = backoff * random.uniform(0.9, 1.1)  # noqa: S311 - jitter, not security
    return max(backoff, retry_after) if retry_after else backoff


def parse_retry_after(value: str | None, *, now: datetime) -> timedelta | None:
    """Retry-After is either seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when - now, timedelta(0))
