"""Sound and voice cues: the tones themselves, what each moment of a session plays and says,
and the background players (real child processes, with small recording programs on PATH)."""

from __future__ import annotations

import array
import io
import os
import stat
import sys
import time
import wave
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.conftest import TINY
from tracker.core.clock import FakeClock
from tracker.core.settings import Settings
from tracker.routine.engine import SessionEngine
from tracker.routine.plan import PhaseKind, build_plan
from tracker.sound import tones
from tracker.sound.director import Cue, Director
from tracker.sound.players import CuePlayer, describe, find_tone_player, find_voice
from tracker.sound.voice import line_for

START = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)


def wav_facts(data: bytes) -> tuple[float, float, int]:
    """(seconds, RMS as a share of full scale, peak) of a 16-bit mono WAV, read by hand."""
    with wave.open(io.BytesIO(data)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        frames = wav.readframes(wav.getnframes())
        rate = wav.getframerate()
    pcm = array.array("h")
    pcm.frombytes(frames)
    if sys.byteorder != "little":
        pcm.byteswap()
    rms = (sum(v * v for v in pcm) / max(1, len(pcm))) ** 0.5 / 32768
    return len(pcm) / rate, rms, max(abs(v) for v in pcm)


# -- the tones ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(tones.TONES))
def test_each_tone_is_a_wav_of_the_planned_length_and_clearly_audible(name: str) -> None:
    seconds, rms, peak = wav_facts(tones.wav_bytes(name))
    assert seconds == pytest.approx(tones.seconds_of(name), abs=0.002)
    assert rms > 0.05  # not silent
    assert peak < 32767  # not clipped


def test_the_three_tones_are_told_apart_by_length_and_pitch() -> None:
    lengths = {name: tones.seconds_of(name) for name in tones.TONES}
    assert lengths[tones.TICK] < lengths[tones.PHASE] < lengths[tones.FINISH]
    assert lengths[tones.TICK] <= 0.1  # a tick is a blip
    pitches = {name: max(f for f, _ in notes) for name, notes in tones.TONES.items()}
    assert len(set(pitches.values())) == 3


def test_tones_start_and_end_without_a_click() -> None:
    pcm = tones.samples(tones.PHASE)
    assert abs(pcm[0]) < 200 and abs(pcm[-1]) < 200


# -- what the voice says ----------------------------------------------------------------------


def test_spoken_lines_name_the_phase_and_for_the_floor_how_to_lie() -> None:
    plan = build_plan(Settings.defaults())
    by_kind = {(p.kind, p.exercise, p.side): line_for(p) for p in plan}
    assert by_kind[(PhaseKind.HOLD, "good-morning", None)] == "Hold"
    assert by_kind[(PhaseKind.REST, "good-morning", None)] == "Rest, 30 seconds."
    right = by_kind[(PhaseKind.GET_READY, "rotation", "right")]
    assert right.startswith("Turn over. Right side: lie on your left side")
    left = by_kind[(PhaseKind.GET_READY, "rotation", "left")]
    assert left.startswith("Left side: lie on your right side")
    first_lower = next(p for p in plan if p.kind is PhaseKind.LOWER)
    assert line_for(first_lower) == "Set 1 of 3. One. Lower"
    assert line_for(plan[0]) == ""  # the pain question is read, not spoken


def test_the_voice_counts_the_reps_says_halfway_and_the_last_one() -> None:
    plan = build_plan(Settings.defaults())  # 3 sets of 10 good mornings first
    lowers = [p for p in plan if p.kind is PhaseKind.LOWER and p.exercise == "good-morning"]
    first_set = [line_for(p) for p in lowers[:10]]
    assert first_set == [
        "Set 1 of 3. One. Lower",
        "Two. Lower",
        "Three. Lower",
        "Four. Lower",
        "Five. Lower",
        "Halfway. Six. Lower",
        "Seven. Lower",
        "Eight. Lower",
        "Nine. Lower",
        "Last one. Lower",
    ]
    assert line_for(lowers[10]) == "Set 2 of 3. One. Lower"
    holds = [p for p in plan if p.kind is PhaseKind.HOLD]
    assert {line_for(p) for p in holds} == {"Hold"}  # only a rep's first step is counted


def test_waiting_for_position_says_which_key_goes_on() -> None:
    plan = build_plan(Settings.from_stored({"wait-for-position": True}))
    waiting = [p for p in plan if p.waits]
    assert waiting and all("Press space" in line_for(p) for p in waiting)


# -- which cue when ---------------------------------------------------------------------------


def session_cues(settings: Settings, step: float = 0.1) -> list[tuple[float, Cue]]:
    """Run a whole session on a fake clock, ticking like the screen, and note every cue."""
    clock = FakeClock(START)
    engine = SessionEngine(settings, clock, ask_pain=False)
    director = Director()
    engine.start()
    heard: list[tuple[float, Cue]] = []
    elapsed = 0.0
    while not engine.finished:
        clock.advance(step)
        elapsed += step
        entered = engine.tick()
        for cue in director.cues(entered, engine.current, engine.remaining()):
            heard.append((round(elapsed, 3), cue))
    return heard


def test_a_tiny_session_plays_one_phase_tone_per_phase_and_a_finish_chime() -> None:
    settings = Settings.from_stored(TINY)
    heard = session_cues(settings)
    names = [cue.tone for _, cue in heard]
    phases = len(build_plan(settings, ask_pain=False)) - 1  # every phase after the first
    assert names.count(tones.PHASE) == phases - 1  # ... except the end, which chimes
    assert names[-1] == tones.FINISH and names.count(tones.FINISH) == 1
    assert tones.TICK not in names  # no countdown in it lasts more than 3 s


def test_ticks_come_on_each_of_the_last_three_seconds_of_a_longer_countdown() -> None:
    settings = Settings.from_stored({**TINY, "rest": 10})
    heard = session_cues(settings)
    rest_start = next(t for t, cue in heard if cue.say.startswith("Rest"))
    ticks = [t for t, cue in heard if cue.tone == tones.TICK]
    assert ticks == pytest.approx([rest_start + 7.1, rest_start + 8.1, rest_start + 9.1], abs=0.11)
    after_rest = next(t for t, cue in heard if t > rest_start and cue.tone == tones.PHASE)
    assert after_rest == pytest.approx(rest_start + 10, abs=0.11)


def test_a_late_tick_that_crosses_several_phases_plays_one_tone() -> None:
    settings = Settings.from_stored(TINY)
    engine = SessionEngine(settings, clock := FakeClock(START), ask_pain=False)
    engine.start()
    clock.advance(5.5)
    entered = engine.tick()
    assert len(entered) > 1
    cues = Director().cues(entered, engine.current, engine.remaining())
    assert [c.tone for c in cues] == [tones.PHASE]
    assert cues[0].say == line_for(entered[-1])


# -- players ----------------------------------------------------------------------------------


def fake_program(
    bin_dir: Path, name: str, log: Path, code: int = 0, hold: Path | None = None
) -> None:
    """A stand-in for a player: appends its arguments to `log`, copies a WAV it is given;
    with `hold`, it first plays on until that file exists (at most 30 s)."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / name
    wait = (
        f"hold, end = pathlib.Path({str(hold)!r}), time.monotonic() + 30\n"
        "while not hold.exists() and time.monotonic() < end: time.sleep(0.01)\n"
        if hold
        else ""
    )
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, shutil, sys, pathlib, time\n"
        f"{wait}"
        f"log = pathlib.Path({str(log)!r})\n"
        "with log.open('a') as f: f.write(repr(sys.argv[1:]) + '\\n')\n"
        "last = sys.argv[-1]\n"
        "if last.endswith('.wav'):\n"
        # named by process: two players let go at once would both count the same n
        "    shutil.copy(last, log.parent / f'played-{os.getpid()}.wav')\n"
        f"sys.exit({code})\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def which_in(bin_dir: Path):  # type: ignore[no-untyped-def]
    import shutil

    return lambda name: shutil.which(name, path=str(bin_dir))


def wait_for_children(player: CuePlayer) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        player.poll()
        if not player._tones.children and not player._voice.children:  # noqa: SLF001
            return
        time.sleep(0.02)
    raise AssertionError("players still running")


def test_the_player_is_chosen_in_order_and_doctor_names_it(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert find_tone_player(which_in(empty)) is None
    assert find_voice(which_in(empty)) is None
    tone_line, voice_line = describe(which_in(empty))
    assert "no player found" in tone_line and "alsa-utils" in tone_line
    assert "espeak-ng" in voice_line

    bin_dir = tmp_path / "bin"
    for name in ("aplay", "pw-play", "espeak-ng"):
        fake_program(bin_dir, name, tmp_path / "log")
    assert find_tone_player(which_in(bin_dir)).name == "pw-play"  # type: ignore[union-attr]
    fake_program(bin_dir, "paplay", tmp_path / "log")
    assert find_tone_player(which_in(bin_dir)).name == "paplay"  # type: ignore[union-attr]
    assert find_voice(which_in(bin_dir)).name == "espeak-ng"  # type: ignore[union-attr]
    tone_line, voice_line = describe(which_in(bin_dir))
    assert tone_line.startswith("paplay (") and voice_line.startswith("espeak-ng (")


def test_cues_play_in_the_background_and_leave_no_zombie(tmp_path: Path) -> None:
    log = tmp_path / "log"
    sound_ends = tmp_path / "sound-ends"
    fake_program(tmp_path / "bin", "aplay", log, hold=sound_ends)
    fake_program(tmp_path / "bin", "espeak-ng", log, hold=sound_ends)
    player = CuePlayer(True, True, which=which_in(tmp_path / "bin"), tone_dir=tmp_path)
    assert player.plays_tones and player.notices() == []
    player.play(Cue(tones.PHASE, "Hold"))
    player.play(Cue(tones.TICK))
    # Never waits for the sound: the players are all still playing (they play until told).
    player.poll()
    assert len(player._tones.children) + len(player._voice.children) == 3  # noqa: SLF001
    sound_ends.touch()
    wait_for_children(player)
    calls = log.read_text().splitlines()
    assert "['Hold']" in calls
    assert sum(call.startswith("['-q',") for call in calls) == 2
    played = sorted(tmp_path.glob("played-*.wav"))
    lengths = sorted(round(wav_facts(p.read_bytes())[0], 2) for p in played)
    assert lengths == sorted([round(tones.seconds_of(tones.PHASE), 2), tones.seconds_of("tick")])
    assert player.notices() == []
    # every child was collected: none is left a zombie of this process
    own = str(os.getpid())
    zombies = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _zombie_child_of(p, own)]
    assert zombies == []


def _zombie_child_of(proc: Path, parent: str) -> bool:
    try:
        fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] == "Z" and fields[1] == parent


def test_nothing_installed_means_the_bell_said_once(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    player = CuePlayer(True, True, which=which_in(empty), tone_dir=tmp_path)
    assert not player.plays_tones
    first = player.notices()
    # the bell is said once; the voice (on by default) is silent without a warning, and the
    # session's first screen says there is no voice program
    assert len(first) == 1
    assert "terminal bell" in first[0]
    assert "no voice program found" in player.status()
    player.play(Cue(tones.PHASE, "Hold"))  # nothing to run, nothing raised
    assert player.notices() == []  # said once
    assert "bell" in player.status()


def test_a_player_that_fails_turns_tones_off_and_says_so_once(tmp_path: Path) -> None:
    fake_program(tmp_path / "bin", "paplay", tmp_path / "log", code=1)
    player = CuePlayer(True, False, bell=False, which=which_in(tmp_path / "bin"), tone_dir=tmp_path)
    assert player.plays_tones
    player.play(Cue(tones.PHASE))
    wait_for_children(player)
    (notice,) = player.notices()
    assert "paplay could not play" in notice and "silent" in notice
    assert not player.plays_tones
    player.play(Cue(tones.PHASE))
    assert len(log_lines(tmp_path / "log")) == 1  # it is not tried again
    assert player.notices() == []


def log_lines(log: Path) -> list[str]:
    return log.read_text().splitlines()


def test_sound_off_plays_nothing_and_says_nothing(tmp_path: Path) -> None:
    fake_program(tmp_path / "bin", "paplay", tmp_path / "log")
    player = CuePlayer(False, False, which=which_in(tmp_path / "bin"), tone_dir=tmp_path)
    player.play(Cue(tones.PHASE, "Hold"))
    assert not (tmp_path / "log").exists()
    assert player.notices() == [] and player.status() == "off"


def test_a_change_of_position_says_starting_in_5_once_5_s_before_it_ends() -> None:
    settings = Settings.from_stored({**TINY, "position-time": 12, "get-ready": 12})
    heard = session_cues(settings)
    starting = [(at, cue) for at, cue in heard if cue.say == "Starting in 5."]
    plan = build_plan(settings, ask_pain=False)
    floor = [p for p in plan if p.kind is PhaseKind.GET_READY]
    assert len(starting) == len(floor) == 3  # standing up, and each side on the floor
    quick = build_plan(Settings.from_stored(TINY), ask_pain=False)
    assert not any(
        c.say.startswith("Starting") for _, c in session_cues(Settings.from_stored(TINY))
    )
    assert all(p.duration <= 6 for p in quick if p.kind is PhaseKind.GET_READY)  # too short
    ends = []
    elapsed = 0
    for phase in plan:
        elapsed += phase.duration
        if phase in floor:
            ends.append(elapsed)
    assert [round(at) for at, _ in starting] == [end - 5 for end in ends]
    assert all(cue.tone is None for _, cue in starting)  # words only: the tones keep their meaning
