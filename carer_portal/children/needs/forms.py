"""The needs-profile form, built from the framework it is rated against, and the framework upload.

A framework is data a council loads, so the profile form cannot be written out once: each
framework version gets its own form model (``profile_form``), made with Pydantic's
``create_model`` from ``NeedsProfileForm`` and kept for as long as the process runs. Its fields
come in the order of the page, which is the order its problems are listed in:

- the date of the assessment;
- strengths first, always: what they are good at, what they enjoy, what helps, what to avoid,
  how they communicate;
- each domain's level (``level_<domain key, - as _>``, radios) and an optional note
  (``note_<...>``);
- the practical things a carer needs on day one: routines, food, sleep, school, health, family time.
"""

from __future__ import annotations

import calendar
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import PurePath
from typing import Annotated, Any, ClassVar

from litestar import Request
from litestar.datastructures import UploadFile
from pydantic import AfterValidator, create_model, field_validator

from carer_portal.children.needs.framework import Domain, Framework
from carer_portal.forms import MULTILINE_CONTROL_CHARACTERS, Form, FormState
from carer_portal.timekeeping import uk_today

TEXT_LIMIT = 2000
NOTE_LIMIT = 500


@dataclass(frozen=True)
class TextAnswer:
    name: str  # a NeedsProfile column
    label: str
    hint: str
    missing: str | None = None  # the message when it is left empty; None: it is optional


# The written answers, in the order of the page (see FIELD_ORDER below).
ABOUT_THEM = (
    TextAnswer(
        "strengths",
        "Strengths",
        "What they are good at, what they can do and what they are proud of.",
        "Enter their strengths: what they are good at and proud of",
    ),
    TextAnswer(
        "enjoys",
        "What they enjoy (optional)",
        "Things they like doing, and people and places that matter to them.",
    ),
    TextAnswer(
        "what_helps",
        "What helps",
        "What helps them feel safe and settled, and do well.",
        "Enter what helps them",
    ),
    TextAnswer(
        "what_to_avoid",
        "What to avoid (optional)",
        "Things that upset or worry them, and why, if it is known.",
    ),
    TextAnswer(
        "communication",
        "How they communicate (optional)",
        "Their language, the words they use for things, and how they show how they feel.",
    ),
)
DAY_TO_DAY = (
    TextAnswer("routines", "Routines (optional)", "Getting up, bedtime and the shape of their day."),
    TextAnswer(
        "food", "Food (optional)", "Likes and dislikes, allergies, and any cultural or religious needs."
    ),
    TextAnswer("sleep", "Sleep (optional)", "What helps them sleep: a light on, a story, something to hold."),
    TextAnswer(
        "school", "School or nursery (optional)", "Where it is, how they get there and who to contact."
    ),
    TextAnswer(
        "health_appointments",
        "Health and appointments (optional)",
        "Medicines, regular appointments, and their GP and dentist.",
    ),
    TextAnswer(
        "family_time",
        "Family time (optional)",
        "Who they see, when and where, and how they tend to feel before and after.",
    ),
)
TEXT_ANSWERS = (*ABOUT_THEM, *DAY_TO_DAY)
TEXT_FIELDS = tuple(answer.name for answer in TEXT_ANSWERS)

# --- the date of the assessment ---------------------------------------------------------------

DATE_MISSING = "Enter the date of the assessment"
DATE_SHAPE = "Enter the date of the assessment as a day, month and year, like 27/3/2026"
DATE_NOT_REAL = "The date of the assessment must be a real date"
DATE_IN_FUTURE = "The date of the assessment must be today or in the past"

_NUMERIC_DATE = re.compile(r"^([0-9]{1,2}) ?[/.\- ] ?([0-9]{1,2}) ?[/.\- ] ?([0-9]{4})$")
_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_WORDED_DATE = re.compile(r"^([0-9]{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? ([0-9]{4})$")
_MONTHS = {
    **{name.lower(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.lower(): number for number, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}


def assessment_date(value: str, *, today: date | None = None) -> date:
    """A typed date (27/3/2026, 27 3 2026, 27 March 2026 or 2026-03-27), never in the future."""
    text = " ".join(value.split()).lower()
    if not text:
        raise ValueError(DATE_MISSING)
    if match := _NUMERIC_DATE.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif (match := _WORDED_DATE.match(text)) and match.group(2) in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3))
    else:
        raise ValueError(DATE_SHAPE)
    try:
        typed = date(year, month, day)
    except ValueError:
        raise ValueError(DATE_NOT_REAL) from None
    if year < 1900:
        raise ValueError(DATE_NOT_REAL)
    if typed > (today or uk_today()):
        raise ValueError(DATE_IN_FUTURE)
    return typed


