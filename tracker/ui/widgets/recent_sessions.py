"""The last few sessions as a small table: date, kind, status, pain, note.

Rows come from `tracker.progress.recent_sessions`, whose notes are already one printable
line; they are drawn as plain `Text` (never parsed as markup), cut with an ellipsis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.widget import Widget

from tracker.progress import RecentSession

if TYPE_CHECKING:
    from rich.console import RenderableType

TITLE = "Recent sessions"
EMPTY = "No sessions yet. Press s for a guided session, or d once you have done the routine."
STATUS_CLASSES = {
    "complete": "recent--complete",
    "partial": "recent--partial",
    "stopped": "recent--stopped",
}


class RecentSessions(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *STATUS_CLASSES.values(),
        "recent--title",
        "recent--header",
        "recent--muted",
    }

    DEFAULT_CSS = """
    RecentSessions {
        height: auto;
    }
    """

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._rows: list[RecentSession] = []

    @property
    def rows(self) -> list[RecentSession]:
        return self._rows

    def show(self, rows: list[RecentSession]) -> None:
        self._rows = list(rows)
        self.refresh(layout=True)

    def _fits(self) -> int:
        """How many rows fit under the title and the header (all of them with height auto)."""
        if self.styles.height is None or self.styles.height.is_auto:
            return len(self._rows)
        return max(1, self.content_size.height - 2)

    def render(self) -> RenderableType:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        style = self.get_component_rich_style
        title = Text(TITLE, style=style("recent--title"))
        if not self._rows:
            return Group(title, Text(EMPTY, style=style("recent--muted")))
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True, justify="center")
        table.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
        header = style("recent--header")
        table.add_row(
            *(Text(name, style=header) for name in ("Date", "Kind", "Status", "Pain", "Note"))
        )
        muted = style("recent--muted")
        for row in self._rows[: self._fits()]:
            status = STATUS_CLASSES.get(row.status)
            table.add_row(
                Text(f"{row.day:%a %d %b}"),
                Text(row.kind, style=muted),
                Text(row.status, style=style(status) if status else muted),
                Text(row.pain or "-", style="" if row.pain else muted),
                Text(row.note, style=muted),
            )
        return Group(title, table)
