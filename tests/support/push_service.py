"""A local Web Push service on 127.0.0.1, standing in for FCM or Mozilla's autopush in tests.

It refuses what a real push service refuses (RFC 8030 headers, RFC 8292 VAPID, a 4096-byte
body limit) and then decrypts each message as the subscribed browser would (RFC 8291), so a
test can assert the exact plaintext a device would be handed. Responses can be scripted per
subscription (410 Gone, 429 with Retry-After, 5xx...) to exercise the sender's handling.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import json
import re
import secrets
import struct
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType

import http_ece
from aiohttp import web
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from tests.support.leaks import SIGHTINGS

MAX_BODY = 4096  # RFC 8030 §7.2: push services must accept at least this, and the big ones stop there.
MAX_EXP_AHEAD = 24 * 60 * 60  # RFC 8292 §2: exp must not be more than 24 hours away.
URGENCIES = {"very-low", "low", "normal", "high"}  # RFC 8030 §5.3
TOPIC = re.compile(r"[A-Za-z0-9_-]{1,32}")  # RFC 8030 §5.4: up to 32 base64url characters.

Subscription = Mapping[str, object] | str  # a subscription dict, its endpoint, or its id


@dataclass(frozen=True)
class ReceivedPush:
    subscription_id: str
    endpoint: str
    status: int  # what we answered
    payload: bytes | None  # decrypted plaintext; b"" for a payload-less push, None if not decrypted
    ttl: int | None = None
    urgency: str | None = None
    topic: str | None = None
    vapid_sub: str | None = None
    error: str | None = None  # why we refused it ("scripted" when the refusal was scripted)
    label: str = ""

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class _Subscriber:
    label: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    application_server_key: bytes | None  # the VAPID key the browser bound this subscription to


class _Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _b64encode(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode("ascii")


def _parameters(text: str, separator: str) -> dict[str, str]:
    """``a=1, b=2`` into a dict; RFC 8292 puts a space after the comma, py_vapid doesn't."""
    return dict(part.strip().partition("=")[::2] for part in re.split(separator, text))


@functools.lru_cache(maxsize=64)
def _vapid_public_key(k: str) -> ec.EllipticCurvePublicKey:
    # Senders reuse one VAPID key for every message; parsing and validating the point each time
    # would be a noticeable share of the per-message cost in benchmarks.
    raw = _b64decode(k)
    if len(raw) != 65 or raw[0] != 4:  # RFC 8292 §3.2: an uncompressed P-256 point
        raise ValueError("k is not an uncompressed P-256 point")
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)


@functools.lru_cache(maxsize=256)
def _verified_claims(token: str, k: str) -> Mapping[str, object]:
    """The claims of a VAPID token whose ES256 signature verifies against ``k``; raises _Refused
    otherwise. Cached on the exact token and key: a sender legitimately reuses one signed token
    per audience for hours, and a signature that verified once verifies again. Only this part
    is cached (failures are not): the claims themselves (aud, exp, sub) are checked per message.
    """
    try:
        public_key = _vapid_public_key(k)
        header_b64, claims_b64, signature_b64 = token.split(".")
        header = json.loads(_b64decode(header_b64))
        signature = _b64decode(signature_b64)
        if header.get("alg") != "ES256" or len(signature) != 64:
            raise _Refused(401, "VAPID token is not ES256")
        # JWS carries the raw r||s pair; cryptography wants it DER-encoded.
        r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        der = encode_dss_signature(r, s)
        public_key.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        claims = json.loads(_b64decode(claims_b64))
    except InvalidSignature:
        raise _Refused(401, "VAPID signature does not match k") from None
    except (ValueError, binascii.Error, AttributeError) as exc:  # JSONDecodeError is a ValueError
        raise _Refused(401, f"malformed VAPID credentials: {exc}") from None
    if not isinstance(claims, dict):
        raise _Refused(401, "VAPID claims are not an object")
    return MappingProxyType(claims)  # shared between messages: nobody may change it


