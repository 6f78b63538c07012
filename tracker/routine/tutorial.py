"""The tutorial: one page per step of the routine, as plain content.

Pure data and plain-text rendering (stdlib only, no Textual): the Tutorial screen shows these
pages, and `supple tutorial --print` prints `render_text()`.

The pages quote the source's numbers. Where the user has changed a setting, the current value
is shown beside the source's, e.g. "3 sets (you: 4) x 10 reps". Numbers the source does not
give (the hip rotation count, tempo, rest, get-ready and position time) are called "supple's
default(s)", and advice that goes beyond the source starts with "supple's tip" (see `NOTICE`):
the source's own text says it was partly generated with AI, so a reader must be able to tell
the two apart.

All text is free of "[" and "]" (safe for Textual markup), and all of it but the drawings is
ASCII. The figures are drawn by `tracker.routine.figure`, the same body the guided session
moves, on a braille canvas, with ASCII captions beneath; `render_text(drawings=False)` leaves
the braille out for a terminal that cannot show it (the captions stay). Body lines are at
most `WIDTH` characters; figures at most `FIGURE_WIDTH` x `FIGURE_HEIGHT`.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from tracker.core.settings import KEYS, Settings
from tracker.routine import figure as drawing
from tracker.routine.plan import GOOD_MORNING, ROTATION

WIDTH = 72
FIGURE_WIDTH = 40
FIGURE_HEIGHT = 12
PAGE_COUNT = 5

# The marker for supple's own advice, here, in the session's cues and in Help.
TIP = "supple's tip"

# Shown first on page 1 (the tutorial opens by itself on first run), on the safety page, in
# `supple tutorial --print` and in Help.
NOTICE = (
    "supple is not medical advice. Check with a healthcare provider before you start, to make "
    "sure these exercises are suitable for you. The routine is a summary of a short public "
    "exercise tutorial, and that tutorial's own text says it was partly generated with AI and "
    "may contain inaccuracies. What supple adds of its own is marked: advice as "
    f'"{TIP}", numbers the source does not give as "supple\'s default".'
)

# The numbers the source gives for the modified good morning.
SOURCE_GOOD_MORNING_SETS = 3
SOURCE_GOOD_MORNING_REPS = 10
SOURCE_GOOD_MORNING_HOLD = 3


@dataclass(frozen=True)
class Page:
    """One tutorial page.

    `body` is plain paragraphs separated by blank lines, each line at most `WIDTH` chars.
    `points` are short steps or bullets (without a leading "-"), shown after the body.
    `figure` is a small drawing (braille) with its ASCII caption lines beneath, or "" on a page
    without one; `caption` is those caption lines alone.
    `tips` are supple's own guidance beyond the source, shown last under "supple's tips:".
    """

    number: int
    title: str
    body: str
    figure: str = ""
    points: tuple[str, ...] = ()
    caption: str = ""
    tips: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """Body, points and tips as wrapped plain text: what a screen shows beside the figure."""
        parts = [self.body]
        if self.points:
            parts.append("\n".join(_bullet(point) for point in self.points))
        if self.tips:
            parts.append(f"{TIP}s:")  # its own paragraph: a screen re-wraps bullets apart
            parts.append("\n".join(_bullet(tip) for tip in self.tips))
        return "\n\n".join(part for part in parts if part)


# Joins a number to its unit and to the user's value, so wrapping never splits "3 s" or
# "(you: 4)"; turned back into a plain space once a paragraph is wrapped.
_NBSP = "\u00a0"


def _bullet(point: str) -> str:
    wrapped = textwrap.fill(
        point,
        width=WIDTH,
        initial_indent="  - ",
        subsequent_indent="    ",
        break_on_hyphens=False,
    )
    return wrapped.replace(_NBSP, " ")


def _paragraphs(*paragraphs: str) -> str:
    return "\n\n".join(
        textwrap.fill(paragraph, width=WIDTH, break_on_hyphens=False).replace(_NBSP, " ")
        for paragraph in paragraphs
    )


def _amount(number: int, unit: str = "") -> str:
    return f"{number}{_NBSP}{unit}" if unit else str(number)


def _you(reference: int, current: int, unit: str = "") -> str:
    """' (you: 4)' when the user's value differs from the reference number, else ''."""
    if current == reference:
        return ""
    return f"{_NBSP}(you:{_NBSP}{_amount(current, unit)})"


def _ours(settings: Settings, name: str, current: int, unit: str = "") -> str:
    """supple's own default for `name`, with the user's value beside it if changed."""
    default = KEYS[name].default
    assert isinstance(default, int)
    if settings.is_default(name):
        return _amount(default, unit)
    return _amount(default, unit) + _you(default, current, unit)


def _good_morning_dose(settings: Settings) -> str:
    sets = SOURCE_GOOD_MORNING_SETS
    reps = SOURCE_GOOD_MORNING_REPS
    hold = SOURCE_GOOD_MORNING_HOLD
    return (
        f"{sets} sets{_you(sets, settings.good_morning_sets)}"
        f" x {reps} reps{_you(reps, settings.good_morning_reps)},"
        f" hold about {_amount(hold, 's')}{_you(hold, settings.good_morning_hold, 's')}"
    )


