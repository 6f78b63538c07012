"""Honest sound: a player on PATH is used only once it has played a short silence here; the
first screen and `supple doctor` say what will really happen."""

from __future__ import annotations

import shutil
import sys
import wave
from io import BytesIO
from pathlib import Path

import pytest

from tracker.sound import tones
from tracker.sound.players import CuePlayer, Program, check_player, choose_tone_player, describe


def player_script(bin_dir: Path, name: str, code: int, said: str = "") -> Path:
    """A player that checks it got a readable WAV, writes `said` to stderr, exits `code`."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys, wave\n"
        "with wave.open(sys.argv[-1]) as w: assert w.getnframes() > 0\n"
        f"sys.stderr.write({said!r})\n"
        f"sys.exit({code})\n"
    )
    script.chmod(0o755)
    return script


def which_in(bin_dir: Path):  # type: ignore[no-untyped-def]
    return lambda name: shutil.which(name, path=str(bin_dir))


def test_the_silence_is_a_short_valid_wav() -> None:
    with wave.open(BytesIO(tones.silence_wav())) as wav:
        assert wav.getnchannels() == 1 and wav.getframerate() == tones.SAMPLE_RATE
        assert 0 < wav.getnframes() / wav.getframerate() <= 0.05
        assert set(wav.readframes(wav.getnframes())) == {0}


def test_a_player_that_cannot_reach_a_server_is_not_used(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    player_script(bin_dir, "paplay", 1, "Connection failure: Connection refused\n")
    player = CuePlayer(True, False, which=which_in(bin_dir), tone_dir=tmp_path, check=check_player)
    assert not player.plays_tones  # the bell from the very first phase
    assert player.status() == "the terminal bell (no sound player could play)"
    (notice,) = player.notices()
    assert notice == (
        "No sound: paplay could not play (exit 1: Connection failure: Connection refused); "
        "the session rings the terminal bell instead."
    )


def test_the_next_player_that_can_play_is_chosen(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    player_script(bin_dir, "paplay", 1, "Connection refused")
    player_script(bin_dir, "aplay", 0)
    chosen, failures = choose_tone_player(which_in(bin_dir), check_player)
    assert chosen is not None and chosen.name == "aplay"
    assert failures == ["paplay could not play (exit 1: Connection refused)"]
    player = CuePlayer(True, False, which=which_in(bin_dir), tone_dir=tmp_path, check=check_player)
    assert player.plays_tones and player.status() == "tones through aplay"
    assert player.notices() == []


def test_doctor_says_none_can_play_and_why(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    player_script(bin_dir, "paplay", 1, "Connection refused")
    tone_line, _ = describe(which_in(bin_dir))
    assert tone_line.startswith("none can play here (paplay could not play")
    assert "sound server" in tone_line and "terminal bell" in tone_line
    player_script(bin_dir, "aplay", 0)
    tone_line, _ = describe(which_in(bin_dir))
    assert tone_line == f"aplay ({bin_dir / 'aplay'}), checked: it plays"


def test_a_hung_player_is_given_up_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tracker.sound.players as players

    monkeypatch.setattr(players, "CHECK_TIMEOUT_S", 0.3)
    script = tmp_path / "paplay"
    script.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(30)\n")
    script.chmod(0o755)
    assert check_player(Program("paplay", str(script))) == "paplay did not finish within 0.3 s"


@pytest.mark.parametrize("name", ["paplay", "aplay"])
def test_the_real_players_fail_honestly_without_a_server(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no sound server to reach (and, for aplay, no such device) the real programs fail,
    and the check says so instead of claiming tones."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: apt-get install pulseaudio-utils alsa-utils")
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-such-server")
    monkeypatch.setenv("PULSE_RUNTIME_PATH", str(tmp_path))
    args = ("-q", "-D", "supple-no-such-device") if name == "aplay" else ()
    failure = check_player(Program(name, path, args))
    assert failure.startswith(f"{name} could not play (exit ")
