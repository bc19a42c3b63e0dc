from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from carer_portal.config import Settings, async_database_url, contrast_with_white


def test_defaults_use_an_sqlite_file_in_the_data_folder(tmp_path: Path) -> None:
    settings = Settings.from_env({}, data_dir=tmp_path)
    assert settings.database_url == f"sqlite:///{tmp_path / 'carer_portal.sqlite3'}"
    assert settings.is_local and not settings.is_https


def test_settings_are_read_from_prefixed_environment_variables(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "CARER_PORTAL_DATA_DIR": str(tmp_path),
            "CARER_PORTAL_COUNCIL_NAME": "Westmere Council",
            "CARER_PORTAL_BRAND_COLOUR": "#1D70B8",
            "CARER_PORTAL_DATABASE_URL": "postgresql://portal@db.internal:5432/portal",
            "UNRELATED": "ignored",
        }
    )
    assert settings.council_name == "Westmere Council"
    assert settings.brand_colour == "#1d70b8"
    assert settings.database_url == "postgresql+asyncpg://portal@db.internal:5432/portal"


def test_missing_secrets_are_generated_once_into_the_data_folder(tmp_path: Path) -> None:
    first = Settings.from_env({}, data_dir=tmp_path)
    second = Settings.from_env({}, data_dir=tmp_path)
    assert len(first.session_secret) == 64 and first.session_secret == second.session_secret
    assert first.csrf_secret != first.session_secret
    secrets_file = tmp_path / "secrets.json"
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    assert set(json.loads(secrets_file.read_text())) == {"session_secret", "csrf_secret", "token_secret"}


def test_secrets_given_in_the_environment_are_not_written_anywhere(tmp_path: Path) -> None:
    Settings.from_env(
        {
            "CARER_PORTAL_SESSION_SECRET": "a" * 64,
            "CARER_PORTAL_CSRF_SECRET": "b" * 64,
            "CARER_PORTAL_TOKEN_SECRET": "c" * 64,
        },
        data_dir=tmp_path,
    )
    assert not (tmp_path / "secrets.json").exists()


def test_secrets_are_not_shown_in_repr(tmp_path: Path) -> None:
    settings = Settings.from_env({}, data_dir=tmp_path)
    assert settings.session_secret not in repr(settings)


@pytest.mark.parametrize("colour", ["#ffdd00", "#00ff00", "green", "#12345"])
def test_brand_colours_must_be_hex_and_readable_under_white_text(tmp_path: Path, colour: str) -> None:
    with pytest.raises(ValidationError):
        Settings.from_env({}, data_dir=tmp_path, brand_colour=colour)


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#1d70b8") == pytest.approx(5.17, abs=0.02)


def test_demo_mode_refuses_a_public_base_url(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="demo mode"):
        Settings.from_env(
            {"CARER_PORTAL_DEMO_MODE": "true", "CARER_PORTAL_BASE_URL": "https://fostering.eastbrook.gov.uk"},
            data_dir=tmp_path,
        )
    assert Settings.from_env({"CARER_PORTAL_DEMO_MODE": "true"}, data_dir=tmp_path).demo_mode


def test_plain_database_urls_get_our_async_drivers() -> None:
    # SQLite URLs stay plain: create_engine runs any of them on carer_portal/sqlite_driver.py.
    assert async_database_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    assert async_database_url("postgres://u@h/db") == "postgresql+asyncpg://u@h/db"


def test_an_aiosqlite_url_configured_before_still_works(tmp_path: Path) -> None:
    assert async_database_url("sqlite+aiosqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    url = f"sqlite+aiosqlite:///{tmp_path / 'portal.sqlite3'}"
    settings = Settings.from_env({"CARER_PORTAL_DATABASE_URL": url}, data_dir=tmp_path)
    assert settings.database_url == f"sqlite:///{tmp_path / 'portal.sqlite3'}" and settings.is_sqlite


PUBLIC_BASE_URLS = [
    "https://fostering.eastbrook.gov.uk",
    "http://203.0.113.7:8000",
    "https://portal.internal",
]


@pytest.mark.parametrize("base_url", PUBLIC_BASE_URLS)
@pytest.mark.parametrize("environment", ["development", "test", "production"])
def test_a_non_local_base_url_without_smtp_refuses_to_start_naming_the_setting(
    tmp_path: Path, base_url: str, environment: str
) -> None:
    with pytest.raises(ValidationError, match="CARER_PORTAL_SMTP_HOST"):
        Settings.from_env(
            {"CARER_PORTAL_BASE_URL": base_url, "CARER_PORTAL_ENVIRONMENT": environment}, data_dir=tmp_path
        )


@pytest.mark.parametrize("base_url", PUBLIC_BASE_URLS)
@pytest.mark.parametrize("environment", ["development", "test", "production"])
def test_development_conveniences_exist_only_on_a_local_base_url(
    tmp_path: Path, base_url: str, environment: str
) -> None:
    """Whatever ``environment`` says: emails to files and loopback push endpoints need 127.0.0.1."""
    deployed = Settings.from_env(
        {}, data_dir=tmp_path, base_url=base_url, environment=environment, smtp_host="smtp.example"
    )
    assert not deployed.allows_development_conveniences and not deployed.writes_emails_to_files
    for endpoint in ("http://127.0.0.1:5000/push/1", "https://localhost/push", "http://[::1]:8080/x"):
        assert not deployed.is_allowed_push_endpoint(endpoint)
    assert deployed.is_allowed_push_endpoint("https://fcm.googleapis.com/fcm/send/abc")


def test_a_local_base_url_keeps_the_development_conveniences(tmp_path: Path) -> None:
    local = Settings.from_env({}, data_dir=tmp_path)
    assert local.writes_emails_to_files
    assert local.is_allowed_push_endpoint("http://127.0.0.1:5000/push/1")
    with_smtp = Settings.from_env({}, data_dir=tmp_path, smtp_host="smtp.example")
    assert not with_smtp.writes_emails_to_files


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://[::1",
        "https://fcm.googleapis.com:99999/x",
        "https://evil.com\\@fcm.googleapis.com/",
        "https://user:pw@fcm.googleapis.com/x",
        "https://fcm.googleapis.com.evil.com/x",
        "http://fcm.googleapis.com/x",
        "ftp://fcm.googleapis.com/x",
    ],
)
def test_push_endpoints_that_are_malformed_or_not_on_the_allow_list_are_refused(
    tmp_path: Path, endpoint: str
) -> None:
    assert not Settings.from_env({}, data_dir=tmp_path).is_allowed_push_endpoint(endpoint)


def test_every_setting_is_read_by_the_portal() -> None:
    """A setting the README documents but no code reads is a promise the portal breaks silently
    (the dashboard once ignored the council's saving figure). Each field must be read as an
    attribute (``settings.x`` or ``self.x``) somewhere in the package."""
    package = Path(__file__).resolve().parents[2] / "carer_portal"
    source = "\n".join(path.read_text() for path in package.rglob("*.py"))
    unread = [name for name in Settings.model_fields if not re.search(rf"\.{name}\b", source)]
    assert unread == []
