"""The plain-text logs of two command-line habit trackers, read as supple records.

- harsh (github.com/wakatara/harsh), `~/.config/harsh/log`: a line per answer,
  `YYYY-MM-DD : Habit name : y|n|s[ : comment[ : amount]]`; `#` starts a comment line; a later
  line for the same day and habit replaces an earlier one (as harsh reads it).
- habitctl (github.com/blinry/habitctl), `~/.habitctl/log`: `YYYY-MM-DD<TAB>Habit name<TAB>y|n|s`
  (or nothing, for "no answer"), a blank line between days.

`y` is a done day (harsh's comment as the session's note), `s` a skip day (the comment as its
reason), `n` and no answer nothing. One habit is picked by its name as for Loop.
"""

from __future__ import annotations

from collections.abc import Callable

from tracker.store.other_trackers import Days, OtherFormatError, _parse_day, pick_habit

HARSH, HABITCTL = "harsh", "habitctl"
ANSWERS = {"y", "n", "s", ""}

# One line of a log: (day, habit, answer, comment), or None for a line with nothing in it.
Line = tuple[str, str, str, str]


def _harsh_line(text: str) -> Line | None:
    if not text.strip() or text.startswith("#"):
        return None
    parts = text.split(" : ")
    if len(parts) < 3:
        raise ValueError("expected 'YYYY-MM-DD : habit : y/n/s'")
    comment = parts[3].strip() if len(parts) > 3 else ""
    return parts[0], parts[1], parts[2].strip(), comment


def _habitctl_line(text: str) -> Line | None:
    if not text.strip():
        return None
    parts = text.split("\t")
    if len(parts) != 3:
        raise ValueError("expected 'YYYY-MM-DD<tab>habit<tab>y/n/s'")
    return parts[0], parts[1], parts[2].strip(), ""


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            return line
    return ""


def which_log(text: str) -> str | None:
    """HARSH or HABITCTL if the first line with something in it is one of theirs."""
    line = _first_line(text)
    for name, read in ((HARSH, _harsh_line), (HABITCTL, _habitctl_line)):
        try:
            found = read(line)
        except ValueError:
            continue
        if found is not None and found[2] in ANSWERS and _is_day(found[0]):
            return name
    return None


def _is_day(text: str) -> bool:
    try:
        _parse_day(text, "")
    except OtherFormatError:
        return False
    return True


def read_log(text: str, tracker: str, habit: str | None) -> Days:
    read: Callable[[str], Line | None] = _harsh_line if tracker == HARSH else _habitctl_line
    entries: list[tuple[int, Line]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        try:
            line = read(raw)
        except ValueError as error:
            raise OtherFormatError(f"line {number} of the {tracker} log: {error}") from None
        if line is not None:
            entries.append((number, line))
    names = list(dict.fromkeys(line[1] for _, line in entries))
    if not names:
        raise OtherFormatError(f"the {tracker} log has no entries")
    chosen = names[pick_habit(names, habit, tracker, "log")]
    days = Days(f"{tracker}, habit '{chosen}'")
    for number, (day_text, name, answer, comment) in entries:
        if name != chosen:
            continue
        if answer not in ANSWERS:
            raise OtherFormatError(
                f"line {number} of the {tracker} log: {answer!r} is not y, n or s"
            )
        day = _parse_day(day_text, f"line {number}")
        days.done.pop(day, None)  # a later answer for the day replaces an earlier one
        days.skipped.pop(day, None)
        if answer == "y":
            days.done[day] = comment
        elif answer == "s":
            days.skipped[day] = comment or f"skipped in {tracker}"
    return days