def shown_date(value: date) -> str:
    """A date as the form shows it, and reads it back: 27/3/2026."""
    return f"{value.day}/{value.month}/{value.year}"


# --- the profile form ---------------------------------------------------------------------------


def level_field(domain_key: str) -> str:
    return "level_" + domain_key.replace("-", "_")


def note_field(domain_key: str) -> str:
    return "note_" + domain_key.replace("-", "_")


@dataclass(frozen=True)
class DomainFields:
    """A domain's two questions on the page: its level (radios) and a note."""

    domain: Domain
    level: str
    note: str


def domain_fields(framework: Framework) -> list[DomainFields]:
    return [DomainFields(d, level_field(d.key), note_field(d.key)) for d in framework.domains]


def _text_check(answer: TextAnswer) -> Callable[[str], str]:
    label = answer.label.removesuffix(" (optional)")

    def check(value: str) -> str:
        value = value.replace("\r\n", "\n").strip()
        if not value and answer.missing:
            raise ValueError(answer.missing)
        if len(value) > TEXT_LIMIT:
            raise ValueError(f"{label} must be {TEXT_LIMIT:,} characters or fewer")
        return value

    return check


def _level_check(domain: Domain) -> Callable[[str], int]:
    def check(value: str) -> int:
        value = value.strip()
        if not value:
            raise ValueError(f"Select a level for {domain.title}")
        if not value.isascii() or not value.isdigit() or domain.level(int(value)) is None:
            raise ValueError(f"Select one of the levels listed for {domain.title}")
        return int(value)

    return check


def _note_check(domain: Domain) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.replace("\r\n", "\n").strip()
        if len(value) > NOTE_LIMIT:
            raise ValueError(f"The note about {domain.title} must be {NOTE_LIMIT} characters or fewer")
        return value

    return check


class NeedsProfileForm(Form):
    """What every profile form has; ``profile_form`` adds a framework's domains and builds it.

    Never used on its own: a form without its framework has no levels to check."""

    framework: ClassVar[Framework | None] = None
    framework_key: ClassVar[str] = ""
    framework_version: ClassVar[int] = 0

    assessed_on: date | None = None

    @field_validator("assessed_on", mode="before")
    @classmethod
    def _assessed_on(cls, value: Any) -> date:
        if isinstance(value, date):
            return value
        return assessment_date(value if isinstance(value, str) else "")

    def answers(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in TEXT_FIELDS}

    def levels(self) -> dict[str, int]:
        assert self.framework is not None
        return {d.key: getattr(self, level_field(d.key)) for d in self.framework.domains}

    def notes(self) -> dict[str, str]:
        assert self.framework is not None
        return {d.key: getattr(self, note_field(d.key)) for d in self.framework.domains}


# One model per framework version, kept while the process runs. The framework itself is part of
# the key, not only its key and version: two councils may each load a version 2 of
# "developmental-needs" that say different things.
@lru_cache(maxsize=64)
def profile_form(framework: Framework, *, version: int) -> type[NeedsProfileForm]:
    """The form for profiles rated against this framework version."""
    fields: dict[str, Any] = {}
    for answer in ABOUT_THEM:
        fields[answer.name] = (Annotated[str, AfterValidator(_text_check(answer))], "")
    for domain in framework.domains:
        fields[level_field(domain.key)] = (Annotated[str, AfterValidator(_level_check(domain))], "")
        fields[note_field(domain.key)] = (Annotated[str, AfterValidator(_note_check(domain))], "")
    for answer in DAY_TO_DAY:
        fields[answer.name] = (Annotated[str, AfterValidator(_text_check(answer))], "")
    model: type[NeedsProfileForm] = create_model(  # type: ignore[call-overload]
        f"NeedsProfileForm_{framework.key.replace('-', '_')}_v{version}",
        __base__=NeedsProfileForm,
        __module__=__name__,
        **fields,
    )
    model.framework = framework
    model.framework_key = framework.key
    model.framework_version = version
    model.multiline = frozenset({*TEXT_FIELDS, *(note_field(d.key) for d in framework.domains)})
    return model


