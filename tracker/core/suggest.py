""" "Did you mean ...?": the name a mistyped word most likely stands for."""

from __future__ import annotations

from collections.abc import Iterable


def nearest(word: str, names: Iterable[str]) -> str | None:
    """The name `word` was most likely meant to be, or None when none is close.

    Two letters swapped (`stauts`, `cvs`) is the commonest slip, so a name with the same
    letters wins; then difflib's closest match (ties: the first name given)."""
    from difflib import SequenceMatcher  # only on a mistake

    candidates = list(dict.fromkeys(names))
    letters = sorted(word.lower())
    for name in candidates:
        if sorted(name.lower()) == letters and len(word) > 1:
            return name
    best, best_score = None, 0.6
    for name in candidates:
        score = SequenceMatcher(None, word.lower(), name.lower()).ratio()
        if score > best_score:
            best, best_score = name, score
    return best
