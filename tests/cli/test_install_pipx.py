"""The pipx install paths of the README: the built wheel installed with pipx into a fresh home
(pipx 1.1.0, the version Debian 12 and Ubuntu 24.04 ship, and the newest pipx, both from the
package index), then `supple install-extras`; after it `man supple`, `supple st<TAB>` in bash,
zsh and fish, and `systemd-analyze --user verify` on the reminder unit pass.

pipx downloads supple's dependencies as it would for a user; pip's cache is the usual one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_install_extras import completes_on_tab, home_env, program
from tests.conftest import pip_reach


def pipx_from_index(folder: Path, requirement: str) -> str:
    """pipx from the package index, in a venv of its own (as `pip install --user pipx`). The
    venv gets no pip of its own (ensurepip costs seconds): this pip installs into it."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(folder / "bin" / "python")]
        + ["install", "-q", requirement],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return str(folder / "bin" / "pipx")


def pipx_env(home: Path) -> dict[str, str]:
    env = home_env(home)
    env["PIPX_HOME"] = str(home / ".local" / "pipx")  # Debian's 1.1 default; newer: share/pipx
    env["PIPX_BIN_DIR"] = str(home / ".local" / "bin")
    env["PIPX_DEFAULT_PYTHON"] = sys.executable
    env.update(pip_reach())
    return env


@pytest.mark.slow
@pytest.mark.parametrize("requirement", ["pipx==1.1.0", "pipx"], ids=["debian-1.1", "newest"])
def test_pipx_install_then_install_extras(
    requirement: str, tmp_path: Path, built_wheel: Path
) -> None:
    pipx = pipx_from_index(tmp_path / "pipx-venv", requirement)
    wheel = built_wheel
    home = tmp_path / "home"
    shutil.copytree("/etc/skel", home, symlinks=True)
    env = pipx_env(home)
    installed = subprocess.run(
        [pipx, "install", str(wheel)],
        env=env,
        cwd=home,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (home / ".local" / "bin" / "supple").exists()
    extras = subprocess.run(
        ["supple", "install-extras"], env=home_env(home), cwd=home, capture_output=True, text=True
    )
    assert extras.returncode == 0 and extras.stderr == "", extras.stderr

    where = subprocess.run(
        [program("man"), "-w", "supple"], env=home_env(home), capture_output=True, text=True
    )
    assert where.stdout.strip() == str(home / ".local/share/man/man1/supple.1"), where.stderr

    assert completes_on_tab([program("bash"), "-i"], home).startswith("<supple><status>")
    (home / ".zshrc").write_text(
        "fpath=(~/.local/share/zsh/site-functions $fpath)\n"
        "autoload -U compinit && compinit\nPROMPT='%% '\n",
        encoding="utf-8",
    )
    assert completes_on_tab([program("zsh"), "-i"], home).startswith("<supple><status>")
    assert completes_on_tab([program("fish"), "-i"], home).startswith("<supple><status>")

    # The unit `remind --install` writes, made by the installed code (this machine may run no
    # systemd, where remind --install refuses): `Documentation=man:supple(1)` must resolve.
    python = home / ".local" / "pipx" / "venvs" / "supple" / "bin" / "python"
    unit = tmp_path / "supple-remind.service"
    make = "from pathlib import Path; from tracker.notify.service import service_text as t; "
    make += "from tracker.store.database import Store; "
    make += f"open({str(unit)!r}, 'w').write(t(Store(Path({str(home / 'data')!r}))))"
    subprocess.run([str(python), "-c", make], env=home_env(home), cwd=home, check=True, timeout=60)
    assert f"ExecStart={home}/.local/" in unit.read_text(encoding="utf-8")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    verified = subprocess.run(
        [program("systemd-analyze"), "--user", "verify", unit.name],
        env=home_env(home, XDG_RUNTIME_DIR=str(runtime)),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verified.returncode == 0, verified.stderr
