"""Nothing headless loads Textual or Rich: the shell commands and the reminder daemon must
start fast, and only `tracker.ui` may draw. (import-linter checks the imports written in the
code; this checks what actually gets loaded, lazy imports included.)"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tracker
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[1]


def headless_modules() -> list[str]:
    found = [
        info.name
        for info in pkgutil.walk_packages(tracker.__path__, "tracker.")
        if not info.name.startswith("tracker.ui") and info.name != "tracker.__main__"
    ]
    return sorted(found)


def test_the_list_of_headless_modules_is_complete() -> None:
    names = headless_modules()
    for expected in (
        "tracker.cli.main",
        "tracker.store.changes",
        "tracker.store.database",
        "tracker.notify.daemon",
        "tracker.notify.delivery_child",
        "tracker.routine.engine",
    ):
        assert expected in names
    assert len(names) >= 30


LOADED = """
import sys
loaded = sorted(
    m for m in sys.modules if m.split(".")[0] in ("textual", "rich") or m.startswith("tracker.ui")
)
print("loaded:", *loaded)
"""


def run(code: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code + LOADED],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]


def test_importing_every_headless_module_loads_no_textual_or_rich() -> None:
    imports = "\n".join(f"import {name}" for name in headless_modules())
    assert run(imports) == "loaded:"


SHELL = """
from tracker.cli.main import main
for argv in (["status"], ["status", "--json"], ["done"], ["config", "list"],
             ["config", "set", "rest", "12"], ["skip", "--date", "2026-11-20"],
             ["skip", "--date", "2026-11-20", "--clear"],
             ["export"], ["export", "--format", "csv"], ["export", "--format", "ics"],
             ["doctor"], ["tutorial", "--print"], ["remind", "--once"]):
    code = main(argv)
    assert code in (0, 1), (argv, code)
"""


def test_running_the_shell_commands_loads_no_textual_or_rich(tmp_path: Path) -> None:
    env = dict(os.environ)
    env["SUPPLE_DATA_DIR"] = str(tmp_path / "data")
    env["SUPPLE_NOW"] = NOW.isoformat()
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # remind --once must not reach a real desktop
    assert run(SHELL, env) == "loaded:"


def test_every_headless_module_is_under_the_import_contracts() -> None:
    """A new module must be placed in the layers of pyproject.toml (and so be checked)."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    drawing_free = set(contracts[0]["source_modules"])
    layered = {
        name.strip()
        for layer in contracts[2]["layers"]
        for name in layer.replace("|", ":").split(":")
    }
    top = {
        info.name
        for info in pkgutil.iter_modules(tracker.__path__, "tracker.")
        if info.name != "tracker.ui"
    }
    assert top <= drawing_free, top - drawing_free
    assert top <= layered, top - layered
