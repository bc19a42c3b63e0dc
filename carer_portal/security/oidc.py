"""Staff sign-in with the council's identity provider: OpenID Connect, code flow, PKCE (S256).

Authlib makes the authorization URL and exchanges the code; joserfc checks the ID token:
signature against the provider's JWKS (fetched again when an unknown key id appears, as
happens when a provider rotates keys), then issuer, audience, expiry and our nonce.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from carer_portal.config import Settings

if TYPE_CHECKING:
    import httpx2 as httpx
    from authlib.integrations.httpx_client import AsyncOAuth2Client

# Authlib's client and httpx are imported when a member of staff first signs in: about 13 MB
# that a web process serving the public, carers and sessions already made never needs.

METADATA_TTL_SECONDS = 3600
ALGORITHMS = ["RS256", "ES256", "PS256"]


class OidcError(Exception):
    """Sign-in with the identity provider did not complete; the person may try again."""


@dataclass(frozen=True)
class PendingSignIn:
    """What we keep in the session between sending someone to the provider and their return."""

    state: str
    nonce: str
    code_verifier: str

    def as_session(self) -> dict[str, str]:
        return {"state": self.state, "nonce": self.nonce, "verifier": self.code_verifier}

    @classmethod
    def from_session(cls, value: object) -> PendingSignIn | None:
        if not isinstance(value, dict):
            return None
        try:
            return cls(state=value["state"], nonce=value["nonce"], code_verifier=value["verifier"])
        except KeyError:
            return None


def validate_id_token(
    id_token: str, *, keys: KeySet, issuer: str, client_id: str, nonce: str, now: int | None = None
) -> dict[str, Any]:
    """The ID token's claims, only if every check passes; raises OidcError otherwise."""
    try:
        token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
        claims = dict(token.claims)
        jwt.JWTClaimsRegistry(
            now=now if now is not None else int(time.time()),
            iss={"essential": True, "value": issuer},
            aud={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
            sub={"essential": True},
            nonce={"essential": True, "value": nonce},
        ).validate(claims)
    except InvalidKeyIdError:
        raise
    except (JoseError, ValueError, TypeError) as error:
        raise OidcError(f"ID token refused: {type(error).__name__}") from error
    audience = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if client_id not in audience:
        raise OidcError("ID token refused: it was issued for another application")
    if len(audience) > 1 and claims.get("azp") != client_id:
        raise OidcError("ID token refused: authorised party is not this application")
    return claims


class OidcClient:
    """One per app. Caches the provider's metadata and keys; holds no per-person state."""

    def __init__(self, settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        self.redirect_uri = f"{settings.base_url}/staff/sign-in/callback"
        self._transport = transport
        self._metadata: dict[str, Any] | None = None
        self._metadata_at = 0.0
        self._keys: KeySet | None = None

    def _http(self) -> httpx.AsyncClient:
        import httpx2 as httpx  # deferred, a heavy library: see the note at the top

        return httpx.AsyncClient(timeout=10, transport=self._transport)

    def _oauth(self) -> AsyncOAuth2Client:
        # Deferred, a heavy library: see the note at the top.
        from authlib.integrations.httpx_client import AsyncOAuth2Client

        return AsyncOAuth2Client(
            client_id=self.settings.oidc_client_id,
            client_secret=self.settings.oidc_client_secret,
            scope="openid email profile",
            redirect_uri=self.redirect_uri,
            code_challenge_method="S256",
            timeout=10,
            transport=self._transport,
        )

    async def metadata(self) -> dict[str, Any]:
        import httpx2 as httpx  # deferred, a heavy library: see the note at the top

        if self._metadata is None or time.monotonic() - self._metadata_at > METADATA_TTL_SECONDS:
            try:
                async with self._http() as http:
                    response = await http.get(self.settings.oidc_discovery_url)
                    response.raise_for_status()
                    self._metadata = response.json()
                    self._metadata_at = time.monotonic()
            except (httpx.HTTPError, ValueError) as error:
                raise OidcError("the identity provider could not be reached") from error
        return self._metadata

    async def keys(self, *, refresh: bool = False) -> KeySet:
        import httpx2 as httpx  # deferred, a heavy library: see the note at the top

        if self._keys is None or refresh:
            metadata = await self.metadata()
            try:
                async with self._http() as http:
                    response = await http.get(metadata["jwks_uri"])
                    response.raise_for_status()
                    self._keys = KeySet.import_key_set(response.json())
            except (httpx.HTTPError, ValueError, KeyError, JoseError) as error:
                raise OidcError("the identity provider's keys could not be read") from error
        return self._keys

    async def start(self) -> tuple[str, PendingSignIn]:
        """The provider URL to send the person to, and what to remember until they return."""
        metadata = await self.metadata()
        pending = PendingSignIn(
            state=secrets.token_urlsafe(32),
            nonce=secrets.token_urlsafe(32),
            code_verifier=secrets.token_urlsafe(64),
        )
        async with self._oauth() as client:
            url, _ = client.create_authorization_url(
                metadata["authorization_endpoint"],
                state=pending.state,
                nonce=pending.nonce,
                code_verifier=pending.code_verifier,
            )
        return url, pending

    async def finish(self, *, callback_url: str, state: str, pending: PendingSignIn) -> dict[str, Any]:
        """Exchange the code (with the PKCE verifier) and return the checked ID token's claims."""
        if not secrets.compare_digest(state, pending.state):
            raise OidcError("the sign-in did not match the one we started")
        metadata = await self.metadata()
        try:
            async with self._oauth() as client:
                token = await client.fetch_token(
                    metadata["token_endpoint"],
                    authorization_response=callback_url,
                    code_verifier=pending.code_verifier,
                    state=pending.state,
                )
        except Exception as error:
            raise OidcError(f"the identity provider refused the sign-in: {type(error).__name__}") from error
        id_token = token.get("id_token")
        if not id_token:
            raise OidcError("the identity provider sent no ID token")
        check = {
            "issuer": metadata["issuer"],
            "client_id": self.settings.oidc_client_id,
            "nonce": pending.nonce,
        }
        try:
            return validate_id_token(id_token, keys=await self.keys(), **check)
        except InvalidKeyIdError:
            # A key we have not seen: the provider may have rotated its keys. Fetch them once more.
            try:
                return validate_id_token(id_token, keys=await self.keys(refresh=True), **check)
            except InvalidKeyIdError as error:
                raise OidcError("ID token refused: signed with an unknown key") from error
