"""What the team posts about an enquiry: a note, the stage it has reached, who has it."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import field_validator

from carer_portal.forms import Form
from carer_portal.recruitment.enquiries.models import EnquiryStage


class NoteForm(Form):
    multiline = frozenset({"text"})

    text: str = ""

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("Enter a note")
        if len(value) > 5000:
            raise ValueError("A note must be 5,000 characters or fewer")
        return value


def chosen_stage(value: object) -> EnquiryStage | None:
    """A stage from a form or a link, or None for anything that is not one."""
    try:
        return EnquiryStage(str(value or ""))
    except ValueError:
        return None


class NotAnOfficer(ValueError):
    """The officer field held something that cannot be a person's id."""


def chosen_officer(data: dict[str, Any]) -> uuid.UUID | None:
    """The officer chosen to take an enquiry, or None for "nobody"."""
    raw = str(data.get("officer", ""))
    try:
        return uuid.UUID(raw) if raw else None
    except ValueError:
        raise NotAnOfficer(raw) from None
