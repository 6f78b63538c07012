"""The tutorial pages: the routine's facts, the numbers beside the user's settings, rendering."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from tracker.core.settings import KEYS, Settings
from tracker.routine.exercises import GOOD_MORNING, ROTATION
from tracker.routine.safety import ASK_FIRST, HINGE_EVIDENCE, NERVE_STOP, SOON, SOURCE, TODAY
from tracker.routine.tutorial import (
    FIGURE_HEIGHT,
    FIGURE_WIDTH,
    NOTICE,
    PAGE_COUNT,
    TIP,
    WIDTH,
    Page,
    dose,
    header,
    pages,
    render_page,
    render_text,
)

DEFAULTS = Settings.defaults()


def flat(text: str) -> str:
    """Text with every run of whitespace (line breaks from wrapping too) made one space."""
    return " ".join(text.split())


def page_words(page: Page) -> str:
    return flat(f"{page.title}\n{page.text}\n{page.figure}").lower()


def page(number: int, settings: Settings = DEFAULTS) -> Page:
    return pages(settings)[number - 1]


def all_text(settings: Settings) -> list[str]:
    texts: list[str] = [render_text(settings)]
    for p in pages(settings):
        texts += [p.title, p.body, p.figure, p.text, *p.points]
    return texts


# -- structure ---------------------------------------------------------------------------


def test_five_pages_numbered_from_one() -> None:
    result = pages(DEFAULTS)
    assert len(result) == PAGE_COUNT == 5
    assert [p.number for p in result] == [1, 2, 3, 4, 5]


def test_titles_are_distinct_and_short() -> None:
    titles = [p.title for p in pages(DEFAULTS)]
    assert len(set(titles)) == 5
    assert all(0 < len(t) <= 40 for t in titles)


def test_page_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        page(1).title = "changed"  # type: ignore[misc]


def test_pages_are_deterministic() -> None:
    assert pages(DEFAULTS) == pages(Settings.defaults())


# -- fidelity: every numbered fact of the source, on its page ---------------------------------

# One row per fact of the source: its step and point ("3.2 movement" is step 3's second point;
# "0" is the note at its head), the page that must carry it, and the phrase that must be there.
# Pages are read with line wrapping undone and in lower case.
# fmt: off
SOURCE_FACTS = [
    ("0 ai note",         1, "partly generated with ai and may contain inaccuracies"),
    ("0 ai note",         5, "partly generated with ai and may contain inaccuracies"),
    ("1.1 background",    1, "hamstrings are often the result of signals from your brain"),
    ("1.1 background",    1, "rather than of tightness in the muscles themselves"),
    ("1.2 teams",         1, "muscles work in teams"),
    ("1.2 teams",         1, "keep your joints stable and support your movement"),
    ("1.3 brain control", 1, "your brain has a say in how flexible a muscle is"),
    ("1.3 brain control", 1, "restrict how far you move, to protect your body"),
    ("2.1 the signal",    2, "stop bending over from your lower back"),
    ("2.1 the signal",    2, "signals your hamstrings to tighten"),
    ("2.2 hinge",         2, "bending from your hips instead of your lower back"),
    ("2.2 hinge",         2, "to activate the hamstrings effectively"),
    ("2.3 daily tasks",   2, "be mindful of how you move in your daily tasks"),
    ("2.3 daily tasks",   2, "good movement patterns become your habit"),
    ("3.1 setup",         3, "feet hip-width apart"),
    ("3.1 setup",         3, "hinge at the hips, keeping your spine straight"),
    ("3.2 movement",      3, "where the source says \"lean back slightly\", supple reads it as"),
    ("3.2 movement",      3, "shift your weight back a little"),
    ("3.2 movement",      3, "until you feel a stretch in the backs of your legs"),
    ("3.2 movement",      3, "with the hamstrings doing the work"),
    ("3.3 repetitions",   3, "3 sets x 10 reps, hold about 3 s"),
    ("3.4 benefits",      3, "helps wake up the hamstrings and reinforces the hip hinge"),
    ("4.1 position",      4, "lie on one side"),
    ("4.1 position",      4, "knees at a 45 degree angle"),
    ("4.1 position",      4, "supple's reading of the angle, as the figure draws it"),
    ("4.1 position",      4, "a small ball between the knees"),
    ("4.2 movement",      4, "lift the top foot, then lower it again, with control"),
    ("4.2 movement",      4, "internal and external rotation"),
    ("4.3 repetitions",   4, "the source asks for controlled movements"),
    ("4.3 repetitions",   4, "meant to activate the stabiliser muscles around the hip joint"),
    ("4.0 name",          4, "\"internal and external rotator exercise\""),
    ("5.1 consultation",  5, "check with a healthcare provider before you start"),
    ("5.1 consultation",  5, "to make sure these exercises are suitable for you"),
    ("5.2 comfort",       5, "should cause neither discomfort nor pain while you do them"),
    ("5.3 consistency",   5, "practise these exercises regularly"),
    ("5.3 consistency",   5, "flexibility of your hamstrings and the health of your lower back"),
]
# fmt: on


@pytest.mark.parametrize(("fact", "number", "phrase"), SOURCE_FACTS)
def test_source_fact_is_on_its_page(fact: str, number: int, phrase: str) -> None:
    assert phrase in page_words(page(number)), fact


def test_the_table_covers_every_point_of_the_source() -> None:
    points = {fact.split()[0] for fact, _, _ in SOURCE_FACTS}
    per_step = {1: 3, 2: 3, 3: 4, 4: 3, 5: 3}  # the source's points under each step
    expected = {"0", "4.0"} | {  # 4.0: the source's name of step 4's exercise
        f"{step}.{n}" for step, count in per_step.items() for n in range(1, count + 1)
    }
    assert points == expected
    # A step's facts are on the page of the same number: the tutorial keeps the source's order.
    for fact, number, _ in SOURCE_FACTS:
        if fact[0] != "0":
            assert number == int(fact[0]), fact


@pytest.mark.parametrize(
    "drift",
    [
        "most of the time",  # the source says "often"
        "slow, controlled",  # the source asks for controlled movements, not slow ones
        "a mild stretch is fine",  # the source rules out discomfort as well as pain
        "more than intensity",  # a claim of supple's once written as if it were the source's
        "each time you do",  # the source: "as it signals", not on every bend
        "the way they are meant to work",  # the source: "to activate the hamstrings effectively"
        "pulling harder on a stretch",  # an unsound tip, removed
        "hips roll back",  # for a foot lift the hips tend to roll forward
        "knees soft;",  # an unmarked addition in a caption
        "this exercise wakes up",  # the source: "helps wake up"
        "this exercise activates",  # the source: "to activate"
        "knees bent about 45",  # one wording of the source's angle everywhere
        "45 deg,",
    ],
)
def test_nothing_drifts_from_the_source(drift: str) -> None:
    assert drift not in flat(render_text(DEFAULTS)).lower()


# -- the notice, and supple's own words marked as such ------------------------------------------


def test_the_notice_opens_the_first_page_and_the_safety_page() -> None:
    assert flat(page(1).body).startswith(f"Please read first: {NOTICE}")
    assert flat(page(5).body).startswith(NOTICE)
    for words in (
        "not medical advice",
        "healthcare provider",
        "generated with AI",
        TIP,
        "supple's default",
    ):
        assert words in NOTICE


def test_tutorial_print_says_it_is_not_medical_advice(tmp_path: Path) -> None:
    env = {**os.environ, "SUPPLE_DATA_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "tracker", "tutorial", "--print"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    hits = [line for line in out.splitlines() if "not medical advice" in line.lower()]
    assert hits, "grep -i 'not medical advice' finds nothing"
    assert out.index(hits[0]) < out.index("Page 2 of 5")  # on page 1, before anything else
    # The red flags and who should ask first, marked as supple's and cited, also on page 1.
    words = flat(out)
    for line in ("Get medical help TODAY", "See a doctor SOON", "BEFORE STARTING", *TODAY):
        assert words.index(line) < words.index("Page 2 of 5"), line
    assert words.index("supple adds, before you start") < words.index("NICE guideline NG59")


def test_the_red_flags_are_on_the_first_and_the_safety_page_marked_and_cited() -> None:
    for number in (1, 5):
        words = flat(page(number).body)
        assert f"from {SOURCE}" in words and "supple adds" in words
        for sign in (*TODAY, *SOON, *ASK_FIRST, NERVE_STOP):
            assert flat(sign) in words, (number, sign)


def test_the_hinge_page_says_where_current_evidence_differs_once() -> None:
    words = flat(page(2).body)
    assert words.count(flat(HINGE_EVIDENCE)) == 1
    assert "Saraceni" in words and "CD005958" in words
    assert "signals your hamstrings to tighten" in words  # the source's fact stays
    assert flat(render_text(DEFAULTS)).count("Saraceni") == 1


def tip_paragraphs(p: Page) -> list[str]:
    return [flat(par) for par in p.body.split("\n\n") if par.startswith(f"{TIP}:")]


@pytest.mark.parametrize(
    ("number", "addition"),
    [
        (1, "picture a guard"),  # the guarding explanation goes beyond the source
        (2, "let your knees soften"),  # how to hinge, and the everyday moments
        (2, "moments to watch for"),
        (5, "gentle stretch along the backs of your legs"),
        (5, "doctor or physiotherapist"),
        (5, "a few calm minutes most days"),
    ],
)
def test_supples_own_explanations_are_marked(number: int, addition: str) -> None:
    assert any(addition in par.lower() for par in tip_paragraphs(page(number)))


def test_tips_come_last_under_their_marker() -> None:
    for number in (3, 4):
        p = page(number)
        assert p.tips
        head, _, tips = p.text.partition(f"\n\n{TIP}s:\n\n")
        assert tips, p.text
        assert flat(tips).startswith("- ")
        for tip in p.tips:
            assert tip not in head and flat(tip) in flat(tips)


def test_everyday_examples_follow_the_tip_that_introduces_them() -> None:
    p = page(2)
    last_paragraph = flat(p.body.split("\n\n")[-1])
    assert last_paragraph.startswith(f"{TIP}:") and last_paragraph.endswith("Moments to watch for:")
    assert p.points


@pytest.mark.parametrize(
    ("number", "guidance"),
    [
        (3, "breathe normally; breathe out as you come back up"),
        (3, "only as far as you can keep your spine long"),
        (3, "avoid rounding your back"),
        (4, "breathe normally; breathe out as the foot comes up"),
        (4, "only as far as you can keep your hips stacked"),
        (4, "deep muscles at the side of your hip"),
        (4, "keep your top hip from rolling forward"),
    ],
)
def test_each_exercise_has_supples_guidance_to_do_it_alone(number: int, guidance: str) -> None:
    assert any(guidance in tip.lower() for tip in page(number).tips)


def test_both_sides_is_supples_advice_not_the_sources() -> None:
    assert any("both sides" in tip for tip in page(4).tips)
    assert "both sides" not in flat(page(4).body + " ".join(page(4).points)).lower()


def test_the_safety_page_names_the_source() -> None:
    words = page_words(page(5))
    assert "public tutorial" in words
    assert "fix tight hamstrings & lower back pain" in words


def test_hinge_page_warns_against_rounding_the_back() -> None:
    words = page_words(page(2))
    assert "not the back" in words
    assert "from your hips instead of your lower back" in words


def test_rotation_default_is_marked_as_supples_own() -> None:
    words = page_words(page(4))
    assert "2 sets x 10 reps per side (supple's default; the source gives no count)" in words
    assert "these times are supple's defaults too" in words
    assert "supple's defaults, not the source's" in page_words(page(3))


def test_tempo_is_shown_for_both_exercises() -> None:
    assert "lower over 2 s, hold, then return over 2 s" in page_words(page(3))
    assert "a lift over 2 s and a lower over 2 s" in page_words(page(4))


def test_safety_page_explains_the_keys() -> None:
    words = page_words(page(5))
    assert "s starts a guided session" in words
    assert "d logs today as done" in words
    assert "t opens this tutorial again" in words


def test_only_the_exercise_pages_need_figures() -> None:
    assert page(3).figure
    assert page(4).figure
    assert "hip-width" in page(3).figure
    assert "ball" in page(4).figure
    assert page(1).figure == ""
    assert page(5).figure == ""


# -- the user's settings beside the source's numbers -------------------------------------


def test_defaults_show_no_you_markers() -> None:
    for text in all_text(DEFAULTS):
        assert "(you:" not in text


def test_stored_default_values_show_no_you_markers() -> None:
    same = Settings.from_stored({name: key.default for name, key in KEYS.items()})
    for text in all_text(same):
        assert "(you:" not in text


def test_doses_with_defaults() -> None:
    assert dose(DEFAULTS, GOOD_MORNING) == "3 sets x 10 reps, hold about 3 s"
    assert dose(DEFAULTS, ROTATION) == (
        "2 sets x 10 reps per side (supple's default; the source gives no count)"
    )


def test_changed_good_morning_sets_appear_beside_the_source() -> None:
    settings = Settings.from_stored({"good-morning.sets": 4})
    assert dose(settings, GOOD_MORNING) == "3 sets (you: 4) x 10 reps, hold about 3 s"
    assert "3 sets (you: 4) x 10 reps, hold about 3 s" in page_words(page(3, settings))
    assert "(you:" not in page_words(page(4, settings))


def test_changed_good_morning_reps_and_hold_appear_beside_the_source() -> None:
    settings = Settings.from_stored({"good-morning.reps": 12, "good-morning.hold": 5})
    assert dose(settings, GOOD_MORNING) == "3 sets x 10 reps (you: 12), hold about 3 s (you: 5 s)"
    assert "10 reps (you: 12), hold about 3 s (you: 5 s)" in page_words(page(3, settings))


def test_changed_rotation_appears_beside_supples_default() -> None:
    settings = Settings.from_stored({"rotation.sets": 3, "rotation.reps": 15})
    expected = (
        "2 sets (you: 3) x 10 reps (you: 15) per side (supple's default; the source gives no count)"
    )
    assert dose(settings, ROTATION) == expected
    assert expected in page_words(page(4, settings))
    assert "(you:" not in page_words(page(3, settings))


def test_changed_tempo_rest_and_position_time_appear_beside_the_defaults() -> None:
    settings = Settings.from_stored({"tempo": 3, "rest": 45, "position-time": 10})
    three = page_words(page(3, settings))
    four = page_words(page(4, settings))
    assert "lower over 2 s (you: 3 s), hold, then return over 2 s (you: 3 s)" in three
    assert "30 s (you: 45 s) of rest" in three
    assert "lift over 2 s (you: 3 s) and a lower over 2 s (you: 3 s)" in four
    assert "15 s (you: 10 s) to get into position" in four


def test_you_markers_never_split_across_lines() -> None:
    settings = Settings.from_stored(
        {
            "good-morning.sets": 10,
            "good-morning.reps": 50,
            "good-morning.hold": 60,
            "rotation.sets": 10,
            "rotation.reps": 50,
            "tempo": 10,
            "rest": 600,
            "get-ready": 120,
        }
    )
    for p in pages(settings):
        for line in p.text.splitlines():
            assert not line.rstrip().endswith(("(you:", "you:"))
            for start in range(len(line)):
                if line.startswith("(you:", start):
                    assert ")" in line[start:], line
        assert "3 s (you: 60 s)" in p.text or p.number != 3


# -- plain text rendering ----------------------------------------------------------------


def test_render_text_has_every_header_and_title_in_order() -> None:
    text = render_text(DEFAULTS)
    positions = []
    for p in pages(DEFAULTS):
        head = f"Page {p.number} of 5"
        assert head in text
        assert p.title in text
        assert header(p) == f"Page {p.number} of 5 - {p.title}"
        positions.append(text.index(head))
    assert positions == sorted(positions)


def test_render_text_holds_each_page_body_and_figure() -> None:
    text = render_text(DEFAULTS)
    for p in pages(DEFAULTS):
        assert p.body in text
        assert p.text in text
        if p.figure:
            assert p.figure in text
        assert render_page(p) in text


def test_render_text_separates_pages_with_blank_lines() -> None:
    text = render_text(DEFAULTS)
    assert text.endswith("\n")
    assert "\n\n\nPage 2 of 5" in text
    assert "\n\n\nPage 5 of 5" in text


def test_render_text_is_plain_ascii_without_markup_or_escapes() -> None:
    settings = Settings.from_stored({"good-morning.sets": 4, "tempo": 3})
    text = render_text(settings, drawings=False)
    text.encode("ascii")  # raises if anything is not ASCII
    drawn = render_text(settings)
    outside_drawings = "".join(c for c in drawn if not 0x2800 <= ord(c) <= 0x28FF)
    outside_drawings.encode("ascii")  # only the figures' braille is not ASCII
    assert "hip-width" in text and "ball" in text  # the captions stay without drawings
    assert "\x1b" not in text
    assert "\t" not in text
    assert "[" not in text and "]" not in text


def test_render_text_follows_the_settings() -> None:
    assert "3 sets (you: 4) x 10 reps" in flat(
        render_text(Settings.from_stored({"good-morning.sets": 4}))
    )


# -- layout limits -----------------------------------------------------------------------


def test_body_and_text_lines_fit_72_columns() -> None:
    for p in pages(DEFAULTS):
        for line in (p.body + "\n" + p.text).splitlines():
            assert len(line) <= WIDTH == 72, line
            assert line == line.rstrip(), line


def test_figures_fit_40_columns_and_12_lines() -> None:
    for p in pages(DEFAULTS):
        lines = p.figure.splitlines()
        assert len(lines) <= FIGURE_HEIGHT == 12
        assert all(len(line) <= FIGURE_WIDTH == 40 for line in lines), p.figure
        assert all(line == line.rstrip() for line in lines)
        assert p.figure.endswith(p.caption.splitlines()[-1]) if p.figure else not p.caption


def test_the_exercise_figures_are_the_session_body_in_its_poses() -> None:
    from tracker.routine import figure

    good_morning = page(3).figure
    assert "\n".join(figure.render(GOOD_MORNING.body, 1.0, 18, 8)).split("\n")[2].strip() in (
        good_morning
    )
    rotation = page(4).figure.splitlines()
    overlay = figure.render_overlay(ROTATION.body, (0.0, 1.0), 38, 6)
    assert [line.rstrip() for line in overlay] == rotation[: len(overlay)]
    drawn = sum(1 for c in page(3).figure + page(4).figure if 0x2800 < ord(c) <= 0x28FF)
    assert drawn > 60


def test_points_and_tips_are_short() -> None:
    for p in pages(DEFAULTS):
        assert all(0 < len(point) <= 100 for point in p.points + p.tips)
        assert not any(point.startswith("-") for point in p.points + p.tips)


def test_no_square_brackets_anywhere() -> None:
    for text in all_text(DEFAULTS):
        assert "[" not in text and "]" not in text


@hyp_settings(max_examples=60, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            name: st.sampled_from([1, 2, 3, 5, 9, 10, 15, 50])
            for name in (
                "good-morning.sets",
                "good-morning.reps",
                "good-morning.hold",
                "rotation.sets",
                "rotation.reps",
                "tempo",
                "get-ready",
            )
        },
    )
)
def test_any_settings_keep_the_layout_and_the_markup_safety(stored: dict[str, int]) -> None:
    settings = Settings.from_stored(stored)
    for p in pages(settings):
        for line in p.text.splitlines():
            assert len(line) <= WIDTH
        assert "[" not in p.text and "]" not in p.text
    render_text(settings, drawings=False).encode("ascii")
