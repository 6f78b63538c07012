"""Rows of a short first column (a key, a bullet) and text that wraps beside it, as one
widget.

Help drew each row as three widgets (a row, its key, its words): about 400 in all, and
opening Help took 0.7 s. One of these per list draws the same rows as a table.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.widget import Widget


class TwoColumns(Widget):
    """`rows` of (first, second): the first column `first_width` cells wide (its text
    starts one cell in), the second wrapping in the rest. Styled by the component classes
    two-columns--first and two-columns--second (see styles/help.tcss)."""

    COMPONENT_CLASSES = {"two-columns--first", "two-columns--second"}

    DEFAULT_CSS = """
    TwoColumns {
        height: auto;
    }
    """

    def __init__(
        self,
        rows: Sequence[tuple[str, str]],
        first_width: int,
        *,
        classes: str | None = None,
    ) -> None:
        super().__init__(classes=classes)
        self.rows = tuple(rows)
        self.first_width = first_width

    @property
    def lines(self) -> tuple[str, ...]:
        """Each row as plain words (what a search of the screen's text finds)."""
        return tuple(f"{first} {second}" for first, second in self.rows)

    def render(self) -> RenderableType:
        table = Table.grid(expand=True)
        table.add_column(
            width=self.first_width,
            no_wrap=True,
            style=self.get_component_rich_style("two-columns--first"),
        )
        table.add_column(ratio=1, style=self.get_component_rich_style("two-columns--second"))
        for first, second in self.rows:  # Text, not str: no markup in what a row says
            table.add_row(Text(f" {first}"), Text(second))
        return table
