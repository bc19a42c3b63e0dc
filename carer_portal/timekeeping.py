"""UK time: stored in UTC, shown and reasoned about in Europe/London."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from carer_portal.db import utcnow

UK = ZoneInfo("Europe/London")


def uk_now() -> datetime:
    return utcnow().astimezone(UK)


def uk_today() -> date:
    return uk_now().date()


def uk_week_starting(value: datetime) -> date:
    """The Monday, in the UK, of the week an instant falls in (weeks run Monday to Sunday)."""
    day = value.astimezone(UK).date()
    return day - timedelta(days=day.weekday())


def uk_datetime(value: datetime) -> str:
    return value.astimezone(UK).strftime("%-d %B %Y at %-I:%M%p").replace("AM", "am").replace("PM", "pm")


def uk_date(value: date) -> str:
    return value.strftime("%-d %B %Y")


def describe_duration(value: timedelta) -> str:
    """ "3 hours", "1 day 2 hours", "40 minutes": how long, in words, ignoring the sign."""
    seconds = abs(int(value.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if not days and (minutes or not hours):
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)
