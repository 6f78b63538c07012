"""Symbolic links and file modes: a store kept through a link is written through it, a
linked `backups/` is refused, `export -o` never follows a planted link nor writes into
another user's file, and everything supple creates is private whatever the umask.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import cli_env
from tests.e2e.test_remind import run_here, systemd_here  # noqa: F401 (a fixture)

OTHER_UID = 4242  # another local user (the tests run as root in CI: chown works)


class Result:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code, self.out, self.err = proc.returncode, proc.stdout, proc.stderr


def supple(data_dir: Path, *args: str, umask: int = 0o022) -> Result:
    proc = subprocess.run(
        [sys.executable, "-m", "tracker", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=cli_env(data_dir),
        preexec_fn=lambda: os.umask(umask) and None,
        timeout=60,
    )
    return Result(proc)


def one_line(result: Result, code: int) -> str:
    assert result.code == code, (result.code, result.err)
    assert "Traceback" not in result.err and "unexpected error" not in result.err
    (line,) = result.err.splitlines()
    return line


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def temp_files(*folders: Path) -> list[str]:
    return sorted(p.name for folder in folders for p in folder.iterdir() if p.suffix == ".tmp")


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving files to another user needs root")


# ---- a store kept through a symbolic link ----------------------------------------------------


def test_a_store_that_is_a_link_is_kept_and_written_through_to_its_target(
    tmp_path: Path,
) -> None:
    """People keep the store in a synced folder and link to it from the data folder."""
    data, synced = tmp_path / "data", tmp_path / "synced"
    assert supple(synced, "done", "--date", "2026-11-23").code == 0  # the store, made there
    data.mkdir()
    (data / "supple.json").symlink_to(synced / "supple.json")
    for args in (
        ("done",),  # the quick append
        ("done", "--date", "2026-11-24"),
        ("config", "set", "rest", "20"),  # a whole transaction
        ("skip", "--date", "2026-11-26"),
    ):
        result = supple(data, *args)
        assert result.code == 0, (args, result.err)
        assert (data / "supple.json").is_symlink(), args  # the link is kept
    target = synced / "supple.json"
    assert stat.S_ISREG(os.lstat(target).st_mode) and mode(target) == 0o600
    held = supple(synced, "export", "--format", "csv").out  # read without the link
    assert held.count("logged,complete") == 3
    assert supple(synced, "config", "get", "rest").out.strip() == "20"
    assert temp_files(data, synced) == []


def test_a_backups_folder_that_is_a_link_is_refused_in_one_line(tmp_path: Path) -> None:
    data, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
    assert supple(data, "done", "--date", "2026-11-23").code == 0
    before = (data / "supple.json").read_bytes()
    assert not (data / "backups").exists()  # a new store: nothing to back up yet
    elsewhere.mkdir()
    (data / "backups").symlink_to(elsewhere)
    line = one_line(supple(data, "done"), 1)  # the first change of the day makes a backup
    assert "backups is a symbolic link" in line and "nothing was changed" in line
    assert "mv " in line
    assert (data / "supple.json").read_bytes() == before
    assert list(elsewhere.iterdir()) == []


# ---- export -o ----------------------------------------------------------------------------


@pytest.fixture
def shared_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder like /tmp: everyone may create files in it (sticky)."""
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    yield folder


@needs_root
def test_export_never_follows_a_link_planted_by_another_user(
    tmp_path: Path, shared_folder: Path
) -> None:
    data = tmp_path / "data"
    assert supple(data, "done").code == 0
    victim = tmp_path / "victim-bashrc"
    victim.write_text("alias ls='ls --color'\n")
    os.chown(victim, OTHER_UID, OTHER_UID)
    planted = shared_folder / "export.json"
    planted.symlink_to(victim)
    os.lchown(planted, OTHER_UID, OTHER_UID)
    line = one_line(supple(data, "export", "-o", str(planted)), 2)
    assert "belongs to another user" in line and "choose another file with -o" in line
    assert victim.read_text() == "alias ls='ls --color'\n"
    assert planted.is_symlink()


@needs_root
def test_export_never_writes_into_another_users_file(tmp_path: Path, shared_folder: Path) -> None:
    data = tmp_path / "data"
    assert supple(data, "done").code == 0
    theirs = shared_folder / "export.json"
    theirs.write_text("theirs\n")
    theirs.chmod(0o666)
    os.chown(theirs, OTHER_UID, OTHER_UID)
    line = one_line(supple(data, "export", "-o", str(theirs)), 2)
    assert "belongs to another user" in line
    assert theirs.read_text() == "theirs\n" and os.lstat(theirs).st_uid == OTHER_UID


def test_export_replaces_a_link_of_ones_own_instead_of_following_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert supple(data, "done").code == 0
    other = tmp_path / "other-file"
    other.write_text("keep me\n")
    link = tmp_path / "export.json"
    link.symlink_to(other)
    result = supple(data, "export", "-o", str(link))
    assert result.code == 0, result.err
    assert other.read_text() == "keep me\n"
    assert not link.is_symlink() and '"format": "supple"' in link.read_text()
    assert mode(link) == 0o600 and temp_files(tmp_path) == []


# ---- private whatever the umask ------------------------------------------------------------


def test_under_umask_000_everything_supple_creates_is_private(tmp_path: Path) -> None:
    data = tmp_path / "new" / "parents" / "data"
    for args in (("done",), ("status",), ("config", "set", "rest", "20")):
        assert supple(data, *args, umask=0).code == 0, args
    made = [tmp_path / "new", tmp_path / "new" / "parents", *data.rglob("*"), data]
    assert len(made) >= 7  # the store, its lock, a backup, the caches...
    for path in made:
        want = 0o700 if path.is_dir() else 0o600
        assert mode(path) == want, (path, oct(mode(path)))


def test_export_onto_an_existing_0644_file_leaves_it_0600(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert supple(data, "done").code == 0
    target = tmp_path / "sessions.csv"
    target.write_text("old\n")
    target.chmod(0o644)
    assert supple(data, "export", "--format", "csv", "-o", str(target), umask=0).code == 0
    assert mode(target) == 0o600 and target.read_text().startswith("id,date")
    stricter = tmp_path / "stricter.csv"
    stricter.write_text("old\n")
    stricter.chmod(0o400)  # the owner's choice is kept
    assert supple(data, "export", "--format", "csv", "-o", str(stricter), umask=0).code == 0
    assert mode(stricter) == 0o400


@pytest.mark.usefixtures("systemd_here")
def test_the_systemd_unit_and_its_folders_are_private_under_umask_000(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    config = tmp_path / "config"
    old = os.umask(0)
    try:
        code, _, err = run_here(
            capsys,
            monkeypatch,
            "remind",
            "--install",
            XDG_CONFIG_HOME=str(config),
            SUPPLE_DATA_DIR=str(tmp_path / "data"),
        )
    finally:
        os.umask(old)
    assert code == 0, err
    unit = config / "systemd" / "user" / "supple-remind.service"
    assert mode(unit) == 0o600
    for folder in (config, config / "systemd", config / "systemd" / "user"):
        assert mode(folder) == 0o700, folder
