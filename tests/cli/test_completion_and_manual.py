"""Shell completions and the manual page, made from the parser, tried in the real programs:
bash's completion function as bash runs it, fish's `complete -C`, zsh's completion system in
an interactive zsh on a pseudo-terminal, and `man -l`.

bash, zsh, fish and man come from the system (`.ci/run` installs them); when one is missing
the test fails and says so.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import RunCli, need_program
from tracker.cli.parser import build_parser
from tracker.cli.parser_spec import supple_command_line
from tracker.cli.shared_files import FILES
from tracker.core.settings import KEYS

ROOT = Path(__file__).resolve().parents[2]
APT_HINT = "install it: sudo apt install bash zsh fish man-db"


def program(name: str) -> str:
    return need_program(name, f"the completion tests need it; {APT_HINT}")


def script(run_cli: RunCli, shell: str) -> str:
    result = run_cli("completion", shell)
    assert result.code == 0, result.err
    assert result.err == ""
    return str(result.out)


# --------------------------------------------------------------------------- bash

BASH_PROBE = r"""
source "$1"
probe() {
    COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
    "$(complete -p supple | sed 's/.*-F \([^ ]*\) .*/\1/')" supple "${COMP_WORDS[COMP_CWORD]}"
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
    echo
}
"""


def bash_complete(tmp_path: Path, completion: str, *words: str) -> list[str]:
    """What bash offers for `supple WORDS` (the last word is the one being completed)."""
    script_file = tmp_path / "supple.bash"
    script_file.write_text(completion, encoding="utf-8")
    line = " ".join(f"'{w}'" for w in ("supple", *words))
    done = subprocess.run(
        [program("bash"), "-ic", f"{BASH_PROBE}\nprobe {line}", "bash", str(script_file)],
        cwd=tmp_path,
        env={"HOME": str(tmp_path), "PATH": os.environ["PATH"], "TERM": "dumb"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_bash_completes_export_formats(run_cli: RunCli, tmp_path: Path) -> None:
    completion = script(run_cli, "bash")
    assert bash_complete(tmp_path, completion, "export", "--format", "") == ["csv", "ics", "json"]
    assert bash_complete(tmp_path, completion, "export", "--format", "c") == ["csv"]


def test_bash_completes_commands_options_keys_and_files(run_cli: RunCli, tmp_path: Path) -> None:
    completion = script(run_cli, "bash")
    (tmp_path / "backup.json").write_text("{}", encoding="utf-8")
    commands = bash_complete(tmp_path, completion, "")
    assert {"done", "skip", "status", "export", "import", "remind", "completion"} <= set(commands)
    assert bash_complete(tmp_path, completion, "con") == ["config"]
    assert bash_complete(tmp_path, completion, "config", "") == ["get", "list", "set"]
    keys = bash_complete(tmp_path, completion, "config", "set", "good-")
    assert keys == sorted(k for k in KEYS if k.startswith("good-"))
    assert "--until" in bash_complete(tmp_path, completion, "skip", "--")
    assert bash_complete(tmp_path, completion, "--data-dir", "/tmp", "st") == ["status"]
    assert bash_complete(tmp_path, completion, "import", "--habit", "Stretch", "b") == [
        "backup.json"
    ]
    assert bash_complete(tmp_path, completion, "completion", "") == ["bash", "fish", "zsh"]


# --------------------------------------------------------------------------- fish


def fish_complete(tmp_path: Path, completion: str, line: str) -> list[str]:
    script_file = tmp_path / "supple.fish"
    script_file.write_text(completion, encoding="utf-8")
    done = subprocess.run(
        [program("fish"), "--no-config", "-c", f"source {script_file}; complete -C'{line}'"],
        cwd=tmp_path,
        env={"HOME": str(tmp_path), "PATH": os.environ["PATH"]},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    return sorted(row.split("\t")[0] for row in done.stdout.splitlines())


def test_fish_completes_the_same(run_cli: RunCli, tmp_path: Path) -> None:
    completion = script(run_cli, "fish")
    assert fish_complete(tmp_path, completion, "supple export --format ") == ["csv", "ics", "json"]
    assert fish_complete(tmp_path, completion, "supple con") == ["config"]
    assert fish_complete(tmp_path, completion, "supple config ") == ["get", "list", "set"]
    assert fish_complete(tmp_path, completion, "supple config get remind-") == ["remind-when-done"]
    assert fish_complete(tmp_path, completion, "supple remind --un") == ["--uninstall"]


# --------------------------------------------------------------------------- zsh


def zsh_complete(tmp_path: Path, completion: str, line: str) -> list[str]:
    """Type `line` in an interactive zsh with compinit, press a key bound to completion, and
    collect what the completion system offered (compadd is wrapped to print each candidate)."""
    functions = tmp_path / "zfunc"
    functions.mkdir(exist_ok=True)
    (functions / "_supple").write_text(completion, encoding="utf-8")
    setup = [
        f"PROMPT=''; fpath=({functions} $fpath); autoload -U compinit; compinit -u -D",
        'compadd () { builtin compadd -O __hits "$@"; print -rl -- "<hit>"${^__hits};'
        ' builtin compadd "$@" }',
        'zle -C supple-probe complete-word _main_complete; bindkey "^X" supple-probe',
        "print -- '<re''ady>'",
    ]
    pid, fd = pty.fork()
    if pid == 0:  # the child: an interactive zsh without any startup files
        env = {"HOME": str(tmp_path), "PATH": os.environ["PATH"], "TERM": "xterm"}
        os.execve(program("zsh"), ["zsh", "-f", "-i"], env)
    seen = b""

    def read_until(marker: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 20
        while marker not in seen:
            left = deadline - time.monotonic()
            assert left > 0, f"zsh did not print {marker!r}: {seen[-500:]!r}"
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                seen += os.read(fd, 65536)

    def settle(quiet_s: float = 0.5) -> None:
        """Read until zsh has printed nothing for `quiet_s` (at most 20 s)."""
        nonlocal seen
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], quiet_s)
            if not ready:
                return
            seen += os.read(fd, 65536)

    try:
        os.write(fd, ("\n".join(setup) + "\n").encode())
        read_until(b"<ready>\r\n")
        seen = b""
        os.write(fd, line.encode() + b"\x18")  # ^X: complete here
        settle()  # let zle finish the completion before the next keys
        os.write(fd, b"\x15print -- '<do''ne>'\n")  # ^U clears the line
        read_until(b"<done>\r\n")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    text = seen.decode("utf-8", "replace")
    return sorted({part.split("\r")[0] for part in text.split("<hit>")[1:]})


def test_zsh_completes_the_same(run_cli: RunCli, tmp_path: Path) -> None:
    completion = script(run_cli, "zsh")
    assert zsh_complete(tmp_path, completion, "supple export --format ") == ["csv", "ics", "json"]
    assert zsh_complete(tmp_path, completion, "supple config ") == ["get", "list", "set"]
    assert zsh_complete(tmp_path, completion, "supple config set remind-") == ["remind-when-done"]
    assert "--pain-before" in zsh_complete(tmp_path, completion, "supple done --pain-")


# --------------------------------------------------------------------------- help and manual


def test_every_subcommand_has_a_description_and_an_example() -> None:
    parser = build_parser()
    for command in supple_command_line().walk()[1:]:
        assert command.description, command.name
        assert command.examples, command.name
        assert all(e.startswith(command.name) or "| " + command.name in e for e in command.examples)
        sub: argparse.ArgumentParser = parser
        for word in command.path:
            sub = next(
                a.choices[word] for a in sub._actions if isinstance(a, argparse._SubParsersAction)
            )
        text = sub.format_help()
        assert command.description.split()[0] in text
        assert "example" in text and command.examples[0] in text


def test_help_through_the_real_command(run_cli: RunCli) -> None:
    result = run_cli("import", "--help")
    assert result.code == 0
    assert "Loop Habit Tracker" in result.out
    assert "examples:\n  supple import backup.json\n" in result.out


def test_man_renders_the_manual_page(tmp_path: Path) -> None:
    page = ROOT / "share" / "man" / "man1" / "supple.1"
    done = subprocess.run(
        [program("man"), "-l", str(page)],
        env={**os.environ, "MANPAGER": "cat", "MANWIDTH": "80", "MAN_KEEP_FORMATTING": ""},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no roff warnings
    text = done.stdout
    for heading in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "EXIT STATUS"):
        assert f"\n{heading}\n" in text
    for command in supple_command_line().walk()[1:]:
        assert command.name in text
    assert "--format {json,csv,ics}" in text
    assert "supple remind --install --cron" in text
    # supple's red flags, marked and cited; no promise of an outcome (issue 20)
    words = " ".join(text.split())
    assert "\nSAFETY\n" in text and "NICE guideline NG59" in words
    for line in ("Get medical help TODAY", "BEFORE STARTING", "saddle area", "you are pregnant"):
        assert line in words
    assert "loosens" not in words and "eases lower-back pain" not in words
    assert "once a day is supple's default rhythm" in words


def test_share_folder_matches_the_parser() -> None:
    for name, make in FILES.items():
        path = ROOT / "share" / name
        assert path.exists(), f"share/{name} is missing: run python -m tracker.cli.shared_files"
        same = path.read_text(encoding="utf-8") == make()
        assert same, (
            f"share/{name} is out of date with the command line: "
            "run .venv/bin/python -m tracker.cli.shared_files"
        )


def test_completion_of_an_unknown_shell_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("completion", "tcsh")
    assert result.code == 2
    assert "invalid choice" in result.err and len(result.err.splitlines()) == 1


def test_completion_runs_without_a_store(run_cli: RunCli, data_dir: Path) -> None:
    assert run_cli("completion", "bash").code == 0
    assert not data_dir.exists()
    assert sys.executable  # the script itself never names a Python: it calls `supple`
