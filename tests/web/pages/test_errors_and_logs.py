from __future__ import annotations

import logging

import pytest
from alembic import command
from litestar import Litestar, get
from litestar.exceptions import TooManyRequestsException
from litestar.testing import TestClient

from carer_portal.logging import JsonFormatter, ReadableFormatter
from carer_portal.migrate import alembic_config
from carer_portal.security.guards import PUBLIC
from tests.support.pages import check_page


@get("/test-only/busy", opt=PUBLIC)
async def busy() -> None:
    raise TooManyRequestsException(headers={"Retry-After": "60"})


SECRET_DETAILS = ("sam@example.com", "Tallulah Quillfeather", "secret-sign-in-token")


@get("/test-only/broken", opt=PUBLIC)
async def broken() -> None:
    # Built at run time, as a real error's message is: the traceback's source lines must not
    # be what carries (or hides) the details.
    try:
        raise ValueError(" ".join(("token", SECRET_DETAILS[2], "for", SECRET_DETAILS[1])))
    except ValueError as cause:
        raise RuntimeError(f"the database said: {SECRET_DETAILS[0]} already exists") from cause


@pytest.fixture
def failing_client(app: Litestar):  # type: ignore[no-untyped-def]
    app.register(busy)
    app.register(broken)
    with TestClient(app) as client:
        yield client


def test_too_many_requests_gets_the_429_page_and_keeps_retry_after(failing_client) -> None:
    response = failing_client.get("/test-only/busy")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "60"
    soup = check_page(response.text)
    assert soup.h1.get_text(strip=True) == "Too many attempts"


def test_an_unexpected_error_gets_the_500_page_and_logs_no_personal_data(failing_client, caplog) -> None:
    with caplog.at_level(logging.INFO):
        response = failing_client.get("/test-only/broken")
    assert response.status_code == 500
    soup = check_page(response.text)
    assert soup.h1.get_text(strip=True) == "Sorry, there is a problem with the service"
    assert "sam@example.com" not in response.text
    error = next(r for r in caplog.records if r.name == "carer_portal.errors")
    assert error.getMessage() == "unhandled error" and error.error == "RuntimeError"


@pytest.mark.parametrize(
    "formatter", [JsonFormatter(), ReadableFormatter()], ids=["production", "development"]
)
def test_an_unexpected_error_is_logged_where_it_happened_never_what_it_said(
    failing_client, caplog, formatter
) -> None:  # type: ignore[no-untyped-def]
    """Formatted exactly as the process's log handler formats it: the line that reaches the disk."""
    with caplog.at_level(logging.INFO):
        failing_client.get("/test-only/broken")
    lines = "\n".join(formatter.format(record) for record in caplog.records)
    assert "RuntimeError" in lines and "ValueError" in lines
    assert "test_errors_and_logs.py" in lines  # where it happened is kept
    for detail in SECRET_DETAILS:
        assert detail not in lines


def test_request_logs_carry_the_route_pattern_never_the_query_string(client, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="carer_portal.request"):
        client.get("/privacy?email=sam@example.com&token=secret-sign-in-token")
    (record,) = [r for r in caplog.records if r.name == "carer_portal.request"]
    assert (record.method, record.route, record.status) == ("GET", "/privacy", 200)
    assert "sam@example.com" not in str(record.__dict__) and "secret-sign-in-token" not in str(
        record.__dict__
    )


def test_readyz_is_not_ready_until_migrations_have_run(app: Litestar, database_url: str) -> None:
    command.downgrade(alembic_config(database_url), "base")
    with TestClient(app) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "migrations pending"


def _logged(caplog) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    return [(r.method, r.route, r.status) for r in caplog.records if r.name == "carer_portal.request"]


@pytest.mark.parametrize(
    ("method", "path", "data", "route"),
    [
        ("GET", "/privacy", None, "/privacy"),
        ("GET", "/no-such-page/at-all", None, "(unmatched)"),  # scanning must show in the log
        ("GET", "/sign-out", None, "(unmatched)"),  # 405: POST only, refused by the router
        ("POST", "/sign-in", {"email": "sam@example.com"}, "/sign-in"),  # 403: no CSRF token
        ("GET", "/test-only/busy", None, "/test-only/busy"),  # 429
        ("GET", "/test-only/broken", None, "/test-only/broken"),  # 500
        ("GET", "/stories/a%00b", None, "/stories/{slug}"),  # 400: a NUL in the path
    ],
)
def test_every_request_is_logged_once_with_the_status_actually_sent(
    failing_client,
    caplog,
    method: str,
    path: str,
    data,
    route: str,  # type: ignore[no-untyped-def]
) -> None:
    with caplog.at_level(logging.INFO, logger="carer_portal.request"):
        response = failing_client.request(method, path, data=data)
    assert response.status_code >= 200
    assert _logged(caplog) == [(method, route, response.status_code)]


def test_rate_limited_sign_ins_are_logged_with_the_429_they_got(client, caplog) -> None:  # type: ignore[no-untyped-def]
    from tests.support.csrf import csrf_token

    token = csrf_token(client)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="carer_portal.request"):
        statuses = [
            client.post(
                "/sign-in", data={"email": f"p{i}@example.com", "_csrf_token": token}, follow_redirects=False
            ).status_code
            for i in range(12)
        ]
    assert 429 in statuses
    assert _logged(caplog) == [("POST", "/sign-in", status) for status in statuses]
