"""TwoColumns: Help's key and point lists, one widget per list."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tracker.ui.widgets.two_columns import TwoColumns

ROWS = (("[", "Previous year"), ("ctrl+q", "Quit (asks first if a session would be lost)"))


class OneList(App[None]):
    CSS = """
    TwoColumns > .two-columns--first { text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield TwoColumns(ROWS, 9)


async def test_each_row_is_drawn_with_its_words_wrapped_beside_the_first_column() -> None:
    app = OneList()
    async with app.run_test(size=(31, 8)) as pilot:
        await pilot.pause()
        widget = app.query_one(TwoColumns)
        lines = [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]
        assert lines == [
            " [       Previous year",
            " ctrl+q  Quit (asks first if a",
            "         session would be lost)",
        ]
        assert widget.size.height == 3  # as tall as its rows, wrapped
        first = widget.render_line(0)
        bold = [segment.text for segment in first if segment.style and segment.style.bold]
        assert "".join(bold).strip() == "["  # the first column has its component's style
        assert widget.lines == ("[ Previous year", f"ctrl+q {ROWS[1][1]}")
