"""`supple install-extras [--uninstall]`: man page, completions, desktop entry and icon into
the user's XDG folders (see tracker.cli.user_extras)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tracker.cli import user_extras
from tracker.core.errors import CommandError
from tracker.store.database import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

BASH_COMPLETION = Path("/usr/share/bash-completion/bash_completion")


def _man_finds(home: Path) -> bool:
    """Whether `man` looks in `home`/man (man-db derives its path from PATH: ~/.local/bin
    gives ~/.local/share/man)."""
    manpath = shutil.which("manpath")
    if manpath is None:
        return True  # nothing to ask: say nothing
    import subprocess

    try:
        found = subprocess.run(
            [manpath, "-q"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    wanted = os.path.realpath(home / "man")
    return any(os.path.realpath(part) == wanted for part in found.strip().split(":") if part)


def run(store: Store, args: argparse.Namespace) -> int:
    try:
        if args.uninstall:
            return _uninstall()
        written, home = user_extras.install()
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        raise CommandError(
            f"cannot write the extras: {error.strerror or error}{where}; "
            "check that ~/.local/share is yours and has space",
            1,
        ) from None
    for path in written:
        print(f"Wrote {path}")
    print("To remove them: supple install-extras --uninstall")
    print("zsh: add this line to ~/.zshrc, before compinit:")
    print(f"  {user_extras.zsh_fpath_line(home)}")
    if not BASH_COMPLETION.exists():
        print("bash: completions load through bash-completion: sudo apt install bash-completion")
    if not _man_finds(home):
        print(
            f"man: add {home / 'man'} to MANPATH, or put ~/.local/bin on PATH "
            "(man looks beside each PATH folder)"
        )
    return 0


def _uninstall() -> int:
    removed, kept = user_extras.uninstall()
    if not removed and not kept:
        print("Nothing to remove: install-extras has not written anything here.")
        return 0
    for path in removed:
        print(f"Removed {path}")
    for path in kept:
        print(f"Left {path}: it changed since install-extras wrote it")
    return 0