# Which framework version the form was made from, in a hidden field: a form sent after a new
# version was loaded is shown again on the new one, to be checked, never published as it is.
FRAMEWORK_CHANGED = (
    "The needs framework was updated while you were writing. Check each level against the new "
    "descriptions and publish the profile again"
)


def framework_marker(model: type[NeedsProfileForm]) -> str:
    return f"{model.framework_key}:{model.framework_version}"


def made_for_another_framework(data: dict[str, Any], model: type[NeedsProfileForm]) -> bool:
    """Whether the post says it was made from another framework version than this form's (a
    post that does not say is checked against this form, like any other)."""
    sent = data.get("framework")
    return isinstance(sent, str) and bool(sent) and sent != framework_marker(model)


def framework_changed(state: FormState, model: type[NeedsProfileForm]) -> FormState:
    """The form shown again on the framework now in use: what was typed, with a problem saying
    the framework changed beside the first level (and any other problem beside its question)."""
    assert model.framework is not None
    first_level = level_field(model.framework.domains[0].key)
    errors = {**state.errors, first_level: FRAMEWORK_CHANGED}
    order = [*model.model_fields, "form"]
    return FormState(
        values=state.values,
        errors=dict(sorted(errors.items(), key=lambda e: order.index(e[0]) if e[0] in order else len(order))),
    )


# The one-off key the form carries, so sending it twice (a double tap, the back button, a resend
# after a lost answer) publishes one profile: 32 hex characters.
SUBMISSION_KEY = re.compile(r"^[0-9a-f]{32}$")


def new_submission_key() -> str:
    return secrets.token_hex(16)


def submission_key(value: object) -> str:
    """The key the form carried, or a new one if it carried none that could be one."""
    text = str(value or "")
    return text if SUBMISSION_KEY.match(text) else new_submission_key()


def profile_values(data: dict[str, Any], model: type[NeedsProfileForm]) -> dict[str, Any]:
    """The form's fields from a post: each repeated field as its last value, nothing else."""
    values = {}
    for name in model.model_fields:
        if name in data:
            value = data[name]
            values[name] = (value[-1] if value else "") if isinstance(value, list) else value
    return values


# --- the framework file -----------------------------------------------------------------------

MAX_FILE_BYTES = 200 * 1024
FILE_TYPES = (".yaml", ".yml", ".json")
FILE_MISSING = "Select a framework file to upload"
FILE_EMPTY = "The selected file is empty"
FILE_TOO_BIG = f"The selected file must be smaller than {MAX_FILE_BYTES // 1024} KB"
FILE_TYPE = "The selected file must be a YAML or JSON file, ending .yaml, .yml or .json"
FILE_NOT_TEXT = "The selected file must be plain text (UTF-8), as a text editor saves it"
FILE_CONTROL_CHARACTERS = (
    "The selected file contains a character we cannot accept, such as a control character: "
    "save it as plain text and upload it again"
)


@dataclass(frozen=True)
class UploadedFile:
    """A file as it was posted: its name on the person's computer, and its bytes (read up to
    one byte past the limit, so a bigger file is known to be too big)."""

    filename: str
    content: bytes


@dataclass(frozen=True)
class FrameworkText:
    filename: str
    text: str


class FrameworkFileForm(Form):
    framework_file: Any = None

    @field_validator("framework_file")
    @classmethod
    def _framework_file(cls, value: Any) -> FrameworkText:
        if not isinstance(value, UploadedFile) or not (value.filename or value.content):
            raise ValueError(FILE_MISSING)
        if not value.content:
            raise ValueError(FILE_EMPTY)
        if len(value.content) > MAX_FILE_BYTES:
            raise ValueError(FILE_TOO_BIG)
        if PurePath(value.filename).suffix.lower() not in FILE_TYPES:
            raise ValueError(FILE_TYPE)
        try:
            text = value.content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(FILE_NOT_TEXT) from None
        if MULTILINE_CONTROL_CHARACTERS.search(text.replace("\r", "")):
            raise ValueError(FILE_CONTROL_CHARACTERS)
        return FrameworkText(PurePath(value.filename).name[:200], text)


async def posted_framework_file(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The upload form's fields as posted (multipart; anything else is read as it comes)."""
    form = await request.form()
    value = form.get("framework_file")
    if isinstance(value, UploadFile):
        content = await value.read(MAX_FILE_BYTES + 1)
        filename = value.filename or ""
        return {"framework_file": UploadedFile(filename, content) if filename or content else None}
    return {} if value is None else {"framework_file": value}
