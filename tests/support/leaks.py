"""The suite-wide check that no child's name leaves the building.

After every test that had a database, every outbox row (what goes to push services and mail
servers) and every email written to disk is scanned for the names of the children in that
database. SMTP and push test servers scan what they received against every name the tests
and the demo use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from sqlmodel import select

from carer_portal.children.models import Child
from carer_portal.notifications.models import Outbox


def known_child_names() -> set[str]:
    from carer_portal.demo import CHILDREN
    from tests.support.world import CHILD_FIRST_NAMES, CHILD_LAST_NAME

    names = {CHILD_LAST_NAME, *CHILD_FIRST_NAMES.values(), *(n + "a" for n in CHILD_FIRST_NAMES.values())}
    for child in CHILDREN:
        names.update(n for n in (child.first_name, child.last_name, child.known_as) if n)
    return names


def find_names(texts: Iterable[str], names: Iterable[str]) -> list[str]:
    patterns = [re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE) for name in names if len(name) > 2]
    return sorted({p.pattern for text in texts for p in patterns if p.search(text)})


async def names_in_outbox(session) -> list[str]:  # type: ignore[no-untyped-def]
    children = (await session.exec(select(Child))).all()
    names = {n for c in children for n in (c.first_name, c.last_name, c.known_as) if n}
    rows = (await session.exec(select(Outbox))).all()
    return find_names((f"{r.title} {r.body} {r.url} {r.dedupe_key}" for r in rows), names)


def emails_on_disk(folder: Path) -> list[str]:
    return [path.read_text(errors="replace") for path in folder.rglob("*.eml")]
