"""Sign-in forms."""

from __future__ import annotations

from pydantic import field_validator

from carer_portal.forms import Form, email_address


class SignInRequest(Form):
    email: str = ""

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return email_address(value)
