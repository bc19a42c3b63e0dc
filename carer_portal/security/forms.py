"""Sign-in forms."""

from __future__ import annotations

import re

from pydantic import field_validator

from carer_portal.forms import Form

# Deliberately loose: the real check is whether the email arrives.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SignInRequest(Form):
    email: str = ""

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("Enter your email address")
        if len(value) > 320 or not EMAIL.match(value):
            raise ValueError("Enter an email address in the correct format, like name@example.com")
        return value
