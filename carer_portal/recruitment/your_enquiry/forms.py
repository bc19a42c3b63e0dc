"""Asking for a new link to one's enquiry."""

from __future__ import annotations

from carer_portal.security.forms import SignInRequest


class NewLinkRequest(SignInRequest):
    """A new link to their enquiry: only their email address, checked as for signing in."""
