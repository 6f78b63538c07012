"""The shell side of the floor session: `supple tutorial --print` draws the session's braille
body where the output can take it (ASCII captions alone where it cannot), and `supple doctor`
names the programs a session would play its tones and voice through."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.conftest import RunCli


def fake_program(bin_dir: Path, name: str) -> None:
    bin_dir.mkdir(parents=True, exist_ok=True)
    path = bin_dir / name
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_doctor_names_the_tone_player_and_the_voice(run_cli: RunCli, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    for name in ("aplay", "spd-say", "espeak-ng"):
        fake_program(bin_dir, name)
    result = run_cli("doctor", PATH=str(bin_dir))
    assert result.code == 0, result.err
    assert f"Session sound:  aplay ({bin_dir / 'aplay'})" in result.out
    assert f"Session voice:  spd-say ({bin_dir / 'spd-say'})" in result.out


def test_doctor_says_what_to_install_when_nothing_can_play(run_cli: RunCli, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("doctor", PATH=str(empty))
    assert result.code == 0, result.err
    sound = next(line for line in result.out.splitlines() if line.startswith("Session sound:"))
    assert "no player found" in sound and "alsa-utils" in sound and "terminal bell" in sound
    assert "espeak-ng" in result.out


def test_the_printed_tutorial_draws_the_figures_in_braille(run_cli: RunCli) -> None:
    result = run_cli("tutorial", "--print", "--figures", PYTHONIOENCODING="utf-8")
    assert result.code == 0, result.err
    assert sum(1 for c in result.out if 0x2800 < ord(c) <= 0x28FF) > 100
    assert "hip-width" in result.out and "ball" in result.out


def test_the_printed_tutorial_piped_describes_each_figure_in_one_line_of_words(
    run_cli: RunCli,
) -> None:
    for args in (("--print",), ("--print", "--no-figures")):  # piped: no figures by default
        result = run_cli("tutorial", *args, PYTHONIOENCODING="utf-8")
        assert result.code == 0, result.err
        assert not any(0x2800 <= ord(c) <= 0x28FF for c in result.out), args
        figures = [line for line in result.out.splitlines() if line.startswith("Figure: ")]
        assert len(figures) == 3, figures  # the hinge, and each exercise's poses
        assert "2 top foot up - the same, the top foot lifted" in figures[2]
        assert "knees bent at 45 degrees, a ball between the knees" in figures[2]


def test_an_ascii_only_output_gets_the_captions_and_no_error(run_cli: RunCli) -> None:
    result = run_cli("tutorial", "--print", "--figures", PYTHONIOENCODING="ascii")
    assert result.code == 0, result.err
    result.out.encode("ascii")
    assert "lift the top foot" in result.out and "Traceback" not in result.err
