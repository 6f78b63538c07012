"""Sound and voice for the guided session: tones made in code, what to say, who plays it.

Headless (no Textual): `tones` makes the WAV data, `voice` words each phase, `director` decides
which cue a moment of the session deserves, `players` finds a program to play or speak them
and runs it in the background. The package `__init__` imports nothing.
"""
