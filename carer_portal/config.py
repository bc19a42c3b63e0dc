"""Typed settings, read once from ``CARER_PORTAL_*`` environment variables.

Secrets that are not given are generated on first run into the data folder
(``secrets.json``, mode 0600), so a fresh clone runs with nothing to configure
and nothing secret is ever committed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PREFIX = "CARER_PORTAL_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (_relative_luminance(hex_colour) + 0.05)


def async_database_url(url: str) -> str:
    """Accept plain ``sqlite://`` and ``postgresql://`` URLs and choose our own async driver.

    PostgreSQL runs on asyncpg. SQLite URLs are kept plain: ``carer_portal.db.create_engine``
    runs every SQLite URL on the project's own driver (``carer_portal/sqlite_driver.py``).
    ``sqlite+aiosqlite://``, which this once produced and people may have configured, still
    works: it becomes plain ``sqlite://`` (aiosqlite itself is no longer used or installed).
    """
    if url.startswith("sqlite+aiosqlite://"):
        return "sqlite://" + url.removeprefix("sqlite+aiosqlite://")
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+asyncpg://" + url.removeprefix(plain)
    return url


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    environment: Literal["development", "production", "test"] = "development"
    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str = ""
    base_url: str = "http://127.0.0.1:8000"
    log_level: str = "INFO"

    council_slug: str = "eastbrook"
    council_name: str = "Eastbrook Council"
    service_name: str = "Fostering with Eastbrook"
    service_short_name: str = "Eastbrook Fostering"
    # Header, theme colour and buttons. Must carry white text at WCAG AA contrast.
    brand_colour: str = "#00573f"
    link_colour: str = "#00573f"
    contact_email: str = "fostering@eastbrook.example"
    contact_phone: str = "0300 123 4567"

    demo_mode: bool = False

    # Email. With no SMTP host on a local base URL, emails are written to the data folder and
    # listed at /dev/emails, so a newcomer can click their sign-in link. Anywhere else an SMTP
    # host is required: those emails carry sign-in links.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = Field(default="", repr=False)
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    mail_from: str = "Fostering with Eastbrook <no-reply@eastbrook.example>"

    # Deliver the outbox from inside the web process (the embedded default). In production,
    # turn this off and run `carer-portal worker` processes instead.
    worker_in_process: bool = True
    # Push subscriptions are accepted only for these push services (host suffixes), so the
    # worker cannot be pointed at anything else. Loopback addresses are allowed only while the
    # base URL is local (a developer's machine), never on a deployment.
    push_service_hosts: str = "fcm.googleapis.com,push.services.mozilla.com,push.apple.com,notify.windows.com"

    # Recruitment: the first-response promise, how long stale enquiries keep personal details,
    # how many enquiries one client may send a minute, and the saving per in-house placement.
    first_response_working_days: int = 1
    enquiry_retention_months: int = 12
    enquiry_rate_limit_per_minute: int = 10
    agency_saving_per_placement_gbp: int = 17000

    # Children's needs: a child's latest needs profile is out of date after this many months.
    needs_review_months: int = 6

    # Staff sign in with the council's identity provider (OpenID Connect).
    oidc_discovery_url: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = Field(default="", repr=False)

    session_secret: str = Field(default="", repr=False)
    csrf_secret: str = Field(default="", repr=False)
    token_secret: str = Field(default="", repr=False)

    @field_validator("brand_colour", "link_colour")
    @classmethod
    def _accessible_colour(cls, value: str) -> str:
        if not HEX_COLOUR.match(value):
            raise ValueError("must be a colour like #00573f")
        if contrast_with_white(value) < 4.5:
            raise ValueError(
                f"{value} has a contrast of {contrast_with_white(value):.2f}:1 with white; "
                "WCAG AA needs at least 4.5:1"
            )
        return value.lower()

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError("must be an absolute http(s) URL such as https://fostering.example.gov.uk")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _defaults_and_safety(self) -> Settings:
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{self.data_dir / 'carer_portal.sqlite3'}")
        else:
            object.__setattr__(self, "database_url", async_database_url(self.database_url))
        if self.demo_mode and not self.is_local:
            raise ValueError(
                "demo mode lets anyone sign in as anyone: it cannot run on a public base URL "
                f"({self.base_url}). Unset CARER_PORTAL_DEMO_MODE."
            )
        if not self.smtp_host and not self.is_local:
            raise ValueError(
                f"CARER_PORTAL_SMTP_HOST is not set, and the base URL ({self.base_url}) is not local: "
                "sign-in links go out by email, and without SMTP they would be listed at /dev/emails "
                "for anyone to open. Set CARER_PORTAL_SMTP_HOST (or serve on 127.0.0.1 for development)."
            )
        if self.environment == "production" and not self.smtp_host:
            raise ValueError("production needs CARER_PORTAL_SMTP_HOST: sign-in links go out by email")
        return self

    @property
    def is_local(self) -> bool:
        return (urlsplit(self.base_url).hostname or "") in LOCAL_HOSTS

    @property
    def is_https(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def allows_development_conveniences(self) -> bool:
        """The emails viewer and loopback push endpoints: only on a developer's own machine.

        Decided by the base URL, exactly as demo mode is, never by ``environment`` alone: a
        deployment that forgot to say "production" must not list sign-in links to the world.
        """
        return self.is_local and self.environment != "production"

    @property
    def writes_emails_to_files(self) -> bool:
        return not self.smtp_host and self.allows_development_conveniences

    def is_allowed_push_endpoint(self, endpoint: str) -> bool:
        try:
            parts = urlsplit(endpoint)
            host = (parts.hostname or "").lower()
            parts.port  # noqa: B018 - raises ValueError for a port out of range
        except ValueError:
            return False
        if parts.username is not None or parts.password is not None:
            return False
        if parts.scheme == "http" or host in LOCAL_HOSTS:
            return (
                self.allows_development_conveniences
                and host in LOCAL_HOSTS
                and parts.scheme in {"http", "https"}
            )
        suffixes = [s.strip().lower() for s in self.push_service_hosts.split(",") if s.strip()]
        return parts.scheme == "https" and any(host == s or host.endswith("." + s) for s in suffixes)

    @property
    def staff_sign_in_configured(self) -> bool:
        return bool(self.oidc_discovery_url and self.oidc_client_id)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Read settings from the environment, then fill in generated secrets."""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, object] = {}
        for name in cls.model_fields:
            raw = environ.get(PREFIX + name.upper())
            if raw is not None and raw != "":
                values[name] = raw
        values.update(overrides)
        settings = cls(**values)
        return settings.with_generated_secrets()

    def with_generated_secrets(self) -> Settings:
        missing = [n for n in ("session_secret", "csrf_secret", "token_secret") if not getattr(self, n)]
        if not missing:
            return self
        stored = load_or_create_secrets(self.data_dir)
        return self.model_copy(update={name: stored[name] for name in missing})


def load_or_create_secrets(data_dir: Path) -> dict[str, str]:
    """Secrets generated on first run, kept beside the database, readable by the owner only."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "secrets.json"
    wanted = ("session_secret", "csrf_secret", "token_secret")
    stored: dict[str, str] = {}
    if path.exists():
        stored = json.loads(path.read_text())
    if all(stored.get(name) for name in wanted):
        return stored
    for name in wanted:
        stored.setdefault(name, secrets.token_hex(32))
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(stored, handle, indent=2)
    os.replace(tmp, path)
    return stored
