"""supple: a terminal habit tracker for one daily hamstring and lower-back routine.

Importing `tracker` (or any module outside `tracker.ui`) must never load Textual, so shell
commands and the reminder daemon start fast.
"""

__version__ = "0.1.0"
