"""Sending email: over SMTP, or (in development with no SMTP server) into the data folder.

Subjects and bodies never carry a child's name or detail, nor a carer's personal details:
emails say what happened and link to the portal, where the person signs in to read more.
"""

from __future__ import annotations

import asyncio
import re
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path
from typing import Protocol

from carer_portal.config import Settings

MAIL_FOLDER = "mail"
URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str


class Mailer(Protocol):
    async def send(self, email: OutgoingEmail) -> None: ...


def build_message(email: OutgoingEmail, *, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Message-ID"] = f"<{uuid.uuid4()}@carer-portal>"
    message.set_content(email.text)
    return message


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _send_blocking(self, message: EmailMessage) -> None:
        s = self.settings
        context = ssl.create_default_context()
        if s.smtp_security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=20, context=context)
        else:
            client = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=20)
        with client:
            if s.smtp_security == "starttls":
                client.starttls(context=context)
            if s.smtp_username:
                client.login(s.smtp_username, s.smtp_password)
            client.send_message(message)

    async def send(self, email: OutgoingEmail) -> None:
        await asyncio.to_thread(self._send_blocking, build_message(email, sender=self.settings.mail_from))


class FileMailer:
    """Development only: each email becomes a .eml file, listed at /dev/emails."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.folder = settings.data_dir / MAIL_FOLDER

    async def send(self, email: OutgoingEmail) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        message = build_message(email, sender=self.settings.mail_from)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        (self.folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml").write_bytes(bytes(message))


def mailer_for(settings: Settings) -> Mailer:
    return FileMailer(settings) if settings.writes_emails_to_files else SmtpMailer(settings)


@dataclass(frozen=True)
class StoredEmail:
    name: str
    to: str
    subject: str
    sent: str
    text: str
    links: list[str]


def stored_emails(folder: Path, limit: int = 50) -> list[StoredEmail]:
    if not folder.exists():
        return []
    emails = []
    for path in sorted(folder.glob("*.eml"), reverse=True)[:limit]:
        message = BytesParser(policy=default_policy).parsebytes(path.read_bytes())
        body = message.get_body(preferencelist=("plain",))
        emails.append(
            StoredEmail(
                name=path.stem,
                to=str(message["To"]),
                subject=str(message["Subject"]),
                sent=datetime.strptime(path.stem.split("-")[0], "%Y%m%dT%H%M%S%f").strftime(
                    "%d %b %Y %H:%M:%S"
                ),
                text=body.get_content() if body else "",
                links=URL.findall(body.get_content()) if body else [],
            )
        )
    return emails