class PushService:
    def __init__(self) -> None:
        self.origin = ""  # set once the server is listening
        self._subscribers: dict[str, _Subscriber] = {}
        self._scripts: dict[str, deque[tuple[int, dict[str, str]]]] = {}
        self._received: list[ReceivedPush] = []
        # The server thread appends while the test thread reads and waits, so one lock guards
        # all shared state and its condition wakes wait_for without polling.
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)

    # -- for tests ---------------------------------------------------------------------------

    def new_subscription(self, label: str = "", application_server_key: str | None = None) -> dict:
        """A browser-style PushSubscription JSON. Given ``application_server_key`` (base64url, as
        passed to ``pushManager.subscribe``), only messages signed with that VAPID key get in."""
        private_key = ec.generate_private_key(ec.SECP256R1())
        auth = secrets.token_bytes(16)
        subscription_id = secrets.token_urlsafe(16)
        bound = _b64decode(application_server_key) if application_server_key else None
        with self._lock:
            self._subscribers[subscription_id] = _Subscriber(label, private_key, auth, bound)
        public = private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": f"{self.origin}/push/{subscription_id}",
            "keys": {"p256dh": _b64encode(public), "auth": _b64encode(auth)},
        }

    def script(self, subscription: Subscription, responses: list[int | tuple[int, dict[str, str]]]) -> None:
        """Answer the next valid messages for ``subscription`` with these statuses, then 201 again.
        Messages we refuse on our own (bad VAPID, bad headers...) don't use up the script."""
        subscription_id = self._id(subscription)
        if subscription_id not in self._subscribers:
            raise KeyError(f"unknown subscription {subscription_id}")
        queued = [item if isinstance(item, tuple) else (item, {}) for item in responses]
        with self._lock:
            self._scripts.setdefault(subscription_id, deque()).extend(queued)

    @property
    def received(self) -> list[ReceivedPush]:
        """A snapshot of every request so far, refused ones included, in arrival order."""
        with self._lock:
            return list(self._received)

    @property
    def accepted_count(self) -> int:
        with self._lock:
            return sum(1 for push in self._received if push.accepted)

    def payloads_for(self, subscription: Subscription) -> list[bytes]:
        """The plaintexts the device behind ``subscription`` would have been handed."""
        subscription_id = self._id(subscription)
        return [
            push.payload
            for push in self.received
            if push.subscription_id == subscription_id and push.accepted and push.payload is not None
        ]

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedPush]:
        """Wait until ``count`` requests (accepted or not) have arrived; returns what has arrived
        either way, so the caller's assertion shows what was missing."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self._received) >= count, timeout)
            return list(self._received)

    def reset(self) -> None:
        """Forget received messages and pending scripts; subscriptions stay valid."""
        with self._lock:
            self._received.clear()
            self._scripts.clear()

    @staticmethod
    def _id(subscription: Subscription) -> str:
        endpoint = subscription if isinstance(subscription, str) else str(subscription["endpoint"])
        return endpoint.rstrip("/").rsplit("/", 1)[-1]

    # -- the push service ----------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        # Everything below is CPU-bound and quick, so it runs on the loop rather than in an
        # executor: cryptography holds the GIL anyway, and a hop would only add latency.
        body = await request.read()
        return self._receive(request.match_info["id"], request.headers, body)

    def _receive(self, subscription_id: str, headers: Mapping[str, str], body: bytes) -> web.Response:
        endpoint = f"{self.origin}/push/{subscription_id}"
        seen: dict = {}  # what we learnt before refusing, so a refused push's record is still useful
        subscriber = self._subscribers.get(subscription_id)
        try:
            if subscriber is None:
                raise _Refused(404, "no such subscription")
            seen["label"] = subscriber.label
            seen["vapid_sub"] = self._check_vapid(headers, subscriber)
            seen.update(self._check_headers(headers))
            if len(body) > MAX_BODY:
                raise _Refused(413, f"body of {len(body)} bytes is over {MAX_BODY}")
            payload = self._decrypt(subscriber, headers, body)
        except _Refused as refused:
            push = ReceivedPush(subscription_id, endpoint, refused.status, None, error=refused.reason, **seen)
            self._record(push)
            return web.Response(status=refused.status, text=refused.reason)

        # Only a message we would have accepted uses up a scripted answer: the script stands in
        # for the service's decision about a valid message (the device is gone, we're overloaded).
        with self._lock:
            script = self._scripts.get(subscription_id)
            status, response_headers = script.popleft() if script else (201, {})
        error = None if 200 <= status < 300 else "scripted"
        SIGHTINGS.record("push", payload.decode("utf-8", errors="replace"))
        self._record(ReceivedPush(subscription_id, endpoint, status, payload, error=error, **seen))
        if status == 201:
            # RFC 8030 §5: name the push message resource and echo the TTL we will honour.
            location = f"{self.origin}/message/{uuid.uuid4()}"
            response_headers = {"Location": location, "TTL": str(seen["ttl"]), **response_headers}
        return web.Response(status=status, headers=response_headers, text=error or "")

    def _record(self, push: ReceivedPush) -> None:
        with self._arrived:
            self._received.append(push)
            self._arrived.notify_all()

    def _check_vapid(self, headers: Mapping[str, str], subscriber: _Subscriber) -> str:
        """Apply RFC 8292 and return the claimed ``sub``."""
        scheme, _, params = headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "vapid":
            fields = _parameters(params, ",")
            token, k = fields.get("t", ""), fields.get("k", "")
        elif scheme.lower() == "webpush":  # the pre-RFC draft: key in Crypto-Key: p256ecdsa=...
            token = params.strip()
            k = _parameters(headers.get("Crypto-Key", ""), "[;,]").get("p256ecdsa", "")
        else:
            raise _Refused(401, "missing or unknown Authorization scheme")
        claims = _verified_claims(token, k)
        if claims.get("aud") != self.origin:
            raise _Refused(401, f"VAPID aud {claims.get('aud')!r} is not {self.origin!r}")
        exp, now = claims.get("exp"), time.time()
        if not isinstance(exp, int) or exp <= now:
            raise _Refused(401, "VAPID token has expired or has no exp")
        if exp > now + MAX_EXP_AHEAD:
            raise _Refused(401, "VAPID exp is more than 24 hours ahead")
        sub = claims.get("sub")
        if not isinstance(sub, str) or not sub.startswith(("mailto:", "https:")):
            raise _Refused(401, "VAPID sub must be a mailto: or https: URI")
        if subscriber.application_server_key not in (None, _b64decode(k)):
            raise _Refused(403, "VAPID key is not the one this subscription was made for")
        return sub

    @staticmethod
    def _check_headers(headers: Mapping[str, str]) -> dict[str, object]:
        ttl = headers.get("TTL", "")
        if not ttl.isdigit():  # also rules out negatives and blanks
            raise _Refused(400, f"TTL header missing or not a non-negative integer: {ttl!r}")
        urgency, topic = headers.get("Urgency"), headers.get("Topic")
        if urgency is not None and urgency not in URGENCIES:
            raise _Refused(400, f"unknown Urgency {urgency!r}")
        if topic is not None and not TOPIC.fullmatch(topic):
            raise _Refused(400, f"Topic {topic!r} is not 1-32 base64url characters")
        return {"ttl": int(ttl), "urgency": urgency, "topic": topic}

    @staticmethod
    def _decrypt(subscriber: _Subscriber, headers: Mapping[str, str], body: bytes) -> bytes:
        if not body:
            return b""  # RFC 8030 allows a push with no payload: the browser gets a data-less event
        if headers.get("Content-Encoding") != "aes128gcm":
            raise _Refused(400, f"Content-Encoding {headers.get('Content-Encoding')!r} is not aes128gcm")
        try:
            return http_ece.decrypt(
                body, private_key=subscriber.private_key, auth_secret=subscriber.auth, version="aes128gcm"
            )
        except (http_ece.ECEException, ValueError, TypeError, struct.error) as exc:
            reason = getattr(exc, "message", None) or repr(exc)  # ECEException leaves args empty
            raise _Refused(400, f"could not decrypt: {reason}") from None


@contextmanager
def running_push_service() -> Iterator[PushService]:
    """Serve a fresh PushService from a background thread with its own event loop, so it works
    whether or not the calling thread already runs a loop (Playwright's sync API does)."""
    service = PushService()
    started: Future[None] = Future()
    stopping: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []

    async def serve() -> None:
        app = web.Application()
        app.router.add_post("/push/{id}", service._handle)
        # No access log: at benchmark rates it would cost more than the handler.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        try:
            site = web.TCPSite(runner, "127.0.0.1", 0)  # port 0: the OS picks, so no race
            await site.start()
            service.origin = f"http://127.0.0.1:{runner.addresses[0][1]}"
            stop = asyncio.Event()
            stopping.append((asyncio.get_running_loop(), stop))
            started.set_result(None)
            await stop.wait()
        finally:
            await runner.cleanup()

    def run() -> None:
        try:
            asyncio.run(serve())  # closes the loop and its executor, so nothing leaks a warning
        finally:
            if not started.done():
                started.set_exception(RuntimeError("the push service did not start"))

    thread = threading.Thread(target=run, name="push-service", daemon=True)
    thread.start()
    started.result(timeout=10)
    try:
        yield service
    finally:
        loop, stop = stopping[0]
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=10)
