"""Date bounds (sessions from 2000 to today + 1 day, skip days from 2000 to a year ahead) and
the wording of import errors, through the real CLI. The "exit 2, one line, nothing written"
part for each bad input is in test_commands.py's BAD_INPUT table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RunCli

# conftest's NOW is 2026-11-25 (+01:00).


def session_rec(sid: str, day: str) -> dict[str, Any]:
    return {"id": sid, "date": day, "kind": "logged", "status": "complete"}


def write(path: Path, content: str | dict[str, Any]) -> Path:
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def one_line(result: Any) -> str:
    assert result.code == 2, (result.code, result.err)
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("supple: "), result.err
    return str(lines[0])


def total_sessions(run_cli: RunCli) -> int:
    result = run_cli("status", "--json")
    assert result.code == 0, result.err
    return int(json.loads(result.out)["total_sessions"])


def test_import_refuses_a_session_in_2099_and_names_it(
    run_cli: RunCli, tmp_path: Path, data_dir: Path
) -> None:
    source = write(
        tmp_path / "x.json",
        {"sessions": [session_rec("fine", "2026-11-20"), session_rec("late", "2099-01-01")]},
    )
    line = one_line(run_cli("import", str(source)))
    assert "record 2 (id late)" in line
    assert "2099-01-01" in line and "2026-11-26" in line  # what, and the latest allowed
    assert "nothing was imported" in line
    assert not (data_dir / "supple.json").exists()
    assert total_sessions(run_cli) == 0


def test_import_refuses_a_session_before_2000(run_cli: RunCli, tmp_path: Path) -> None:
    source = write(tmp_path / "x.csv", "id,date,kind,status\nold,1999-12-31,logged,complete\n")
    line = one_line(run_cli("import", str(source)))
    assert "record 1 (id old)" in line and "2000-01-01" in line


def test_import_accepts_tomorrow_for_time_zones_and_a_planned_skip(
    run_cli: RunCli, tmp_path: Path
) -> None:
    source = write(
        tmp_path / "x.json",
        {
            "sessions": [session_rec("tz", "2026-11-26"), session_rec("y2k", "2000-01-01")],
            "marks": [{"date": "2027-11-26", "kind": "skip"}, {"date": "2026-12-24"}],
        },
    )
    result = run_cli("import", str(source))
    assert result.code == 0, result.err
    assert "2 new sessions" in result.out and "2 skip days" in result.out


@pytest.mark.parametrize(
    ("mark", "expected"),
    [
        ({"date": "2026-11-20", "kind": "holiday"}, "'holiday'"),
        ({"date": "9999-12-31"}, "2027-11-26"),
        ({"date": "1999-12-31", "kind": "skip"}, "2000-01-01"),
    ],
)
def test_import_refuses_a_bad_mark_and_names_it(
    run_cli: RunCli, tmp_path: Path, data_dir: Path, mark: dict[str, str], expected: str
) -> None:
    source = write(
        tmp_path / "x.json",
        {"sessions": [session_rec("s", "2026-11-20")], "marks": [{"date": "2026-11-19"}, mark]},
    )
    line = one_line(run_cli("import", str(source)))
    assert "mark record 2" in line and expected in line
    assert not (data_dir / "supple.json").exists()


@pytest.mark.parametrize("content", ["this is not json at all\n", "id,date\n1,2\n", "garbage"])
def test_a_garbage_json_file_reports_the_json_error_not_csv_columns(
    run_cli: RunCli, tmp_path: Path, content: str
) -> None:
    line = one_line(run_cli("import", str(write(tmp_path / "export.JSON", content))))
    assert "not valid JSON" in line
    assert "CSV" not in line and "column id" not in line


def test_json_error_wording_says_where_once(run_cli: RunCli, tmp_path: Path) -> None:
    line = one_line(run_cli("import", str(write(tmp_path / "x.json", '{"sessions": [{"id": "a'))))
    assert "Unterminated string starting at line 1 column 22" in line
    assert "at at" not in line
    other = one_line(run_cli("import", str(write(tmp_path / "y", '{"sessions": ]'))))
    assert "Expecting value at line 1 column 14" in other


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("done", "--date", "0001-01-01"), "2000-01-01"),
        (("skip", "--date", "9999-12-31"), "2027-11-26"),
        (("skip", "--date", "2026-11-20", "--until", "2027-11-27"), "2027-11-26"),
        (("skip", "--date", "1999-12-31"), "2000-01-01"),
    ],
)
def test_done_and_skip_refuse_impossible_dates(
    run_cli: RunCli, data_dir: Path, args: tuple[str, ...], expected: str
) -> None:
    line = one_line(run_cli(*args))
    assert args[2] in line or args[-1] in line
    assert expected in line
    assert not data_dir.exists()


def test_done_and_skip_accept_the_edges(run_cli: RunCli) -> None:
    assert run_cli("done", "--date", "2000-01-01").code == 0
    assert run_cli("skip", "--date", "2027-11-26").code == 0
    assert run_cli("skip", "--date", "2000-01-02").code == 0
