"""ID tokens from the council's identity provider: only a token that passes every check is used."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx2
import pytest
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError
from joserfc.jwk import KeySet, RSAKey

from carer_portal.config import Settings
from carer_portal.security.oidc import OidcClient, OidcError, PendingSignIn, validate_id_token

ISSUER = "https://login.eastbrook.example"
CLIENT = "carer-portal"
NONCE = "n-0S6_WzA2Mj"


@pytest.fixture(scope="module")
def key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig"}, private=True)


def _claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "staff-1",
        "iat": now,
        "exp": now + 300,
        "nonce": NONCE,
        "email": "ssw@eastbrook.example",
        "email_verified": True,
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _token(key: RSAKey, **changes: Any) -> str:
    return jwt.encode({"alg": "RS256", "kid": key.kid}, _claims(**changes), key)


def _check(token: str, key: RSAKey) -> dict[str, Any]:
    return validate_id_token(token, keys=KeySet([key]), issuer=ISSUER, client_id=CLIENT, nonce=NONCE)


def test_a_good_token_gives_its_claims(key: RSAKey) -> None:
    assert _check(_token(key), key)["email"] == "ssw@eastbrook.example"


@pytest.mark.parametrize(
    "changes",
    [
        {"iss": "https://evil.example"},
        {"aud": "another-app"},
        {"aud": [CLIENT, "another-app"]},  # several audiences and no azp naming us
        {"exp": int(time.time()) - 60},
        {"nonce": "replayed-nonce"},
        {"nonce": None},
        {"sub": None},
        {"exp": None},
    ],
    ids=[
        "wrong issuer",
        "wrong audience",
        "unauthorised party",
        "expired",
        "wrong nonce",
        "no nonce",
        "no subject",
        "no expiry",
    ],
)
def test_tokens_failing_a_check_are_refused(key: RSAKey, changes: dict[str, Any]) -> None:
    with pytest.raises(OidcError):
        _check(_token(key, **changes), key)


def test_a_tampered_token_is_refused(key: RSAKey) -> None:
    header, _payload, signature = _token(key).split(".")
    forged = jwt.encode({"alg": "RS256"}, _claims(email="admin@eastbrook.example"), key).split(".")[1]
    with pytest.raises(OidcError):
        _check(f"{header}.{forged}.{signature}", key)


def test_an_unsigned_token_is_refused(key: RSAKey) -> None:
    from joserfc.jwk import OctKey

    hmac_key = OctKey.import_key(b"x" * 32)
    with pytest.raises(OidcError):
        _check(jwt.encode({"alg": "HS256"}, _claims(), hmac_key), key)


def test_a_token_from_a_key_we_have_not_seen_asks_for_the_keys_again(key: RSAKey) -> None:
    other = RSAKey.generate_key(2048, parameters={"kid": "key-2"}, private=True)
    with pytest.raises(InvalidKeyIdError):
        _check(_token(other), key)


def test_the_client_fetches_the_keys_again_when_the_provider_rotates_them(key: RSAKey, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rotated = RSAKey.generate_key(2048, parameters={"kid": "key-2", "use": "sig"}, private=True)
    jwks_served = [KeySet([key]), KeySet([rotated])]
    jwks_requests = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        if request.url.path == "/.well-known/openid-configuration":
            return httpx2.Response(
                200,
                json={
                    "issuer": ISSUER,
                    "authorization_endpoint": f"{ISSUER}/auth",
                    "token_endpoint": f"{ISSUER}/token",
                    "jwks_uri": f"{ISSUER}/jwks",
                },
            )
        if request.url.path == "/jwks":
            body = jwks_served[min(len(jwks_requests), 1)].as_dict(private=False)
            jwks_requests.append(body)
            return httpx2.Response(200, json=body)
        if request.url.path == "/token":
            return httpx2.Response(
                200, json={"access_token": "a", "token_type": "Bearer", "id_token": _token(rotated)}
            )
        return httpx2.Response(404)

    settings = Settings.from_env(
        {},
        data_dir=tmp_path,
        oidc_discovery_url=f"{ISSUER}/.well-known/openid-configuration",
        oidc_client_id=CLIENT,
        oidc_client_secret="s",
    )
    client = OidcClient(settings, transport=httpx2.MockTransport(handler))

    async def flow() -> dict[str, Any]:
        await client.keys()  # cached: the old key only
        pending = PendingSignIn(state="st", nonce=NONCE, code_verifier="v" * 64)
        return await client.finish(
            callback_url=f"{client.redirect_uri}?code=c&state=st", state="st", pending=pending
        )

    assert asyncio.run(flow())["sub"] == "staff-1"
    assert len(jwks_requests) == 2
    # What the provider published is public only: no RSA private members in any key.
    private_members = {"d", "p", "q", "dp", "dq", "qi", "oth"}
    for served in jwks_requests:
        assert served["keys"] and all(private_members.isdisjoint(k) for k in served["keys"])
    assert [k["kid"] for k in jwks_requests[1]["keys"]] == ["key-2"]
