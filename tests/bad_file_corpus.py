"""A corpus of bad files, each named to match its agency's pattern so its contents are exercised, with the
ledger status and the words of the message a data lead should see.

Each case is loaded by the real ingest (with the agency's real structural checks) into a tiny inbox of
its own: any earlier files first (a resubmission needs something to replace), then the case's file.
`python tests/bad_file_corpus.py` prints the table of cases and what ingest did with each.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from ingest_fixtures import (
    FILE_NAMES,
    canonical_rows,
    csv_bytes,
    header_for,
    to_source_rows,
    valid_nhs_number,
    xlsx_bytes,
)

from warehouse.checks.structure import StructuralCheck
from warehouse.checks.suites import load_suite
from warehouse.ingest import PostcodeLookup, Pseudonymiser, ingest_agency
from warehouse.registry import Agency, load_registry
from warehouse.settings import POSTCODE_SEED

REGISTRY = load_registry()
REFUSED = "refused"  # not a ledger status: the file was not read, and is reported on every run

Content = Callable[[Agency], bytes]


@dataclass(frozen=True)
class Case:
    name: str
    agency: str
    file_name: str
    content: Content | None  # None: `place` puts something other than a file in the inbox
    status: str  # the ledger status expected, or REFUSED
    expect: str  # words expected in the message (or warnings, or a rejection reason)
    earlier: tuple[tuple[str, Content], ...] = ()  # files loaded first, in order
    place: Callable[[Path, Path], None] | None = None  # (inbox folder, scratch folder)

    @property
    def format(self) -> str:
        return REGISTRY[self.agency].file.format


@dataclass
class Outcome:
    status: str
    text: str  # message, warnings and rejection reasons together
    ledger: dict = field(default_factory=dict)


# -- building files -------------------------------------------------------------------------


def rows_for(agency: str, count: int, tag: str = "") -> list[dict]:
    """`count` good rows for the agency's April 2021 (Q1 2021-22) file, each with its own record id."""
    template = canonical_rows(agency)
    record_id = REGISTRY[agency].record_id
    rows = []
    for number in range(count):
        row = dict(template[number % len(template)])
        row[record_id] = f"{row[record_id]}{tag}-{number:04d}"
        rows.append(row)
    return rows


def extract(agency: Agency, rows: list[dict], **changes) -> bytes:
    """Rows as the agency sends them (its headers, format, sheet and title rows)."""
    header = changes.pop("header", None) or header_for(agency, changes.pop("version", None))
    source = [
        [row.get(agency.schema_versions[_version_of(agency, header)].get(h)) for h in header]
        for row in rows
    ]
    if agency.file.format == "xlsx":
        titles = [[f"{agency.name} return"], []][: agency.file.header_row - 1]
        titles += [[]] * (agency.file.header_row - 1 - len(titles))
        return xlsx_bytes(
            header,
            source,
            sheet=changes.pop("sheet", agency.file.sheet),
            title_rows=changes.pop("title_rows", titles),
        )
    return csv_bytes(header, source, **changes)


def _version_of(agency: Agency, header: list[str]) -> str:
    return max(
        agency.schema_versions, key=lambda v: len(set(header) & set(agency.schema_versions[v]))
    )


def good(count: int = 2, tag: str = "") -> Content:
    return lambda agency: extract(agency, rows_for(agency.agency, count, tag))


def with_values(**values) -> Content:
    """Good rows with some fields replaced: {field: [value for row 1, value for row 2]}."""

    def build(agency: Agency) -> bytes:
        rows = rows_for(agency.agency, 2)
        for name, per_row in values.items():
            for row, value in zip(rows, per_row, strict=True):
                row[name] = value
        return extract(agency, rows)

    return build


def header_only(agency: Agency) -> bytes:
    return extract(agency, [])


def duplicate_ids(agency: Agency) -> bytes:
    rows = rows_for(agency.agency, 20)
    for row in rows:
        row[agency.record_id] = rows[0][agency.record_id]
    return extract(agency, rows)


def encoded(codec: str, bom: bytes = b"") -> Content:
    def build(agency: Agency) -> bytes:
        rows = rows_for(agency.agency, 2)
        rows[0]["victim_surname"] = "Ödegård"
        text = extract(agency, rows).decode("utf-8")
        return bom + text.encode(codec)

    return build


