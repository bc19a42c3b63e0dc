"""What a carer posts about a child: a note of something they noticed ("What I've noticed").

The date is a GOV.UK date input (day, month and year boxes), filled in with today's date, so
most notes need only the words. Each box has its own message; a date that is not a real one
(31 February) is a problem with the date as a whole, shown beside the whole date. Whether the
date is allowed for this child (not in the future, not before they came to live with the
carer) needs the placement, so ``date_problem`` answers it once the form itself is right.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from datetime import date
from typing import Any

from pydantic import field_validator

from carer_portal.forms import Form
from carer_portal.timekeeping import uk_date

TEXT_LIMIT = 2000
# Where a problem with the date as a whole is shown (the error summary links to the day box).
DATE_FIELD = "noticed_on"
WHOLE_DATE = "The date you noticed it must be a real date"
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# The one-off key the form carries: 32 hex characters.
SUBMISSION_KEY = re.compile(r"^[0-9a-f]{32}$")


def _number(value: str, *, low: int, high: int) -> int | None:
    value = value.strip()
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if low <= number <= high else None


def _day(value: str) -> int | None:
    return _number(value, low=1, high=31)


def _month(value: str) -> int | None:
    """A month as a number or a name ("3", "03", "Mar", "March"), as GOV.UK asks us to accept."""
    text = value.strip().lower()
    return MONTHS.get(text) or _number(text, low=1, high=12)


def _year(value: str) -> int | None:
    text = value.strip()
    return int(text) if len(text) == 4 and text.isascii() and text.isdigit() and text[0] != "0" else None


class ObservationForm(Form):
    multiline = frozenset({"text"})

    noticed_on_day: str = ""
    noticed_on_month: str = ""
    noticed_on_year: str = ""
    text: str = ""

    @field_validator("noticed_on_day")
    @classmethod
    def _check_day(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("The date you noticed it must include a day")
        if _day(value) is None:
            raise ValueError(WHOLE_DATE)
        return value.strip()

    @field_validator("noticed_on_month")
    @classmethod
    def _check_month(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("The date you noticed it must include a month")
        if _month(value) is None:
            raise ValueError(WHOLE_DATE)
        return value.strip()

    @field_validator("noticed_on_year")
    @classmethod
    def _check_year(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("The date you noticed it must include a year")
        if _year(value) is None:
            raise ValueError("The year must include 4 numbers, like 2025")
        return value.strip()

    @field_validator("text")
    @classmethod
    def _check_text(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("Enter what you noticed")
        if len(value) > TEXT_LIMIT:
            raise ValueError(f"What you noticed must be {TEXT_LIMIT:,} characters or fewer")
        return value

    @classmethod
    def whole_form_problem(cls, values: dict[str, Any]) -> str | None:
        """A day, a month and a year that are each right but are no date together (31 February)."""
        parts = [values.get(f"noticed_on_{part}") for part in ("day", "month", "year")]
        if not all(isinstance(part, str) for part in parts):
            return None
        day, month, year = _day(parts[0]), _month(parts[1]), _year(parts[2])  # type: ignore[arg-type]
        if day is None or month is None or year is None:
            return None
        try:
            date(year, month, day)
        except ValueError:
            return WHOLE_DATE
        return None

    @property
    def noticed_on(self) -> date:
        day, month, year = (
            _day(self.noticed_on_day),
            _month(self.noticed_on_month),
            _year(self.noticed_on_year),
        )
        assert day is not None and month is not None and year is not None  # the validators saw to it
        return date(year, month, day)


def date_problem(noticed_on: date, *, today: date, placement_started_on: date | None) -> str | None:
    """Why this date cannot be the day a carer noticed something, or None if it can."""
    if noticed_on > today:
        return "The date you noticed it must be today or in the past"
    if placement_started_on is not None and noticed_on < placement_started_on:
        return (
            f"The date you noticed it must be on or after {uk_date(placement_started_on)}, "
            "the day they came to live with you"
        )
    return None


def blank_form_values(today: date) -> dict[str, str]:
    """A new note: today's date already filled in, no words yet."""
    return {
        "noticed_on_day": str(today.day),
        "noticed_on_month": str(today.month),
        "noticed_on_year": str(today.year),
        "text": "",
    }


def submission_key(value: object) -> str:
    """The one-off key the form carried, or a new one if it carried none that could be one."""
    text = str(value or "")
    return text if SUBMISSION_KEY.match(text) else secrets.token_hex(16)


def stored_key(key: str, *, author_id: uuid.UUID) -> str:
    """The key a note is kept under: the form's one-off key, bound to the carer who sent it.

    A double tap, a resubmit or the back button finds the note already made; the same key sent
    by someone else (copied from a shared computer's history) is theirs alone, and never finds
    or changes the first carer's note.
    """
    return hashlib.sha256(f"{key}:{author_id}".encode()).hexdigest()[:32]
