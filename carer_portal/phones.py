"""UK phone numbers: checked as typed, kept as national digits, shown and dialled properly."""

from __future__ import annotations

import re

import phonenumbers

# Ofcom keeps these for drama and examples: never a real person's, so our hints and demo data
# use them, and they are accepted like real numbers.
DRAMA_NUMBERS = re.compile(r"^(7700900|1632960)[0-9]{3}$")


def normalise_phone(value: str) -> str:
    """A UK phone number however it was typed (spaces, +44, 0044), as its national digits
    ("07700900982"); checked against the numbering plan with ``phonenumbers``."""
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        number = None
    national = str(number.national_number) if number else ""
    uk = number is not None and number.country_code == 44
    if not uk or not (phonenumbers.is_valid_number(number) or DRAMA_NUMBERS.match(national)):
        raise ValueError("Enter a UK phone number, like 07700 900 982 or 01632 960 001")
    return "0" + national


def _parsed(stored: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(stored, "GB")
    except phonenumbers.NumberParseException:
        return None


def display_phone(stored: str) -> str:
    """ "07700 900982", "020 7946 0000": grouped as people say them."""
    number = _parsed(stored)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL) if number else stored


def phone_link(stored: str) -> str:
    """A tel: link that dials from any phone: "tel:+447700900982"."""
    number = _parsed(stored)
    if number is None:
        return ""
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
