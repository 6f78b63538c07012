"""The session's tones, made with the standard library: no sound files to ship.

Three cues, short and easy to tell apart with the eyes shut:

- `phase`: two quick rising notes, when a phase begins (lower, hold, return, rest, ...);
- `tick`: one short high blip on each of the last 3 seconds of a countdown;
- `finish`: a rising four-note chime at the end of a session.
"""

from __future__ import annotations

import array
import functools
import io
import math
import sys
import wave
from pathlib import Path

SAMPLE_RATE = 22050
VOLUME = 0.45  # of full scale: clear but not harsh
FADE_S = 0.008  # a few ms in and out, so no note starts or ends with a click

PHASE = "phase"
TICK = "tick"
FINISH = "finish"

# Each tone: (frequency Hz, seconds) notes, one after another; 0 Hz is a short silence.
TONES: dict[str, tuple[tuple[float, float], ...]] = {
    PHASE: ((659.3, 0.09), (0.0, 0.02), (880.0, 0.14)),
    TICK: ((1318.5, 0.05),),
    FINISH: ((523.3, 0.13), (659.3, 0.13), (784.0, 0.13), (1046.5, 0.45)),
}


def seconds_of(name: str) -> float:
    """How long a tone lasts."""
    return sum(length for _, length in TONES[name])


def samples(name: str) -> array.array[int]:
    """The tone as signed 16-bit mono samples at SAMPLE_RATE."""
    out = array.array("h")
    fade = max(1, int(FADE_S * SAMPLE_RATE))
    for frequency, length in TONES[name]:
        count = int(round(length * SAMPLE_RATE))
        if frequency <= 0:
            out.extend([0] * count)
            continue
        step = 2 * math.pi * frequency / SAMPLE_RATE
        for i in range(count):
            # A bell-like decay after the fade-in; a short fade-out at the end.
            envelope = min(1.0, i / fade, (count - i) / fade) * math.exp(-2.5 * i / count)
            out.append(int(32767 * VOLUME * envelope * math.sin(step * i)))
    return out


@functools.cache  # about 10 ms of arithmetic per tone, the same every time
def wav_bytes(name: str) -> bytes:
    """The tone as a complete WAV file (PCM, 16-bit, mono)."""
    data = samples(name)
    if sys.byteorder != "little":  # WAV is little-endian
        data.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(data.tobytes())
    return buffer.getvalue()


def silence_wav(seconds: float = 0.02) -> bytes:
    """A short silence as a WAV file: what a player is asked to play to show it can."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(bytes(2 * round(SAMPLE_RATE * seconds)))
    return buffer.getvalue()


def write_all(directory: Path) -> dict[str, Path]:
    """Write every tone as `<name>.wav` into `directory`; return the paths by name."""
    paths: dict[str, Path] = {}
    for name in TONES:
        path = directory / f"{name}.wav"
        path.write_bytes(wav_bytes(name))
        paths[name] = path
    return paths
