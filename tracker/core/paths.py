"""Where supple keeps its files, and where its styles live."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "supple"
DB_NAME = "supple.json"
ENV_DATA_DIR = "SUPPLE_DATA_DIR"


def data_dir(explicit: str | None = None) -> Path:
    """--data-dir wins, then $SUPPLE_DATA_DIR, then the platform's user data dir.

    An empty --data-dir (`--data-dir "$DIR"` with DIR unset) is refused: silently using the
    default folder instead would log into the wrong store.
    """
    if explicit is not None:
        if not explicit.strip():
            from tracker.core.errors import CommandError

            raise CommandError(
                "--data-dir is empty (an unset shell variable?); give a folder, or leave "
                "--data-dir out to use $SUPPLE_DATA_DIR or the default folder"
            )
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only here: a few ms that commands with --data-dir never pay

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def styles_dir() -> Path:
    """Styles ship inside the wheel as tracker/styles; a source checkout has them at the top."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "styles"
    if packaged.is_dir():
        return packaged
    return package.parent / "styles"
