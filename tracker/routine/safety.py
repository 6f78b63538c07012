"""What supple adds for safety: red flags, who should ask first, nerve symptoms, a rest day.

The source says only: check with a healthcare provider before starting, and the exercises
should cause no discomfort or pain. Everything here is supple's addition, marked as such
wherever it is shown, and rests on NICE guideline NG59 ("Low back pain and sciatica in over
16s") and the usual clinical red-flag lists. It is information, not a diagnosis.

Pure text: the tutorial, Help, `supple tutorial --print`, the man page, the first session and
the `!` stop screen all show these same lines.
"""

from __future__ import annotations

MARK = "supple adds"
SOURCE = "NICE guideline NG59, Low back pain and sciatica in over 16s, and common red-flag lists"

# Signs that need a doctor the same day (call your doctor's urgent line or emergency services).
TODAY = (
    "numbness or tingling between the legs or around the buttocks (the saddle area)",
    "new trouble passing urine, or with control of the bladder or bowel",
    "new weakness in a leg or a foot (the foot drops or catches)",
)

# Signs that need a doctor soon (within days); pause the routine until then.
SOON = (
    "a fever, or feeling unwell, with the back pain",
    "pain that began with a fall or an accident",
    "a history of cancer, or weight loss you cannot explain",
    "severe pain at night or at rest that does not ease",
    "pain spreading down a leg below the knee, with tingling or numbness",
)

# Who should ask a doctor or physiotherapist before starting.
ASK_FIRST = (
    "you are pregnant",
    "you had surgery recently - after a hip replacement in particular, turning the hip and "
    "bending it deeply are usual early restrictions, and the side-lying exercise does both",
    "you have a recent injury",
    "you have osteoporosis",
)

# Nerve symptoms during an exercise: a reason to stop, not to push on.
NERVE_SIGNS = "tingling, numbness, burning, or pain shooting down a leg"
NERVE_STOP = (
    f"Stop if you feel {NERVE_SIGNS} during an exercise, and have it checked by a doctor "
    "or physiotherapist before you go on."
)


def red_flag_lines() -> list[str]:
    """The red flags and who should ask first, as plain lines (ASCII, no markup brackets)."""
    lines = [f"{MARK} (the source does not list these; from {SOURCE}):", ""]
    lines.append("Get medical help TODAY if you have:")
    lines += [f"  - {sign}" for sign in TODAY]
    lines += ["", "See a doctor SOON, and pause the routine until then, if you have:"]
    lines += [f"  - {sign}" for sign in SOON]
    lines += ["", "Ask a doctor or physiotherapist BEFORE STARTING if:"]
    lines += [f"  - {who}" for who in ASK_FIRST]
    lines += ["", NERVE_STOP]
    return lines


# A rest day after a stop for pain. Resting is not bed rest.
REST_DAY = (
    "Today is a rest day: no more exercises today.",
    "Gentle everyday movement, such as walking about the house, is fine - resting is not bed rest.",
    "If the pain is severe, does not ease over the next few days, or comes with any of the "
    "red flags (Help lists them), talk to a doctor or physiotherapist.",
)

# Where current evidence differs from the source's step 2; the source's words stay as they are.
HINGE_EVIDENCE = (
    f"{MARK}: research has not found that bending the back when lifting causes "
    "back pain (Saraceni et al., J Orthop Sports Phys Ther 2020, a systematic review), and "
    "training people in lifting technique did not prevent it (Cochrane review CD005958). "
    "So supple treats the hip hinge as a movement skill you chose to practise, not as "
    "protection for your back."
)
