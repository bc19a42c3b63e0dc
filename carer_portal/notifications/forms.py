"""Forms and posted data for notification settings."""

from __future__ import annotations

import base64
import binascii
from datetime import time

from pydantic import BaseModel, Field, field_validator

HOURS = [time(hour, 0) for hour in range(24)]


def _base64url_bytes(value: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64url") from error


class SubscriptionKeys(BaseModel):
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)

    @field_validator("p256dh")
    @classmethod
    def _point(cls, value: str) -> str:
        raw = _base64url_bytes(value)
        if len(raw) != 65 or raw[0] != 4:
            raise ValueError("p256dh must be an uncompressed P-256 point")
        return value

    @field_validator("auth")
    @classmethod
    def _auth(cls, value: str) -> str:
        if len(_base64url_bytes(value)) != 16:
            raise ValueError("auth must be 16 bytes")
        return value


class SubscriptionIn(BaseModel):
    """What ``PushSubscription.toJSON()`` gives in the browser."""

    endpoint: str = Field(max_length=2000)
    keys: SubscriptionKeys


class PreferencesForm(BaseModel):
    kinds: list[str] = []
    quiet_hours: str = "no"
    quiet_from: str = "21:00"
    quiet_until: str = "08:00"

    @field_validator("quiet_from", "quiet_until")
    @classmethod
    def _hour(cls, value: str) -> str:
        if value not in {h.strftime("%H:%M") for h in HOURS}:
            raise ValueError("Choose a time from the list")
        return value

    def as_times(self) -> tuple[time, time]:
        return time.fromisoformat(self.quiet_from), time.fromisoformat(self.quiet_until)


def device_label(user_agent: str) -> str:
    """A name a person recognises their device by ("Chrome on Android"). Nothing more precise."""
    ua = user_agent.lower()
    if "iphone" in ua:
        system = "iPhone"
    elif "ipad" in ua:
        system = "iPad"
    elif "android" in ua:
        system = "Android"
    elif "windows" in ua:
        system = "Windows"
    elif "mac os" in ua or "macintosh" in ua:
        system = "Mac"
    elif "linux" in ua:
        system = "Linux"
    else:
        system = "a device"
    if "edg/" in ua:
        browser = "Edge"
    elif "firefox" in ua:
        browser = "Firefox"
    elif "chrome" in ua or "chromium" in ua or "crios" in ua:
        browser = "Chrome"
    elif "safari" in ua:
        browser = "Safari"
    else:
        browser = "A browser"
    return f"{browser} on {system}"
