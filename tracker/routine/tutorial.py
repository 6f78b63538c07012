"""The tutorial: one page per step of the routine, as plain content.

Pure data and plain-text rendering (stdlib only, no Textual): the Tutorial screen shows these
pages, and `supple tutorial --print` prints `render_text()`.

One page per step of the routine: why, the everyday hinge, one page per exercise of the
routine (declared with the exercise, `tracker.routine.exercises`), and safety. The pages quote
the source's numbers. Where the user has changed a setting, the current value is shown beside
the source's, e.g. "3 sets (you: 4) x 10 reps". Numbers the source does not give (the hip
rotation count, tempo, rest, get-ready and position time) are called "supple's default(s)", and
advice that goes beyond the source starts with "supple's tip" (see `NOTICE`): the source's own
text says it was partly generated with AI, so a reader must be able to tell the two apart.

All text is free of "[" and "]" (safe for Textual markup), and all of it but the drawings is
ASCII. The figures are drawn by `tracker.routine.figure`, the same body the guided session
moves, on a braille canvas, with ASCII captions beneath; `render_text(drawings=False)` leaves
the braille out for a terminal that cannot show it (the captions stay). Body lines are at
most `WIDTH` characters; figures at most `FIGURE_WIDTH` x `FIGURE_HEIGHT`.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from tracker.core.settings import Settings
from tracker.routine import figure as drawing
from tracker.routine.exercises import ROUTINE, Exercise, Number, Routine
from tracker.routine.plan import PhaseKind
from tracker.routine.safety import ASK_FIRST, HINGE_EVIDENCE, MARK, NERVE_STOP, SOON, SOURCE, TODAY

WIDTH = 72
FIGURE_WIDTH = 40
FIGURE_HEIGHT = 12

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


def red_flags() -> str:
    """supple's red flags and who should ask first, as wrapped paragraphs and bullet blocks
    (page 1, the safety page, and so `supple tutorial --print`)."""
    fill = _paragraphs
    return "\n\n".join(
        [
            fill(f"{MARK}, before you start (the source does not list these; from {SOURCE}):"),
            fill("Get medical help TODAY if you have:"),
            "\n".join(_bullet(sign) for sign in TODAY),
            fill("See a doctor SOON, and pause the routine until then, if you have:"),
            "\n".join(_bullet(sign) for sign in SOON),
            fill("Ask a doctor or physiotherapist BEFORE STARTING if:"),
            "\n".join(_bullet(who) for who in ASK_FIRST),
            fill(NERVE_STOP),
        ]
    )


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


def _with_you(settings: Settings, number: Number) -> str:
    """A number's default, and the user's value beside it if changed: "2 s (you: 3 s)"."""
    return _amount(number.default, number.unit) + _you(
        number.default, settings.number(number.key), number.unit
    )


def _dose(settings: Settings, exercise: Exercise) -> str:
    """Sets x reps (per side), then each time of the exercise's own ("hold about 3 s"), from
    the defaults with the user's values beside them. Defaults that are supple's and not the
    source's are marked so: all at once when none is the source's."""

    def count(number: Number, noun: str) -> str:
        current = settings.number(number.key)
        return f"{number.default} {noun}{_you(number.default, current)}"

    counts = [
        (exercise.sets, count(exercise.sets, "sets")),
        (exercise.reps, count(exercise.reps, "reps")),
    ]
    own = {number.key: number for number in exercise.numbers}
    times = [
        (
            own[step.seconds],
            f"{PhaseKind(step.kind).label.lower()} about {_with_you(settings, own[step.seconds])}",
        )
        for step in exercise.steps
        if step.seconds in own
    ]
    none_from_source = not any(number.source for number, _ in counts + times)

    def marked(number: Number, words: str) -> str:
        return words if number.source or none_from_source else f"{words} (supple's default)"

    text = " x ".join(marked(number, words) for number, words in counts)
    if exercise.sides:
        text += " per side"
    for number, words in times:
        text += f", {marked(number, words)}"
    if none_from_source:
        text += " (supple's default; the source gives no count)"
    return text


def dose(settings: Settings, exercise: Exercise) -> str:
    """An exercise's dose as its tutorial page gives it, e.g. '3 sets (you: 4) x 10 reps, hold
    about 3 s' (the source's numbers) or '2 sets x 10 reps per side (supple's default; the
    source gives no count)'. A "(you: N)" follows each number the user has changed."""
    return _dose(settings, exercise).replace(_NBSP, " ")


