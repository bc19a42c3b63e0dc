"""POST /notifications/subscriptions refuses anything that is not a usable push subscription.

Whatever arrives (another content type, a body that is not JSON, JSON of the wrong shape, an
endpoint that parsers disagree about, a key that is not a point on P-256), the answer is a
quick 400 (415 for a body that is not JSON at all) with a message, and nothing is stored.
Before, some of these answered 500, a multipart post hung for 20 seconds, and a key off the
curve was stored and then broke every send to that person.
"""

from __future__ import annotations

import base64
import json
import re
import time
from typing import Any

import anyio
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlmodel import select

from carer_portal.notifications.models import PushSubscription
from tests.support.app import run_with_session

URL = "/notifications/subscriptions"
# Long enough for a slow machine, far shorter than the 20 seconds a re-read body used to hang
# behind a real server (in the test client, whose ``timeout=`` does not apply, it hangs for ever).
TIMEOUT = 5.0
GOOD_ENDPOINT = "https://fcm.googleapis.com/fcm/send/dGhpcyBpcyBhIHRlc3Q"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _good_keys() -> dict[str, str]:
    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {"p256dh": _b64(point), "auth": _b64(bytes(range(16)))}


def _good(**changes: Any) -> dict[str, Any]:
    """A subscription as a browser's ``toJSON()`` gives it, with ``changes`` made."""
    subscription: dict[str, Any] = {"endpoint": GOOD_ENDPOINT, "expirationTime": None, "keys": _good_keys()}
    for name, value in changes.items():
        if name in ("p256dh", "auth"):
            subscription["keys"][name] = value
        else:
            subscription[name] = value
    return subscription


def _without(name: str) -> dict[str, Any]:
    subscription = _good()
    if name in ("p256dh", "auth"):
        del subscription["keys"][name]
    else:
        del subscription[name]
    return subscription


VALID_POINT = _good_keys()["p256dh"]

BAD_ENDPOINTS = {
    "unclosed IPv6 bracket": "https://[::1",
    "unclosed IPv6 bracket with path": "https://[::1/push/x",
    "port out of range": "https://fcm.googleapis.com:99999/fcm/send/x",
    "port not a number": "https://fcm.googleapis.com:https/fcm/send/x",
    "port zero": "https://fcm.googleapis.com:0/fcm/send/x",
    "negative port": "https://fcm.googleapis.com:-1/fcm/send/x",
    "backslash before userinfo": "https://evil.com\\@fcm.googleapis.com/",
    "backslash in path": "https://fcm.googleapis.com\\evil.com/x",
    "user name": "https://user@fcm.googleapis.com/x",
    "user name and password": "https://user:secret@fcm.googleapis.com/x",
    "empty userinfo": "https://@fcm.googleapis.com/x",
    "space": "https://fcm.googleapis.com /x",
    "tab": "https://fcm.googleapis.com/\tx",
    "newline": "https://fcm.googleapis.com/x\n",
    "NUL": "https://fcm.googleapis.com/x\x00",
    "DEL": "https://fcm.googleapis.com/x\x7f",
    "non-ASCII host": "https://ｆcm.googleapis.com/x",  # noqa: RUF001 - a fullwidth f, on purpose
    "plain http to a push service": "http://fcm.googleapis.com/fcm/send/x",
    "another scheme": "ftp://fcm.googleapis.com/x",
    "javascript": "javascript:alert(1)",
    "no scheme": "fcm.googleapis.com/fcm/send/x",
    "no host": "https:///fcm/send/x",
    "empty": "",
    "not on the allow-list": "https://internal.eastbrook.example/admin",
    "allow-listed name as a prefix": "https://fcm.googleapis.com.evil.example/x",
    "not a string": 12345,
    "too long": "https://fcm.googleapis.com/" + "a" * 2000,
}

BAD_KEYS = {
    "p256dh off the curve": {"p256dh": _b64(b"\x04" + b"\x01" * 64)},
    "p256dh all zeros": {"p256dh": _b64(b"\x04" + b"\x00" * 64)},
    "p256dh of 64 bytes": {"p256dh": _b64(b"\x04" + b"\x01" * 63)},
    "p256dh of 66 bytes": {"p256dh": _b64(b"\x04" + b"\x01" * 65)},
    "p256dh compressed": {"p256dh": _b64(b"\x02" + base64.urlsafe_b64decode(VALID_POINT + "=")[1:33])},
    "p256dh with a wrong prefix": {"p256dh": _b64(b"\x05" + base64.urlsafe_b64decode(VALID_POINT + "=")[1:])},
    # urlsafe_b64decode drops characters outside the alphabet, so this decoded to a valid key.
    "p256dh with stray characters": {"p256dh": VALID_POINT[:10] + "!*" + VALID_POINT[10:]},
    "p256dh empty": {"p256dh": ""},
    "p256dh not a string": {"p256dh": 7},
    "auth of 15 bytes": {"auth": _b64(bytes(15))},
    "auth of 17 bytes": {"auth": _b64(bytes(17))},
    "auth empty": {"auth": ""},
    "auth not base64url": {"auth": "%%%%%%%%%%%%%%%%%%%%%%"},
}

