"""The shell commands: one module per command, each with `run(store, args) -> exit code`.

They print plain text and raise CommandError (or the store's StoreError) for the one-line
errors; `tracker.cli.main` turns those into stderr lines and exit codes. A command's module is
imported only when that command runs, so `supple done` never loads what `export` needs.
"""

from __future__ import annotations

# Every command that works on the store, and the module that runs it. A new command is a new
# module here, a row in this table and its options in tracker.cli.parser.
COMMANDS = {
    "done": "done",
    "skip": "skip",
    "status": "status",
    "config": "config",
    "export": "export",
    "import": "import_file",
    "tutorial": "tutorial",
    "doctor": "doctor",
    "completion": "completion",
    "remind": "remind",
    "measure": "measure",
    "report": "report",
    "hinge": "hinge",
    "log": "log",
    "undo": "undo",
    "install-extras": "install_extras",
    "sync": "sync",
}


def runner_module(command: str) -> str:
    """The dotted name of the module that runs `command` (KeyError for an unknown one)."""
    return f"{__name__}.{COMMANDS[command]}"
