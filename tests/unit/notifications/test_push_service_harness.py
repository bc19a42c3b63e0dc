"""The local push service used by notification tests, checked against a real sender (pywebpush):
it accepts and decrypts what a real push service would accept, refuses the rest, and plays back
scripted answers."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from tests.support.push_service import PushService, running_push_service

HEADERS = {"Urgency": "normal", "Topic": "test"}


@pytest.fixture(scope="module")
def vapid() -> Vapid:
    key = Vapid()
    key.generate_keys()
    return key


@pytest.fixture
def service() -> Iterator[PushService]:
    with running_push_service() as service:
        yield service


def send(subscription: dict, data: str, vapid: Vapid, **overrides: Any) -> Any:
    # A fresh claims dict every time: webpush writes aud and exp into the one it is given.
    arguments: dict[str, Any] = {
        "vapid_private_key": vapid,
        "vapid_claims": {"sub": "mailto:test@example.com"},
        "ttl": 60,
        "headers": HEADERS,
        "timeout": 10,
    }
    return webpush(subscription, data, **{**arguments, **overrides})


def refused(subscription: dict, data: str, vapid: Vapid, **overrides: Any) -> WebPushException:
    with pytest.raises(WebPushException) as caught:
        send(subscription, data, vapid, **overrides)
    return caught.value


def public_key(vapid: Vapid) -> str:
    raw = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_a_message_is_accepted_and_decrypted_as_the_device_would(service: PushService, vapid: Vapid) -> None:
    subscription = service.new_subscription("carer's phone")

    response = send(subscription, '{"title": "Visit tomorrow"}', vapid)

    assert response.status_code == 201
    assert response.headers["Location"].startswith(service.origin)
    [push] = service.received
    assert push.payload == b'{"title": "Visit tomorrow"}'
    assert (push.ttl, push.urgency, push.topic) == (60, "normal", "test")
    assert (push.vapid_sub, push.label, push.error) == ("mailto:test@example.com", "carer's phone", None)
    assert service.payloads_for(subscription) == [b'{"title": "Visit tomorrow"}']
    assert service.accepted_count == 1


def test_a_token_signed_by_a_different_key_than_k_is_refused(service: PushService, vapid: Vapid) -> None:
    subscription = service.new_subscription()
    other = Vapid()
    other.generate_keys()
    claims = {"sub": "mailto:test@example.com", "aud": service.origin}
    token = vapid.sign(claims)["Authorization"].split("t=", 1)[1].split(",")[0]
    forged = {**HEADERS, "Authorization": f"vapid t={token}, k={public_key(other)}"}

    error = refused(subscription, "hello", vapid, vapid_claims=None, headers=forged)

    assert error.response.status_code == 401
    [push] = service.received
    assert push.payload is None
    assert "signature" in (push.error or "")


def test_a_token_for_another_origin_is_refused(service: PushService, vapid: Vapid) -> None:
    subscription = service.new_subscription()
    claims = {"sub": "mailto:test@example.com", "aud": "https://fcm.googleapis.com"}

    error = refused(subscription, "hello", vapid, vapid_claims=claims)

    assert error.response.status_code == 401
    assert "aud" in (service.received[0].error or "")


def test_a_subscription_bound_to_another_application_server_key_refuses(
    service: PushService, vapid: Vapid
) -> None:
    other = Vapid()
    other.generate_keys()
    subscription = service.new_subscription(application_server_key=public_key(other))

    assert refused(subscription, "hello", vapid).response.status_code == 403
    assert send(subscription, "hello", other).status_code == 201


def test_a_scripted_410_is_answered_once_then_messages_are_accepted(
    service: PushService, vapid: Vapid
) -> None:
    subscription = service.new_subscription()
    service.script(subscription, [410])

    assert refused(subscription, "first", vapid).response.status_code == 410
    assert send(subscription, "second", vapid).status_code == 201

    assert [push.status for push in service.received] == [410, 201]
    assert service.received[0].payload == b"first"  # checked and decrypted before answering
    assert service.payloads_for(subscription) == [b"second"]


def test_a_scripted_429_tells_the_sender_when_to_retry(service: PushService, vapid: Vapid) -> None:
    subscription = service.new_subscription()
    service.script(subscription["endpoint"], [(429, {"Retry-After": "7"})])

    error = refused(subscription, "hello", vapid)

    assert error.response.status_code == 429
    assert error.response.headers["Retry-After"] == "7"
    assert service.accepted_count == 0


def test_a_scripted_500(service: PushService, vapid: Vapid) -> None:
    subscription = service.new_subscription()
    service.script(subscription, [500])

    assert refused(subscription, "hello", vapid).response.status_code == 500
    assert service.payloads_for(subscription) == []


def test_an_unknown_subscription_is_404(service: PushService, vapid: Vapid) -> None:
    subscription = service.new_subscription()
    gone = {**subscription, "endpoint": f"{service.origin}/push/no-such-id"}

    assert refused(gone, "hello", vapid).response.status_code == 404
    [push] = service.received
    assert (push.subscription_id, push.status) == ("no-such-id", 404)


def test_a_body_over_4096_bytes_is_too_large(service: PushService, vapid: Vapid) -> None:
    subscription = service.new_subscription()

    # 86 bytes of aes128gcm header and 17 of delimiter and tag leave room for 3993 bytes of payload.
    assert send(subscription, "x" * 3993, vapid).status_code == 201
    assert refused(subscription, "x" * 3994, vapid).response.status_code == 413


def test_many_concurrent_messages_are_all_decrypted(service: PushService, vapid: Vapid) -> None:
    subscriptions = [service.new_subscription(f"device {n}") for n in range(10)]
    messages = [(subscriptions[n % 10], f"message {n}") for n in range(200)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda message: send(*message, vapid).status_code, messages))

    assert statuses == [201] * 200
    assert len(service.wait_for(200)) == 200
    assert sorted(service.payloads_for(subscriptions[3])) == sorted(
        f"message {n}".encode() for n in range(3, 200, 10)
    )
    assert {push.payload for push in service.received} == {data.encode() for _, data in messages}


def test_a_reused_token_is_still_checked_against_the_key_and_the_clock(
    service: PushService, vapid: Vapid, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service remembers a signature it has verified (senders reuse one token for hours), but
    only for that exact token and key: a forgery still fails, and a remembered token expires."""
    import tests.support.push_service as push_service

    subscription = service.new_subscription()
    claims = {"sub": "mailto:test@example.com", "aud": service.origin, "exp": int(time.time()) + 600}
    signed = vapid.sign(claims)
    token = signed["Authorization"].split("t=", 1)[1].split(",")[0]
    reused = {**HEADERS, **signed}
    responses = [send(subscription, m, vapid, vapid_claims=None, headers=reused) for m in ("m0", "m1", "m2")]
    statuses = [response.status_code for response in responses]
    assert statuses == [201] * 3

    other = Vapid()
    other.generate_keys()
    wrong_key = {**HEADERS, "Authorization": f"vapid t={token}, k={public_key(other)}"}
    assert refused(subscription, "x", vapid, vapid_claims=None, headers=wrong_key).response.status_code == 401
    header_b64, claims_b64, signature = token.split(".")
    flipped = "A" if signature[10] != "A" else "B"  # a character in the middle: all its bits count
    tampered_signature = signature[:10] + flipped + signature[11:]
    tampered_token = f"{header_b64}.{claims_b64}.{tampered_signature}"
    tampered = {**HEADERS, "Authorization": f"vapid t={tampered_token}, k={public_key(vapid)}"}
    assert refused(subscription, "x", vapid, vapid_claims=None, headers=tampered).response.status_code == 401

    later = time.time() + 601
    monkeypatch.setattr(push_service, "time", SimpleNamespace(time=lambda: later))
    assert refused(subscription, "late", vapid, vapid_claims=None, headers=reused).response.status_code == 401
    assert "expired" in (service.received[-1].error or "")
    assert service.payloads_for(subscription) == [b"m0", b"m1", b"m2"]
