"""The launcher reads the store's summary in a thread while Textual loads."""

from __future__ import annotations

import threading

import pytest

from tracker.ui.launch import _in_a_thread


def test_the_thread_s_result_is_handed_back() -> None:
    ran_in: list[str] = []

    def work() -> int:
        ran_in.append(threading.current_thread().name)
        return 42

    assert _in_a_thread(work)() == 42
    assert ran_in == ["supple-first-look"]


def test_the_thread_s_failure_is_raised_where_the_result_is_wanted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def work() -> int:
        raise LookupError("no such thing")

    result = _in_a_thread(work)
    with pytest.raises(LookupError, match="no such thing"):
        result()
    assert capsys.readouterr().err == ""  # not printed as a thread's traceback
