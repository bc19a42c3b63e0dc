"""Names unique to one test run, so journeys against a shared live portal never depend on
which other journeys ran before them (or on being run once)."""

from __future__ import annotations

import secrets
import string


def unique(word: str) -> str:
    """``word`` with six random letters after it: still a plausible name, never a repeat."""
    return word + "".join(secrets.choice(string.ascii_lowercase) for _ in range(6))
