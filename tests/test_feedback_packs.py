"""The agencies' data-quality feedback packs, as the pipeline run in conftest wrote them: one per agency and
period, each holding only that agency's data, with small counts suppressed, every issue pointing at a file
and row, the injected faults listed under "What to fix", and nothing fetched from anywhere.

The isolation and suppression checks are functions returning what they found, so the tests below also
show that a pack with a leaked row or an unsuppressed count would fail.
"""

from __future__ import annotations

import csv
import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import published_path
from openpyxl import load_workbook

from feedback_packs.spreadsheets import WHOLE_FILE
from feedback_packs.wording import period_slug

pytestmark = pytest.mark.e2e

TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/\-]*")
SUBMISSION_MENTION = re.compile(r"submission (\d+)")
SECTION = r'<section id="{}".*?</section>'


@dataclass(frozen=True)
class AgencyMarkers:
    """What would show that a pack holds an agency's data: its name, files, submissions and records."""

    agency_name: str
    file_names: set[str]
    submission_ids: set[str]
    record_ids: set[str]


@pytest.fixture(scope="session")
def packs_dir(pipeline_data_dir) -> Path:
    return published_path(pipeline_data_dir).parent / "feedback_packs"


@pytest.fixture(scope="session")
def markers(published_warehouse) -> dict[str, AgencyMarkers]:
    def by_agency(sql: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for agency, value in published_warehouse.execute(sql).fetchall():
            found.setdefault(agency, set()).add(str(value))
        return found

    names = dict(
        published_warehouse.execute("select agency, agency_name from marts.dim_agency").fetchall()
    )
    files = by_agency("select agency, file_name from ledger.submissions")
    submissions = by_agency("select agency, submission_id from ledger.submissions")
    records = by_agency(
        "select agency, record_id from marts.fct_agency_contacts where record_id is not null"
        " union select agency, record_id from marts.fct_dq_record_issues where record_id is not null"
    )
    return {
        agency: AgencyMarkers(
            name,
            files.get(agency, set()),
            submissions.get(agency, set()),
            records.get(agency, set()),
        )
        for agency, name in names.items()
    }


def pack_texts(folder: Path) -> dict[str, str]:
    """Every file in an agency's folder as text (HTML unescaped; workbooks cell by cell)."""
    texts = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".xlsx":
            workbook = load_workbook(path, read_only=True)
            cells = (
                "" if value is None else str(value)
                for sheet in workbook.worksheets
                for row in sheet.iter_rows(values_only=True)
                for value in row
            )
            texts[path.name] = "\n".join(cells)
        else:
            texts[path.name] = html.unescape(path.read_text(encoding="utf-8"))
    return texts


def leaks(folder: Path, agency: str, markers: dict[str, AgencyMarkers]) -> list[str]:
    """Every sign, in any file of an agency's folder, of another agency's data."""
    own = markers[agency]
    problems = []
    for name, text in pack_texts(folder).items():
        tokens = set(TOKEN.findall(text))
        for other, theirs in markers.items():
            if other == agency:
                continue
            if theirs.agency_name in text:
                problems.append(f"{name}: names {other} ({theirs.agency_name})")
            problems += [
                f"{name}: {other}'s file {file_name}"
                for file_name in theirs.file_names - own.file_names
                if file_name in text
            ]
            problems += [
                f"{name}: {other}'s record {record}" for record in tokens & theirs.record_ids
            ]
        problems += [
            f"{name}: submission {number} is not {agency}'s"
            for number in SUBMISSION_MENTION.findall(text)
            if number not in own.submission_ids
        ]
        if name.endswith(".csv"):
            with (folder / name).open(encoding="utf-8") as handle:
                problems += [
                    f"{name}: submission id {row['submission_id']} is not {agency}'s"
                    for row in csv.DictReader(handle)
                    if row["submission_id"] not in own.submission_ids
                ]
    return problems


def shown_small_counts(folder: Path) -> list[str]:
    """Unmapped-value counts of 1 to 7 shown anywhere in the folder (they must read "fewer than 8")."""
    problems = []
    for path in folder.glob("*_feedback.html"):
        section = re.search(SECTION.format("unmapped"), path.read_text(encoding="utf-8"), re.S)
        for cells in re.findall(r"<tr>(.*?)</tr>", section.group(0), re.S)[1:]:
            rows = re.findall(r'<td class="num">(.*?)</td>', cells)[0]
            number = re.search(r"\d+", rows.replace(",", ""))
            if rows != "fewer than 8" and (number is None or 1 <= int(number.group()) <= 7):
                problems.append(f"{path.name}: unmapped value count {rows!r}")
    for path in folder.glob("*.xlsx"):
        sheet = load_workbook(path, read_only=True)["Unmapped values"]
        header, *rows = sheet.iter_rows(values_only=True)
        column = header.index("rows")
        problems += [
            f"{path.name}: unmapped value count {row[column]!r}"
            for row in rows
            if isinstance(row[column], int) and 1 <= row[column] <= 7
        ]
    return problems


def test_a_pack_for_every_agency_and_period(packs_dir, published_warehouse):
    periods = published_warehouse.execute(
        "select agency, period_start, period_end from publish.publish_dq_submission_periods"
    ).fetchall()
    assert len(periods) > 100
    missing = []
    for agency, start, end in periods:
        stem = packs_dir / agency / f"{agency}_{period_slug(start, end)}"
        missing += [
            str(path)
            for path in (
                stem.with_name(stem.name + "_feedback.html"),
                stem.with_name(stem.name + "_issues.csv"),
            )
            if not path.exists()
        ]
    assert missing == []
    agencies = {agency for agency, _, _ in periods}
    top_index = (packs_dir / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'href="([a-z]+)/index.html"', top_index)) == agencies
    assert all((packs_dir / agency / "index.html").exists() for agency in agencies)


