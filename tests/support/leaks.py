"""The suite-wide check that nothing private leaves the building.

Everything that leaves reaches one of these channels, and every test's traffic on each is
scanned, after the test, for the private texts the tests and the demo use (children's names,
and a word every test note about a child carries; messages join ``private_texts`` when that
feature arrives):

- outbox rows (what goes to push services and mail servers), in the test's database;
- emails written to disk by the file mailer, decoded (quoted-printable and base64 parts);
- emails the SMTP test server received, decoded the same way;
- push messages the local push service decrypted;
- every log line the test produced, formatted as production formats it (JSON);
- for the browser journeys' live portal, at the end of the session: its outbox, its mail
  folder and its log file.

A scan that cannot read what it scans fails, rather than passing quietly.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from email import message_from_bytes
from email.message import Message
from email.policy import default as default_policy
from pathlib import Path

from sqlalchemy import inspect
from sqlmodel import select

from carer_portal.children.models import Child
from carer_portal.logging import JsonFormatter
from carer_portal.notifications.models import Outbox


def private_texts() -> set[str]:
    """What must never leave: the names of every child in the tests' worlds and the demo, and
    the word the tests' notes about children carry (what a carer wrote stays in the portal)."""
    from carer_portal.demo import CHILDREN
    from tests.support.imports import FIRST_NAMES as IMPORTED_FIRST_NAMES
    from tests.support.imports import LAST_NAME as IMPORTED_LAST_NAME
    from tests.support.needs_profiles import PRIVATE_NOTE_WORD
    from tests.support.world import CHILD_FIRST_NAMES, CHILD_LAST_NAME

    names = {CHILD_LAST_NAME, *CHILD_FIRST_NAMES.values(), *(n + "a" for n in CHILD_FIRST_NAMES.values())}
    names.update({IMPORTED_LAST_NAME, *IMPORTED_FIRST_NAMES})  # children the import tests bring in
    names.add(PRIVATE_NOTE_WORD)
    for child in CHILDREN:
        names.update(n for n in (child.first_name, child.last_name, child.known_as) if n)
    return names


def find_names(texts: Iterable[str], names: Iterable[str]) -> list[str]:
    patterns = [re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE) for name in names if len(name) > 2]
    return sorted({p.pattern for text in texts for p in patterns if p.search(text)})


class Sightings:
    """What left on each channel during the current test (thread-safe: servers run on threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: list[tuple[str, str]] = []

    def record(self, channel: str, text: str) -> None:
        with self._lock:
            self._seen.append((channel, text))

    def drain(self) -> list[tuple[str, str]]:
        with self._lock:
            seen, self._seen = self._seen, []
        return seen


SIGHTINGS = Sightings()


def leaks_in(sightings: Iterable[tuple[str, str]], names: Iterable[str] | None = None) -> list[str]:
    names = list(private_texts() if names is None else names)
    found = []
    for channel, text in sightings:
        found.extend(f"{channel}: {name}" for name in find_names([text], names))
    return sorted(set(found))


class LogSightings(logging.Handler):
    """Every log record, formatted exactly as production writes it, recorded as a sighting."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(JsonFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        SIGHTINGS.record("log", self.format(record))


def email_text(message: Message) -> str:
    """Headers and every text part, decoded as a mail client would show them."""
    parts = [f"{name}: {value}" for name, value in message.items()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            payload = part.get_payload(decode=True) or b""
            parts.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
    return "\n".join(parts)


def decoded_email(raw: bytes) -> str:
    return email_text(message_from_bytes(raw, policy=default_policy))


def emails_on_disk(folder: Path) -> list[str]:
    return [decoded_email(path.read_bytes()) for path in folder.rglob("*.eml")]


async def names_in_outbox(session) -> list[str]:  # type: ignore[no-untyped-def]
    """Children's names (of this database) in any outbox row. A database whose schema was
    migrated away entirely has no outbox to scan; any other error is raised."""
    connection = await session.connection()
    tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    if "outbox" not in tables:
        return []
    children = (await session.exec(select(Child))).all()
    names = {n for c in children for n in (c.first_name, c.last_name, c.known_as) if n} | private_texts()
    rows = (await session.exec(select(Outbox))).all()
    return find_names((f"{r.title} {r.body} {r.url} {r.dedupe_key}" for r in rows), names)
