"""The words of the self-test: how to take it, the safety line, and what each measure means.

Shown by the app's self-test screen and Help, and kept in step with the README. Plain text,
no markup characters. Everything here is supple's addition to the source routine.
"""

from __future__ import annotations

from tracker.core import measures as m

TITLE = "Self-test: fingertip to floor"

STEPS = (
    "You need a tape measure or a ruler, and someone to read it if you can.",
    "Stand barefoot, feet together, knees straight.",
    "Bend forward slowly, letting your arms and head hang, only as far as is comfortable. "
    "Do not bounce.",
    "Measure from the tip of your middle finger straight down to the floor, in cm. Touching "
    "the floor is 0.",
    "Past the floor? Stand on a sturdy step and measure down to the step's top: past it is a "
    "negative number (5 cm past is -5).",
    "Measure the same way each time (time of day, before or after your session) so the "
    "numbers compare.",
)

SAFETY = (
    "Stop if it hurts or you feel tingling, numbness or dizziness: the test must not hurt. "
    "Skip it on a bad day."
)

ACTIVITIES_INTRO = (
    "Your activities: up to three everyday things your back makes hard (putting on socks, "
    "sitting through a film...). Score each: 0 unable to do it, 10 able as before the "
    "problem. Clear a name to stop asking about it (its scores are kept)."
)

ABOUT = (
    f"Fingertip-to-floor: cm from the middle fingertip to the floor in a forward bend, knees "
    f"straight (0 touching, negative past the floor). A reliable home test of hamstring and "
    f"lower-back flexibility (Perret et al. 2001). A change of {m.FINGERTIP_REAL_CHANGE:g} cm "
    f"or more is a real one ({m.FINGERTIP_SOURCE}); less can be measuring noise.",
    f"Your activities (the Patient-Specific Functional Scale, Stratford et al. 1995): up to "
    f"{m.MAX_ACTIVITIES} activities you name, each 0 (unable) to 10 (as before). A change of "
    f"{m.ACTIVITIES_REAL_CHANGE:g} points or more in their mean is a real one "
    f"({m.ACTIVITIES_SOURCE}).",
    f"Pain 0-10 (the report): a change of {m.PAIN_REAL_CHANGE:g} points or "
    f"{m.PAIN_REAL_SHARE:.0%} is one that matters ({m.PAIN_SOURCE}).",
    'supple says "a real change" only past these lines, else "no real change yet", and '
    "nothing more. It offers the test every self-test-every days (14 by default), never on a "
    "rest day or a pain day (a stopped session, or pain of "
    f"{m.PAIN_DAY_LEVEL} or more).",
    "These measures are supple's additions, not the source's, and not a diagnosis.",
)
