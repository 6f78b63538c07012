"""The files the wheel installs under share/: the manual page, shell completions, a desktop entry.

They are made from the argument parser and kept in the repository's share/ folder, so that
the build needs nothing but hatchling (pyproject's `shared-data` copies them). A test checks
that share/ matches what this module makes; after a change of the command line, run

    python -m tracker.cli.shared_files

to write them again. The icon (tracker/assets/supple.svg) is copied as it is.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Name=supple
GenericName=Habit tracker
Comment=A daily hamstring and lower-back routine, with a guided session and reminders
Exec=supple
Icon=supple
Terminal=true
Categories=Utility;
Keywords=habit;stretching;hamstrings;back;exercise;
"""


def _completion(shell: str) -> Callable[[], str]:
    def make() -> str:
        from tracker.cli.completion_scripts import script

        return script(shell)

    return make


def _manpage() -> str:
    from tracker.cli.manpage import manpage

    return manpage()


# Path under share/ -> what it holds.
FILES: dict[str, Callable[[], str]] = {
    "man/man1/supple.1": _manpage,
    "bash-completion/completions/supple": _completion("bash"),
    "zsh/site-functions/_supple": _completion("zsh"),
    "fish/vendor_completions.d/supple.fish": _completion("fish"),
    "applications/supple.desktop": lambda: DESKTOP_ENTRY,
}


def write_all(share: Path) -> list[Path]:
    written = []
    for name, make in FILES.items():
        target = share / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(make(), encoding="utf-8", newline="\n")
        written.append(target)
    return written


def main() -> int:
    share = Path(__file__).resolve().parents[2] / "share"
    for path in write_all(share):
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
