"""Small wording helpers shared by the screens."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """'1 day', '2 days'."""
    return f"{count} {word}{'' if count == 1 else 's'}"