def one_cp1252_line(agency: Agency) -> bytes:
    """UTF-8 with accented names, and one line pasted from a Windows-1252 system."""
    rows = rows_for(agency.agency, 3)
    rows[0]["victim_surname"] = "Ödegård"
    lines = extract(agency, rows).decode("utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(rows[1]["victim_surname"], "Zoë")
    return "".join(lines[:2]).encode() + lines[2].encode("cp1252") + "".join(lines[3:]).encode()


def delimited(delimiter: str) -> Content:
    return lambda agency: extract(agency, rows_for(agency.agency, 2), delimiter=delimiter)


def renamed_headers(agency: Agency) -> bytes:
    header = [f"Column {number}" for number, _ in enumerate(header_for(agency), start=1)]
    return csv_bytes(header, to_source_rows(agency, rows_for(agency.agency, 2)))


def extra_column(agency: Agency) -> bytes:
    header = [*header_for(agency), "Officer Notes"]
    source = [[*row, "free text"] for row in to_source_rows(agency, rows_for(agency.agency, 2))]
    return csv_bytes(header, source)


def without_column(name: str) -> Content:
    def build(agency: Agency) -> bytes:
        header = [h for h in header_for(agency) if h != name]
        return extract(agency, rows_for(agency.agency, 2), header=header)

    return build


def repeated_header(agency: Agency) -> bytes:
    header = header_for(agency)
    source = to_source_rows(agency, rows_for(agency.agency, 2))
    return csv_bytes([*header, header[1]], [[*row, row[1]] for row in source])


def truncated(agency: Agency) -> bytes:
    return extract(agency, rows_for(agency.agency, 3))[:-40]


def quoted_newlines(agency: Agency) -> bytes:
    rows = rows_for(agency.agency, 2)
    rows[0]["offence_desc"] = "COMMON ASSAULT\nSECOND LINE, WITH A COMMA"
    return extract(agency, rows)


def zipped(agency: Agency) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(FILE_NAMES[agency.agency], extract(agency, rows_for(agency.agency, 2)))
    return buffer.getvalue()


def corrupt_workbook(agency: Agency) -> bytes:
    content = extract(agency, rows_for(agency.agency, 2))
    return content[:4] + b"\x00" * 200 + content[204:]


def cut_workbook(agency: Agency) -> bytes:
    return extract(agency, rows_for(agency.agency, 2))[:600]


def title_rows(count: int) -> Content:
    return lambda agency: extract(
        agency, rows_for(agency.agency, 2), title_rows=[["Return"], *[[] for _ in range(count - 1)]]
    )


def empty_workbook(agency: Agency) -> bytes:
    return xlsx_bytes([], [], sheet=agency.file.sheet)


def sheet_named(name: str) -> Content:
    return lambda agency: extract(agency, rows_for(agency.agency, 2), sheet=name)


def v2_police(count: int) -> Content:
    return lambda agency: extract(agency, rows_for("police", count, "v2"), version="v2")


def raw_bytes(data: bytes) -> Content:
    return lambda agency: data


def symlink_outside(inbox: Path, scratch: Path) -> None:
    target = scratch / "elsewhere.csv"
    target.write_bytes(extract(REGISTRY["police"], rows_for("police", 40)))
    (inbox / "WMP_DA_Coventry_202107.csv").symlink_to(target)


def named_pipe(inbox: Path, scratch: Path) -> None:
    os.mkfifo(inbox / "WMP_DA_Coventry_202108.csv")


INJECTIONS = ['=HYPERLINK("http://example.org","click")', "+1+1", "@SUM(A1)", "-2+3"]
MANY = 40  # rows in a file a smaller resubmission would replace

CASES = [
    # -- whole files that cannot be read ----------------------------------------------------------
    Case(
        "empty file",
        "police",
        "WMP_DA_Coventry_202104.csv",
        raw_bytes(b""),
        "quarantined",
        "empty (0 bytes)",
    ),
    Case(
        "blank lines only",
        "idva",
        "haven_idva_2021-04.csv",
        raw_bytes(b"\r\n \r\n"),
        "quarantined",
        "file is empty",
    ),
    Case(
        "zip archive named .csv",
        "police",
        "WMP_DA_Coventry_202104.csv",
        zipped,
        "quarantined",
        "zip archive",
    ),
    Case(
        "PDF named .csv",
        "housing",
        "HCLIC_DA_2021Q2.csv",
        raw_bytes(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj"),
        "quarantined",
        "a PDF document",
    ),
    Case(
        "old .xls named .csv",
        "health",
        "IRIS_Coventry_2021-22_Q1.csv",
        raw_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
        "quarantined",
        "old Excel .xls",
    ),
    Case(
        "NUL bytes (binary)",
        "childrens",
        "CSC_DA_Episodes_202104.csv",
        raw_bytes(b"EpisodeID,ChildID\x00\x00\x01\x02\xff\n"),
        "quarantined",
        "NUL bytes",
    ),
    Case(
        "CSV named .xlsx",
        "refuge",
        "Valley House Monthly Return Apr 2021.xlsx",
        raw_bytes(b"Ref No,Date of Referral\nVH1,2021-04-01\n"),
        "quarantined",
        "CSV or text file renamed",
    ),
    Case(
        "corrupt workbook",
        "marac",
        "Coventry MARAC Q1 2021-22.xlsx",
        corrupt_workbook,
        "quarantined",
        "workbook could not be opened",
    ),
    Case(
        "workbook cut short",
        "perpetrator",
        "C2C_Coventry_2021_Q1.xlsx",
        cut_workbook,
        "quarantined",
        "workbook could not be opened",
    ),
    Case(
        "workbook with no rows",
        "perpetrator",
        "C2C_Coventry_2021_Q1.xlsx",
        empty_workbook,
        "quarantined",
        "no content",
    ),
    Case(
        "workbook missing its sheet",
        "refuge",
        "Valley House Monthly Return Apr 2021.xlsx",
        sheet_named("Data"),
        "quarantined",
        "no sheet named 'Referrals'",
    ),
    # -- names and places -----------------------------------------------------------------------
    Case(
        "another agency's file",
        "idva",
        FILE_NAMES["police"],
        good(),
        "quarantined",
        "looks like police's file",
    ),
    Case(
        "name matching no pattern",
        "police",
        "police_april.csv",
        good(),
        "quarantined",
        "WMP_DA_Coventry_YYYYMM.csv (for example WMP_DA_Coventry_202404.csv)",
    ),
    Case(
        "symlink to a file outside the inbox",
        "police",
        "WMP_DA_Coventry_202107.csv",
        None,
        REFUSED,
        "symbolic link",
        place=symlink_outside,
    ),
    Case(
        "named pipe, not a file",
        "police",
        "WMP_DA_Coventry_202108.csv",
        None,
        REFUSED,
        "not a regular file",
        place=named_pipe,
    ),
    # -- headers ------------------------------------------------------------------------------------
    Case(
        "every column renamed",
        "idva",
        "haven_idva_2021-04.csv",
        renamed_headers,
        "quarantined",
        "were the columns renamed",
    ),
    Case(
        "required column missing",
        "idva",
        "haven_idva_2021-04.csv",
        without_column("client_id"),
        "quarantined",
        "missing required column(s) 'client_id'",
    ),
    Case(
        "optional column missing",
        "police",
        "WMP_DA_Coventry_202104.csv",
        without_column("INJURY"),
        "loaded",
        "INJURY",
    ),
    Case(
        "extra column",
        "police",
        "WMP_DA_Coventry_202104.csv",
        extra_column,
        "loaded",
        "Officer Notes",
    ),
    Case(
        "header repeated",
        "police",
        "WMP_DA_Coventry_202104.csv",
        repeated_header,
        "loaded",
        "header repeats 'RECORDED_DATE'",
    ),
    Case(
        "semicolon-separated",
        "housing",
        "HCLIC_DA_2021Q2.csv",
        delimited(";"),
        "loaded",
        "separated by semicolons",
    ),
    Case(
        "tab-separated",
        "childrens",
        "CSC_DA_Episodes_202104.csv",
        delimited("\t"),
        "loaded",
        "separated by tabs",
    ),
    Case(
        "header below extra title rows",
        "marac",
        "Coventry MARAC Q1 2021-22.xlsx",
        title_rows(5),
        "loaded",
        "header found on row 6",
    ),
    Case(
        "sheet name typed differently",
        "refuge",
        "Valley House Monthly Return Apr 2021.xlsx",
        sheet_named("referrals "),
        "loaded",
        "read as 'Referrals'",
    ),
    # -- encodings ----------------------------------------------------------------------------------
    Case(
        "UTF-16 with byte-order mark",
        "police",
        "WMP_DA_Coventry_202104.csv",
        encoded("utf-16"),
        "loaded",
        "UTF-16",
    ),
    Case(
        "UTF-16 without byte-order mark",
        "police",
        "WMP_DA_Coventry_202104.csv",
        encoded("utf-16-le"),
        "loaded",
        "UTF-16",
    ),
    Case(
        "Windows-1252 throughout",
        "police",
        "WMP_DA_Coventry_202104.csv",
        encoded("cp1252"),
        "loaded",
        "loaded 2 rows",
    ),
    Case(
        "UTF-8 with one Windows-1252 line",
        "police",
        "WMP_DA_Coventry_202104.csv",
        one_cp1252_line,
        "loaded",
        "line 3 is not valid UTF-8: read as Windows-1252",
    ),
    # -- rows ---------------------------------------------------------------------------------------
    Case(
        "last line cut off",
        "police",
        "WMP_DA_Coventry_202104.csv",
        truncated,
        "loaded_with_rejections",
        "malformed_row",
    ),
    Case(
        "blank record ids",
        "housing",
        "HCLIC_DA_2021Q2.csv",
        with_values(case_ref=["", ""]),
        "loaded_with_rejections",
        "missing_required_field",
    ),
    Case(
        "line breaks inside quoted values",
        "police",
        "WMP_DA_Coventry_202104.csv",
        quoted_newlines,
        "loaded",
        "loaded 2 rows",
    ),
    Case(
        "formula injection in text",
        "police",
        "WMP_DA_Coventry_202104.csv",
        with_values(offence_desc=INJECTIONS[:2], injury=INJECTIONS[2:]),
        "loaded",
        "loaded 2 rows",
    ),
    Case(
        "formula injection in a workbook",
        "perpetrator",
        "C2C_Coventry_2021_Q1.xlsx",
        with_values(referral_source=INJECTIONS[:2], exit_reason=INJECTIONS[2:]),
        "loaded",
        "loaded 2 rows",
    ),
    Case(
        "mangled NHS numbers",
        "health",
        "IRIS_Coventry_2021-22_Q1.csv",
        with_values(patient_nhs_number=["943 476 5919x", valid_nhs_number("401023213")[:-1] + "0"]),
        "loaded",
        "loaded 2 rows",
    ),
    # -- dates --------------------------------------------------------------------------------------
    Case(
        "US dates, every day 12 or less",
        "childrens",
        "CSC_DA_Episodes_202104.csv",
        with_values(episode_start=["04/01/2021", "04/02/2021"]),
        "loaded",
        "episode_start read as %m/%d/%Y",
    ),
    Case(
        "day/month order undecidable",
        "childrens",
        "CSC_DA_Episodes_202113.csv",
        with_values(episode_start=["04/01/2021", "04/02/2021"]),
        "loaded",
        "day and month order is ambiguous",
    ),
    Case(
        "event dated years before its period",
        "police",
        "WMP_DA_Coventry_202104.csv",
        with_values(recorded_at=["01/04/2021 10:00", "01/04/2017 10:00"]),
        "loaded_with_rejections",
        "outside the file's period 2021-04",
    ),
    Case(
        "event dated in the future",
        "police",
        "WMP_DA_Coventry_202104.csv",
        with_values(recorded_at=["01/04/2021 10:00", "01/04/2033 10:00"]),
        "loaded_with_rejections",
        "after the file was received",
    ),
    Case(
        "event before the data window",
        "idva",
        "haven_idva_2015-06.csv",
        with_values(referral_date=["2015-06-02", "2014-11-30"]),
        "loaded_with_rejections",
        "before the partnership's data window",
    ),
    Case(
        "unreadable required dates",
        "idva",
        "haven_idva_2021-04.csv",
        with_values(referral_date=["soon", "2021-13-45"]),
        "loaded_with_rejections",
        "unparseable_required_date",
    ),
    Case(
        "Excel serial dates",
        "perpetrator",
        "C2C_Coventry_2021_Q1.xlsx",
        with_values(referral_date=[44287, 44288]),
        "loaded",
        "loaded 2 rows",
    ),
    # -- structure and resubmissions ----------------------------------------------------------------
    Case(
        "record id repeated in the file",
        "police",
        "WMP_DA_Coventry_202104.csv",
        duplicate_ids,
        "set_aside",
        "one current row per record id",
    ),
    Case(
        "record id repeated in a workbook",
        "refuge",
        "Valley House Monthly Return Apr 2021.xlsx",
        duplicate_ids,
        "set_aside",
        "one current row per record id",
    ),
    Case(
        "header-only resubmission",
        "police",
        "WMP_DA_Coventry_202104 (copy).csv",
        header_only,
        "held_for_review",
        "no rows to load",
        earlier=(("WMP_DA_Coventry_202104.csv", good(MANY)),),
    ),
    Case(
        "much smaller resubmission",
        "police",
        "WMP_DA_Coventry_202104_v2.csv",
        good(5, "b"),
        "held_for_review",
        "5 rows to load, 12% of the 40",
        earlier=(("WMP_DA_Coventry_202104.csv", good(MANY)),),
    ),
    Case(
        "resubmission in another schema",
        "police",
        "WMP_DA_Coventry_202104 resent.csv",
        v2_police(MANY),
        "held_for_review",
        "schema v2",
        earlier=(("WMP_DA_Coventry_202104.csv", good(MANY)),),
    ),
    Case(
        "smaller workbook resubmission",
        "marac",
        "Coventry MARAC Q1 2021-22 (2).xlsx",
        good(2, "b"),
        "held_for_review",
        "make accept FILE=",
        earlier=(("Coventry MARAC Q1 2021-22.xlsx", good(MANY)),),
    ),
    Case(
        "complete resubmission",
        "housing",
        "HCLIC_DA_2021Q2 resubmitted.csv",
        good(MANY, "b"),
        "loaded",
        "supersedes submission",
        earlier=(("HCLIC_DA_2021Q2.csv", good(MANY)),),
    ),
    Case(
        "superseded file sent again",
        "housing",
        "HCLIC_DA_2021Q2 original.csv",
        good(MANY),
        "loaded",
        "restores submission 1",
        earlier=(
            ("HCLIC_DA_2021Q2.csv", good(MANY)),
            ("HCLIC_DA_2021Q2 resubmitted.csv", good(MANY, "b")),
        ),
    ),
    Case(
        "copy of the current file",
        "idva",
        "haven_idva_2021-04 (copy).csv",
        good(),
        "duplicate_file",
        "same content as submission 1",
        earlier=(("haven_idva_2021-04.csv", good()),),
    ),
    Case(
        "copy of a held file",
        "police",
        "WMP_DA_Coventry_202104 (copy 2).csv",
        good(5, "b"),
        "duplicate_file",
        "held for review",
        earlier=(
            ("WMP_DA_Coventry_202104.csv", good(MANY)),
            ("WMP_DA_Coventry_202104_v2.csv", good(5, "b")),
        ),
    ),
]


# -- running a case -------------------------------------------------------------------------

_CHECKS: dict[str, StructuralCheck] = {}


def _check(agency: str) -> StructuralCheck:
    if agency not in _CHECKS:
        _CHECKS[agency] = StructuralCheck(load_suite(agency))
    return _CHECKS[agency]


def run_case(case: Case, folder: Path) -> Outcome:
    """Load the case's earlier files, then its own, into a fresh inbox under `folder`."""
    agency = REGISTRY[case.agency]
    inbox = folder / "inbox" / case.agency
    inbox.mkdir(parents=True)
    connection = duckdb.connect()
    keys = Pseudonymiser(b"corpus-key")
    postcodes = PostcodeLookup.from_seed(POSTCODE_SEED)

    def ingest():
        return ingest_agency(
            agency,
            inbox_dir=inbox,
            quarantine_dir=folder / "quarantine" / case.agency,
            connection=connection,
            pseudonymiser=keys,
            postcodes=postcodes,
            registry=REGISTRY,
            structural_check=_check(case.agency).failures_of_each,
        )

    for name, content in case.earlier:
        (inbox / name).write_bytes(content(agency))
        ingest()
    if case.place is not None:
        case.place(inbox, folder)
    else:
        (inbox / case.file_name).write_bytes(case.content(agency))
    report = ingest()
    refused = dict(report.refused)
    if case.file_name in refused:
        return Outcome(REFUSED, refused[case.file_name])
    cursor = connection.execute(
        "select * from ledger.submissions where file_name = ? order by submission_id desc limit 1",
        [case.file_name],
    )
    names = [column[0] for column in cursor.description]
    entry = dict(zip(names, cursor.fetchone(), strict=True))
    reasons = [
        f"{code}: {reason}"
        for code, reason in connection.execute(
            "select reason_code, reason from ledger.rejected_rows where submission_id = ?",
            [entry["submission_id"]],
        ).fetchall()
    ]
    text = " | ".join(
        part
        for part in (
            entry["message"],
            entry["warnings"],
            entry["columns_unexpected"],
            entry["columns_missing"],
            *reasons,
        )
        if part
    )
    return Outcome(entry["status"], text, entry)


def table(folder: Path) -> str:
    """The corpus as a Markdown table: case, agency, format, status, message."""
    lines = [
        "| # | case | agency | format | ledger status | message |",
        "|---|---|---|---|---|---|",
    ]
    for number, case in enumerate(CASES, start=1):
        outcome = run_case(case, folder / f"case{number}")
        message = outcome.text.replace("|", "/").replace("\n", " ")
        lines.append(
            f"| {number} | {case.name} | {case.agency} | {case.format} | {outcome.status} | {message} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        print(table(Path(scratch)))
    sys.exit(0)
