"""A modal form: fields, one line that says what is wrong with them, Enter or ctrl+s to save
and Esc to close without saving."""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, Static

ResultT = TypeVar("ResultT")


class FormScreen(ModalScreen["ResultT | None"], Generic[ResultT]):
    """Dismissed with `result()` when the fields are right, with None on Esc. A subclass
    composes its fields and a Static with the id PROBLEM_ID for what is wrong."""

    PROBLEM_ID: ClassVar[str] = "form-problem"
    BINDINGS = [
        Binding("escape", "close", "Close", key_display="Esc"),
        Binding("ctrl+s", "save", "Save", key_display="^s", priority=True),
    ]

    def result(self) -> ResultT | str:
        """What the fields ask for, or what is wrong with them (one line)."""
        raise NotImplementedError

    def action_save(self) -> None:
        result = self.result()
        if isinstance(result, str):
            self.query_one(f"#{self.PROBLEM_ID}", Static).update(result)
            return
        self.dismiss(result)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_close(self) -> None:
        self.dismiss(None)
