"""Shared fixtures: a fixed clock, a real store in tmp_path, and the real CLI as a subprocess."""

from __future__ import annotations

import compileall
import fcntl
import gc
import os
import py_compile
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tracker.core.clock import FakeClock
from tracker.store.database import Store

# A Wednesday morning, in a fixed offset so tests do not depend on the machine's zone.
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=1)))

# The guided session's issue settings: a whole session lasts 20 s.
TINY = {
    "good-morning.sets": 2,
    "good-morning.reps": 2,
    "good-morning.hold": 1,
    "rotation.sets": 1,
    "rotation.reps": 1,
    "tempo": 1,
    "rest": 1,
    "get-ready": 1,
    "position-time": 1,
}
TINY_TOTAL = 20  # 1 + 2 * 2 * 3 + 1 (good morning) + 2 * (1 + 2) (rotation, both sides)


def pytest_configure(config: pytest.Config) -> None:
    """The suite starts `python -m tracker` several hundred times: compile the package once,
    as pip does when it installs one, so that no run compiles it again. Where
    PYTHONDONTWRITEBYTECODE is set, Python writes no .pyc files itself and every run compiled
    each module it imported: that was 40% of the CPU time of the CLI tests. (Once, before
    pytest-xdist starts its workers: they find it done.)"""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        import tracker

        # Checked against the source's hash, not its mtime and size: a file changed twice in
        # one second to the same size (a mutation-testing run, a quick checkout) must not run
        # from a stale .pyc.
        compileall.compile_dir(
            Path(tracker.__file__).parent,
            quiet=1,
            invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH,
        )
        if getattr(config.option, "numprocesses", None) and sys.dont_write_bytecode:
            _write_rewritten_tests(config)


def _write_rewritten_tests(config: pytest.Config) -> None:
    """Before the xdist workers start: collect once, in a pytest that may write .pyc files,
    so that each worker loads the test modules with their asserts already rewritten. Where
    PYTHONDONTWRITEBYTECODE is set, pytest keeps no such files and every worker rewrote all
    of them again (about 4 s of CPU each). The collection decides nothing: the workers
    collect for themselves."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist"]
        + ["-p", "no:cacheprovider", *config.args],
        cwd=config.invocation_params.dir,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=300,
        check=False,
    )


class WorkersPerCore:
    """Registered only where pytest-xdist is (its hook is unknown without it, and `-p
    no:xdist` must still run the suite)."""

    @staticmethod
    def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
        """`-n auto`: two workers per core and one more. Much of the suite waits rather than
        computes (real terminals, D-Bus servers that answer late on purpose, Syncthing, pip),
        and a waiting worker leaves its core to another. On this 2-core machine the whole
        suite took 144 s with 4 workers, 136-139 s with 5 and 135 s with 6 (each worker costs
        a few seconds of CPU of its own)."""
        return 2 * (os.cpu_count() or 1) + 1


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    if pluginmanager.hasplugin("xdist"):
        pluginmanager.register(WorkersPerCore(), "supple-workers-per-core")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Once the tests are collected, what is loaded by then (pytest, Hypothesis, Textual, the
    test modules: about 240,000 objects) is frozen out of the cyclic collector, and it runs
    less often. The UI tests build and drop thousands of widgets each, and the collector
    walked those long-lived objects again and again: about a third of their CPU time, a
    quarter less with this (tests/ui and the app snapshots on one worker). Nothing is kept
    alive by it: garbage is collected later, not never."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The long tests (marked slow, mostly waiting) start first, one at the head of each
    worker's share, so that they overlap the rest instead of trailing at the end. The shares
    are cut as pytest-xdist's worksteal mode cuts them first (the README's command uses it);
    a different cut costs time, never a test."""
    slow = [item for item in items if item.get_closest_marker("slow")]
    rest = [item for item in items if not item.get_closest_marker("slow")]
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    shares: list[list[pytest.Item]] = [[] for _ in range(workers)]
    for n, item in enumerate(slow):
        shares[n % workers].append(item)
    others = iter(rest)
    left = len(items)
    for n, share in enumerate(shares):
        size = left // (workers - n)
        left -= size
        share.extend(next(others) for _ in range(max(0, size - len(share))))
    items[:] = [item for share in shares for item in share] + list(others)


