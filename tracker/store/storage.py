"""Files on disk: bounded reads of regular files only, private atomic writes, strict parsing,
and a TinyDB storage that writes a transaction's changes once, at its end.

TinyDB's own JSONStorage rewrites the file in place through a handle it keeps open, so a crash
mid-write leaves a torn file and a file replaced by another process goes unseen. Here every
write goes to a temp file in the same folder, is fsynced, renamed over the old one and the
folder fsynced: readers see the whole old file or the whole new one, never a mix.

- Reads refuse anything but a regular file (a FIFO would block every command, a link to
  /dev/zero would read without end) and anything over MAX_FILE_BYTES.
- Files are created 0600 and folders 0700 whatever the umask: the store is health data. A
  file the user made stricter (0400) keeps its stricter mode when it is replaced.

Nothing here imports TinyDB, so that commands which only read the store never load it.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from tracker.store.errors import StoreDamagedError

TYPE_CHECKING = False  # not from typing: `supple done` loads this module
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


TMP_SUFFIX = ".tmp"
FILE_MODE = 0o600
FOLDER_MODE = 0o700
MAX_FILE_BYTES = 64 * 1024 * 1024
"""Far above any real store (30 years of daily sessions are about 3 MB)."""
MAX_DOC_ID_DIGITS = 15

# Kept for older imports: a damaged store is a StoreDamagedError (from tracker.store.errors).
DamagedStoreError = StoreDamagedError


class UnreadableFileError(ValueError):
    """A file that is not read at all: not a regular file, or too large. `reason` says which."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} {reason}")
        self.path = path
        self.reason = reason


