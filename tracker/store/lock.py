"""An inter-process lock on a sidecar file, with `fcntl.flock`.

On Linux and macOS this is what the `filelock` package does too, but importing filelock costs
more than a whole `supple done` should (it loads threading, logging and its async parts); the
lock itself is a few lines. Where there is no fcntl (Windows) filelock is used, which is why it
stays a dependency.

The lock file is opened without following a symbolic link (a link planted there could make
supple truncate or create a file elsewhere), created 0600, and must be a regular file.
The kernel releases a flock when its process dies, so a killed writer never leaves the store
locked.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from tracker.store.storage import FILE_MODE

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class LockTimeout(Exception):
    """Another process held the lock for longer than the timeout."""


class NotALockFile(OSError):
    """The lock path is something other than a regular file."""


class FileLock:
    """`with FileLock(path, timeout):` holds the lock; `timeout` 0 tries once.

    `waiting`, if given, is called once (in the waiting thread) when the lock is held by
    another process and this one has to wait for it: the app says so.
    """

    def __init__(
        self, path: Path, timeout: float, waiting: Callable[[], None] | None = None
    ) -> None:
        self.path = path
        self.timeout = timeout
        self.waiting = waiting
        self._fd: int | None = None
        self._fallback: object | None = None

    def acquire(self) -> None:
        if fcntl is None:  # pragma: no cover - Windows
            self._acquire_with_filelock()
            return
        flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOFOLLOW
        fd = os.open(self.path, flags, FILE_MODE)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise NotALockFile(0, "the lock is not a regular file", str(self.path))
            deadline = time.monotonic() + self.timeout
            pause = 0.001
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(str(self.path)) from None
                    if pause == 0.001 and self.waiting is not None:
                        self.waiting()
                    time.sleep(pause)
                    pause = min(pause * 2, 0.05)  # quick when the holder is quick
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fallback is not None:  # pragma: no cover - Windows
            self._fallback.release()  # type: ignore[attr-defined]
            self._fallback = None
            return
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                os.close(fd)  # closing the only descriptor releases the flock
            except OSError:  # (even when close reports an error: the descriptor is gone)
                pass

    def _acquire_with_filelock(self) -> None:  # pragma: no cover - Windows
        import filelock

        lock = filelock.FileLock(str(self.path), timeout=self.timeout)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise LockTimeout(str(self.path)) from None
        self._fallback = lock

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()
