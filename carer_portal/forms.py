"""Form handling shared by every feature: what the person typed, and what was wrong with it.

Forms are validated by plain Pydantic models (never the table models); errors come back as
GOV.UK-style messages keyed by field, with the typed values kept so nothing has to be retyped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

FormModel = TypeVar("FormModel", bound=BaseModel)


@dataclass
class FormState:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def error_summary(self) -> list[dict[str, str]]:
        return [{"text": message, "href": f"#{name}"} for name, message in self.errors.items()]

    def error_for(self, name: str) -> dict[str, str] | None:
        return {"text": self.errors[name]} if name in self.errors else None


def validate(
    model: type[FormModel], values: dict[str, Any], *, form_level_field: str = "form"
) -> tuple[FormModel | None, FormState]:
    """Validate typed values; messages come from each field's ``ValueError`` or its metadata.

    A message about the form as a whole is shown beside ``form_level_field``.
    """
    state = FormState(values={k: v for k, v in values.items() if not k.startswith("_")})
    try:
        return model.model_validate(state.values), state
    except ValidationError as error:
        for problem in error.errors():
            name = str(problem["loc"][0]) if problem["loc"] else form_level_field
            if name in state.errors:
                continue
            message = problem.get("ctx", {}).get("error")
            state.errors[name] = str(message) if message else _fallback_message(model, name)
        return None, state


def _fallback_message(model: type[BaseModel], name: str) -> str:
    info = model.model_fields.get(name)
    extra = (info.json_schema_extra or {}) if info else {}
    return str(extra.get("required_message", "Check this answer")) if isinstance(extra, dict) else "Check this answer"