def test_no_pack_contains_another_agencys_data(packs_dir, markers):
    folders = [path for path in packs_dir.iterdir() if path.is_dir()]
    assert {folder.name for folder in folders} == set(markers)
    for folder in folders:
        assert leaks(folder, folder.name, markers) == [], folder.name


def test_a_leaked_row_is_caught(packs_dir, markers, tmp_path):
    """Another agency's issue row pasted into a CSV, and its file named in a pack, are both reported."""
    source = next(
        path
        for path in sorted(packs_dir.glob("police/*_issues.csv"))
        if len(path.read_text(encoding="utf-8").splitlines()) > 1
    )
    leaked_row = source.read_text(encoding="utf-8").splitlines()[1]
    folder = shutil.copytree(packs_dir / "idva", tmp_path / "idva")
    target_csv = next(folder.glob("*_issues.csv"))
    target_csv.write_text(
        target_csv.read_text(encoding="utf-8") + leaked_row + "\n", encoding="utf-8"
    )
    police_file = next(iter(markers["police"].file_names))
    target_html = next(folder.glob("*_feedback.html"))
    target_html.write_text(
        target_html.read_text(encoding="utf-8").replace("</main>", f"<p>{police_file}</p></main>"),
        encoding="utf-8",
    )
    found = "\n".join(leaks(folder, "idva", markers))
    assert f"{target_csv.name}: police's file" in found
    assert f"{target_csv.name}: submission id" in found
    assert f"{target_html.name}: police's file {police_file}" in found


def test_every_issue_row_points_at_a_file_of_its_agency_and_a_row(packs_dir, markers):
    rows_seen = 0
    for path in packs_dir.glob("*/*_issues.csv"):
        agency = path.parent.name
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                rows_seen += 1
                assert row["file"] in markers[agency].file_names, (path.name, row)
                assert row["row"] == WHOLE_FILE or int(row["row"]) >= 2, (path.name, row)
                assert row["problem"] and row["how_to_fix"], (path.name, row)
    assert rows_seen > 0


