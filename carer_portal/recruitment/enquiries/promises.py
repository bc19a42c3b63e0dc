"""Promises in working days: "we will call you by 4pm on Wednesday".

Working days skip weekends and bank holidays in England, from the maintained ``holidays``
package (offline: its data ships with it).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache

import holidays

from carer_portal.timekeeping import UK

CALL_BY = time(16, 0)
# If they asked for a time of day, we promise the end of that window rather than 4pm.
CALL_BY_FOR_BEST_TIME = {"morning": time(12, 0), "afternoon": time(17, 0), "evening": time(19, 0)}


@cache
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=[year - 1, year, year + 1])


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_after(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself never counts)."""
    current = day
    remaining = max(count, 1)
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def call_by(received: datetime, *, working_days: int = 1, best_time: str = "") -> datetime:
    """When we promise to have called: 4pm UK time (or the end of the time of day they chose),
    ``working_days`` working days after it arrived."""
    local_day = received.astimezone(UK).date()
    at = CALL_BY_FOR_BEST_TIME.get(best_time, CALL_BY)
    return datetime.combine(working_days_after(local_day, working_days), at, tzinfo=UK)


def describe_call_by(when: datetime, *, now: datetime, dated: bool = False) -> str:
    """ "by 4pm tomorrow", "by 4pm on Wednesday", or "by 4pm on Tuesday 29 December" (always
    that, ``dated``, for words read later, as in an email)."""
    local = when.astimezone(UK)
    today = now.astimezone(UK).date()
    hour = local.strftime("%-I%p").lower() if local.minute == 0 else local.strftime("%-I:%M%p").lower()
    if dated:
        return f"by {hour} on {local.strftime('%A %-d %B')}"
    if local.date() == today:
        return f"by {hour} today"
    if local.date() == today + timedelta(days=1):
        return f"by {hour} tomorrow"
    if local.date() < today + timedelta(days=7):
        return f"by {hour} on {local.strftime('%A')}"
    return f"by {hour} on {local.strftime('%A %-d %B')}"


def first_contact_promise(*, phone: str, call_by: datetime | None, now: datetime, dated: bool = False) -> str:
    """The one promise of our first contact, worded for how we can reach them: a call if they
    gave a phone number, otherwise an email to arrange one. The thank-you page, their own page
    and the confirmation email all say this."""
    when = describe_call_by(call_by, now=now, dated=dated) if call_by else "very soon"
    if phone:
        return f"We will call you {when}"
    return f"We will email you {when} to arrange a time to talk"