BAD_JSON = {
    "invalid JSON": "{",
    "truncated JSON": json.dumps(_good())[:-5],
    "empty body": "",
    "null": "null",
    "a list": json.dumps([_good()]),
    "a string": json.dumps("https://fcm.googleapis.com/x"),
    "a number": "42",
    "no keys": json.dumps(_without("keys")),
    "no endpoint": json.dumps(_without("endpoint")),
    "no p256dh": json.dumps(_without("p256dh")),
    "no auth": json.dumps(_without("auth")),
    "keys not an object": json.dumps(_good(keys="p256dh")),
    "keys a list": json.dumps(_good(keys=[VALID_POINT])),
    "not UTF-8": b'{"endpoint": "\xff\xfe"}',
    "deeply nested": "[" * 100_000 + "]" * 100_000,
}


def _token(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/notifications").text
    return re.search(r"x-csrftoken&#34;: &#34;([0-9a-f]+)&#34;", page).group(1)


def _stored(database_url: str) -> list[PushSubscription]:
    async def query(session):  # type: ignore[no-untyped-def]
        return list((await session.exec(select(PushSubscription))).all())

    return run_with_session(database_url, query)


def _send(client, **request: Any):  # type: ignore[no-untyped-def]
    """POST to the subscriptions route, failing with TimeoutError if the app takes longer than
    TIMEOUT: the app is wrapped for this one request, since set_session_data also uses it."""
    app = client.app

    async def app_with_deadline(scope, receive, send):  # type: ignore[no-untyped-def]
        with anyio.fail_after(TIMEOUT):
            await app(scope, receive, send)

    client.app = app_with_deadline
    try:
        return client.post(URL, **request)
    finally:
        client.app = app


def _post(client, content: str | bytes, content_type: str | None = "application/json"):  # type: ignore[no-untyped-def]
    headers = {"x-csrftoken": _token(client)}
    if content_type is not None:
        headers["Content-Type"] = content_type
    return _send(client, content=content, headers=headers)


def _assert_refused(response, started: float, status: int = 400) -> None:  # type: ignore[no-untyped-def]
    assert time.monotonic() - started < TIMEOUT, "the request hung"
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"], "a refusal says what was wrong"


@pytest.mark.parametrize("endpoint", BAD_ENDPOINTS.values(), ids=BAD_ENDPOINTS.keys())
def test_an_endpoint_that_is_not_a_plain_https_address_of_a_push_service_is_refused(
    sign_in_as, database_url, endpoint
) -> None:
    client = sign_in_as("carer")
    started = time.monotonic()
    _assert_refused(_post(client, json.dumps(_good(endpoint=endpoint))), started)
    assert _stored(database_url) == []


@pytest.mark.parametrize("keys", BAD_KEYS.values(), ids=BAD_KEYS.keys())
def test_keys_that_cannot_encrypt_a_message_are_refused(sign_in_as, database_url, keys) -> None:
    client = sign_in_as("carer")
    started = time.monotonic()
    _assert_refused(_post(client, json.dumps(_good(**keys))), started)
    assert _stored(database_url) == []


@pytest.mark.parametrize("body", BAD_JSON.values(), ids=BAD_JSON.keys())
def test_a_body_that_is_not_a_subscription_object_is_refused(sign_in_as, database_url, body) -> None:
    client = sign_in_as("carer")
    started = time.monotonic()
    _assert_refused(_post(client, body), started)
    assert _stored(database_url) == []


def _multipart_with_form_token(client):  # type: ignore[no-untyped-def]
    # The CSRF middleware reads a form body to find _csrf_token: the body is gone by the handler.
    token = _token(client)
    files = {"subscription": ("s.json", json.dumps(_good()), "application/json")}
    return _send(client, data={"_csrf_token": token}, files=files)


def _multipart_with_header_token(client):  # type: ignore[no-untyped-def]
    files = {"subscription": ("s.json", json.dumps(_good()), "application/json")}
    return _send(client, headers={"x-csrftoken": _token(client)}, files=files)


def _urlencoded_with_form_token(client):  # type: ignore[no-untyped-def]
    return _send(client, data={"_csrf_token": _token(client), "endpoint": GOOD_ENDPOINT})


NOT_JSON = {
    "multipart, token in the form": _multipart_with_form_token,
    "multipart, token in the header": _multipart_with_header_token,
    "url-encoded, token in the form": _urlencoded_with_form_token,
    "text/plain": lambda client: _post(client, json.dumps(_good()), "text/plain"),
    "no content type": lambda client: _post(client, json.dumps(_good()), None),
    "a JSON-like type": lambda client: _post(client, json.dumps(_good()), "application/json-patch+json"),
    "octet-stream": lambda client: _post(client, json.dumps(_good()).encode(), "application/octet-stream"),
}


@pytest.mark.parametrize("send", NOT_JSON.values(), ids=NOT_JSON.keys())
def test_a_body_that_is_not_json_is_refused_without_being_read(sign_in_as, database_url, send) -> None:
    client = sign_in_as("carer")
    started = time.monotonic()
    _assert_refused(send(client), started, status=415)
    assert _stored(database_url) == []


JSON_TYPES = ["application/json", "application/json; charset=utf-8", "Application/JSON"]


@pytest.mark.parametrize("content_type", JSON_TYPES)
def test_a_browsers_subscription_is_still_taken(sign_in_as, database_url, content_type) -> None:
    client = sign_in_as("carer")
    subscription = _good()
    response = _post(client, json.dumps(subscription), content_type)
    assert response.status_code == 201, response.text[:500]
    (stored,) = _stored(database_url)
    assert (stored.endpoint, stored.p256dh, stored.auth) == (
        GOOD_ENDPOINT,
        subscription["keys"]["p256dh"],
        subscription["keys"]["auth"],
    )