def _page_why() -> Page:
    first = _paragraphs(f"Please read first: {NOTICE}")
    body = (
        first
        + "\n\n"
        + red_flags()
        + "\n\n"
        + _paragraphs(
            "Tight hamstrings are often the result of signals from your brain rather than of "
            "tightness in the muscles themselves.",
            "Muscles work in teams: together they keep your joints stable and support your "
            "movement. And your brain has a say in how flexible a muscle is: it can restrict "
            "how far you move, to protect your body.",
            f"{TIP}: picture a guard. When your brain does not trust that the lower back is well "
            "supported, it holds the hamstrings back, and you feel that as tightness. The next "
            "pages work the other way round: move in a way the brain trusts, wake up the "
            "muscles that steady the hips, and give the guard less reason to hold on.",
        )
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
    hinge = drawing.render("standing", 1.0, _POSE_WIDTH, _POSE_HEIGHT)
    rounded = drawing.render_rounded(_POSE_WIDTH, _POSE_HEIGHT)
    return _figure(
        [(hinge, "yes: hinge"), (rounded, "no: round the back")],
        ("The hinge keeps the back long.",),
    )


def _exercise_figure(exercise: Exercise) -> tuple[str, str]:
    """The exercise's panels side by side, each its poses on one canvas, then its notes."""
    panels = [
        (drawing.render_overlay(exercise.body, panel.poses, panel.width, panel.height), panel.label)
        for panel in exercise.lesson.panels
    ]
    return _figure(panels, exercise.lesson.notes)


# The everyday hinge as a habit of its own (tracker.core.hinge): a short practice with the
# figure, then the if-then plan. supple's own, so they are its tips.
HINGE_PRACTICE = (
    f"{TIP}: practise now, 3 slow hinges, with the figure. Stand with feet hip-width and your "
    "hands on your hips. Send the hips back as if to close a drawer behind you, back long, "
    "knees soft, until you feel the back of the legs; come up by pushing the hips forward. "
    "One ... two ... three. Stop if it hurts. In the app, p on this page guides the three "
    "with the moving figure."
)


def hinge_plan(moments: tuple[str, ...]) -> tuple[str, ...]:
    """The if-then plan, as short tips: the person's own moments once chosen."""
    from tracker.core.hinge import plan_of

    if moments:
        return (*(plan_of(m) for m in moments), "In the evening g asks how it went.")
    return (
        "Make it a plan: 'When I load the dishwasher, I hinge from my hips.'",
        "Pick one to three such moments: press g after this tutorial (or see Settings).",
        "In the evening g asks one question: did you hinge at your moments today?",
    )


HINGE_PAGE = 2  # the page of the everyday hinge (its practice opens there)


def _page_habit(settings: Settings | None = None) -> Page:
    body = _paragraphs(
        "Stop bending over from your lower back, as it signals your hamstrings to tighten.",
        "Practise bending from your hips instead of your lower back, to activate the "
        "hamstrings effectively.",
        "This step needs no session. Be mindful of how you move in your daily tasks, so that "
        "good movement patterns become your habit.",
        HINGE_EVIDENCE,
        HINGE_PRACTICE,
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
    moments = settings.hinge_moments if settings is not None else ()
    tips = hinge_plan(moments)
    return Page(HINGE_PAGE, "Bend at the hips, not the back", body, figure, points, caption, tips)


def _page_exercise(number: int, exercise: Exercise, settings: Settings, routine: Routine) -> Page:
    """An exercise's page, from its lesson: the paragraphs with the numbers filled in."""
    fields = {
        shared.key.replace("-", "_").replace(".", "_"): _with_you(settings, shared)
        for shared in routine.all_numbers()
    }
    fields["dose"] = _dose(settings, exercise)
    lesson = exercise.lesson
    body = _paragraphs(*(paragraph.format(**fields) for paragraph in lesson.body))
    figure, caption = _exercise_figure(exercise)
    return Page(number, exercise.title, body, figure, lesson.points, caption, lesson.tips)


def _page_safety(number: int) -> Page:
    body = _paragraphs(NOTICE) + "\n\n" + red_flags() + "\n\n" + _safety_rest()
    points = (
        "s starts a guided session that counts every rep, hold and rest for you.",
        "d logs today as done, for when you did the routine on your own.",
        "t opens this tutorial again at any time.",
        "Right or l shows the next page, Left or h the previous one, Escape closes.",
    )
    return Page(number, "Stay safe and keep at it", body, "", points)


def _safety_rest() -> str:
    return _paragraphs(
        "The exercises should cause neither discomfort nor pain while you do them. If one "
        "does, stop. In a guided session, press ! to stop at once.",
        f"{TIP}: the gentle stretch along the backs of your legs in the good morning is "
        "expected; anything sharper, or any pain in your back, is a reason to stop. If the "
        "pain you note after sessions goes up over two weeks, supple says so on the main "
        "screen: a good moment to talk to a doctor or physiotherapist.",
        "Consistency matters: practise these exercises regularly to improve the flexibility "
        "of your hamstrings and the health of your lower back. Once a day is supple's "
        "default rhythm; the source says regularly.",
        f"{TIP}: a few calm minutes most days do more than a hard session now and then. That "
        "is why supple keeps a streak and a calendar for you.",
        'The source is a public tutorial titled "Fix TIGHT Hamstrings & Lower Back Pain | 2 '
        'SIMPLE Exercises" (April 2024); supple puts its steps in its own words.',
        "Using supple:",
    )


def pages(settings: Settings, routine: Routine = ROUTINE) -> list[Page]:
    """The tutorial pages, numbered from 1, for the given settings: why, the hinge, one page
    per exercise of `routine`, and safety."""
    exercises = [
        _page_exercise(number, exercise, settings, routine)
        for number, exercise in enumerate(routine.exercises, start=3)
    ]
    return [_page_why(), _page_habit(settings), *exercises, _page_safety(3 + len(exercises))]


# The number of pages of the built-in routine's tutorial.
PAGE_COUNT = 3 + len(ROUTINE.exercises)


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


def render_text(settings: Settings, drawings: bool = True, routine: Routine = ROUTINE) -> str:
    """Every page as plain text, for `supple tutorial --print`; ends with a newline. Without
    `drawings` it is pure ASCII (the figures' captions stay)."""
    all_pages = pages(settings, routine)
    return "\n\n\n".join(render_page(page, len(all_pages), drawings) for page in all_pages) + "\n"