def _rotation_dose(settings: Settings) -> str:
    sets = KEYS["rotation.sets"].default
    reps = KEYS["rotation.reps"].default
    assert isinstance(sets, int) and isinstance(reps, int)
    sets_you = "" if settings.is_default("rotation.sets") else _you(sets, settings.rotation_sets)
    reps_you = "" if settings.is_default("rotation.reps") else _you(reps, settings.rotation_reps)
    return (
        f"{sets} sets{sets_you} x {reps} reps{reps_you} per side"
        " (supple's default; the source gives no count)"
    )


def good_morning_dose(settings: Settings) -> str:
    """The source's dose for the good morning, e.g. '3 sets (you: 4) x 10 reps, hold about 3 s'.

    The numbers are the source's; a "(you: N)" follows each one the user has changed.
    """
    return _good_morning_dose(settings).replace(_NBSP, " ")


def rotation_dose(settings: Settings) -> str:
    """supple's dose for the hip rotation, marked as supple's own (the source gives none)."""
    return _rotation_dose(settings).replace(_NBSP, " ")


def _page_why() -> Page:
    body = _paragraphs(
        f"Please read first: {NOTICE}",
        "Tight hamstrings are often the result of signals from your brain rather than of "
        "tightness in the muscles themselves.",
        "Muscles work in teams: together they keep your joints stable and support your "
        "movement. And your brain has a say in how flexible a muscle is: it can restrict "
        "how far you move, to protect your body.",
        f"{TIP}: picture a guard. When your brain does not trust that the lower back is well "
        "supported, it holds the hamstrings back, and you feel that as tightness. That is "
        "why pulling harder on a stretch often does little. The next pages work the other "
        "way round: move in a way the brain trusts, wake up the muscles that steady the "
        "hips, and give the guard less reason to hold on.",
    )
    return Page(1, "Why your hamstrings feel tight", body)


# The figures: poses of the session's own body, side by side, each with a caption under it.
_POSE_WIDTH = 18  # braille characters per pose (36 dots), two poses to a figure
_POSE_HEIGHT = 8


def _figure(drawings: list[tuple[tuple[str, ...], str]], notes: tuple[str, ...]) -> tuple[str, str]:
    """(the figure, its caption): drawings side by side with a label under each, then notes."""
    columns = [[*lines, label] if label else list(lines) for lines, label in drawings]
    lines = drawing.side_by_side(columns, gap=2)
    while lines and not lines[0].strip():  # rows no pose reaches
        del lines[0]
    lines += list(notes)
    labels = "   ".join(label for _, label in drawings)
    caption = "\n".join([labels, *notes]) if len(drawings) > 1 else "\n".join(notes)
    return "\n".join(line.rstrip() for line in lines), caption


def _hinge_figure() -> tuple[str, str]:
    hinge = drawing.render(GOOD_MORNING, 1.0, _POSE_WIDTH, _POSE_HEIGHT)
    rounded = drawing.render_rounded(_POSE_WIDTH, _POSE_HEIGHT)
    return _figure(
        [(hinge, "yes: hinge"), (rounded, "no: round the back")],
        ("The hinge keeps the back long.",),
    )


def _good_morning_figure() -> tuple[str, str]:
    standing = drawing.render(GOOD_MORNING, 0.0, _POSE_WIDTH, _POSE_HEIGHT)
    hinged = drawing.render(GOOD_MORNING, 1.0, _POSE_WIDTH, _POSE_HEIGHT)
    return _figure(
        [(standing, "1 stand tall"), (hinged, "2 hinge, hold")],
        ("feet hip-width apart, knees soft;", "back long and straight, hips go back"),
    )


def _rotation_figure() -> tuple[str, str]:
    both = drawing.render_overlay(ROTATION, (0.0, 1.0), 2 * _POSE_WIDTH + 2, 6)
    return _figure(
        [(both, "")],
        (
            "on one side, knees bent about 45 deg,",
            "a small ball between the knees:",
            "lift the top foot, then lower it",
        ),
    )


def _page_habit() -> Page:
    body = _paragraphs(
        "Stop bending over from your lower back: each time you do, it signals your "
        "hamstrings to tighten.",
        "Bend by hinging at the hips instead of rounding your lower back. A hip hinge "
        "activates the hamstrings the way they are meant to work.",
        "This step needs no session. Be mindful of how you move in your daily tasks, so that "
        "good movement patterns become your habit.",
        f"{TIP}: to hinge, send your hips back, keep your back long and let your knees "
        "soften a little. Moments to watch for:",
    )
    points = (
        "picking something up from the floor",
        "leaning over the sink to wash your face or brush your teeth",
        "loading the washing machine or the dishwasher",
        "lifting a bag, a box or a child",
    )
    figure, caption = _hinge_figure()
    return Page(2, "Bend at the hips, not the back", body, figure, points, caption)


