"""Placeholder heatmap widget (being written): draws the grid with glyphs."""

from __future__ import annotations

from textual.widgets import Static

from tracker.heatmap import GLYPHS, PADDING_GLYPH, Grid


class Heatmap(Static):
    def update_grid(self, grid: Grid) -> None:
        rows = []
        for row in range(7):
            rows.append(
                "".join(
                    GLYPHS[week[row].state] if week[row].day else PADDING_GLYPH
                    for week in grid.weeks
                )
            )
        self.update("\n".join(rows))
