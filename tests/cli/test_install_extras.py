"""`supple install-extras`: after it, `man supple`, `supple st<TAB>` in real interactive bash, zsh
and fish on a pseudo-terminal, the desktop entry and the reminder unit's `man:supple(1)` work
in a fresh home; `--uninstall` leaves the home as it was.

bash (with the bash-completion package, as Debian's ~/.bashrc loads it), zsh, fish and man
come from the system; `.ci/run` installs them, and desktop-file-utils and systemd.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.terminal import Terminal
from tests.conftest import need_program
from tracker.cli import user_extras
from tracker.notify.service import service_text
from tracker.store.database import Store

SUPPLE = Path(sys.executable).with_name("supple")
APT = "sudo apt install bash-completion zsh fish man-db desktop-file-utils systemd"


def program(name: str) -> str:
    return need_program(name, f"these tests need it; {APT}")


def fresh_home(tmp_path: Path) -> Path:
    """A new user's home as `useradd -m` makes it on Debian: the skeleton files (whose
    ~/.profile puts ~/.local/bin on PATH and whose ~/.bashrc loads bash-completion), and
    supple linked into ~/.local/bin as the README's first command leaves it."""
    home = tmp_path / "home"
    shutil.copytree("/etc/skel", home, symlinks=True)
    (home / ".local" / "bin").mkdir(parents=True)
    (home / ".local" / "bin" / "supple").symlink_to(SUPPLE)
    return home


def home_env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        "HOME": str(home),
        "PATH": f"{home}/.local/bin:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TERM": "xterm",
        "SUPPLE_DATA_DIR": str(home / "data"),
    }
    env.update(extra)
    return env


