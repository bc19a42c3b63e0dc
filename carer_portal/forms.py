"""Form handling shared by every feature: what the person typed, and what was wrong with it.

Forms are validated by plain Pydantic models (never the table models) derived from ``Form``;
errors come back as GOV.UK-style messages keyed by field, with the typed values kept so
nothing has to be retyped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, TypeVar

from litestar.enums import RequestEncodingType
from litestar.params import Body
from pydantic import BaseModel, ConfigDict, ValidationError

# What a handler takes for a posted HTML form: ``data: FormData``.
FormData = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]

# Deliberately loose: the real check is whether the email arrives.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email_address(value: str) -> str:
    """A typed email address, trimmed, or a ValueError with the message to show beside it."""
    value = value.strip()
    if not value:
        raise ValueError("Enter your email address")
    if len(value) > 320 or not EMAIL.match(value):
        raise ValueError("Enter an email address in the correct format, like name@example.com")
    return value


# C0 and C1 control characters and DEL. PostgreSQL refuses NUL outright (a 500 before this
# check), and none of them belongs in anything a person types; multi-line answers keep their
# line breaks and tabs.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MULTILINE_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTER_MESSAGE = (
    "This answer contains a character we cannot accept, often from copying and pasting. "
    "We have removed it: check the answer and send it again"
)


class Form(BaseModel):
    """The base of every form model.

    Browsers do not send unticked boxes, unchosen radios or disabled fields, so a field missing
    from a post must be checked exactly like an empty one: ``validate_default`` runs each
    field's validators on its default too. Fields named in ``multiline`` may hold line breaks.
    """

    model_config = ConfigDict(validate_default=True)
    multiline: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def whole_form_problem(cls, values: dict[str, Any]) -> str | None:
        """A rule about answers taken together, shown beside the form-level field.

        Checked on what was typed whether or not each answer is right on its own (a Pydantic
        model validator runs only once every field is), so every problem shows in one round."""
        return None


FormModel = TypeVar("FormModel", bound=Form)


@dataclass
class FormState:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def error_summary(self) -> list[dict[str, str]]:
        return [{"text": message, "href": f"#{name}"} for name, message in self.errors.items()]

    def error_for(self, name: str) -> dict[str, str] | None:
        return {"text": self.errors[name]} if name in self.errors else None


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    return bool((MULTILINE_CONTROL_CHARACTERS if multiline else CONTROL_CHARACTERS).search(value))


def _without_control_characters(value: Any, *, multiline: bool) -> tuple[Any, bool]:
    """The value with control characters removed, and whether there were any."""
    pattern = MULTILINE_CONTROL_CHARACTERS if multiline else CONTROL_CHARACTERS
    if isinstance(value, str):
        cleaned = pattern.sub("", value)
        return cleaned, cleaned != value
    if isinstance(value, list):
        pairs = [_without_control_characters(item, multiline=multiline) for item in value]
        return [item for item, _ in pairs], any(found for _, found in pairs)
    return value, False


def validate(
    model: type[FormModel], values: dict[str, Any], *, form_level_field: str = "form"
) -> tuple[FormModel | None, FormState]:
    """Validate typed values; messages come from each field's ``ValueError`` or its metadata.

    A message about the form as a whole is shown beside ``form_level_field``. A field with a
    control character in it is refused with its own message, whatever else it says.
    """
    state = FormState()
    refused: dict[str, str] = {}
    for name, value in values.items():
        if name.startswith("_"):
            continue
        cleaned, found = _without_control_characters(value, multiline=name in model.multiline)
        state.values[name] = cleaned
        if found and name in model.model_fields:
            refused[name] = CONTROL_CHARACTER_MESSAGE
    try:
        form = model.model_validate(state.values)
    except ValidationError as error:
        form = None
        for problem in error.errors():
            name = str(problem["loc"][0]) if problem["loc"] else form_level_field
            if name in state.errors:
                continue
            message = problem.get("ctx", {}).get("error")
            state.errors[name] = str(message) if message else _fallback_message(model, name)
    whole = model.whole_form_problem(state.values)
    if whole and form_level_field not in state.errors:
        state.errors[form_level_field] = whole
    # A field with a control character gets that message in place of any other.
    state.errors.update(refused)
    # In the order of the page, which is the order of the model's fields.
    order = [*model.model_fields, form_level_field]
    state.errors = dict(sorted(state.errors.items(), key=lambda item: order.index(item[0])))
    return (None if state.errors else form), state


def _fallback_message(model: type[BaseModel], name: str) -> str:
    info = model.model_fields.get(name)
    extra = (info.json_schema_extra or {}) if info else {}
    if isinstance(extra, dict):
        return str(extra.get("required_message", "Check this answer"))
    return "Check this answer"
