"""The tutorial: one page per step of the routine, with its figure, paged with the arrow keys.

The pages come from `tracker.routine.tutorial` (plain text). The text is re-wrapped to the width the
screen gives it, so it reads well in any terminal; on a wide terminal the figure stands beside
the text, on a narrower one below it.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Header, Label, Static

from tracker.core.paths import styles_dir
from tracker.core.settings import Settings
from tracker.routine.tutorial import Page, pages
from tracker.store.snapshot import Snapshot
from tracker.ui.widgets.footer import AppFooter

if TYPE_CHECKING:
    from textual.visual import VisualType

HINT = "→/l next · ←/h back · j/k or ↑↓ scroll · Esc close"
# While part of the page is below the fold: say how to get there (fits 80 columns).
MORE_HINT = "↓ more below: j, ↓ or PgDn · →/l next · ←/h back"
BULLET = "  - "
BULLET_INDENT = "    "
MAX_TEXT_WIDTH = 88

# Keep a number with its unit ("3 s", "45 degrees") and "(you: 4)" on one line when re-wrapping.
_NBSP = "\u00a0"
_GLUED = re.compile(r"(?<=\d) (?=(s|min|deg|degrees)\b)|(?<=\(you:) ")


def _glue(text: str) -> str:
    return _GLUED.sub(_NBSP, text)


def _fill(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    lines = textwrap.wrap(
        _glue(text),
        width=max(width, 20),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
    )
    return [line.replace(_NBSP, " ") for line in lines] or [""]


def reflow(text: str, width: int) -> str:
    """Re-wrap a page's plain text (paragraphs and "  - " bullets) to `width` columns."""
    blocks: list[str] = []
    for block in text.split("\n\n"):
        lines = block.splitlines()
        if lines and lines[0].startswith(BULLET):
            items: list[str] = []
            for line in lines:
                if line.startswith(BULLET):
                    items.append(line[len(BULLET) :].strip())
                elif items:
                    items[-1] += " " + line.strip()
            wrapped = ["\n".join(_fill(item, width, BULLET, BULLET_INDENT)) for item in items]
            blocks.append("\n".join(wrapped))
        else:
            joined = " ".join(line.strip() for line in lines)
            blocks.append("\n".join(_fill(joined, width)))
    return "\n\n".join(blocks)


class PageText(Widget):
    """A page's text, re-wrapped to the widget's width (never through markup)."""

    DEFAULT_CSS = """
    PageText {
        height: auto;
    }
    """

    text: reactive[str] = reactive("", layout=True)

    def render(self) -> VisualType:
        return Content(reflow(self.text, self.content_size.width))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return min(MAX_TEXT_WIDTH, max((len(line) for line in self.text.splitlines()), default=0))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(reflow(self.text, width).splitlines())


