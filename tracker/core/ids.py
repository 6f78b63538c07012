"""Record ids: random UUIDs (version 4) as text, without importing `uuid` (which loads
`platform` and more, and `supple done` needs one id)."""

from __future__ import annotations

import os


def new_id() -> str:
    """A random UUID as text, as str(uuid.uuid4()) gives it."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
