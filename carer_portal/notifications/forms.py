"""Forms and posted data for notification settings."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from datetime import time
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import BaseModel, Field, field_validator

from carer_portal.forms import Form

HOURS = [time(hour, 0) for hour in range(24)]

# Unpadded base64url, as PushSubscription.toJSON() gives it; padding is tolerated. Checked
# first because urlsafe_b64decode silently drops characters outside the alphabet.
BASE64URL = re.compile(r"[A-Za-z0-9_-]*={0,2}")
# Printable ASCII without the space: real push endpoints are all ASCII, and a URL with
# whitespace, control characters or non-ASCII letters is read differently by different parsers
# (ours, aiohttp's, the push service's), so the host we checked might not be the one we reach.
URL_CHARACTERS = re.compile(r"[!-~]+")


def _base64url_bytes(value: str) -> bytes:
    if not BASE64URL.fullmatch(value):
        raise ValueError("not base64url")
    unpadded = value.rstrip("=")
    try:
        return base64.urlsafe_b64decode(unpadded + "=" * (-len(unpadded) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64url") from error


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SubscriptionKeys(BaseModel):
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)

    @field_validator("p256dh")
    @classmethod
    def _point(cls, value: str) -> str:
        raw = _base64url_bytes(value)
        if len(raw) != 65 or raw[0] != 4:
            raise ValueError("p256dh must be an uncompressed P-256 point")
        # 65 bytes of the right shape can still be off the curve: such a key would be stored,
        # then fail encryption on every send to this person (and it is how invalid-curve
        # attacks start), so the point itself is checked now.
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
        except ValueError:
            raise ValueError("p256dh is not a point on the P-256 curve") from None
        return value

    @field_validator("auth")
    @classmethod
    def _auth(cls, value: str) -> str:
        if len(_base64url_bytes(value)) != 16:
            raise ValueError("auth must be 16 bytes")
        return value


class SubscriptionIn(BaseModel):
    """What ``PushSubscription.toJSON()`` gives in the browser.

    Only the shape of the endpoint is checked here; whether its push service is one we send to
    is the settings' decision (``Settings.is_allowed_push_endpoint``), made by the route.
    """

    endpoint: str = Field(max_length=2000)
    keys: SubscriptionKeys

    @field_validator("endpoint")
    @classmethod
    def _endpoint(cls, value: str) -> str:
        if not URL_CHARACTERS.fullmatch(value) or "\\" in value:
            # Browsers read a backslash as a slash: https://evil.com\@fcm.googleapis.com/ is
            # evil.com to them and to some HTTP clients, but fcm.googleapis.com to urlsplit.
            raise ValueError("the endpoint has characters a push service address never has")
        try:
            parts = urlsplit(value)
            host = (parts.hostname or "").lower()
            port = parts.port  # raises ValueError for a port that is not a number or over 65535
        except ValueError:  # https://[::1 and the like
            raise ValueError("the endpoint is not a web address") from None
        if port == 0:
            raise ValueError("the endpoint is not a web address")
        if "@" in parts.netloc:
            raise ValueError("the endpoint must not carry a user name or password")
        if not host:
            raise ValueError("the endpoint has no host")
        if parts.scheme != "https" and not (parts.scheme == "http" and _is_loopback(host)):
            raise ValueError("the endpoint must use https")
        return value


class PreferencesForm(Form):
    kinds: list[str] = Field(default_factory=list)
    quiet_hours: str = ""
    quiet_from: str = ""
    quiet_until: str = ""

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
