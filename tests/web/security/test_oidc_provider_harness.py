"""The OIDC test provider (tests/support/oidc) behaves like the real identity provider staff sign in
with: discovery and JWKS, the authorization code flow with PKCE S256, state and nonce, ID tokens
signed RS256 carrying the email address, and PKCE really required."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.support.oidc import OidcProvider, OidcProviderError, complete_login, running_oidc_provider

REDIRECT_URI = "http://127.0.0.1:9/staff/sign-in/callback"
EMAIL = "ada.lovelace@example.org"


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with running_oidc_provider(REDIRECT_URI) as running:
        yield running


@pytest.fixture(scope="module")
def discovery(provider: OidcProvider) -> dict[str, Any]:
    response = httpx.get(provider.discovery_url)
    assert response.status_code == 200
    return response.json()


def authorization_url(discovery: dict[str, Any], provider: OidcProvider, **params: str) -> str:
    query = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid email profile",
        **params,
    }
    return f"{discovery['authorization_endpoint']}?{urlencode(query)}"


def callback_params(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == REDIRECT_URI
    return {key: values[0] for key, values in parse_qs(parts.query).items()}


def sign_in(
    discovery: dict[str, Any], provider: OidcProvider, verifier: str, email: str = EMAIL
) -> tuple[dict[str, str], str, str]:
    """A full sign-in as ``email``; returns the callback's parameters, our state and our nonce."""
    state = secrets.token_urlsafe(16)
    nonce = secrets.token_urlsafe(16)
    url = authorization_url(
        discovery,
        provider,
        state=state,
        nonce=nonce,
        code_challenge=create_s256_code_challenge(verifier),
        code_challenge_method="S256",
    )
    return callback_params(complete_login(url, email)), state, nonce


def exchange(discovery: dict[str, Any], provider: OidcProvider, code: str, verifier: str) -> httpx.Response:
    return httpx.post(
        discovery["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
        },
        auth=(provider.client_id, provider.client_secret),
    )


def test_discovery_and_jwks(provider: OidcProvider, discovery: dict[str, Any]) -> None:
    assert discovery["issuer"] == provider.issuer
    assert "S256" in discovery["code_challenge_methods_supported"]
    assert "plain" not in discovery["code_challenge_methods_supported"]
    assert "RS256" in discovery["id_token_signing_alg_values_supported"]
    assert {"openid", "email", "profile"} <= set(discovery["scopes_supported"])
    jwks = httpx.get(discovery["jwks_uri"]).json()
    assert any(key["kty"] == "RSA" for key in jwks["keys"])
    assert all("d" not in key for key in jwks["keys"])  # public keys only


def test_code_flow_with_pkce_state_and_nonce(provider: OidcProvider, discovery: dict[str, Any]) -> None:
    verifier = secrets.token_urlsafe(48)
    params, state, nonce = sign_in(discovery, provider, verifier)
    assert "error" not in params
    assert params["state"] == state
    assert params["iss"] == provider.issuer
    assert params["code"]

    response = exchange(discovery, provider, params["code"], verifier)
    assert response.status_code == 200, response.text
    tokens = response.json()
    assert tokens["token_type"].lower() == "bearer"

    keys = KeySet.import_key_set(httpx.get(discovery["jwks_uri"]).json())
    id_token = jwt.decode(tokens["id_token"], keys, algorithms=["RS256"])
    assert id_token.header["alg"] == "RS256"
    claims = id_token.claims
    assert claims["nonce"] == nonce
    assert claims["aud"] == provider.client_id
    assert claims["iss"] == provider.issuer
    assert claims["email"] == EMAIL
    assert claims["email_verified"] is True
    assert claims["name"] == "ada.lovelace"
    assert claims["sub"].startswith("staff-")
    assert EMAIL not in claims["sub"]
    jwt.JWTClaimsRegistry(exp={"essential": True}, iat={"essential": True}).validate(claims)

    # The authorization code is single use.
    again = exchange(discovery, provider, params["code"], verifier)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_each_person_has_a_stable_subject(provider: OidcProvider, discovery: dict[str, Any]) -> None:
    keys = KeySet.import_key_set(httpx.get(discovery["jwks_uri"]).json())

    def subject(email: str) -> str:
        verifier = secrets.token_urlsafe(48)
        params, _state, _nonce = sign_in(discovery, provider, verifier, email)
        tokens = exchange(discovery, provider, params["code"], verifier).json()
        return jwt.decode(tokens["id_token"], keys, algorithms=["RS256"]).claims["sub"]

    assert subject(EMAIL) == subject(EMAIL)
    assert subject(EMAIL) != subject("grace.hopper@example.org")


def test_a_wrong_code_verifier_is_refused(provider: OidcProvider, discovery: dict[str, Any]) -> None:
    params, _state, _nonce = sign_in(discovery, provider, secrets.token_urlsafe(48))
    response = exchange(discovery, provider, params["code"], secrets.token_urlsafe(48))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


@pytest.mark.parametrize(
    "pkce",
    [
        pytest.param({}, id="no-code-challenge"),
        pytest.param({"code_challenge": "x" * 43, "code_challenge_method": "plain"}, id="plain-method"),
    ],
)
def test_pkce_s256_is_required(
    provider: OidcProvider, discovery: dict[str, Any], pkce: dict[str, str]
) -> None:
    url = authorization_url(discovery, provider, state="s-1", nonce="n-1", **pkce)
    params = callback_params(complete_login(url, EMAIL))
    assert params["error"] == "invalid_request"
    assert params["state"] == "s-1"
    assert "code" not in params


def test_client_secret_post_works_too(provider: OidcProvider, discovery: dict[str, Any]) -> None:
    """oidc-provider accepts client_secret_basic and client_secret_post alike for a secret client."""
    verifier = secrets.token_urlsafe(48)
    params, _state, _nonce = sign_in(discovery, provider, verifier)
    response = httpx.post(
        discovery["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": params["code"],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
        },
    )
    assert response.status_code == 200, response.text
    assert "id_token" in response.json()


def test_a_wrong_client_secret_is_refused(provider: OidcProvider, discovery: dict[str, Any]) -> None:
    verifier = secrets.token_urlsafe(48)
    params, _state, _nonce = sign_in(discovery, provider, verifier)
    response = httpx.post(
        discovery["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": params["code"],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
        },
        auth=(provider.client_id, "not-the-secret"),
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_an_unregistered_redirect_uri_is_an_error_page(
    provider: OidcProvider, discovery: dict[str, Any]
) -> None:
    url = authorization_url(discovery, provider, state="s-1", nonce="n-1")
    url = url.replace("staff%2Fsign-in%2Fcallback", "somewhere-else")
    with pytest.raises(OidcProviderError, match="redirect_uri did not match"):
        complete_login(url, EMAIL)
