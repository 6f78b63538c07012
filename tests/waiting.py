"""Waiting for a condition, never for a fixed time: look often, give up late, say what was
awaited. A fixed sleep is too short on a loaded machine and too long on an idle one."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

WITHIN_S = 60.0
"""How long a condition may take before the test fails: generous, since a CI machine can be
slow; a test that passes never waits this long."""


def wait_until(
    check: Callable[[], T], what: str, within_s: float = WITHIN_S, every_s: float = 0.02
) -> T:
    """Call `check` until it returns something truthy, and return that; fail after `within_s`."""
    deadline = time.monotonic() + within_s
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"not within {within_s} s: {what}"
        time.sleep(every_s)


async def pause_until(
    pilot: Any, check: Callable[[], T], what: str, within_s: float = WITHIN_S
) -> T:
    """Let a Textual app run (`pilot.pause()`: its pending messages handled) until `check`
    returns something truthy, and return that; fail after `within_s`."""
    deadline = time.monotonic() + within_s
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"not within {within_s} s: {what}"
        await pilot.pause()
