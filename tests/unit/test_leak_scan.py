"""The suite-wide scan for private data is wired to every channel: a name planted on any of
them makes a planted suite fail (run with pytester in a process of its own)."""

from __future__ import annotations

import pytest

from carer_portal.config import PROJECT_ROOT

PLANTED = """
import base64
import logging
import smtplib
from email.message import EmailMessage

from py_vapid import Vapid
from pywebpush import webpush

from carer_portal.notifications.models import NotificationKind
from carer_portal.notifications.outbox import Notice, enqueue
from tests.conftest import run_with_session
from tests.support.push_service import running_push_service
from tests.support.smtp import running_smtp_server

NAME = "Tal" + "lulah"  # a child's name from the tests' world, never written out whole here


def test_clean():
    logging.getLogger("carer_portal.planted").info("nothing private here")


def test_log_line():
    logging.getLogger("carer_portal.planted").info("placement of %s", NAME)


def test_smtp_base64_body():
    with running_smtp_server() as inbox:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "A message"
        message.set_content(f"About {NAME}.", cte="base64")
        with smtplib.SMTP(inbox.host, inbox.port) as smtp:
            smtp.send_message(message)
        inbox.wait_for(1)


def test_push_payload():
    key = Vapid()
    key.generate_keys()
    with running_push_service() as push:
        subscription = push.new_subscription()
        webpush(subscription, f'{{"title": "{NAME}"}}', vapid_private_key=key,
                vapid_claims={"sub": "mailto:test@example.com"}, ttl=60, timeout=10)


def test_outbox_row(database_url, world):
    async def plant(session):
        await enqueue(session, council_id=world.councils["eastbrook"].id, dedupe_key="planted",
                      kind=NotificationKind.ACCOUNT, notice=Notice(title=f"About {NAME}", body="-"),
                      recipient_email="someone@example.com")
        await session.commit()

    run_with_session(database_url, plant)


def test_quoted_printable_email_on_disk(database_url, tmp_path):
    message = EmailMessage()
    message["Subject"] = "A message"
    message.set_content("x" * 70 + f" {NAME} " + "y" * 10, cte="quoted-printable")
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "planted.eml").write_bytes(bytes(message))


def test_a_database_the_scan_cannot_read(database_url):
    from sqlalchemy import text

    async def spoil(session):
        await session.exec(text("ALTER TABLE child RENAME TO child_gone"))
        await session.commit()

    run_with_session(database_url, spoil)
"""


def test_a_name_planted_on_any_channel_fails_the_suite(pytester: pytest.Pytester, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PYTHONPATH", str(PROJECT_ROOT))
    monkeypatch.delenv("CARER_PORTAL_TEST_DATABASE_URL", raising=False)
    pytester.makeconftest("from tests.conftest import *  # noqa: F403\n")
    pytester.makepyfile(test_planted=PLANTED)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly", "-q")
    result.assert_outcomes(passed=7, errors=6)
    result.stdout.fnmatch_lines_random(
        [
            "*ERROR at teardown of test_log_line*",
            "*ERROR at teardown of test_smtp_base64_body*",
            "*ERROR at teardown of test_push_payload*",
            "*ERROR at teardown of test_outbox_row*",
            "*ERROR at teardown of test_quoted_printable_email_on_disk*",
            "*ERROR at teardown of test_a_database_the_scan_cannot_read*",
            "*log: *allulah*",
            "*smtp: *allulah*",
            "*push: *allulah*",
            "*outbox row*allulah*",
            "*email on disk: *allulah*",
        ]
    )
