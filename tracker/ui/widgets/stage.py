"""The session's stage: the phase word and the countdown in big letters, and the moving figure.

A thin shell over `tracker.ui.bigtext` (font and layout) and `tracker.routine.figure` (the
drawing): it keeps what to show, redraws only when that changes (a new second, a new pose, a
new size), and takes its colours from the stylesheet (styles/session.tcss) through
component classes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tracker.routine import figure
from tracker.ui import bigtext
from tracker.ui.bigtext import StageLayout

FINAL_PAD = 2  # columns of the marked panel either side of the digits in the last seconds


@dataclass(frozen=True)
class StageView:
    """Everything the stage shows; the widget redraws when this changes."""

    word: str = ""
    digits: str = ""
    body: str | None = None  # the figure's drawing (`figure.BODIES`); None: no figure
    amount: float = 0.0  # the figure's pose, 0-1 (quantised by the caller)
    final: bool = False  # the last seconds of a countdown: the digits are marked


class SessionStage(Widget):
    """Draws a `StageView` as big as the widget's size allows."""

    COMPONENT_CLASSES = {"stage--word", "stage--digits", "stage--final", "stage--figure"}

    DEFAULT_CSS = """
    SessionStage {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(
        self,
        word_template: str,
        digits_template: str,
        *,
        id: str | None = None,  # noqa: A002 (Textual's name)
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.word_template = word_template
        self.digits_template = digits_template
        self.view = StageView()
        self._layout_key: tuple[int, int] | None = None
        self._layout: StageLayout | None = None

    def show(self, view: StageView) -> bool:
        """Show `view`; returns whether anything changed (and so was redrawn)."""
        if view == self.view:
            return False
        self.view = view
        self.refresh()
        return True

    @property
    def layout_now(self) -> StageLayout:
        """The layout for the widget's current size (cached per size)."""
        size = self.content_size
        key = (size.width, size.height)
        if self._layout is None or key != self._layout_key:
            self._layout_key = key
            self._layout = bigtext.layout_stage(
                size.width, size.height, self.word_template, self.digits_template
            )
        return self._layout

    def digit_rows(self) -> int:
        """How many rows tall the digits are drawn now (1 for plain text)."""
        layout = self.layout_now
        return bigtext.rows_for(self._digit_scale(layout))

    def _digit_scale(self, layout: StageLayout) -> int:
        box = layout.digits
        return min(
            layout.digit_scale,
            bigtext.fit_scale(self.view.digits, box.width - 2 * FINAL_PAD, box.height),
        )

    def render(self) -> Text:
        size = self.content_size
        width, height = size.width, size.height
        if width <= 0 or height <= 0:
            return Text()
        layout = self.layout_now
        view = self.view
        rows: list[list[tuple[str, Style | None]]] = [[] for _ in range(height)]

        def place(row: int, x: int, text: str, style: Style | None) -> None:
            if 0 <= row < height:
                used = sum(len(t) for t, _ in rows[row])
                if x > used:
                    rows[row].append((" " * (x - used), None))
                rows[row].append((text, style))

        word_style = self.get_component_rich_style("stage--word")
        word_scale = min(
            layout.word_scale, bigtext.fit_scale(view.word, layout.word.width, layout.word.height)
        )
        if view.word:
            for i, line in enumerate(bigtext.render(view.word, word_scale)):
                x = layout.word.x + max(0, (layout.word.width - len(line)) // 2)
                place(layout.word.y + i, x, line[: layout.word.width], word_style)

        digit_scale = self._digit_scale(layout)
        box = layout.digits
        digit_lines = bigtext.render(view.digits, digit_scale) if view.digits else ()
        style_name = "stage--final" if view.final else "stage--digits"
        digit_style = self.get_component_rich_style(style_name)
        pad = FINAL_PAD if view.final else 0
        for i, line in enumerate(digit_lines):
            cell = " " * pad + line + " " * pad
            x = box.x + max(0, (box.width - len(cell)) // 2)
            place(box.y + i, x, cell[: box.width], digit_style)

        if layout.figure is not None and view.body is not None:
            fig = layout.figure
            # As tall as the digits (a standing body reads like another big glyph), at least
            # tall enough to be a body.
            fig_h = min(fig.height, max(bigtext.rows_for(digit_scale), figure.MIN_ROWS))
            lines = figure.render(view.body, view.amount, fig.width, fig_h)
            figure_style = self.get_component_rich_style("stage--figure")
            for i, line in enumerate(lines):
                place(fig.y + i, fig.x, line, figure_style)

        text = Text(no_wrap=True, overflow="crop", end="")
        for index, parts in enumerate(rows):
            for part, style in parts:
                text.append(part, style)
            if index < height - 1:
                text.append("\n")
        return text
