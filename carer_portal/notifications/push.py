"""Web push with pywebpush: encrypted (aes128gcm), VAPID-signed, sent over one aiohttp session.

The VAPID header depends only on the push service's origin, so it is signed once per origin
and reused until an hour before it expires, rather than once per message.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from carer_portal.notifications.keys import VapidKeys
from carer_portal.notifications.models import PushSubscription

if TYPE_CHECKING:
    import aiohttp

logger = logging.getLogger("carer_portal.push")

# pywebpush and aiohttp (with requests, which pywebpush pulls in) are imported on the first
# send: a web process whose outbox is delivered by `carer-portal worker` never loads them,
# about 25 MB of its memory.

VAPID_LIFETIME_SECONDS = 12 * 60 * 60
VAPID_RENEW_BEFORE_SECONDS = 60 * 60
# RFC 8291 with aes128gcm leaves 3,993 bytes for the plaintext; we stay well under.
MAX_PAYLOAD_BYTES = 3 * 1024


class PushOutcome(StrEnum):
    DELIVERED = "delivered"
    GONE = "gone"  # 404/410: the subscription no longer exists
    RETRY = "retry"  # 429/5xx/network: try again later
    REFUSED = "refused"  # another 4xx: something we sent was wrong; retrying will not help


@dataclass(frozen=True)
class PushResult:
    outcome: PushOutcome
    status: int | None = None
    retry_after: str | None = None


def push_payload(*, title: str, body: str, url: str, tag: str) -> bytes:
    message = {"title": title, "body": body, "url": url, "tag": tag}
    payload = json.dumps(message, separators=(",", ":")).encode()
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"push payload of {len(payload)} bytes is over {MAX_PAYLOAD_BYTES}")
    return payload


class PushSender:
    """One per worker. Call ``close()`` when done."""

    def __init__(self, keys: VapidKeys, *, subject: str, timeout_seconds: float = 10) -> None:
        self.keys = keys
        self.subject = subject
        self.timeout_seconds = timeout_seconds
        self._session: aiohttp.ClientSession | None = None
        self._vapid_headers: dict[str, tuple[float, str]] = {}

    @property
    def timeout(self) -> Any:
        import aiohttp

        return aiohttp.ClientTimeout(total=self.timeout_seconds)

    def _session_for_sending(self) -> aiohttp.ClientSession:
        import aiohttp

        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=self.timeout, connector=aiohttp.TCPConnector(limit=256), trust_env=False
            )
        return self._session

    def vapid_authorization(self, endpoint: str) -> str:
        parts = urlsplit(endpoint)
        audience = f"{parts.scheme}://{parts.netloc}"
        now = time.time()
        cached = self._vapid_headers.get(audience)
        if cached and cached[0] - now > VAPID_RENEW_BEFORE_SECONDS:
            return cached[1]
        expires = int(now) + VAPID_LIFETIME_SECONDS
        # A fresh claims dict each time: signing libraries have been known to mutate it.
        header = self.keys.vapid.sign({"aud": audience, "exp": expires, "sub": self.subject})["Authorization"]
        self._vapid_headers[audience] = (expires, header)
        return header

    async def send(
        self, subscription: PushSubscription, payload: bytes, *, ttl: int, urgency: str, topic: str
    ) -> PushResult:
        import aiohttp
        from pywebpush import WebPusher, WebPushException

        keys = {"p256dh": subscription.p256dh, "auth": subscription.auth}
        info = {"endpoint": subscription.endpoint, "keys": keys}
        try:
            headers = {
                "Authorization": self.vapid_authorization(subscription.endpoint),
                "Urgency": urgency,
                # A newer notification with the same topic replaces an undelivered older one.
                "Topic": topic,
            }
            pusher = WebPusher(info, aiohttp_session=self._session_for_sending())
            response = await pusher.send_async(payload, headers=headers, ttl=ttl, timeout=self.timeout)
        except aiohttp.InvalidURL:
            return PushResult(PushOutcome.REFUSED)  # a ClientError, but no later try will mend it
        except (aiohttp.ClientError, TimeoutError):
            return PushResult(PushOutcome.RETRY)
        except WebPushException:
            return PushResult(PushOutcome.REFUSED)  # a malformed subscription: keys missing or wrong
        except Exception as error:  # noqa: BLE001 - this device's failure must not stop the person's others
            # Anything else is about this one subscription, not the network: a key off the curve
            # (ValueError from the encryption, stored before subscriptions were checked), an
            # endpoint that no longer parses. Sending it again would fail the same way.
            logger.warning(
                "push subscription could not be used",
                extra={"subscription_id": str(subscription.id), "error": type(error).__name__},
            )
            return PushResult(PushOutcome.REFUSED)
        status = response.status
        if status in (200, 201, 202):
            return PushResult(PushOutcome.DELIVERED, status)
        if status in (404, 410):
            return PushResult(PushOutcome.GONE, status)
        if status == 429 or status >= 500:
            return PushResult(PushOutcome.RETRY, status, response.headers.get("Retry-After"))
        return PushResult(PushOutcome.REFUSED, status)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
