"""The red flags are supple's addition: marked, sourced, plain ASCII without markup brackets."""

from __future__ import annotations

from tracker.routine import safety


def test_red_flags_are_marked_and_sourced() -> None:
    lines = safety.red_flag_lines()
    assert lines[0].startswith("supple adds") and "NG59" in lines[0]
    assert "the source does not list these" in lines[0]
    text = "\n".join(lines)
    for sign in (*safety.TODAY, *safety.SOON, *safety.ASK_FIRST):
        assert f"  - {sign}" in text
    assert "TODAY" in text and "SOON" in text and "BEFORE STARTING" in text


def test_saddle_bladder_and_leg_weakness_are_same_day_signs() -> None:
    today = " ".join(safety.TODAY)
    assert "saddle" in today and "bladder" in today and "weakness in a leg" in today


def test_hip_replacement_names_the_rotation() -> None:
    assert any("hip replacement" in who and "side-lying" in who for who in safety.ASK_FIRST)


def test_nerve_signs_are_a_reason_to_stop() -> None:
    assert safety.NERVE_STOP.startswith("Stop if you feel")
    for word in ("tingling", "numbness", "shooting down a leg"):
        assert word in safety.NERVE_STOP


def test_all_text_is_ascii_without_markup_brackets() -> None:
    texts = [*safety.red_flag_lines(), *safety.REST_DAY, safety.HINGE_EVIDENCE]
    for text in texts:
        assert text.isascii() and "[" not in text and "]" not in text, text


def test_rest_day_says_rest_is_not_bed_rest() -> None:
    assert any("not bed rest" in line for line in safety.REST_DAY)


def test_hinge_evidence_is_marked_and_cited_without_dropping_the_source() -> None:
    note = safety.HINGE_EVIDENCE
    assert note.startswith("supple adds")
    assert "Saraceni" in note and "CD005958" in note
    assert "skill" in note
