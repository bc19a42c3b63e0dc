"""VAPID keys for web push: made on first run, kept in the data folder, never committed."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid

KEY_FILE = "vapid_private.pem"


@dataclass(frozen=True)
class VapidKeys:
    path: Path
    vapid: Vapid
    created: bool

    @property
    def public_key(self) -> str:
        """The application server key a browser subscribes with (base64url, uncompressed P-256 point)."""
        raw = self.vapid.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def load_or_create_vapid_keys(data_dir: Path) -> VapidKeys:
    path = data_dir / KEY_FILE
    if path.exists():
        return VapidKeys(path=path, vapid=Vapid.from_file(str(path)), created=False)
    data_dir.mkdir(parents=True, exist_ok=True)
    vapid = Vapid()
    vapid.generate_keys()
    pem = vapid.private_pem()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return VapidKeys(path=path, vapid=vapid, created=True)
