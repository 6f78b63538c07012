"""The wheel carries the styles, and an installed copy finds them (not the source tree's)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_every_style_and_finds_them_when_installed(
    tmp_path: Path, built_wheel: Path
) -> None:
    with zipfile.ZipFile(built_wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for style in (ROOT / "styles").glob("*.tcss"):
        assert f"tracker/styles/{style.name}" in names
    assert any(n.endswith("entry_points.txt") for n in names)
    found = subprocess.run(
        [sys.executable, "-c", "from tracker.core.paths import styles_dir; print(styles_dir())"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(found.stdout.strip()) == tmp_path / "site" / "tracker" / "styles"
