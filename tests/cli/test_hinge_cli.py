"""`supple hinge`, the hinge settings and the status field, as real subprocesses on a real
store: bad input is one line, exit 2, and nothing written."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.cli.test_commands import assert_one_error_line, ok
from tests.conftest import NOW, RunCli

TODAY = NOW.date()


def test_hinge_some_then_status_json_shows_it(run_cli: RunCli) -> None:
    said = ok(run_cli("hinge", "some")).out.splitlines()
    assert said[0] == f"Everyday hinge, today ({TODAY.isoformat()}): sometimes."
    status = json.loads(ok(run_cli("status", "--json")).out)
    assert status["hinge_today"] == "some"
    assert "Everyday hinge: sometimes" in ok(run_cli("status")).out
    ok(run_cli("hinge", "most"))  # the status output cache must not keep the old answer
    assert json.loads(ok(run_cli("status", "--json")).out)["hinge_today"] == "most"


def test_status_json_says_null_before_the_check_and_for_another_day(run_cli: RunCli) -> None:
    assert json.loads(ok(run_cli("status", "--json")).out)["hinge_today"] is None
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    ok(run_cli("hinge", "none", "--date", yesterday))
    assert json.loads(ok(run_cli("status", "--json")).out)["hinge_today"] is None


def test_hinge_names_the_plans_once_moments_are_chosen(run_cli: RunCli) -> None:
    ok(run_cli("config", "set", "hinge-moments", "load the dishwasher; When I lift a bag"))
    out = ok(run_cli("hinge", "most")).out
    assert (
        "When I load the dishwasher, I hinge from my hips. When I lift a bag, I hinge from my hips."
        in out
    )
    listed = ok(run_cli("config", "get", "hinge-moments")).out
    assert listed.strip().endswith("load the dishwasher;lift a bag")


@pytest.mark.parametrize(
    "args",
    [
        ("hinge", "maybe"),
        ("hinge",),
        ("hinge", "most", "--date", "2999-01-01"),
        ("config", "set", "hinge-moments", "a;b;c;d"),
        ("config", "set", "hinge-moments", "load the dishwasher;;lift a bag"),
        ("config", "set", "hinge-moments", " ; "),
        ("config", "set", "hinge-nudges", "9"),
        ("config", "set", "hinge-nudges", "09:00,25:00"),
        ("config", "set", "hinge-nudges", "08:00,12:00,18:00"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    run_cli: RunCli, data_dir: Path, args: tuple[str, ...]
) -> None:
    ok(run_cli("hinge", "some"))
    before = (data_dir / "supple.json").read_bytes()
    line = assert_one_error_line(run_cli(*args))
    assert "Traceback" not in line
    assert (data_dir / "supple.json").read_bytes() == before


def test_an_unknown_answer_says_what_to_type(run_cli: RunCli) -> None:
    line = assert_one_error_line(run_cli("hinge", "maybe"))
    assert "use most, some or none" in line


def test_export_carries_the_hinge_records(run_cli: RunCli, tmp_path: Path) -> None:
    ok(run_cli("hinge", "some"))
    out = tmp_path / "out.json"
    ok(run_cli("export", "-o", str(out)))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [c["answer"] for c in data["hinge_checks"]] == ["some"]
    assert data["automaticity"] == []
