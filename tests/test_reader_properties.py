"""Property-based tests (hypothesis) of reading CSV files: whatever bytes arrive, the reader either reads
them or says why not (FileProblem), a table written in a listed encoding reads back exactly, and ingest of
a malformed extract accounts for every row."""

from __future__ import annotations

import csv
import io

import duckdb
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from ingest_fixtures import header_for

from warehouse.ingest import FileProblem, PostcodeLookup, Pseudonymiser, ingest_agency
from warehouse.ingest.ledger import STATUSES
from warehouse.ingest.readers import read_sheet
from warehouse.registry import load_registry
from warehouse.settings import POSTCODE_SEED

REGISTRY = load_registry()
POLICE = REGISTRY["police"]
# Cells as agencies type them: any text, with the characters that trouble a CSV reader made likely.
CELL = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12),
    # (no NUL: never CSV text; no lone surrogates: no file can hold them)
    st.sampled_from(["", ",", '"', "\n", "\r\n", ";", "=1+1", "Ödegård", "Zoë", "\t", " "]),
)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_with_a_reason(content):
    try:
        sheet = read_sheet(content, POLICE.file)
    except FileProblem as problem:
        assert str(problem)
    else:
        assert all(isinstance(cell, str) for row in sheet.rows for cell in row)


def is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=8),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_a_table_in_a_listed_encoding_reads_back_exactly(rows, encoding):
    rows = [[cell.replace("\r", "") for cell in row] for row in rows]  # csv keeps \r only quoted
    text = [[cell.encode(encoding, "replace").decode(encoding) for cell in row] for row in rows]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows([["a", "b", "c"], *text])
    content = buffer.getvalue().encode(encoding)
    # Windows-1252 bytes that are also valid UTF-8 ('Â\xa0' is the UTF-8 of '\xa0') cannot be told
    # apart from UTF-8, and the reader reads UTF-8 wherever a line fits (a UTF-8 file with a few
    # Windows-1252 lines is read line by line): no reader can get such a line back.
    if encoding == "cp1252" and any(
        not line.isascii() and is_utf8(line) for line in content.splitlines()
    ):
        reject()
    assert read_sheet(content, POLICE.file).rows == [["a", "b", "c"], *text]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.lists(CELL, min_size=0, max_size=20), min_size=0, max_size=6),
    st.booleans(),
)
def test_ingest_of_a_malformed_extract_accounts_for_every_row(tmp_path_factory, rows, truncate):
    folder = tmp_path_factory.mktemp("prop")
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows([header_for(POLICE), *rows])
    content = buffer.getvalue().encode("utf-8")
    if truncate:
        content = content[: len(content) * 2 // 3]
    inbox = folder / "inbox" / "police"
    inbox.mkdir(parents=True)
    (inbox / "WMP_DA_Coventry_202104.csv").write_bytes(content)
    connection = duckdb.connect()
    report = ingest_agency(
        POLICE,
        inbox_dir=inbox,
        quarantine_dir=folder / "quarantine",
        connection=connection,
        pseudonymiser=Pseudonymiser(b"property-key"),
        postcodes=PostcodeLookup.from_seed(POSTCODE_SEED),
        registry=REGISTRY,
    )
    (outcome,) = report.outcomes
    assert outcome.status in STATUSES and outcome.message
    assert outcome.rows_in == outcome.rows_loaded + outcome.rows_rejected
    (raw,) = connection.execute("select count(*) from raw.police").fetchone()
    (rejected,) = connection.execute("select count(*) from ledger.rejected_rows").fetchone()
    assert (raw, rejected) == (outcome.rows_loaded, outcome.rows_rejected)
