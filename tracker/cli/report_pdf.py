"""The clinician's report as one A4 page of PDF (fpdf2), readable printed in black and white.

Black text, thin grey rules and table borders, no colour that carries meaning. The layout is
tried at a few sizes, largest first, until it fits one page (26 weeks, ten notes and long
stops lists need the smaller ones). Text uses the PDF's built-in Helvetica, which has Latin-1
only: other characters are written without accents where that works, else as "?".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from tracker.core import measures as m
from tracker.routine.report import (
    ADDITIONS,
    NOT_ADVICE,
    SOURCE,
    Measure,
    Report,
    number,
    percent,
    progress_cells,
    readings_text,
)

PAGE = "A4"
MARGIN = 12  # mm


@dataclass(frozen=True)
class Scale:
    body: float  # font size, pt
    table: float
    line: float  # mm per line of body text
    row: float  # mm per table row
    stops_shown: int


SCALES = (
    Scale(9, 8, 4.2, 4.6, 8),
    Scale(8, 7, 3.7, 3.9, 6),
    Scale(7, 6.2, 3.2, 3.3, 4),
    Scale(6.5, 5.6, 2.9, 2.9, 3),
)


def latin(text: str) -> str:
    """`text` in the characters Helvetica has (Latin-1): accents dropped where a character
    has none there, "?" for what is left."""
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if plain and all(ord(c) < 256 for c in plain):
            out.append(plain)
        else:
            out.append(
                {"→": "->", "–": "-", "—": "-", "…": "...", "“": '"', "”": '"'}.get(char, "?")
            )
    return "".join(out).replace("‘", "'").replace("’", "'")


def render(report: Report) -> bytes:
    """The report as the bytes of a one-page PDF (the largest layout that fits one page)."""
    for scale in SCALES:
        pdf = _draw(report, scale)
        if pdf.page_no() == 1:
            break
    return bytes(pdf.output())


def _draw(report: Report, scale: Scale):  # type: ignore[no-untyped-def]
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(orientation="P", unit="mm", format=PAGE)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_title("supple: home exercise report")
    pdf.set_creator("supple")
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(110, 110, 110)
    pdf.add_page()
    width = pdf.w - 2 * MARGIN

    def text(words: str, style: str = "", size: float | None = None) -> None:
        pdf.set_font("Helvetica", style, size or scale.body)
        pdf.multi_cell(
            width, scale.line, latin(words), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def heading(words: str) -> None:
        pdf.ln(scale.line * 0.5)
        pdf.set_font("Helvetica", "B", scale.body + 1.5)
        pdf.cell(width, scale.line + 1, latin(words), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        y = pdf.get_y()
        pdf.line(MARGIN, y, MARGIN + width, y)
        pdf.ln(0.8)

    def table(
        header: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[int, ...]
    ) -> None:
        pdf.set_font("Helvetica", "", scale.table)
        with pdf.table(
            col_widths=widths,
            line_height=scale.row,
            text_align="LEFT",
            headings_style=_bold(scale.table),
            borders_layout="HORIZONTAL_LINES",
            first_row_as_headings=True,
            width=width,
        ) as grid:
            for cells in [header, *rows]:
                row = grid.row()
                for cell in cells:
                    row.cell(latin(cell))

    # ---- title ---------------------------------------------------------------------------
    pdf.set_font("Helvetica", "B", scale.body + 6)
    pdf.cell(
        width, scale.line + 3, "supple: home exercise report", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    text(
        f"{report.start.isoformat()} to {report.end.isoformat()} ({len(report.weeks)} weeks). "
        f"Made {report.made.isoformat()}. {NOT_ADVICE}"
    )

    heading("The routine, daily")
    for name, dose in report.dose:
        pdf.set_font("Helvetica", "B", scale.body)
        pdf.cell(pdf.get_string_width(latin(name) + ":  "), scale.line, latin(name) + ": ")
        pdf.set_font("Helvetica", "", scale.body)
        pdf.multi_cell(0, scale.line, latin(dose), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    heading("Adherence and pain by week")
    text(
        f"Done {report.done} of {report.due} due days ({percent(report.adherence)}); "
        f"{report.sessions} complete sessions; {len(report.stops)} stopped for pain. Pain is "
        "0-10, the mean of the ratings given that week."
    )
    pdf.ln(0.8)
    table(
        (
            "Week of",
            "Days done",
            "Adherence",
            "Sessions",
            "Pain before",
            "Pain after",
            "Stops",
        ),
        [
            (
                _day(w.monday),
                f"{w.done} of {w.due}",
                percent(w.adherence),
                str(w.sessions),
                number(w.pain_before),
                number(w.pain_after),
                str(w.stops),
            )
            for w in report.weeks
        ],
        (22, 22, 16, 14, 16, 16, 10),
    )
    if report.pain is not None:
        p = report.pain
        text(
            f"Pain before sessions: {number(p.first)} (week of {_day(p.first_week)}), "
            f"{number(p.latest)} (week of {_day(p.last_week)}): {p.verdict}. A real change is "
            f"{m.PAIN_REAL_CHANGE:g} points or {m.PAIN_REAL_SHARE:.0%} ({m.PAIN_SOURCE})."
        )
    else:
        text("Pain before sessions: too few weeks with ratings to compare.")

    heading("Stops for pain")
    if not report.stops:
        text("None.")
    for day, words in report.stops[: scale.stops_shown]:
        text(f"{day.isoformat()}: {words or 'no rating or note'}")
    if len(report.stops) > scale.stops_shown:
        text(f"... and {len(report.stops) - scale.stops_shown} more.")

    heading("Self-test and activities, against the smallest real change")
    measures: list[Measure] = [report.fingertip, *report.activities]
    if report.activities_mean is not None:
        measures.append(report.activities_mean)
    table(
        ("Measure", "First", "Latest", "Change", "Smallest real change", "So far"),
        [
            (
                measure.name + (" (dropped)" if measure.dropped else ""),
                *progress_cells(measure),
                measure.threshold,
                measure.verdict,
            )
            for measure in measures
        ],
        (34, 20, 20, 10, 30, 30),
    )
    for measure in [report.fingertip, *report.activities]:
        text(f"{measure.name}: {readings_text(measure)}", size=scale.table)
    text(ADDITIONS, "I", scale.table)

    heading("Notes")
    if not report.notes and not report.notes_left_out:
        text("None.")
    for day, note in report.notes:
        text(f"{day.isoformat()}: {note}", size=scale.table)
    if report.notes_left_out:
        text(f"... and {report.notes_left_out} older notes.", size=scale.table)

    pdf.ln(scale.line * 0.5)
    y = pdf.get_y()
    pdf.line(MARGIN, y, MARGIN + width, y)
    pdf.ln(0.8)
    text(f"{NOT_ADVICE} {SOURCE}", "I", scale.table)
    return pdf


def _bold(size: float):  # type: ignore[no-untyped-def]
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", size_pt=size)


def _day(day: date) -> str:
    return day.isoformat()
