"""The one error type a shell command raises to stop with a message."""


class CommandError(Exception):
    """Shown as `supple: <message>` on stderr; the command exits with `code`.

    2 means bad input or unreadable data, 1 an operation that could not complete.
    """

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code