class TutorialScreen(Screen[None]):
    """One page per step of the routine (five for the built-in one); Right/l and Left/h turn
    them, Escape closes (the app marks it seen)."""

    # Parsed when the screen is first shown, not at start-up.
    CSS_PATH = [styles_dir() / "tutorial.tcss"]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]

    BINDINGS = [
        Binding("right,l", "next_page", "Next", key_display="→/l", priority=True),
        Binding("left,h", "previous_page", "Back", key_display="←/h", priority=True),
        Binding("escape", "close", "Close", key_display="Esc"),
        Binding("q", "close", "Close", show=False),
        Binding("p", "practise", "Practise the hinge", show=False),
        # h and l turn pages, so j and k scroll, as in a pager.
        Binding("down,j", "scroll_page(1)", "Scroll down", show=False),
        Binding("up,k", "scroll_page(-1)", "Scroll up", show=False),
        Binding("pagedown,space", "scroll_page(0, 1)", "A page down", show=False),
        Binding("pageup", "scroll_page(0, -1)", "A page up", show=False),
    ]

    index: reactive[int] = reactive(0, init=False)

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.pages: list[Page] = pages(settings)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="page-head"):
            yield Label("", id="page-title", markup=False)
            yield Label("", id="page-dots", markup=False)
            yield Label("", id="page-number", markup=False)
        with VerticalScroll(id="page-scroll"):
            with Horizontal(id="page-content"):
                yield PageText(id="page-text")
                yield Static("", id="page-figure", markup=False)
        with Horizontal(id="page-nav"):
            yield Button("‹ Back", id="page-back", compact=True)
            yield Static(HINT, id="page-hint", markup=False)
            yield Button("Next ›", id="page-next", compact=True)
        yield AppFooter()

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False
        self.watch(self.query_one("#page-scroll"), "scroll_y", self._update_hint, init=False)
        self.show_page()

    def on_resize(self) -> None:
        self.call_after_refresh(self._update_hint)

    def _update_hint(self) -> None:
        """Say so when part of the page (often the figure) is below the fold."""
        scroll = self.query_one("#page-scroll", VerticalScroll)
        more = scroll.max_scroll_y > 0 and scroll.scroll_y < scroll.max_scroll_y
        self.query_one("#page-hint", Static).update(MORE_HINT if more else HINT)

    # ---- drawing -------------------------------------------------------------------------

    @property
    def page(self) -> Page:
        return self.pages[self.index]

    def watch_index(self) -> None:
        self.show_page()

    def show_page(self) -> None:
        page = self.page
        total = len(self.pages)
        self.query_one("#page-title", Label).update(page.title)
        self.query_one("#page-number", Label).update(f"Page {page.number} of {total}")
        dots = " ".join("●" if i == self.index else "○" for i in range(total))
        self.query_one("#page-dots", Label).update(dots)
        self.query_one(PageText).text = page.text
        figure = self.query_one("#page-figure", Static)
        figure.update(page.figure)
        figure.display = bool(page.figure)
        self.query_one("#page-back", Button).disabled = self.index == 0
        last = self.index == total - 1
        self.query_one("#page-next", Button).label = "Close ✓" if last else "Next ›"
        self.query_one("#page-scroll", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self._update_hint)

    def show_data(self, snapshot: Snapshot, today: date) -> None:
        """The store changed: show the current settings' numbers."""
        settings = snapshot.settings
        if settings != self.settings:
            self.settings = settings
            self.pages = pages(settings)
            self.show_page()

    # ---- actions -------------------------------------------------------------------------

    def action_next_page(self) -> None:
        self.index = min(self.index + 1, len(self.pages) - 1)

    def action_previous_page(self) -> None:
        self.index = max(self.index - 1, 0)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_practise(self) -> None:
        """On the hinge page (step 2): three slow hinges with the moving figure."""
        from tracker.routine.tutorial import HINGE_PAGE
        from tracker.ui.screens.hinge import HingeDrillScreen

        if self.page.number != HINGE_PAGE:
            return

        def done(finished: bool | None) -> None:
            if finished:
                self.notify(
                    "Three hinges done. Now tie it to your day: g on the main screen picks "
                    "your moments.",
                    title="Everyday hinge",
                    timeout=8,
                    markup=False,
                )

        self.app.push_screen(HingeDrillScreen(), done)

    def action_scroll_page(self, lines: int, pages: int = 0) -> None:
        """Scroll the page by lines, or by whole screens when `pages` is given."""
        scroll = self.query_one("#page-scroll", VerticalScroll)
        if pages:
            step = max(1, scroll.scrollable_content_region.height - 1)
            scroll.scroll_relative(y=pages * step, animate=False)
        else:
            scroll.scroll_relative(y=lines, animate=False)

    @on(Button.Pressed, "#page-next")
    def next_pressed(self) -> None:
        if self.index == len(self.pages) - 1:
            self.action_close()
        else:
            self.action_next_page()

    @on(Button.Pressed, "#page-back")
    def back_pressed(self) -> None:
        self.action_previous_page()
