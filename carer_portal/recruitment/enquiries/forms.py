"""The enquiry form: short enough for a minute on a phone, with GOV.UK-style messages.

Also what else the journey reads from a request: the invite and campaign codes, the one-off
key, and the one-tap answer to "how do you feel about fostering now?".
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from pydantic import Field, field_validator

from carer_portal.forms import Form, email_address
from carer_portal.phones import normalise_phone
from carer_portal.recruitment.enquiries.models import MotivationAnswerValue
from carer_portal.recruitment.referrals.models import INVITE_CODE
from carer_portal.recruitment.vocabulary import BEST_TIMES, HOUSEHOLDS, MOTIVATIONS

# UK postcodes (BS 7666 shapes), checked after removing spaces and upper-casing.
POSTCODE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][ABD-HJLNP-UW-Z]{2})$")
OWN_WORDS_LIMIT = 1000


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


class EnquiryForm(Form):
    multiline = frozenset({"own_words"})

    name: str = ""
    email: str = ""
    phone: str = ""
    postcode: str = ""
    reasons: list[str] = Field(default_factory=list)
    own_words: str = ""
    household: str = ""
    best_time: str = ""
    privacy: str = ""

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("Enter your name")
        if len(value) > 100:
            raise ValueError("Your name must be 100 characters or fewer")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return email_address(value).lower()

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return ""
        if len(value) > 30:
            raise ValueError("Enter a UK phone number, like 07700 900 982 or 01632 960 001")
        return normalise_phone(value)

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("Enter your postcode")
        compact = re.sub(r"\s+", "", value).upper()
        if len(compact) > 8 or not POSTCODE.match(compact):
            raise ValueError("Enter a real postcode, like EB4 7QT")
        return normalise_postcode(compact)

    @field_validator("reasons")
    @classmethod
    def _reasons(cls, value: list[str]) -> list[str]:
        unknown = [reason for reason in value if reason not in MOTIVATIONS]
        if unknown:
            raise ValueError("Choose from the reasons listed")
        return list(dict.fromkeys(value))

    @field_validator("own_words")
    @classmethod
    def _own_words(cls, value: str) -> str:
        value = value.strip()
        if len(value) > OWN_WORDS_LIMIT:
            raise ValueError(
                f"What has made you think about fostering must be {OWN_WORDS_LIMIT} characters or fewer"
            )
        return value

    @field_validator("household")
    @classmethod
    def _household(cls, value: str) -> str:
        if value not in HOUSEHOLDS:
            raise ValueError("Select who lives in your home")
        return value

    @field_validator("best_time")
    @classmethod
    def _best_time(cls, value: str) -> str:
        if value not in BEST_TIMES:
            raise ValueError("Select the best time for us to call you")
        return value

    @field_validator("privacy")
    @classmethod
    def _privacy(cls, value: str) -> str:
        if value != "yes":
            raise ValueError("Confirm you have read how we use your information")
        return value

    @classmethod
    def whole_form_problem(cls, values: dict[str, Any]) -> str | None:
        if not values.get("reasons") and not str(values.get("own_words") or "").strip():
            return "Tell us what has made you think about fostering, in a few words or by ticking a reason"
        return None


# The model-level message belongs beside the reasons question.
FORM_LEVEL_FIELD = "reasons"
# The one-off key on the enquiry form, as the form carries it: 32 hex characters.
IDEMPOTENCY_KEY = re.compile(r"^[0-9a-f]{32}$")


def form_key(value: object) -> str:
    """The one-off key the form carried, or a new one if it carried none that could be one."""
    text = str(value or "")
    return text if IDEMPOTENCY_KEY.match(text) else secrets.token_hex(16)


def one_off_key(key: str, *, browser: str) -> str:
    """The key an enquiry is stored under: the form's one-off key, bound to the browser that sent it.

    A double tap, a resubmit or the back button in the same browser finds the same enquiry; the
    same key sent from another browser (copied from a shared computer's history, say) is a new
    enquiry, and never shows or changes the first one. ``browser`` is the CSRF cookie, which
    every accepted post carries and which is the same for the form and its submission.
    """
    return hashlib.sha256(f"{key}:{browser}".encode()).hexdigest()[:32]


FIELDS = ("name", "email", "phone", "postcode", "reasons", "own_words", "household", "best_time", "privacy")


def form_values(data: dict[str, Any]) -> dict[str, Any]:
    """The enquiry's fields from a posted form: the reasons as a list, any other repeated field
    as its last value, and nothing that is not a field."""
    values = {key: value for key, value in data.items() if key in FIELDS}
    reasons = data.get("reasons", [])
    values["reasons"] = reasons if isinstance(reasons, list) else [reasons]
    for key, value in list(values.items()):
        if key != "reasons" and isinstance(value, list):
            values[key] = value[-1] if value else ""
    return values


CAMPAIGN_CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def invite_code(value: object) -> str:
    """A carer's invite code from a link, or "" for anything that cannot be one."""
    text = str(value or "")
    return text if INVITE_CODE.match(text) else ""


def campaign_code(value: object) -> str:
    """A campaign's code from a link, or "" for anything that cannot be one."""
    text = str(value or "")
    return text if CAMPAIGN_CODE.match(text) else ""


def wants_call_back(data: dict[str, Any]) -> bool:
    """The "Please call me back" button beside a "less keen" answer."""
    return data.get("call_back") == "yes"


def feeling_answer(data: dict[str, Any]) -> MotivationAnswerValue | None:
    """The one-tap answer to "how do you feel about fostering now?", or None if it is not one."""
    try:
        return MotivationAnswerValue(str(data.get("feeling", "")))
    except ValueError:
        return None
