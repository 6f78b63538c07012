"""Who plays the tones and speaks the lines: found once, run in the background.

Headless. Tones go to the first of `paplay` (PulseAudio or PipeWire), `pw-play` (PipeWire) or
`aplay` (ALSA) on PATH; the voice to `spd-say` (speech-dispatcher) or `espeak-ng`. Each cue is a
child process started and left to run (fire and forget): the session never waits for sound.
Finished children are collected at the next cue or `poll()`, so none is left a zombie; one that
failed (no sound server, no device) turns that output off and says so once, and the session
falls back to the terminal bell.

A program on PATH is not yet a sound: with no sound server (or no device) paplay, pw-play and
aplay all fail. So before a session, and in `supple doctor`, each player is asked to play a few
milliseconds of silence (`check_player`), and the first that does is the one used; when none
can, the session says so on its first screen and rings the bell from the start.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tracker.sound import tones
from tracker.sound.director import Cue

Which = Callable[[str], str | None]
# A check that a program can play here: '' when it can, else why not.
Checker = Callable[["Program"], str]

CHECK_TIMEOUT_S = 1.5  # a sound server that answers takes well under 0.2 s

# (program, arguments before the file) in order of preference.
TONE_PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("paplay", ()),
    ("pw-play", ()),
    ("aplay", ("-q",)),
)
# (program, arguments before the text).
VOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("spd-say", ()),
    ("espeak-ng", ()),
)

TONE_PACKAGES = "pulseaudio-utils (paplay), pipewire-bin (pw-play) or alsa-utils (aplay)"
VOICE_PACKAGES = "speech-dispatcher (spd-say) or espeak-ng"


@dataclass(frozen=True)
class Program:
    name: str
    path: str
    args: tuple[str, ...] = ()

    def argv(self, last: str) -> list[str]:
        return [self.path, *self.args, last]


def _system_which(name: str) -> str | None:
    """PATH lookup, through a name of this module (tests put fake players on their own PATH)."""
    return shutil.which(name)


def _find(choices: Sequence[tuple[str, tuple[str, ...]]], which: Which | None) -> Program | None:
    found = _found(choices, which)
    return found[0] if found else None


def _found(choices: Sequence[tuple[str, tuple[str, ...]]], which: Which | None) -> list[Program]:
    which = which if which is not None else _system_which
    return [Program(name, path, args) for name, args in choices if (path := which(name))]


def find_tone_player(which: Which | None = None) -> Program | None:
    return _find(TONE_PLAYERS, which)


def check_player(program: Program) -> str:
    """Play a few milliseconds of silence with `program`: '' if it could, else why not."""
    directory = Path(tempfile.mkdtemp(prefix="supple-check-"))
    try:
        silence = directory / "silence.wav"
        silence.write_bytes(tones.silence_wav())
        done = subprocess.run(
            program.argv(str(silence)),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=CHECK_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"{program.name} did not finish within {CHECK_TIMEOUT_S} s"
    except OSError as error:
        return f"{program.name} could not start ({error.strerror or error})"
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    if done.returncode == 0:
        return ""
    said = done.stderr.decode("utf-8", "replace").strip().splitlines()
    why = f": {said[-1][:80]}" if said else ""
    return f"{program.name} could not play (exit {done.returncode}{why})"


def choose_tone_player(which: Which | None, check: Checker) -> tuple[Program | None, list[str]]:
    """The first player on PATH that `check` says can play, and why each one before it failed."""
    failures: list[str] = []
    for program in _found(TONE_PLAYERS, which):
        failure = check(program)
        if not failure:
            return program, failures
        failures.append(failure)
    return None, failures


def find_voice(which: Which | None = None) -> Program | None:
    return _find(VOICES, which)


def describe(which: Which | None = None, check: Checker = check_player) -> tuple[str, str]:
    """One line each for `supple doctor`: what plays the tones (checked, as a session checks
    it), and what speaks."""
    player, failures = choose_tone_player(which, check)
    voice = find_voice(which)
    if player:
        tone_line = f"{player.name} ({player.path}), checked: it plays"
    elif failures:
        tone_line = (
            f"none can play here ({'; '.join(failures)}) - is a sound server running? "
            "Sessions ring the terminal bell"
        )
    else:
        tone_line = f"no player found - install {TONE_PACKAGES}; sessions ring the terminal bell"
    voice_line = (
        f"{voice.name} ({voice.path}), used when the setting voice is on"
        if voice
        else f"none found - install {VOICE_PACKAGES} for spoken cues (setting voice)"
    )
    return tone_line, voice_line


@dataclass
class _Output:
    """One way out (tones or voice): its program, its running children, and whether it broke."""

    program: Program | None
    children: list[subprocess.Popen[bytes]] = field(default_factory=list)
    broken: str = ""  # why it was turned off, once it was

    @property
    def usable(self) -> bool:
        return self.program is not None and not self.broken

    def collect(self) -> str:
        """Reap the children that ended; the first failure turns the output off (returned)."""
        running = []
        failure = ""
        for child in self.children:
            code = child.poll()
            if code is None:
                running.append(child)
            elif code > 0 and not self.broken and self.program is not None:
                # (a negative code is a signal: a line we cut short ourselves, not a failure)
                failure = self.broken = f"{self.program.name} could not play (exit {code})"
        self.children = running
        return failure

    def start(self, argv: list[str]) -> str:
        """Start `argv` in the background; a program that cannot start turns the output off."""
        try:
            child = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=True,
                start_new_session=True,  # no terminal signals, nothing on the TUI's screen
            )
        except OSError as error:
            name = self.program.name if self.program else argv[0]
            self.broken = f"{name} could not start ({error.strerror or error})"
            return self.broken
        self.children.append(child)
        return ""


class CuePlayer:
    """Plays the director's cues through the programs found at start (see the module doc).

    `notices()` hands out, once each, the sentences the user should read: that the tones fall
    back to the terminal bell (`bell` says whether it is on), or that the voice is off. While
    `plays_tones` is False the caller rings the bell for phase changes itself.
    """

    def __init__(
        self,
        sound: bool,
        voice: bool,
        bell: bool = True,
        which: Which | None = None,
        tone_dir: Path | None = None,
        check: Checker | None = None,
    ) -> None:
        self.sound = sound
        self.voice = voice
        self.bell = bell
        self._instead = (
            "the session rings the terminal bell instead"
            if bell
            else "the session stays silent (the bell is off too)"
        )
        failures: list[str] = []
        if sound and check is not None:
            player, failures = choose_tone_player(which, check)
        else:
            player = find_tone_player(which) if sound else None
        self._tones = _Output(player)
        self._voice = _Output(find_voice(which) if voice else None)
        self._tone_dir = tone_dir
        self._tone_paths: dict[str, Path] | None = None
        self._notices: list[str] = []
        self._no_player = "no sound player could play" if failures else "no sound player found"
        if sound and failures and player is None:
            self._notices.append(f"No sound: {failures[0]}; {self._instead}.")
        elif sound and self._tones.program is None:
            self._notices.append(
                f"No sound player found: {self._instead} ('supple doctor' says what to install)."
            )
        if voice and self._voice.program is None:
            self._notices.append(
                "No voice found: the cues are not spoken ('supple doctor' says what to install)."
            )

    @property
    def tone_player(self) -> Program | None:
        return self._tones.program if self._tones.usable else None

    @property
    def voice_program(self) -> Program | None:
        return self._voice.program if self._voice.usable else None

    @property
    def plays_tones(self) -> bool:
        """Whether tones (not the bell) mark the phases."""
        return self.sound and self._tones.usable

    def status(self) -> str:
        """A short line for the screen: how this session will sound."""
        parts = []
        if not self.sound:
            parts.append("off")
        elif self.tone_player is not None:
            parts.append(f"tones through {self.tone_player.name}")
        elif self.bell:
            parts.append(f"the terminal bell ({self._no_player})")
        else:
            parts.append(f"silent ({self._no_player}, and the bell is off)")
        if self.voice:
            voice = self.voice_program
            parts.append(f"voice through {voice.name}" if voice else "no voice program found")
        return " · ".join(parts)

    def notices(self) -> list[str]:
        """What the user should be told, each sentence only once."""
        self.poll()
        out, self._notices = self._notices, []
        return out

    def poll(self) -> None:
        """Collect finished children (no zombies); note a player that failed."""
        for output, what in ((self._tones, "tones"), (self._voice, "voice")):
            failure = output.collect()
            if failure:
                if what == "tones":
                    self._notices.append(f"No sound: {failure}; {self._instead}.")
                else:
                    self._notices.append(f"No voice: {failure}; the cues are not spoken.")

    def play(self, cue: Cue) -> None:
        """Start the cue's tone and voice in the background; never waits for them."""
        self.poll()
        if cue.tone is not None and self.sound:
            path = self._tone_path(cue.tone)
            if path is not None and self._tones.usable:
                assert self._tones.program is not None
                failure = self._tones.start(self._tones.program.argv(str(path)))
                if failure:
                    self._notices.append(f"No sound: {failure}; {self._instead}.")
        if cue.say and self.voice and self._voice.usable:
            assert self._voice.program is not None
            if self._voice.program.name != "spd-say":
                # A new line replaces one still being spoken, so the voice keeps up.
                for child in self._voice.children:
                    child.terminate()
            failure = self._voice.start(self._voice.program.argv(cue.say))
            if failure:
                self._notices.append(f"No voice: {failure}; the cues are not spoken.")

    def _tone_path(self, name: str) -> Path | None:
        if self._tone_paths is None:
            try:
                directory = self._tone_dir or Path(tempfile.mkdtemp(prefix="supple-tones-"))
                if self._tone_dir is None:
                    atexit.register(shutil.rmtree, directory, True)
                self._tone_paths = tones.write_all(directory)
            except OSError as error:
                self._tones.broken = f"the tones could not be written ({error.strerror})"
                self._notices.append(f"No sound: {self._tones.broken}; {self._instead}.")
                self._tone_paths = {}
        return self._tone_paths.get(name)

    def close(self) -> None:
        """At the end of a session: collect what has finished (children still playing a last
        chime are left to end by themselves and are reaped by the next poll or at exit)."""
        self.poll()
