"""Every sentence of the tutorial is the source's, about supple itself, or marked as supple's.

The source is a short public tutorial (its text is not in the project: the rows below quote the
words each sentence restates). A sentence that goes beyond it must carry supple's marker
("supple's tip", "supple adds", "supple's reading", "supple's default"), or sit in a block that
such a marker opens (a marked line ending in ":" and the list under it). A new sentence that is
in none of the lists fails the test until someone decides which it is.
"""

from __future__ import annotations

import re

import pytest

from tracker.core.settings import Settings
from tracker.routine.tutorial import NOTICE, red_flags, render_text

MARKERS = ("supple's tip", "supple adds", "supple's reading", "where the source says")
"""How a block or a sentence says it is supple's own."""

SOURCE = {
    # sentence start: the source's words it restates
    "Tight hamstrings are often the result of signals": "Tight hamstrings are often a result of "
    "signals from the brain rather than actual muscle tightness.",
    "Muscles work in teams": "Muscles work in teams to stabilize joints and support movement.",
    "And your brain has a say": "The brain influences muscle flexibility and can restrict "
    "movement to protect the body.",
    "Stop bending over from your lower back": "Stop bending over from your lower back as it "
    "signals the hamstrings to tighten.",
    "Practise bending from your hips": "Practice bending from your hips instead of your lower "
    "back to activate the hamstrings effectively.",
    "Be mindful of how you move": "Be mindful of how you move during daily tasks to maintain "
    "proper movement patterns.",
    "This exercise helps wake up the hamstrings": "This exercise helps wake up the hamstrings "
    "and reinforces proper hip-hinging movement patterns.",
    "Dose from the source": "Perform 3 sets of 10 reps, holding each position for about 3 seconds.",
    "- Stand with your feet hip-width apart": "Stand with feet hip-width apart",
    "- Hinge at the hips, keeping your spine straight": "hinge from your hips, keeping your "
    "spine straight",
    "- Hold that position": "holding each position ... focusing on activating the hamstring "
    "muscles",
    'The source calls it the "internal and external rotator exercise"': "Step 4: Internal and "
    "External Rotator Exercise",
    "Its controlled movements are meant to activate": "Perform controlled movements to "
    "activate the stabilizer muscles around the hip joint.",
    "Moving the top foot up and down rotates the hip": "Rotate your top foot up and down while "
    "maintaining control over the internal and external rotation of your hip.",
    "The source asks for controlled movements": "Perform controlled movements",
    "- Lie on one side with your knees at a 45 degree angle": "Lie on your side with knees at "
    "a 45° angle",
    "- Place a small ball between the knees": "and a small ball between your knees",
    "- Lift the top foot, then lower it again, with control": "Rotate your top foot up and "
    "down while maintaining control",
    "The exercises should cause neither discomfort nor pain": "Exercises should not cause "
    "discomfort or pain during execution.",
    "If one does, stop.": "(the same: an exercise that causes pain is not done on)",
    "Consistency matters": "Practice these exercises regularly to improve hamstring "
    "flexibility and lower back health.",
}

ABOUT_SUPPLE = (
    # what supple is, does and counts: no claim about health
    "This step needs no session.",
    "In a guided session supple counts out every rep",
    "The lowering and return time (tempo) and the rest are supple's defaults",
    "Dose: 2 sets x 10 reps per side (supple's default",
    "In a guided session a rep is a lift over 2 s",
    "There are 30 s of rest between sets",
    "These times are supple's defaults too.",
    "change the count in Settings",
    "In a guided session, press ! to stop at once.",
    "Once a day is supple's default rhythm",
    "The source is a public tutorial titled",
    "Using supple:",
    "- s starts a guided session",
    "- d logs today as done",
    "- t opens this tutorial again",
    "- Right or l shows the next page",
)

CAPTIONS = (
    # the figures' captions: the page's steps above in a few words, naming what is drawn
    "yes: hinge",
    "1 stand tall",
    "on one side, knees at a 45 degree angle",
)

BEYOND = (
    # sentences that go beyond the source: each must be marked (listed to be looked at)
    "supple's tip: picture a guard.",
    "The next pages work the other way round",
    "supple adds: research has not found that bending the back",
    "So supple treats the hip hinge as a movement skill",
    "supple's tip: to hinge, send your hips back",
    "- picking something up from the floor",
    "- leaning over the sink",
    "- loading the washing machine",
    "- lifting a bag, a box or a child",
    'Where the source says "lean back slightly"',
    "- Breathe normally; breathe out as you come back up.",
    "- Go only as far as you can keep your spine long.",
    "- Avoid rounding your back",
    "supple's reading of the angle",
    "- Breathe normally; breathe out as the foot comes up.",
    "- Lift only as far as you can keep your hips stacked",
    "- Feel it in the deep muscles at the side of your hip.",
    "- Keep your top hip from rolling forward",
    "- Do both sides",
    "supple's tip: the gentle stretch along the backs of your legs",
    "If the pain you note after sessions goes up over two weeks",
    "supple's tip: a few calm minutes most days",
    "That is why supple keeps a streak",
)


