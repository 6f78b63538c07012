"""The README's first Quick start command on a fresh Debian/Ubuntu account: only python3 (with
venv) on a stripped PATH, no pipx, a new home made from /etc/skel as `useradd -m` makes it.
It installs supple from this checkout, opens the app (on a pseudo-terminal), and leaves
`supple` on the PATH of the next login shell, with `man supple` working there.

pip fetches supple's build tool and dependencies as it would for a user; the pip cache is
the machine's usual one (a fresh home would download them all again on every run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.terminal import Terminal
from tests.conftest import pip_reach

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PATH = "/usr/bin:/bin"


def first_block() -> str:
    """The first fenced block under '## Quick start' in the README."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("## Quick start")
    fences = [n for n in range(start, len(lines)) if lines[n].startswith("```")]
    return "\n".join(lines[fences[0] + 1 : fences[1]])


def system_path_without_pipx(tmp_path: Path) -> str:
    """The system's programs but pipx (which .ci/run installs for the pipx tests), as a fresh
    Debian or Ubuntu has them: a folder of links to /usr/bin and /bin."""
    folder = tmp_path / "system-bin"
    folder.mkdir()
    for directory in SYSTEM_PATH.split(":"):
        for entry in os.scandir(directory):
            if entry.name != "pipx" and not (folder / entry.name).exists():
                (folder / entry.name).symlink_to(entry.path)
    return str(folder)


def fresh_account(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    shutil.copytree("/etc/skel", home, symlinks=True)
    path = system_path_without_pipx(tmp_path)
    env = {"HOME": str(home), "PATH": path, "LANG": "C.UTF-8", "TERM": "xterm-256color"}
    env.update(pip_reach())
    return env


@pytest.mark.slow
def test_readme_first_command_on_a_fresh_account(tmp_path: Path) -> None:
    if not Path("/usr/bin/python3").exists() or not Path("/etc/skel/.profile").exists():
        pytest.fail("this test needs Debian or Ubuntu's python3 and /etc/skel")
    block = first_block()
    assert "pipx" not in block and "uv " not in block
    env = fresh_account(tmp_path)
    assert shutil.which("pipx", path=env["PATH"]) is None
    home = Path(env["HOME"])

    app = Terminal(["/bin/bash", "-c", block], env, ROOT, size=(40, 120))
    try:
        app.read_until(b"Page 1 of 5", timeout=900, plain=True)  # the tutorial opens by itself
        assert "Traceback" not in app.text
        app.type("\x11")  # ctrl+q
        assert app.wait() == 0
    finally:
        app.close()
    assert "Wrote " + str(home / ".local/share/man/man1/supple.1") in app.text

    login = subprocess.run(  # a new login shell: ~/.profile puts ~/.local/bin on PATH
        ["/bin/bash", "-lc", "command -v supple && supple status --short && man -w supple"],
        env={k: v for k, v in env.items() if not k.startswith("PIP_")},
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert login.returncode == 0, login.stderr
    found, status, manual = login.stdout.splitlines()
    assert found == str(home / ".local/bin/supple")
    assert status.startswith("not done")
    assert manual == str(home / ".local/share/man/man1/supple.1")
