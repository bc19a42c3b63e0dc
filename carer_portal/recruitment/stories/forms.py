"""The story editor's forms, with GOV.UK-style messages. Not the ``Story`` table."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from carer_portal.forms import Form
from carer_portal.recruitment.vocabulary import HOUSEHOLD_TAGS, THEMES

BODY_LIMIT = 20_000
QUOTE_LIMIT = 300
# Photos are files already on this site: the page's Content-Security-Policy allows no others.
PHOTO_PATH = re.compile(r"^/(?!/)[A-Za-z0-9._~/-]+$")
# Officers often type the quote marks themselves; the page adds its own. (Not single quotes:
# a quote can end with an apostrophe.)
QUOTE_MARKS = '" \u201c\u201d'


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _required(value: str, *, limit: int, missing: str, too_long: str) -> str:
    if not value:
        raise ValueError(missing)
    if len(value) > limit:
        raise ValueError(too_long)
    return value


class StoryForm(Form):
    multiline = frozenset({"body"})

    carer_name: str = ""
    household: str = ""
    area: str = ""
    quote: str = ""
    body: str = ""
    themes: list[str] = Field(default_factory=list)
    household_tags: list[str] = Field(default_factory=list)
    photo_path: str = ""
    photo_alt: str = ""

    @field_validator("carer_name")
    @classmethod
    def _carer_name(cls, value: str) -> str:
        return _required(
            _one_line(value),
            limit=120,
            missing="Enter the carer's name",
            too_long="The carer's name must be 120 characters or fewer",
        )

    @field_validator("household")
    @classmethod
    def _household(cls, value: str) -> str:
        return _required(
            _one_line(value),
            limit=120,
            missing="Enter who lives in the carer's household",
            too_long="The household must be 120 characters or fewer",
        )

    @field_validator("area")
    @classmethod
    def _area(cls, value: str) -> str:
        return _required(
            _one_line(value),
            limit=120,
            missing="Enter the area the carer lives in",
            too_long="The area must be 120 characters or fewer",
        )

    @field_validator("quote")
    @classmethod
    def _quote(cls, value: str) -> str:
        return _required(
            _one_line(value).strip(QUOTE_MARKS),
            limit=QUOTE_LIMIT,
            missing="Enter a short quote from the carer",
            too_long=f"The quote must be {QUOTE_LIMIT} characters or fewer",
        )

    @field_validator("body")
    @classmethod
    def _body(cls, value: str) -> str:
        return _required(
            value.replace("\r\n", "\n").strip(),
            limit=BODY_LIMIT,
            missing="Enter the carer's story",
            too_long=f"The story must be {BODY_LIMIT:,} characters or fewer",
        )

    @field_validator("themes")
    @classmethod
    def _themes(cls, value: list[str]) -> list[str]:
        if any(theme not in THEMES for theme in value):
            raise ValueError("Choose themes from the list")
        return [theme for theme in THEMES if theme in value]

    @field_validator("household_tags")
    @classmethod
    def _household_tags(cls, value: list[str]) -> list[str]:
        if any(tag not in HOUSEHOLD_TAGS for tag in value):
            raise ValueError("Choose household tags from the list")
        return [tag for tag in HOUSEHOLD_TAGS if tag in value]

    @field_validator("photo_path")
    @classmethod
    def _photo_path(cls, value: str) -> str:
        value = value.strip()
        if value and (len(value) > 300 or not PHOTO_PATH.match(value)):
            raise ValueError(
                "Enter the photo's address on this site, starting with /, like /static/stories/sam.jpg"
            )
        return value

    @field_validator("photo_alt")
    @classmethod
    def _photo_alt(cls, value: str, info: ValidationInfo) -> str:
        value = _one_line(value)
        if info.data.get("photo_path") and not value:
            raise ValueError("Describe the photo for people who cannot see it")
        if len(value) > 300:
            raise ValueError("The photo description must be 300 characters or fewer")
        return value


class ConsentForm(Form):
    consent_note: str = ""

    @field_validator("consent_note")
    @classmethod
    def _note(cls, value: str) -> str:
        return _required(
            _one_line(value),
            limit=300,
            missing="Enter how the carer gave their consent",
            too_long="How the carer gave their consent must be 300 characters or fewer",
        )


def as_lists(data: dict[str, Any], *names: str) -> dict[str, Any]:
    """A posted form: one ticked checkbox arrives as a string, several as a list, none as nothing."""
    values = dict(data)
    for name in names:
        value = values.get(name, [])
        values[name] = value if isinstance(value, list) else [value]
    return values