def _page_good_morning(settings: Settings) -> Page:
    tempo = _ours(settings, "tempo", settings.tempo, "s")
    rest = _ours(settings, "rest", settings.rest, "s")
    body = _paragraphs(
        "This exercise wakes up the hamstrings and reinforces the hip hinge from the last page.",
        f"Dose from the source: {_good_morning_dose(settings)}.",
        f"In a guided session supple counts out every rep: lower over {tempo}, hold, "
        f"then return over {tempo}, with {rest} of rest between sets. The lowering and "
        "return time (tempo) and the rest are supple's defaults, not the source's.",
    )
    points = (
        "Stand with your feet hip-width apart.",
        "Hinge at the hips, keeping your spine straight.",
        "Shift your weight back a little, until you feel a stretch in the backs of your legs.",
        "Hold that position, with the hamstrings doing the work, then come back up to standing.",
    )
    tips = (
        "Breathe normally; breathe out as you come back up.",
        "Go only as far as you can keep your spine long.",
        "Avoid rounding your back: once it starts to round, you have gone far enough.",
    )
    figure, caption = _good_morning_figure()
    return Page(3, "Modified good morning", body, figure, points, caption, tips)


def _page_rotation(settings: Settings) -> Page:
    tempo = _ours(settings, "tempo", settings.tempo, "s")
    rest = _ours(settings, "rest", settings.rest, "s")
    get_ready = _ours(settings, "position-time", settings.position_time, "s")
    body = _paragraphs(
        "This exercise activates the stabiliser muscles around the hip joint. Moving the top "
        "foot up and down rotates the hip in and out: internal and external rotation, kept "
        "under your control.",
        f"Dose: {_rotation_dose(settings)}. The source asks for controlled movements; "
        "change the count in Settings if it is too much or too little.",
        f"In a guided session a rep is a lift over {tempo} and a lower over {tempo}, with no "
        f"hold. There are {rest} of rest between sets, and {get_ready} to get into "
        "position before each side. These times are supple's defaults too.",
    )
    points = (
        "Lie on one side with your knees bent to about 45 degrees.",
        "Place a small ball between the knees and keep both knees against it.",
        "Lift the top foot, then lower it again, with control; do not swing.",
    )
    tips = (
        "Breathe normally; breathe out as the foot comes up.",
        "Lift only as far as you can keep your hips stacked, one above the other.",
        "Feel it in the deep muscles at the side of your hip.",
        "Avoid rolling your hips back as the foot rises.",
        "Do both sides: turn over and repeat, so both hips get the same work.",
    )
    figure, caption = _rotation_figure()
    return Page(4, "Side-lying hip rotation", body, figure, points, caption, tips)


def _page_safety() -> Page:
    body = _paragraphs(
        NOTICE,
        "The exercises should cause neither discomfort nor pain while you do them. If one "
        "does, stop. In a guided session, press ! to stop at once.",
        f"{TIP}: the gentle stretch along the backs of your legs in the good morning is "
        "expected; anything sharper, or any pain in your back, is a reason to stop. If the "
        "pain you note after sessions goes up over two weeks, supple says so on the main "
        "screen: a good moment to talk to a doctor or physiotherapist.",
        "Consistency matters: practise these exercises regularly to improve the flexibility "
        "of your hamstrings and the health of your lower back.",
        f"{TIP}: a few calm minutes most days do more than a hard session now and then. That "
        "is why supple keeps a streak and a calendar for you.",
        'The source is a public tutorial titled "Fix TIGHT Hamstrings & Lower Back Pain | 2 '
        'SIMPLE Exercises" (April 2024); supple puts its steps in its own words.',
        "Using supple:",
    )
    points = (
        "s starts a guided session that counts every rep, hold and rest for you.",
        "d logs today as done, for when you did the routine on your own.",
        "t opens this tutorial again at any time.",
        "Right or l shows the next page, Left or h the previous one, Escape closes.",
    )
    return Page(5, "Stay safe and keep at it", body, "", points)


def pages(settings: Settings) -> list[Page]:
    """The five tutorial pages, numbered 1 to 5, for the given settings."""
    return [
        _page_why(),
        _page_habit(),
        _page_good_morning(settings),
        _page_rotation(settings),
        _page_safety(),
    ]


def header(page: Page, total: int = PAGE_COUNT) -> str:
    """'Page 1 of 5 - Why your hamstrings feel tight'."""
    return f"Page {page.number} of {total} - {page.title}"


def render_page(page: Page, total: int = PAGE_COUNT, drawings: bool = True) -> str:
    """One page as plain text: header, body, points, then the figure (or its caption alone,
    without `drawings`)."""
    title = header(page, total)
    parts = [f"{title}\n{'=' * len(title)}", page.text]
    figure = page.figure if drawings else page.caption
    if figure:
        parts.append(figure)
    return "\n\n".join(parts)


def render_text(settings: Settings, drawings: bool = True) -> str:
    """Every page as plain text, for `supple tutorial --print`; ends with a newline. Without
    `drawings` it is pure ASCII (the figures' captions stay)."""
    all_pages = pages(settings)
    return "\n\n\n".join(render_page(page, len(all_pages), drawings) for page in all_pages) + "\n"
