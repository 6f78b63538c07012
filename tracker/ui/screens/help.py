"""Help: what supple is and is not, the keys of every screen, and how streak, strength,
adherence and the pain note are worked out."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from tracker.core import self_test_guide
from tracker.core.pain import (
    HIGH_AFTER,
    HIGH_OF,
    JUMP,
    LAST_RATED,
    MIN_RATINGS,
    RECENT_DAYS,
    RISE,
    STOPS,
    WEEK_DAYS,
)
from tracker.core.paths import styles_dir
from tracker.core.rules import STRENGTH_MULTIPLIER
from tracker.routine.safety import HINGE_EVIDENCE, red_flag_lines
from tracker.routine.tutorial import NOTICE, TIP
from tracker.ui.keys import key_rows
from tracker.ui.widgets.footer import AppFooter
from tracker.ui.widgets.two_columns import TwoColumns


@dataclass(frozen=True)
class KeyGroup:
    title: str
    keys: tuple[tuple[str, str], ...]
    note: str = ""


# ---- keys: read from each screen's bindings (so they cannot drift), in our own words -------

# What a key does, by action (without its "app." namespace), where the footer's word is too
# short for Help. An action missing here shows its binding's description.
KEY_WORDS: dict[str, str] = {
    # main screen
    "open_session": "Start a guided session",
    "log_done": "Log today as done (no guide)",
    "skip_today": "Skip today; again to unskip",
    "self_test": "Self-test: fingertip to floor, your activities",
    "hinge_check": "Everyday hinge: did you hinge at your moments today?",
    "undo": "Undo the last change",
    "open_calendar": "Calendar: the year, any day",
    "open_tutorial": "Tutorial: the routine explained",
    "open_settings": "Settings",
    "snooze": "Snooze the reminder 10 minutes",
    "open_help": "This help",
    "quit": "Quit",
    "command_palette": "Every action, and the theme",
    # guided session
    "begin": "Start, after the pain question",
    "leave": "Back, before it starts",
    "pause": "Pause / go on",
    "in_position": "In position, go on",
    "more_time": "15 s more while getting into position",
    "quit_supple": "Quit (asks first if a session would be lost)",
    "skip": "Skip the current phase",
    "hurts": "Stop now, something hurts",
    "end": "End early (keep it or not)",
    "save": "Save, at the end",
    "discard": "Leave without saving",
    # calendar and the day
    "back": "Back",
    "year(-1)": "Previous year",
    "year(1)": "Next year",
    "open_day": "Open the day: log, skip, delete",
    "go_today": "Back to today",
    "move(-7)": "A week back",
    "move(7)": "A week on",
    "move(-1)": "A day back",
    "move(1)": "A day on",
    "log": "Log a complete session",
    "toggle_skip": "Skip the day, or unskip it",
    "delete": "Delete the selected session",
    # tutorial, settings, help
    "next_page": "Next page",
    "previous_page": "Previous page",
    "reset_focused": "Reset the field to its default",
    "test_reminder": "Send a test reminder",
    "choose_moments": "Choose your everyday hinge moments",
    "reset_nudges": "Hinge nudges back to every day",
    # the everyday hinge
    "answer('most')": "Most times",
    "answer('some')": "Sometimes",
    "answer('none')": "Not yet",
}

# Keys that belong to Textual's widgets, not to a binding of ours.
SETTINGS_FIELD_KEYS = (
    ("Tab", "Next field (shift+tab: previous)"),
    ("Enter", "Save; leaving a field saves too"),
)
SCROLL_KEYS = (("↑↓ PgUp/Dn", "Scroll"), ("Home End", "Top, bottom"))


def key_groups() -> tuple[tuple[KeyGroup, ...], tuple[KeyGroup, ...]]:
    """The key groups of the two columns, from the bindings of each screen."""
    from tracker.ui.app import SuppleApp
    from tracker.ui.screens.calendar import CalendarScreen
    from tracker.ui.screens.day_view import DayScreen
    from tracker.ui.screens.hinge import HingeCheckScreen
    from tracker.ui.screens.main import MainScreen
    from tracker.ui.screens.self_test import SelfTestScreen
    from tracker.ui.screens.session import SessionScreen
    from tracker.ui.screens.settings import SettingsScreen
    from tracker.ui.screens.tutorial import TutorialScreen

    def rows(*specs: object) -> tuple[tuple[str, str], ...]:
        return tuple(key_rows(specs, KEY_WORDS))  # type: ignore[arg-type]

    palette = Binding(SuppleApp.COMMAND_PALETTE_BINDING, "command_palette", "Palette")
    left = (
        KeyGroup("Main screen", rows(*MainScreen.BINDINGS, *SuppleApp.BINDINGS, palette)),
        KeyGroup("Guided session", rows(*SessionScreen.BINDINGS), "No key is needed per rep."),
        KeyGroup("Tutorial", rows(*TutorialScreen.BINDINGS)),
        KeyGroup(
            "Self-test (m)",
            rows(*SelfTestScreen.BINDINGS) + (("Enter", "Save"), ("Tab", "Next field")),
        ),
        KeyGroup(
            "Everyday hinge (g)",
            rows(*HingeCheckScreen.BINDINGS),
            "Once a week four questions follow: 1-7 each, Esc skips.",
        ),
    )
    right = (
        KeyGroup("Calendar", rows(*CalendarScreen.BINDINGS)),
        KeyGroup("A day (Enter in the calendar)", rows(*DayScreen.BINDINGS)),
        KeyGroup(
            "Settings",
            rows(*SettingsScreen.BINDINGS) + SETTINGS_FIELD_KEYS,
            "A value not allowed turns red; it is never saved.",
        ),
        KeyGroup("This help", rows(*HelpScreen.BINDINGS) + SCROLL_KEYS),
    )
    return left, right


@dataclass(frozen=True)
class Rule:
    title: str
    intro: str
    points: tuple[str, ...]
    formula: str = ""


M = f"{STRENGTH_MULTIPLIER:.3f}"

RULES = (
    Rule(
        "Done, skip and missed days",
        "Every day is one of these:",
        (
            "Done: it has at least one complete session, guided or logged with d. A partial or "
            "stopped session alone does not make a day done.",
            "Skip: a planned rest or pause day (k). If you still do a complete session on it, "
            "it counts as done.",
            "Missed: a past day that is neither done nor skipped. Today is never missed while "
            "it is still open.",
            "On the heatmap a done day shows ▣ (pain eased) when a complete session left less "
            "pain after than before, else ■. A day with only a partial or stopped session "
            "shows ◩, today too: today stays open, so it can still become done.",
            "A day starts at midnight, or at the day-start setting if you stay up late.",
        ),
    ),
    Rule(
        "Streak",
        "The current streak counts the done days in the run that ends today, or yesterday "
        "if today is not done yet.",
        (
            "Skip days inside a run keep it alive but do not add to it; skip days alone are "
            "no streak.",
            "The first missed day ends a run.",
            "The best streak is the longest run you ever had. Sessions counts every complete "
            "session, so two on one day count as two.",
        ),
    ),
    Rule(
        "Strength (0 to 100)",
        "A smoothed score: it rises with each done day and fades slowly with missed ones, so "
        "one bad day never wipes out weeks of work. Each day, starting from 0 when your "
        "history starts, it is updated as",
        (
            "v is 1 on a done day and 0 on a missed day. A skip day leaves strength as it was, "
            "and so does today until it is done.",
            "m makes the weight of any day halve every 13 days (a 13-day half-life): from "
            "nothing, 13 done days in a row bring strength to 50 and 26 days to 75; 13 missed "
            "days in a row halve it.",
        ),
        f"s = s × m + v × (1 − m)      with  m = 0.5^(1/13) ≈ {M}",
    ),
    Rule(
        "Adherence (7 and 30 days)",
        "The share of due days that you did: done days ÷ due days, as a percentage.",
        (
            "The window is the last 7 (or 30) days, ending today if today is done, or else "
            "yesterday, so an open today never lowers it.",
            "It never reaches back before your history starts: the first recorded session or "
            "the day the data was created, whichever is earlier.",
            "Every day is due except skip days. A skip day you did anyway is due and done.",
            'With no due day in the window, adherence shows as "-".',
        ),
    ),
)


# ---- trust: the notice and the pain rule (kept apart from the key lists and RULES) ---------

ABOUT_TITLE = "Before you start"
ABOUT = (
    NOTICE,
    "\n".join(red_flag_lines()),
    f"In the guided session too, a cue's \"{TIP}:\" part is supple's own advice.",
    HINGE_EVIDENCE,
)

PAIN_RULE = Rule(
    "Pain after sessions",
    "supple watches only the pain scores you give (0 to 10, before and after a session) and "
    "your stops for pain, by the four rules below. When one applies, the main screen, supple "
    "status and the start of the next session say so, and suggest talking to a doctor or "
    "physiotherapist. It does not watch anything else: not how you move, not symptoms you "
    "do not enter, not the red flags above - those are for you to notice.",
    (
        f"This week is today and the {WEEK_DAYS - 1} days before it; last week is the "
        f"{WEEK_DAYS} days before that.",
        "A week's figure is the mean of all its pain-after scores. Two scored sessions on one "
        "day count as two; sessions without a score do not count.",
        f"Rising means both weeks have at least {MIN_RATINGS} scores and this week's mean is "
        f"at least {RISE:g} points above last week's. The note goes away once that is no "
        "longer so.",
        f"Pain stays high: a pain-after score of {HIGH_AFTER} or more in {HIGH_OF} of your "
        f"last {LAST_RATED} scored sessions (scores of the last {RECENT_DAYS} days).",
        f"Pain jumps: one session in the last {WEEK_DAYS} days whose score rose by {JUMP} "
        "points or more from before to after.",
        f"Stops: {STOPS} rest days after a stop for pain (! in a session, or resting at the "
        f"high-pain question) in the last {WEEK_DAYS} days.",
        "A stop for pain makes the day a rest day (a skip day: the streak and adherence treat "
        "it as any skip day, and no reminder comes that day); k or u takes it back.",
        "These rules are supple's own, not the source's: a nudge to ask someone who can "
        "examine you, not a diagnosis. A pain of 7 or more before a session asks whether to "
        "start at all (supple's threshold too).",
    ),
)


MEASURES_RULE = Rule(
    "Is it working? The self-test and your activities",
    "supple's addition to the routine: press m every so often (it is offered every "
    "self-test-every days, 14 by default) to measure two things, and see them over time on "
    "the main screen (when it is wide enough), in the calendar's days, in supple status and "
    "in supple report, a one-page report for a doctor or physiotherapist.",
    self_test_guide.ABOUT,
)


HINGE_RULE = Rule(
    "The everyday hinge: a habit of its own",
    "Step 2 of the routine is for the whole day: bend from the hips at a few moments you "
    "choose (Settings, Everyday hinge). It is a movement skill you chose to practise, not a "
    "shield: bending the back has not been found to cause back pain (Saraceni et al. 2020). "
    "What supple does, and why:",
    (
        'Your moments are if-then plans ("When I load the dishwasher, I hinge from my '
        'hips"): plans tied to a moment of the day help people do what they intend (d = .65; '
        "Gollwitzer & Sheeran 2006).",
        "Nudges (hinge-nudges, up to two a day) each name one of your moments, in wording that "
        "changes from day to day: the same message wears off, new wording holds better (Bell "
        "et al. 2023). None comes during a guided session or on a rest day for pain.",
        "The nudges fade. Reminders keep people doing a behaviour but can keep it from "
        "becoming automatic, while cues tied to daily events help it (Stawarz et al. 2015). "
        "So once a week four questions ask how automatic the hinge feels (1-7 each, the "
        "Self-Report Behavioural Automaticity Index, Gardner et al. 2012), and their mean sets "
        "the nudges: below 4 every day, from 4 every other day, from 5 twice a week (Monday "
        "and Thursday), from 6 none. A lower score brings them back; r in the evening check "
        "sets them back to every day at any time. These steps are supple's own.",
        "The evening check (g, supple hinge most|some|none) is one key: most times, "
        "sometimes, not yet. A missed day does not matter: in one study habits took 18 to "
        "254 days to become automatic, about 66 in the middle, and missing a day did not "
        "change that (Lally et al. 2010).",
    ),
)


def _about() -> ComposeResult:
    yield Label(ABOUT_TITLE, classes="help-heading")
    with Vertical(id="help-about"):
        for paragraph in ABOUT:
            yield Static(paragraph, classes="help-text help-about-text", markup=False)


KEY_WIDTH = 13  # cells for a key, one of them before it
BULLET_WIDTH = 3


def _key_group(group: KeyGroup) -> ComposeResult:
    with Vertical(classes="help-group"):
        yield Label(group.title, classes="help-title", markup=False)
        yield TwoColumns(group.keys, KEY_WIDTH, classes="help-keys")
        if group.note:
            yield Static(group.note, classes="help-note", markup=False)


def _rule(rule: Rule) -> ComposeResult:
    with Vertical(classes="help-rule"):
        yield Label(rule.title, classes="help-title", markup=False)
        yield Static(rule.intro, classes="help-text", markup=False)
        if rule.formula:
            yield Static(rule.formula, classes="help-formula", markup=False)
        yield TwoColumns(
            [("•", point) for point in rule.points], BULLET_WIDTH, classes="help-points"
        )


class HelpScreen(Screen[None]):
    """The keys and the rules, in one scrolling page. Escape or q closes it."""

    # Parsed when the screen is first shown, not at start-up.
    CSS_PATH = [styles_dir() / "help.tcss"]

    BINDINGS = [
        Binding("escape", "close", "Back", key_display="Esc"),
        Binding("q", "close", "Back", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-scroll"):
            yield from _about()
            yield Label("Keys", classes="help-heading")
            with Horizontal(id="help-keys"):
                for column in key_groups():
                    with Vertical(classes="help-column"):
                        for group in column:
                            yield from _key_group(group)
            yield Label("How supple counts", classes="help-heading")
            with Vertical(id="help-rules"):
                for rule in RULES:
                    yield from _rule(rule)
                yield from _rule(PAIN_RULE)
                yield from _rule(MEASURES_RULE)
                yield from _rule(HINGE_RULE)
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.app.pop_screen()
