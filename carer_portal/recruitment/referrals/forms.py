"""The carer's choice about their invite page."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from carer_portal.forms import Form


class FirstNameForm(Form):
    show_first_name: Literal["yes", "no"] = Field(
        json_schema_extra={"required_message": "Choose whether to show your first name on your invite page"}
    )