def install_extras(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["supple", "install-extras", *args],
        env=home_env(home),
        cwd=home,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every file (its bytes), link (its target) and folder (a mark) under `folder`."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            found[name] = "dir"
        else:
            found[name] = path.read_bytes()
    return found


def completes_on_tab(argv: list[str], home: Path, typed: str = "supple st") -> str:
    """Type `typed`, press Tab, then turn the line into `printf '<%s>' LINE` (Ctrl+A goes to
    its start in bash, zsh and fish) and run it: returns what the line had become."""
    shell = Terminal(argv, home_env(home), home)
    try:
        shell.type("printf '<re''ady>\\n'\r")
        shell.read_until(b"<ready>\r\n")
        shell.settle()
        shell.type(typed + "\t")
        shell.settle()
        shell.type("\x01printf '<%s>' \r")
        shell.read_until(b"<supple>")
        shell.settle()
    finally:
        shell.close()
    text = shell.seen.decode("utf-8", "replace")
    line = text[text.rindex("<supple>") :].split("\r")[0].split("\n")[0]
    return line


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = fresh_home(tmp_path)
    install_extras(home)
    return home


def test_bash_completes_after_install_extras(home: Path) -> None:
    if not Path("/usr/share/bash-completion/bash_completion").exists():
        pytest.fail(f"the bash-completion package is missing; {APT}")
    line = completes_on_tab([program("bash"), "-i"], home)
    assert line.startswith("<supple><status>"), line


def test_zsh_completes_after_install_extras_and_the_printed_fpath_line(home: Path) -> None:
    printed = install_extras(home).stdout
    fpath = next(line for line in printed.splitlines() if "fpath=(" in line).strip()
    assert fpath == "fpath=(~/.local/share/zsh/site-functions $fpath)"
    (home / ".zshrc").write_text(
        fpath + "\nautoload -U compinit && compinit\nPROMPT='%% '\n", encoding="utf-8"
    )
    line = completes_on_tab([program("zsh"), "-i"], home)
    assert line.startswith("<supple><status>"), line


def test_fish_completes_after_install_extras(home: Path) -> None:
    line = completes_on_tab([program("fish"), "-i"], home)
    assert line.startswith("<supple><status>"), line


def test_completion_offers_the_new_commands(home: Path) -> None:
    line = completes_on_tab([program("fish"), "-i"], home, typed="supple install-e")
    assert line.startswith("<supple><install-extras>"), line
    line = completes_on_tab([program("fish"), "-i"], home, typed="supple status --sh")
    assert line.startswith("<supple><status><--short>"), line


def test_man_finds_the_page_through_path(home: Path) -> None:
    env = home_env(home, MANPAGER="cat", MANWIDTH="80", MAN_KEEP_FORMATTING="")
    where = subprocess.run(
        [program("man"), "-w", "supple"], env=env, capture_output=True, text=True, timeout=60
    )
    assert where.stdout.strip() == str(home / ".local/share/man/man1/supple.1"), where.stderr
    page = subprocess.run(
        [program("man"), "supple"], env=env, capture_output=True, text=True, timeout=60
    )
    assert page.returncode == 0 and page.stderr == ""
    assert "supple install-extras" in page.stdout and "supple log" in page.stdout


def test_the_files_are_where_xdg_says(home: Path) -> None:
    share = home / ".local" / "share"
    for name in (
        "man/man1/supple.1",
        "bash-completion/completions/supple",
        "zsh/site-functions/_supple",
        "fish/vendor_completions.d/supple.fish",
        "applications/supple.desktop",
        "icons/hicolor/scalable/apps/supple.svg",
    ):
        assert (share / name).is_file(), name
    entry = (share / "applications" / "supple.desktop").read_text(encoding="utf-8")
    # The launcher runs this supple even where the desktop's PATH lacks ~/.local/bin.
    assert f"\nExec={home}/.local/bin/supple\n" in entry
    assert "\nIcon=supple\n" in entry


def test_an_other_xdg_data_home_is_honoured(tmp_path: Path) -> None:
    home = fresh_home(tmp_path)
    elsewhere = tmp_path / "xdg"
    done = subprocess.run(
        ["supple", "install-extras"],
        env=home_env(home, XDG_DATA_HOME=str(elsewhere)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "man/man1/supple.1").is_file()
    assert f"fpath=({elsewhere}/zsh/site-functions $fpath)" in done.stdout
    assert not (home / ".local/share/man").exists()


def test_desktop_entry_is_valid(home: Path) -> None:
    entry = home / ".local/share/applications/supple.desktop"
    checked = subprocess.run(
        [program("desktop-file-validate"), str(entry)], capture_output=True, text=True
    )
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout


def test_the_reminder_unit_verifies_once_the_manual_is_installed(tmp_path: Path) -> None:
    """`Documentation=man:supple(1)` in the unit `remind --install` writes: systemd-analyze
    runs `man supple` and fails the unit without the page."""
    analyze = program("systemd-analyze")
    home = fresh_home(tmp_path)
    unit = tmp_path / "supple-remind.service"
    unit.write_text(service_text(Store(home / "data")), encoding="utf-8")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = home_env(home, XDG_RUNTIME_DIR=str(runtime))

    def verify() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [analyze, "--user", "verify", unit.name],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    before = verify()
    assert before.returncode != 0 and "man supple(1)" in before.stderr
    install_extras(home)
    after = verify()
    assert after.returncode == 0, after.stderr


def test_uninstall_removes_exactly_what_it_wrote(tmp_path: Path) -> None:
    home = fresh_home(tmp_path)
    apps = home / ".local/share/applications"
    apps.mkdir(parents=True)
    (apps / "other.desktop").write_text("[Desktop Entry]\n", encoding="utf-8")
    before = tree(home)
    install_extras(home)
    assert tree(home) != before
    manifest = json.loads((home / ".local/share/supple/install-extras.json").read_text())
    assert len(manifest["files"]) == 6
    install_extras(home)  # again (an upgrade): still one record of each file
    removed = install_extras(home, "--uninstall").stdout
    assert removed.count("Removed ") == 6
    assert tree(home) == before  # its folders too, but not the one that was there
    again = install_extras(home, "--uninstall").stdout
    assert again.startswith("Nothing to remove")


def test_uninstall_leaves_a_file_changed_since(tmp_path: Path) -> None:
    home = fresh_home(tmp_path)
    install_extras(home)
    page = home / ".local/share/man/man1/supple.1"
    page.write_text(".TH MINE 1\n", encoding="utf-8")
    out = install_extras(home, "--uninstall").stdout
    assert f"Left {page}" in out
    assert page.read_text(encoding="utf-8") == ".TH MINE 1\n"
    assert not (home / ".local/share/fish/vendor_completions.d/supple.fish").exists()


def test_the_store_folder_keeps_the_store(tmp_path: Path) -> None:
    """The manifest lives in supple's data folder; uninstalling never removes a store."""
    home = fresh_home(tmp_path)
    env = {**home_env(home)}
    env.pop("SUPPLE_DATA_DIR")
    done = subprocess.run(["supple", "done"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    install_extras(home)
    install_extras(home, "--uninstall")
    assert (home / ".local/share/supple/supple.json").is_file()


def test_zsh_fpath_line_shortens_home() -> None:
    assert user_extras.zsh_fpath_line(Path.home() / ".local/share") == (
        "fpath=(~/.local/share/zsh/site-functions $fpath)"
    )
