"""UK time: stored in UTC, shown and reasoned about in Europe/London."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from carer_portal.db import utcnow

UK = ZoneInfo("Europe/London")


def uk_now() -> datetime:
    return utcnow().astimezone(UK)


def uk_today() -> date:
    return uk_now().date()


def uk_datetime(value: datetime) -> str:
    return value.astimezone(UK).strftime("%-d %B %Y at %-I:%M%p").replace("AM", "am").replace("PM", "pm")


def uk_date(value: date) -> str:
    return value.strftime("%-d %B %Y")
