"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, for email tests."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy

from aiosmtpd.controller import Controller

from tests.support.leaks import SIGHTINGS, email_text
from tests.support.processes import free_port


@dataclass
class Inbox:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        message = BytesParser(policy=default_policy).parsebytes(envelope.content)
        SIGHTINGS.record("smtp", email_text(message))
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def wait_for(self, count: int = 1, timeout: float = 5.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages

    @staticmethod
    def text(message: EmailMessage) -> str:
        body = message.get_body(preferencelist=("plain",))
        return body.get_content() if body else ""


@contextmanager
def running_smtp_server() -> Iterator[Inbox]:
    # The port is chosen before aiosmtpd binds it: if another process took it meanwhile, try again.
    for attempt in range(3):
        inbox = Inbox(host="127.0.0.1", port=free_port())
        controller = Controller(inbox, hostname=inbox.host, port=inbox.port)
        try:
            controller.start()
            break
        except OSError:
            if attempt == 2:
                raise
    try:
        yield inbox
    finally:
        controller.stop()
