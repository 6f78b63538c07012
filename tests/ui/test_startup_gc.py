"""The launcher pauses the garbage collector for start-up; the app must turn it back on."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.conftest import MakeApp


@pytest.fixture
def collector_paused() -> Iterator[None]:
    gc.disable()  # as tracker.ui.launch does
    try:
        yield
    finally:
        gc.enable()


async def test_the_collector_is_back_after_the_first_frame(
    make_app: MakeApp, collector_paused: None
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert gc.isenabled()


async def test_the_collector_is_back_on_the_error_screen_too(
    make_app: MakeApp, data_dir: Path, collector_paused: None
) -> None:
    app = make_app()
    (data_dir / "supple.json").write_bytes(b"garbage")
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert app.load_error is not None
        assert gc.isenabled()
