"""`supple install-extras`: the manual page, shell completions, desktop entry and icon, put where
the user's `man`, shells and desktop look for them (the XDG data folder, ~/.local/share).

pip, pipx and uv install supple's share/ files beside its own environment, where none of
these programs look (issue 25: `man supple` failed after three of four install paths). So
supple writes them itself, made from the running command line (as share/ is), and keeps a
list of what it wrote, with a checksum of each file, in `install-extras.json`; `--uninstall`
removes exactly those files (unless changed since) and the folders it had to create.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from tracker.cli.shared_files import DESKTOP_ENTRY, FILES
from tracker.store.storage import make_private_folder

MANIFEST_NAME = "install-extras.json"
ICON = "icons/hicolor/scalable/apps/supple.svg"
ZSH_FOLDER = "zsh/site-functions"


def data_home() -> Path:
    """$XDG_DATA_HOME if it is an absolute path (the spec says to ignore others), else
    ~/.local/share."""
    given = os.environ.get("XDG_DATA_HOME", "")
    if given and os.path.isabs(given):
        return Path(given)
    return Path.home() / ".local" / "share"


def manifest_path(home: Path) -> Path:
    return home / "supple" / MANIFEST_NAME


def _desktop_quote(word: str) -> str:
    """A word of a desktop entry's Exec line (the Desktop Entry spec's quoting rules)."""
    if word and not any(c in word for c in " \t\n\"'\\><~|&;$*?#()`"):
        return word
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in word)
    return f'"{escaped}"'


def supple_command() -> list[str]:
    """How a desktop launcher starts this very supple: the `supple` on PATH if it is this one,
    else this environment's script, else `python -m tracker`."""
    script = Path(sys.executable).with_name("supple")
    found = shutil.which("supple")
    if found and script.exists() and Path(found).resolve() == script.resolve():
        return [str(Path(found).absolute())]
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "tracker"]


def desktop_entry() -> str:
    exec_line = " ".join(_desktop_quote(word) for word in supple_command())
    return DESKTOP_ENTRY.replace("\nExec=supple\n", f"\nExec={exec_line}\n")


def _icon() -> bytes:
    return (Path(__file__).resolve().parents[1] / "assets" / "supple.svg").read_bytes()


def planned() -> dict[str, Callable[[], bytes]]:
    """Path under the data home -> its bytes: share/'s files (the desktop entry with this
    supple's path) and the icon."""
    files = {name: _encoded(make) for name, make in FILES.items()}
    files["applications/supple.desktop"] = _encoded(desktop_entry)
    files[ICON] = _icon
    return files


def _encoded(make: Callable[[], str]) -> Callable[[], bytes]:
    return lambda: make().encode("utf-8")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(home: Path) -> dict[str, object]:
    try:
        found = json.loads(manifest_path(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)  # also over a link an older install left (pipx links man pages)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _make_folders(folder: Path, created: list[str]) -> None:
    """Make `folder` and its missing parents, noting each for --uninstall (but never the home
    folder or above: those are not install-extras' to remove)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    home = Path.home()
    for path in reversed(missing):
        path.mkdir()
        if path != home and path not in home.parents:
            created.append(str(path))


def install() -> tuple[list[Path], Path]:
    """Write every file; returns them and the data home they went under."""
    home = data_home()
    manifest = _read_manifest(home)
    old_files = manifest.get("files")
    files: dict[str, str] = dict(old_files) if isinstance(old_files, dict) else {}
    old_folders = manifest.get("folders")
    folders: list[str] = list(old_folders) if isinstance(old_folders, list) else []
    written = []
    for name, make in planned().items():
        target = home / name
        _make_folders(target.parent, folders)
        data = make()
        _write(target, data)
        files[str(target)] = _digest(data)
        written.append(target)
    own = manifest_path(home).parent  # supple's data folder: private, as the store makes it
    if not own.exists():
        _make_folders(own.parent, folders)
        make_private_folder(own)
        folders.append(str(own))
    body = {"format": "supple install-extras 1", "files": files, "folders": folders}
    _write(manifest_path(home), (json.dumps(body, indent=2) + "\n").encode("utf-8"))
    return written, home


def uninstall() -> tuple[list[Path], list[Path]]:
    """Remove what `install` wrote; returns the files removed and those left because they
    changed since (someone else's now)."""
    home = data_home()
    manifest = _read_manifest(home)
    files = manifest.get("files")
    removed, kept = [], []
    for name, digest in files.items() if isinstance(files, dict) else []:
        path = Path(name)
        try:
            same = _digest(path.read_bytes()) == digest
        except OSError:
            continue  # gone already
        if same and not path.is_symlink():
            path.unlink()
            removed.append(path)
        else:
            kept.append(path)
    manifest_path(home).unlink(missing_ok=True)
    folders = manifest.get("folders")
    for folder in sorted(folders if isinstance(folders, list) else [], key=len, reverse=True):
        try:
            Path(folder).rmdir()  # only if empty: anything else in it is not ours
        except OSError:
            pass
    return removed, kept


def zsh_fpath_line(home: Path) -> str:
    folder = str(home / ZSH_FOLDER)
    user = str(Path.home()).rstrip("/") + "/"
    if folder.startswith(user):
        folder = "~/" + folder[len(user) :]
    return f"fpath=({folder} $fpath)"
