"""Outputs are inert: no CSV or XLSX the project writes holds a value a spreadsheet would run."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboards.chart import Chart
from feedback_packs.published import AgencyData
from feedback_packs.spreadsheets import ISSUE_COLUMNS, write_issues_csv, write_workbook
from warehouse.spreadsheet_safety import inert, inert_frame

PAYLOADS = [
    '=HYPERLINK("http://example.org","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_a_spreadsheet_would_run_is_prefixed(payload):
    assert inert(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Police", "", "ST MICHAEL'S", 42, -2, 3.5, None])
def test_everything_else_is_left_alone(value):
    assert inert(value) == value


def test_a_frame_keeps_its_numbers():
    frame = pd.DataFrame({"text": ["=1", "ok"], "number": [-2, 3]})
    result = inert_frame(frame)
    assert result["text"].tolist() == ["'=1", "ok"]
    assert result["number"].tolist() == [-2, 3]


def _issue(problem: str) -> dict:
    issue = dict.fromkeys(ISSUE_COLUMNS, "x")
    return issue | {"source_row_number": 2, "problem": problem, "record_id": problem}


def test_feedback_pack_csv_is_inert(tmp_path):
    path = tmp_path / "issues.csv"
    write_issues_csv([_issue(payload) for payload in PAYLOADS], path)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    problems = [row[list(ISSUE_COLUMNS).index("problem")] for row in rows]
    assert problems == ["'" + payload for payload in PAYLOADS]


def test_feedback_pack_workbook_holds_text_never_formulas(tmp_path):
    data = AgencyData(
        agency="police",
        agency_name="West Midlands Police",
        periods=[],
        files=[],
        scorecard=[],
        issues=[_issue(payload) for payload in PAYLOADS],
        unmapped=[],
    )
    path = tmp_path / "pack.xlsx"
    write_workbook(data, path)
    sheet = load_workbook(path)["Record issues"]
    column = list(ISSUE_COLUMNS).index("problem") + 1
    cells = [sheet.cell(row=row, column=column) for row in range(2, 2 + len(PAYLOADS))]
    # shown exactly as the agency typed it (XML stores a carriage return as a line feed)
    assert [cell.value for cell in cells] == [p.replace("\r", "\n") for p in PAYLOADS]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    for row in sheet.iter_rows():
        assert not any(cell.data_type == "f" for cell in row)


def test_board_pack_chart_downloads_are_inert():
    payloads = PAYLOADS[:-1]  # a bare carriage return is a line break to every CSV reader
    chart = Chart(
        chart_id="c",
        title="t",
        takeaway="t",
        figure=None,
        data=pd.DataFrame({"reason": payloads, "files": range(len(payloads))}),
        alt_text="t",
        definitions=(),
    )
    rows = list(csv.reader(io.StringIO(chart.csv(), newline="")))[1:]
    assert [row[0] for row in rows] == ["'" + payload for payload in payloads]
    assert [row[1] for row in rows] == [str(n) for n in range(len(payloads))]