def test_no_small_unmapped_value_count_is_shown(packs_dir, published_warehouse):
    assert published_warehouse.execute(
        "select count(*) from publish.publish_dq_unmapped_values where rows_published between 1 and 7"
    ).fetchone() == (0,)
    for folder in (path for path in packs_dir.iterdir() if path.is_dir()):
        assert shown_small_counts(folder) == [], folder.name


def test_an_unsuppressed_count_is_caught(packs_dir, tmp_path):
    folder = shutil.copytree(packs_dir / "refuge", tmp_path / "refuge")
    pack = next(folder.glob("*_feedback.html"))
    unsuppressed = (
        '<section id="unmapped"><table><caption>Values</caption><thead><tr><th>Field</th></tr></thead>'
        '<tbody><tr><td>ethnicity</td><td class="num">3</td></tr></tbody></table></section>'
    )
    text = re.sub(
        SECTION.format("unmapped"), unsuppressed, pack.read_text(encoding="utf-8"), flags=re.S
    )
    pack.write_text(text, encoding="utf-8")
    assert shown_small_counts(folder) == [f"{pack.name}: unmapped value count '3'"]


def test_injected_faults_are_listed_under_what_to_fix(
    pipeline_data_dir, packs_dir, published_warehouse
):
    """Every row-level fault the sample generator injected and the data-quality marts flagged is listed, with
    its file and row, under "What to fix" in the pack of each period the file covers. (Whether the marts flag
    every fault is their own tests' business; this checks the packs pass on what they found.)"""
    with (pipeline_data_dir / "ground_truth" / "faults.csv").open(encoding="utf-8") as handle:
        faults = [f for f in csv.DictReader(handle) if f["source_row_number"]]
    flagged = set(
        published_warehouse.execute(
            "select agency, file_name, source_row_number from publish.publish_dq_record_issues"
            " where source_row_number is not null"
        ).fetchall()
    )
    files = {
        (agency, file_name): (start, end)
        for agency, file_name, start, end in published_warehouse.execute(
            "select agency, file_name, period_start, period_end from publish.publish_dq_submission_files"
        ).fetchall()
    }
    periods = published_warehouse.execute(
        "select agency, period_start, period_end from publish.publish_dq_submission_periods"
    ).fetchall()
    checked = 0
    for fault in faults:
        key = (fault["agency"], fault["file_name"], int(fault["source_row_number"]))
        if key not in flagged:
            continue
        agency, file_name, row = key
        file_start, file_end = files[(agency, file_name)]
        for start, end in ((s, e) for a, s, e in periods if a == agency):
            if not (file_start <= start and end <= file_end):
                continue
            pack = packs_dir / agency / f"{agency}_{period_slug(start, end)}_feedback.html"
            what_to_fix = re.search(
                SECTION.format("what-to-fix"), pack.read_text(encoding="utf-8"), re.S
            )
            listed = [
                int(number)
                for location in re.findall(
                    r'<li class="location">(.*?)</li>', what_to_fix.group(0), re.S
                )
                if f"<code>{file_name}</code>" in html.unescape(location)
                for rows in re.findall(r'<span class="rows">(.*?)</span>', location)
                for number in re.findall(r"\d+", rows)
            ]
            assert row in listed, f"{fault['fault_id']} ({fault['fault_type']}) not in {pack.name}"
            checked += 1
    assert checked >= 5, f"only {checked} injected faults were checked"


def test_packs_are_self_contained_and_accessible(packs_dir):
    pages = list(packs_dir.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), page.name
        assert "<script" not in text.lower(), page.name
        assert '<html lang="en-GB">' in text, page.name
        assert text.count("<table") == text.count("<caption>"), page.name
        svgs = re.findall(r"<svg.*?</svg>", text, re.S)
        assert all('role="img"' in svg and "<title" in svg and "<desc" in svg for svg in svgs), (
            page.name
        )