class NotDurableError(OSError):
    """The new file is in place (the rename is done, every reader sees it), but syncing its
    folder failed, so the system did not confirm that the rename will survive a power cut.

    Not a failed write: what was written is there, and saying "nothing was changed" would
    make the person do it again. `replaced` is the file that was written.
    """

    def __init__(self, code: int | None, why: str | None, folder: str, replaced: Path) -> None:
        super().__init__(code, why, folder)
        self.replaced = replaced


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of a regular file, or None when there is none.

    Raises UnreadableFileError for anything else (a FIFO is opened without blocking and then
    refused) or for a file over `limit` bytes; OSError for the rest (no permission...).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFileError(path, f"is {_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise UnreadableFileError(path, f"is larger than {limit // (1024 * 1024)} MiB")
        chunks = []
        total = 0
        while True:  # read to the end, but never past the limit (the file may be growing)
            chunk = os.read(fd, max(info.st_size + 1 - total, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UnreadableFileError(path, f"is larger than {limit // (1024 * 1024)} MiB")
        return b"".join(chunks)
    finally:
        os.close(fd)


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any of its parents that are missing, each 0700 whatever the umask
    (folders that exist already are left as they are)."""
    if folder.is_dir():
        return
    missing = [folder]
    while not missing[-1].parent.is_dir() and missing[-1].parent != missing[-1]:
        missing.append(missing[-1].parent)
    for one in reversed(missing):
        try:
            one.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            if not one.is_dir():
                raise
            continue
        os.chmod(one, FOLDER_MODE)  # mkdir's mode is masked by the umask; this is not


def temp_name(path: Path) -> Path:
    # os.urandom rather than the secrets module, which takes longer to import than this needs
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}{TMP_SUFFIX}")


def leftover_temp_files(path: Path) -> list[Path]:
    """Temp files of killed writes (only safe to delete while holding the store's lock)."""
    if os.path.islink(path):  # a store written through its link: its temp files are there
        path = Path(os.path.realpath(path))
    prefix = f".{path.name}."
    try:  # not glob, whose pattern is a regex to compile: this runs on every write
        names = os.listdir(path.parent)
    except OSError:
        return []
    found = [n for n in names if n.startswith(prefix) and n.endswith(TMP_SUFFIX)]
    return sorted(path.parent / n for n in found)


def mode_for(path: Path) -> int:
    """0600, or stricter if the file there now is stricter (the user chose that)."""
    try:
        current = os.stat(path).st_mode
    except OSError:
        return FILE_MODE
    return FILE_MODE & current if stat.S_ISREG(current) else FILE_MODE


def write_atomically(
    path: Path, payload: bytes | list[memoryview], durable: bool = True, follow_link: bool = False
) -> None:
    """Temp file (0600) in the same folder, write, fsync, os.replace, fsync the folder.

    With `follow_link`, a `path` that is a symbolic link (the user's own: a store kept in a
    synced folder) is written through: the temp file goes beside the link's target and is
    renamed onto it, so the link stays and its target gets the change. Otherwise a link at
    `path` is replaced, never followed.

    Any failure before the rename leaves `path` as it was (and no temp file); a failure of
    the folder's fsync after it is a NotDurableError: the new file is in place.

    `payload` is the bytes, or parts that make them up (written one after the other, so a
    file changed in the middle is not copied whole first). `durable=False` skips the
    fsyncs, for a cache that may be lost in a crash.
    """
    if follow_link and os.path.islink(path):
        path = Path(os.path.realpath(path))
    tmp = temp_name(path)
    mode = mode_for(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
        try:
            os.fchmod(fd, mode)  # the umask may have taken bits away; 0400 needs none added
            for part in [payload] if isinstance(payload, bytes) else payload:
                view = memoryview(part)
                while view:
                    view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if not durable:
        return
    try:
        folder = os.open(path.parent, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError as error:  # too late to undo: readers see the new file already
        raise NotDurableError(error.errno, error.strerror, str(path.parent), path) from None


def create_private_file(path: Path, payload: bytes) -> None:
    """A new file at `path` holding `payload`, 0600 whatever the umask; FileExistsError if
    anything is there already (a file, or a link, which is not followed)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(path, flags, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)


def is_doc_id(text: str) -> bool:
    """TinyDB's document ids: a positive whole number written plainly ('7', not '07' or '²')."""
    return (
        text.isascii()
        and text.isdigit()
        and len(text) <= MAX_DOC_ID_DIGITS
        and not text.startswith("0")
    )


class _Twice(dict):  # type: ignore[type-arg]
    """A JSON object in which a key appeared more than once (json keeps the last silently,
    and the next write would drop the other record for good); `twice` names those keys."""

    twice: list[str]


def _object_keeping_count(found: list[_Twice]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def make(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        made = dict(pairs)
        if len(made) == len(pairs):
            return made
        twice = _Twice(made)
        seen: set[str] = set()
        twice.twice = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
        found.append(twice)
        return twice

    return make


def _twice_where(data: dict[str, Any]) -> str:
    """Where in the store the first key given twice is, in the words of the other errors."""
    if isinstance(data, _Twice):
        return f"the table {data_key(data.twice[0])} appears twice in the file"
    for table_name, table in data.items():
        if isinstance(table, _Twice):
            return (
                f"table {data_key(table_name)} has two entries with id {data_key(table.twice[0])} "
                "(one would be lost)"
            )
        if not isinstance(table, dict):
            continue
        for doc_id, document in table.items():
            stack = [document]
            while stack:  # the record and anything inside it
                value = stack.pop()
                if isinstance(value, _Twice):
                    return (
                        f"{table_name} entry {data_key(doc_id)} has the field "
                        f"{data_key(value.twice[0])} twice"
                    )
                if isinstance(value, dict):
                    stack.extend(value.values())
                elif isinstance(value, list):
                    stack.extend(value)
    return "a key appears twice in one object"


def data_key(text: str) -> str:
    """A key or id from the file as an error shows it: a document id plainly (as the other
    errors do), anything else quoted and cut short, with no control character raw."""
    from tracker.core.text import printable  # only for an error

    if is_doc_id(text):
        return text
    return printable(repr(text if len(text) <= 40 else text[:37] + "..."))


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _lone_surrogate_where(data: dict[str, Any]) -> str | None:
    """Where the file holds a lone surrogate (a \\ud800 escape without its pair): valid JSON,
    but not text, and no UTF-8 file can hold it when supple writes the store again."""
    from tracker.core.text import is_text

    for table_name, table in data.items():
        if not is_text(table_name):
            return f"a table name holds {data_key(table_name)}, which is not text"
        for doc_id, document in table.items():
            stack: list[Any] = [document]
            while stack:
                value = stack.pop()
                if isinstance(value, str) and not is_text(value):
                    return (
                        f"{table_name} entry {data_key(doc_id)} holds {data_key(value)}, "
                        "which is not text (a lone surrogate)"
                    )
                if isinstance(value, dict):
                    stack.extend(value.values())
                    stack.extend(value.keys())
                elif isinstance(value, list):
                    stack.extend(value)
    return None


def parse_tables(
    path: Path, raw: bytes, strict: bool = True
) -> dict[str, dict[str, dict[str, Any]]]:
    """Parse the file's bytes into TinyDB's {table: {doc_id: document}} shape, or raise
    StoreDamagedError saying what is wrong.

    `strict` also refuses a key given twice in one object (anywhere: a table, two records
    under one id, a field) and a lone surrogate in a text; bytes supple wrote itself (as
    the status cache attests) hold neither, and skip that cost (about a third of a parse).
    """
    if not raw.strip():
        raise StoreDamagedError(path, "the file is empty")
    twice: list[_Twice] = []
    try:
        data = (
            json.loads(raw, object_pairs_hook=_object_keeping_count(twice))
            if strict
            else json.loads(raw)
        )
    except UnicodeDecodeError:
        raise StoreDamagedError(path, "the file is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise StoreDamagedError(
            path, f"the file is not valid JSON ({error.msg} at line {error.lineno})"
        ) from None
    except RecursionError:
        raise StoreDamagedError(path, "the file is nested too deeply for a supple store") from None
    except ValueError:  # json's only other complaint: a number of over 4,300 digits
        raise StoreDamagedError(path, "the file holds a number too long to read") from None
    if not isinstance(data, dict):
        raise StoreDamagedError(path, "the file does not hold a supple store (wrong shape)")
    if twice:
        raise StoreDamagedError(path, _twice_where(data))
    for table_name, table in data.items():
        if not isinstance(table, dict):
            raise StoreDamagedError(path, f"table '{table_name}' has the wrong shape")
        for doc_id, document in table.items():
            if not is_doc_id(doc_id) or not isinstance(document, dict):
                raise StoreDamagedError(
                    path, f"table '{table_name}' has a damaged entry (id {data_key(doc_id)})"
                )
    if strict and _SURROGATE_ESCAPE.search(raw):  # rare: other programs' escapes
        problem = _lone_surrogate_where(data)
        if problem:
            raise StoreDamagedError(path, problem)
    return data


Layout = dict[str, list[int]]
"""Where each table sits in a file written by `dump_laid_out`: table name -> [start, end,
highest document id]; bytes [start, end) hold the table's JSON object."""


def dump_laid_out(data: dict[str, dict[str, dict[str, Any]]]) -> tuple[bytes, Layout]:
    """The file's bytes, and where each table sits in them.

    The same bytes as one json.dumps of the whole (compact, UTF-8), built table by table to
    know the offsets. Documents sorted by id, so that deleting and restoring a document gives
    the same bytes, and a new document (the highest id) comes last in its table.
    """
    parts = [b"{"]
    position = 1
    layout: Layout = {}
    for index, (name, table) in enumerate(data.items()):
        ordered = dict(sorted(table.items(), key=lambda item: int(item[0])))
        key = json.dumps(name, ensure_ascii=False).encode("utf-8") + b":"
        body = json.dumps(ordered, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if index:
            parts.append(b",")
            position += 1
        parts += (key, body)
        position += len(key)
        highest = int(next(reversed(ordered))) if ordered else 0
        layout[name] = [position, position + len(body), highest]
        position += len(body)
    parts.append(b"}")
    return b"".join(parts), layout


def dump_tables(data: dict[str, dict[str, dict[str, Any]]]) -> bytes:
    return dump_laid_out(data)[0]


def document_bytes(document: dict[str, Any]) -> bytes:
    """One document as `dump_laid_out` writes it inside its table."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AtomicJSONStorage:
    """TinyDB storage: strict reads, and whole-file atomic writes (see module docstring).

    It has the methods of TinyDB's `Storage` (read, write, close), which is all TinyDB calls,
    without subclassing it: that would import TinyDB for every read.

    Within a transaction (`begin` ... `commit`), TinyDB's writes stay in memory and the last
    one is written to disk once, at `commit`: a change of several steps (an import) is saved
    whole or not at all, and each step costs no disk write.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        # The tables, only while the store's lock is held: then no other process changes the
        # file, and TinyDB, which reads the whole store for each call (twice for an insert),
        # need not parse it again.
        self.held: dict[str, dict[str, dict[str, Any]]] | None = None
        self.pending: bytes | list[memoryview] | None = None  # what commit will write
        self.layout: Layout | None = None  # and where its tables sit
        self.in_transaction = False

    def begin(self, tables: dict[str, dict[str, dict[str, Any]]]) -> None:
        self.held, self.pending, self.in_transaction = tables, None, True

    def commit(self) -> tuple[bytes | list[memoryview], Layout] | None:
        """Write what the transaction changed; returns those bytes and their layout (None:
        nothing changed)."""
        pending, layout = self.pending, self.layout
        self.end()
        if pending is None or layout is None:
            return None
        write_atomically(self.path, pending, follow_link=True)
        return pending, layout

    def end(self) -> None:
        """Forget the transaction (after commit, or instead of it: nothing is written)."""
        self.held, self.pending, self.layout, self.in_transaction = None, None, None, False

    def read(self) -> dict[str, dict[str, dict[str, Any]]] | None:
        if self.held is not None:
            return self.held
        raw = self.pending if self.pending is not None else read_file(self.path)
        if raw is None:
            return None
        return parse_tables(self.path, raw if isinstance(raw, bytes) else b"".join(raw))

    def write(self, data: dict[str, dict[str, dict[str, Any]]]) -> None:
        # TinyDB changed the held tables in place; if they cannot be written (a value JSON
        # has no form for), read() goes back to the last good bytes.
        from tracker.store.tables import LaidOutTables  # (it imports this module)

        self.held = None
        payload: bytes | list[memoryview]
        if isinstance(data, LaidOutTables):  # only the tables asked for are dumped again
            payload, layout = data.dump()
        else:
            payload, layout = dump_laid_out(data)
        if not self.in_transaction:
            write_atomically(self.path, payload, follow_link=True)
            return
        self.pending, self.layout = payload, layout
        self.held = data

    def close(self) -> None:
        pass
