"""supple on PATH: the built wheel installed as a tool by `uv tool install` into a new home,
then run by name from a PATH that holds only the tool's bin folder (no venv, no source tree).

uv comes from the test extra. It downloads supple's dependencies like any installer; its cache
is the user's usual one, so a second run needs no network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import tracker

ROOT = Path(__file__).resolve().parents[2]


def uv() -> str:
    found = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    if not Path(found).exists():
        pytest.fail("uv is not installed: pip install -e '.[test]' brings it")
    return found


@pytest.mark.slow
def test_uv_tool_install_puts_supple_on_path(tmp_path: Path, built_wheel: Path) -> None:
    wheel = built_wheel
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    data = f"supple-{tracker.__version__}.data/data/share/"
    for shipped in (
        "man/man1/supple.1",
        "bash-completion/completions/supple",
        "zsh/site-functions/_supple",
        "fish/vendor_completions.d/supple.fish",
        "applications/supple.desktop",
    ):
        assert data + shipped in names
    # The icon once (check-wheel-contents W002 flags a file twice): install-extras copies it.
    assert [name for name in names if name.endswith("supple.svg")] == ["tracker/assets/supple.svg"]
    assert f"supple-{tracker.__version__}.dist-info/licenses/LICENSE" in names

    home, tools, bin_dir = tmp_path / "home", tmp_path / "tools", tmp_path / "bin"
    home.mkdir()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "uv"
    env = {
        "HOME": str(home),
        "PATH": os.environ["PATH"],
        "UV_TOOL_DIR": str(tools),
        "UV_TOOL_BIN_DIR": str(bin_dir),
        "UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR", str(cache)),
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NATIVE_TLS": "1",  # the system's certificates, as pip uses them
    }
    # Where this machine's pip finds wheels and certificates, uv looks too.
    if os.environ.get("PIP_FIND_LINKS"):
        env["UV_FIND_LINKS"] = ",".join(os.environ["PIP_FIND_LINKS"].split())
    for name in ("PIP_CERT", "SSL_CERT_FILE"):
        if os.environ.get(name):
            env["SSL_CERT_FILE"] = os.environ[name]
    installed = subprocess.run(
        [uv(), "tool", "install", "--python", sys.executable, str(wheel)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stderr
    assert (bin_dir / "supple").exists()

    only_the_tool = {"PATH": str(bin_dir), "HOME": str(home), "LANG": "C.UTF-8"}
    status = subprocess.run(
        ["supple", "status"],  # found through PATH, as a shell would
        env=only_the_tool,
        cwd=home,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith("Today (")
    assert (home / ".local" / "share" / "supple").is_dir() is False  # status writes nothing
    version = subprocess.run(
        ["supple", "--version"], env=only_the_tool, capture_output=True, text=True, timeout=60
    )
    assert version.stdout.strip() == f"supple {tracker.__version__}"
    # The tool's environment has the manual page and the completions beside its bin/.
    assert list(tools.glob("supple/share/man/man1/supple.1"))
    assert list(tools.glob("supple/share/bash-completion/completions/supple"))

    # Where no program looks: install-extras puts them where man, the shells and the desktop do.
    extras = subprocess.run(
        ["supple", "install-extras"], env=only_the_tool, capture_output=True, text=True
    )
    assert extras.returncode == 0, extras.stderr
    (home / ".local" / "bin").mkdir(parents=True)  # uv's own default bin folder
    found = subprocess.run(
        ["man", "-w", "supple"],
        env={"HOME": str(home), "PATH": f"{home}/.local/bin:/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert found.stdout.strip() == str(home / ".local/share/man/man1/supple.1"), found.stderr
    entry = (home / ".local/share/applications/supple.desktop").read_text(encoding="utf-8")
    assert f"\nExec={bin_dir}/supple\n" in entry