READINGS = {
    # a step in supple's reading, where a marked paragraph on the same page says it is one
    "- Shift your weight back a little": "supple reads it as: shift your weight back a little",
}


def blocks() -> list[str]:
    """The tutorial as printed, without figures, page headers, the notice and the red flags
    (those two are checked on their own: the notice below, the red flags in
    test_safety_text), each paragraph or list item on one line."""
    text = render_text(Settings.defaults(), drawings=False)
    flags = red_flags()
    assert text.count(flags) == 2  # page 1 and the safety page
    text = text.replace(flags, "")
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if not re.match(r"^(Page \d|=+$)", line)]
        items: list[str] = []
        for line in lines:
            if line.lstrip().startswith("- ") or not items:
                items.append(line.strip())
            else:
                items[-1] += " " + line.strip()
        out += [item for item in items if item]
    notice = " ".join(NOTICE.split())
    return [b for b in out if notice not in b and b not in notice]


def marked_blocks() -> set[str]:
    """Blocks that carry a marker, and the list items under a marked block ending in ':'."""
    marked: set[str] = set()
    opened = False
    for block in blocks():
        if block.lower().startswith(MARKERS):
            marked.add(block)
            opened = block.endswith(":")
        elif opened and block.startswith("- "):
            marked.add(block)
        else:
            opened = False
    return marked


def sentences(block: str) -> list[str]:
    if block.startswith("- "):
        return [block]
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"]|supple)", block) if s]


def all_sentences() -> list[tuple[str, str]]:
    return [(block, sentence) for block in blocks() for sentence in sentences(block)]


def starts(sentence: str, prefixes: tuple[str, ...] | list[str]) -> bool:
    return any(sentence.startswith(p) or p in sentence for p in prefixes)


def test_every_sentence_is_the_sources_about_supple_or_beyond_it_and_listed() -> None:
    marked = marked_blocks()
    known = [*SOURCE, *ABOUT_SUPPLE, *BEYOND, *READINGS, *CAPTIONS]
    unknown = [s for b, s in all_sentences() if b not in marked and not starts(s, known)]
    assert unknown == [], "sentences to sort into SOURCE, ABOUT_SUPPLE or BEYOND"


@pytest.mark.parametrize("sentence", BEYOND)
def test_each_sentence_beyond_the_source_is_marked(sentence: str) -> None:
    found = [(b, s) for b, s in all_sentences() if s.startswith(sentence)]
    assert found, f"no longer in the tutorial: {sentence!r}"
    marked = marked_blocks()
    for block, s in found:
        assert block in marked or s.lower().startswith(MARKERS), s


@pytest.mark.parametrize("start", list(SOURCE))
def test_each_restatement_of_the_source_is_still_there(start: str) -> None:
    assert any(start in s for _, s in all_sentences()), start


def test_unmarked_sentences_make_no_claim_of_supples() -> None:
    """Outside marked blocks, a sentence on supple's numbers says they are supple's."""
    marked = marked_blocks()
    for block, sentence in all_sentences():
        if block in marked or not re.search(r"\b\d+ s\b", sentence):
            continue
        if starts(sentence, list(SOURCE)):
            continue
        paragraph_says = "supple's default" in block
        assert paragraph_says, sentence


def test_the_notice_says_what_supple_marks() -> None:
    text = render_text(Settings.defaults(), drawings=False)
    notice = " ".join(NOTICE.split())
    assert " ".join(text.split()).count(notice) == 2
    assert "supple's tip" in notice and "supple's default" in notice


@pytest.mark.parametrize(("step", "reading"), READINGS.items())
def test_a_step_in_supples_reading_follows_a_marked_paragraph_saying_so(
    step: str, reading: str
) -> None:
    text = " ".join(render_text(Settings.defaults(), drawings=False).split())
    said, shown = text.find(reading), text.find(step)
    assert 0 <= said < shown, step
    assert any(reading in b for b in marked_blocks())


def test_a_sentence_after_a_marker_in_its_block_is_covered_by_it() -> None:
    """The rule the lists lean on, seen working: the guard's explanation is one marked block."""
    (block,) = [b for b in blocks() if "picture a guard" in b]
    assert block in marked_blocks() and "feel that as tightness" in block