@pytest.fixture(autouse=True)
def no_keep_awake(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sessions under test never inhibit the tester's own screensaver: no way is found, unless
    a test is about keeping awake (those run on a private bus)."""
    if "keep_awake" in request.node.nodeid:
        return
    from tracker.notify import keep_awake

    monkeypatch.setattr(keep_awake, "choose_way", lambda *args, **kwargs: (None, "none (test)"))


@pytest.fixture(autouse=True)
def no_sound_programs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never make noise: no tone player or voice is found unless a test puts its own
    (recording) programs in the way with `sound_programs`."""
    from tracker.sound import players

    monkeypatch.setattr(players, "_system_which", lambda name: None)


@pytest.fixture
def sound_programs(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Find tone players and voices only in `bin_dir` (e.g. recording stand-ins)."""
    import shutil

    from tracker.sound import players

    def use(bin_dir: Path) -> None:
        monkeypatch.setattr(
            players, "_system_which", lambda name: shutil.which(name, path=str(bin_dir))
        )

    return use


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path, clock: FakeClock) -> Store:
    return Store(data_dir, clock)


class CliResult:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr


RunCli = Callable[..., CliResult]


def cli_env(data_dir: Path, now: datetime | None = NOW, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    if not any(env.get(name) for name in ("LC_ALL", "LC_CTYPE", "LANG")):
        env["LANG"] = "C.UTF-8"  # a UTF-8 terminal, as tests expect (the C locale gets ASCII)
    env["SUPPLE_DATA_DIR"] = str(data_dir)
    env.pop("SUPPLE_NOW", None)
    if now is not None:
        env["SUPPLE_NOW"] = now.isoformat()
    env.update(extra)
    return env


@pytest.fixture
def run_cli(data_dir: Path) -> RunCli:
    """Run `python -m tracker ARGS` for real, as a user would, with a fixed start time."""

    def run(
        *args: str, now: datetime | None = NOW, stdin: str | None = None, **extra: str
    ) -> CliResult:
        proc = subprocess.run(
            [sys.executable, "-m", "tracker", *args],
            capture_output=True,
            text=True,
            input=stdin,
            env=cli_env(data_dir, now, **extra),
            timeout=60,
        )
        return CliResult(proc)

    return run


def pip_reach() -> dict[str, str]:
    """How this machine's pip reaches its indexes (PIP_* and proxy variables), and its usual
    cache: for a test that installs into a fresh home, which would download everything again."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name.startswith("PIP_") or name.lower() in ("http_proxy", "https_proxy", "no_proxy")
    }
    env["PIP_CACHE_DIR"] = os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    return env


def need_program(name: str, hint: str) -> str:
    """The program's path, or the test fails saying what is missing and `hint` (how to get it)."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found on PATH: {hint}")
    return path


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """supple's wheel, built from this checkout once per run and shared by every test (and
    every pytest-xdist worker) that installs or opens it: each build costs seconds of CPU.
    Tests copy it or read it; none may change it."""
    # The run's own folder, the same for every worker: under pytest-xdist each worker's base
    # is a folder in it; without, the base is the run's folder (its parent holds other runs',
    # and an older run's wheel is older code).
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if "PYTEST_XDIST_WORKER" in os.environ else base
    folder = shared / "supple-wheel"
    with open(shared / "supple-wheel.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds; the others wait, then reuse
        built = sorted(folder.glob("supple-*.whl"))
        if not built:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "wheel",
                    "--no-deps",
                    "-q",
                    "-w",
                    str(folder),
                    str(ROOT),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
            built = sorted(folder.glob("supple-*.whl"))
    assert len(built) == 1, built
    return built[0]
