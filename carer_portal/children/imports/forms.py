"""The upload form: which kind of records the file holds, and the file itself.

The kind is a ``Form`` like every other (checked, kept when there is a problem); the file is
not a typed answer, so the route reads it from the multipart post and ``file_problem`` says
what is wrong with it, beside the file field.
"""

from __future__ import annotations

from typing import Any

from pydantic import field_validator

from carer_portal.children.imports.reading import Kind
from carer_portal.forms import Form

# A 10,000-row needs profile file with notes is a few MB; this leaves room and no more.
MAX_FILE_BYTES = 20 * 1024 * 1024


class ImportForm(Form):
    kind: str = ""

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in {kind.value for kind in Kind}:
            raise ValueError("Choose what the file holds: children, placements or needs profiles")
        return value


def uploaded_file(values: Any) -> tuple[bytes | None, str | None]:
    """The uploaded file's bytes, or the message to show beside the file field."""
    upload = values.get("file") if hasattr(values, "get") else None
    data = getattr(upload, "file", None)
    if data is None:
        return None, "Choose a CSV file to upload"
    content = data.read(MAX_FILE_BYTES + 1)
    if not content:
        return None, "The chosen file is empty. Choose the CSV file exported from the case system"
    if len(content) > MAX_FILE_BYTES:
        return None, "The file is larger than 20 MB. Split it into smaller files and import each one"
    return content, None
