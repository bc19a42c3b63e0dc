"""A real OpenID Connect provider on 127.0.0.1 for tests, and a scripted person signing in at it.

``running_oidc_provider`` starts node's ``oidc-provider`` (``provider.mjs`` next to this file, a
devDependency in package.json) with one confidential client registered for the given redirect URI:
authorization code flow only, PKCE S256 required, ``openid email profile``, RS256 ID tokens carrying
``email``, ``email_verified`` and ``name``. The client authenticates at the token endpoint with
``client_secret_basic`` (HTTP Basic); ``client_secret_post`` is refused.

``complete_login`` plays the person at the provider's development login form: any login name is
accepted and becomes the account's email address (``sub`` is ``staff-`` plus a hash of it).

    with running_oidc_provider("http://127.0.0.1:8000/staff/callback") as provider:
        # point the app's OIDC settings at provider.discovery_url / client_id / client_secret,
        # then take the authorization URL the app redirects a browser to:
        callback_url = complete_login(authorization_url, "ada@example.org")
        # callback_url is the redirect URI with ?code=...&state=...&iss=...; GET it at the app.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
from bs4 import BeautifulSoup, Tag

from tests.support.processes import free_port

PROJECT_ROOT = Path(__file__).resolve().parents[3]
PROVIDER_SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "carer-portal-test"
PORT_ATTEMPTS = 3
STARTUP_TIMEOUT = 20.0


@dataclass(frozen=True)
class OidcProvider:
    issuer: str
    discovery_url: str
    client_id: str
    client_secret: str


class OidcProviderError(RuntimeError):
    """The provider did not start, or the sign-in did not reach the redirect URI."""


@contextmanager
def running_oidc_provider(redirect_uri: str) -> Iterator[OidcProvider]:
    node = shutil.which("node")
    if node is None:
        raise OidcProviderError("node is not on PATH; the OIDC test provider needs Node.js")
    if not (PROJECT_ROOT / "node_modules" / "oidc-provider").is_dir():
        raise OidcProviderError("node_modules/oidc-provider is missing: run `npm ci` in the project root")
    client_secret = secrets.token_urlsafe(32)
    # The port is chosen before the provider binds it (its issuer URL names it), so another
    # process may take it in between: then the provider exits with EADDRINUSE and we try again.
    for attempt in range(PORT_ATTEMPTS):
        port = free_port()
        issuer = f"http://127.0.0.1:{port}"
        process, output, reader, ready = _start_provider(node, port, client_secret, redirect_uri)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not ready.wait(0.05) and process.poll() is None and time.monotonic() < deadline:
            pass
        if ready.is_set():
            break
        _stop(process, reader)
        if "EADDRINUSE" in "".join(output) and attempt < PORT_ATTEMPTS - 1:
            continue
        raise OidcProviderError(
            f"the OIDC test provider did not print READY within {STARTUP_TIMEOUT:.0f} s "
            f"(exit code {process.poll()}):\n" + "".join(output)
        )
    try:
        yield OidcProvider(
            issuer=issuer,
            discovery_url=f"{issuer}/.well-known/openid-configuration",
            client_id=CLIENT_ID,
            client_secret=client_secret,
        )
    finally:
        _stop(process, reader)


def _start_provider(node: str, port: int, client_secret: str, redirect_uri: str):  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": client_secret,
        "OIDC_REDIRECT_URI": redirect_uri,
        "NO_COLOR": "1",
    }
    process = subprocess.Popen(  # noqa: S603 - our own provider script, run by node
        [node, str(PROVIDER_SCRIPT)],
        cwd=PROJECT_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    output: list[str] = []
    ready = threading.Event()

    def read_output() -> None:
        # Keep draining for the process's whole life so that its pipe never fills up.
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            if line.strip() == "READY":
                ready.set()

    reader = threading.Thread(target=read_output, name="oidc-provider-output", daemon=True)
    reader.start()
    return process, output, reader, ready


def _stop(process: subprocess.Popen, reader: threading.Thread) -> None:  # type: ignore[type-arg]
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    reader.join(timeout=10)
    if process.stdout is not None:
        process.stdout.close()


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def _form_data(form: Tag) -> dict[str, str]:
    data: dict[str, str] = {}
    for field in form.find_all(["input", "button", "select", "textarea"]):
        name = field.get("name")
        if not name:
            continue
        if field.name == "button" or field.get("type") in ("submit", "button", "image", "reset"):
            continue
        data[name] = field.get("value", "")
    return data


def complete_login(authorization_url: str, email: str, *, max_steps: int = 20) -> str:
    """Sign in as ``email`` at the provider and return the URL it redirects back to the client with.

    Starting at ``authorization_url``, follows redirects while they stay on the provider's origin,
    fills in the login form (login name ``email``, any password) and the consent form if one is
    shown. Returns the first redirect ``Location`` leaving the provider's origin, normally the
    client's redirect URI with ``code`` and ``state`` (or ``error``), without requesting it.
    Raises ``OidcProviderError`` if the provider shows an error page or anything unexpected.
    """
    provider_origin = _origin(authorization_url)
    with httpx.Client(follow_redirects=False, timeout=10) as client:
        response = client.get(authorization_url)
        for _ in range(max_steps):
            if response.is_redirect:
                location = urljoin(str(response.url), response.headers["location"])
                if _origin(location) != provider_origin:
                    return location
                response = client.get(location)
                continue
            if response.status_code != 200:
                raise OidcProviderError(
                    f"the provider answered {response.status_code} at {response.url}:\n{response.text}"
                )
            soup = BeautifulSoup(response.text, "html5lib")
            forms = [
                form
                for form in soup.find_all("form")
                if (form.get("method") or "get").lower() == "post"
                and form.find("input", attrs={"name": "prompt"}) is not None
            ]
            if not forms:
                raise OidcProviderError(
                    f"the provider showed an unexpected page at {response.url}:\n{response.text}"
                )
            form = forms[0]
            data = _form_data(form)
            prompt = data.get("prompt")
            if prompt == "login":
                data["login"] = email
                for field in form.find_all("input", attrs={"type": "password"}):
                    if field.get("name"):
                        data[field["name"]] = "any-password"
            elif prompt != "consent":
                raise OidcProviderError(f"unknown interaction prompt {prompt!r} at {response.url}")
            action = urljoin(str(response.url), form.get("action") or str(response.url))
            response = client.post(action, data=data)
    raise OidcProviderError(f"the sign-in did not leave the provider within {max_steps} steps")
