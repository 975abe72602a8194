"""Ingest: hand-made extracts for every agency and every file fault the inbox can throw at us."""

from __future__ import annotations

import stat
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
from ingest_fixtures import (
    FILE_NAMES,
    PEOPLE,
    PERPETRATOR,
    canonical_rows,
    csv_bytes,
    header_for,
    identifier_strings,
    to_source_rows,
    valid_nhs_number,
    write_extract,
    write_file,
    xlsx_bytes,
)

from warehouse.ingest import PostcodeLookup, Pseudonymiser, ingest_agency
from warehouse.ingest.names import canonical_forename, split_full_name
from warehouse.ingest.nhs import nhs_check_digit_ok, read_nhs_number
from warehouse.registry import PERSON_KEY_KINDS, load_registry
from warehouse.settings import POSTCODE_SEED

FIRST_DATA_ROW = {"marac": 4}  # every other agency has its header on row 1


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def postcodes():
    return PostcodeLookup.from_seed(POSTCODE_SEED)


@pytest.fixture
def keys():
    return Pseudonymiser(b"test-partnership-key")


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


@pytest.fixture
def inbox(tmp_path):
    return tmp_path / "data" / "inbox"


@pytest.fixture
def run(tmp_path, inbox, registry, postcodes, keys, con):
    """Ingest one agency's inbox folder (optionally with a modified Agency)."""

    def _run(name: str, agency=None, pseudonymiser=None):
        agency = agency or registry[name]
        return ingest_agency(
            agency,
            inbox_dir=inbox / name,
            quarantine_dir=tmp_path / "data" / "quarantine",
            connection=con,
            pseudonymiser=pseudonymiser or keys,
            postcodes=postcodes,
            registry=registry,
        )

    return _run


def _records(con, sql: str, params=()) -> list[dict]:
    cursor = con.execute(sql, list(params))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def ledger(con, agency=None) -> list[dict]:
    if agency:
        return _records(
            con, "SELECT * FROM ledger.submissions WHERE agency = ? ORDER BY 1", [agency]
        )
    return _records(con, "SELECT * FROM ledger.submissions ORDER BY submission_id")


def rejects(con) -> list[dict]:
    return _records(
        con, "SELECT * FROM ledger.rejected_rows ORDER BY submission_id, source_row_number"
    )


def raw(con, agency) -> list[dict]:
    return _records(con, f"SELECT * FROM raw.{agency} ORDER BY _submission_id, _source_row_number")


def assert_invariant(con):
    for row in ledger(con):
        assert row["rows_in"] == row["rows_loaded"] + row["rows_rejected"], row
    # and the rejects table has exactly one row per rejected row
    counts = dict(
        con.execute(
            "SELECT submission_id, count(*) FROM ledger.rejected_rows GROUP BY 1"
        ).fetchall()
    )
    for row in ledger(con):
        assert counts.get(row["submission_id"], 0) == row["rows_rejected"], row


# -- every agency ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FILE_NAMES))
def test_each_agency_loads_a_good_file(name, registry, inbox, run, con):
    agency = registry[name]
    write_extract(agency, inbox / name)
    report = run(name)

    assert [o.status for o in report.outcomes] == ["loaded"], report.markdown()
    (entry,) = ledger(con)
    assert (entry["rows_in"], entry["rows_loaded"], entry["rows_rejected"]) == (2, 2, 0)
    assert entry["schema_version"] == "v1" and entry["period_label"]
    rows = raw(con, name)
    first = FIRST_DATA_ROW.get(name, 2)
    assert [r["_source_row_number"] for r in rows] == [first, first + 1]
    assert set(rows[0]) == set(agency.raw_columns)
    assert rows[0][agency.record_id] and rows[0][agency.event_date].startswith("2021-04-")
    for person in agency.people:
        assert rows[0][f"{person}_dob_status"] == "recorded"
        assert int(rows[0][f"{person}_age_at_event"]) > 0
    assert_invariant(con)


def test_police_person_columns(registry, inbox, run, con):
    write_extract(registry["police"], inbox / "police")
    run("police")
    first, second = raw(con, "police")
    assert first["recorded_at"] == "2021-04-01 14:31:00"
    assert (
        first["victim_key_ref"]
        and first["victim_key_name_dob"]
        and first["perpetrator_key_name_dob"]
    )
    assert first["victim_age_at_event"] == "37"  # born 7 Mar 1984, incident 1 Apr 2021
    assert first["victim_nhs_status"] == "not_collected" and first["victim_key_nhs"] is None
    # v1 has ward names, not postcodes
    assert (
        first["victim_postcode_status"] == "not_collected"
        and first["location_postcode_status"] == "not_collected"
    )
    # the second victim has no suspect: the perpetrator's fields are blank
    assert second["perpetrator_dob_status"] == "missing"
    assert all(second[f"perpetrator_key_{kind}"] is None for kind in PERSON_KEY_KINDS)


def test_police_v2_schema_and_postcode_geography(registry, inbox, run, con):
    agency = registry["police"]
    rows = canonical_rows("police")
    rows[0] |= {"recorded_at": "2023-01-05 10:00:00", "location_postcode": "cv11ah"}
    rows[1] |= {"recorded_at": "2023-01-06 11:00:00", "location_postcode": "NOT A POSTCODE"}
    write_extract(
        agency, inbox / "police", rows, version="v2", file_name="WMP_DA_Coventry_202301.csv"
    )
    run("police")
    (entry,) = ledger(con)
    assert entry["schema_version"] == "v2"
    # ISO is one of the police's expected formats (system v2), so nothing is flagged
    assert entry["warnings"] is None
    first, second = raw(con, "police")
    assert first["_schema_version"] == "v2" and first["recorded_at"] == "2023-01-05 10:00:00"
    assert (first["location_postcode_status"], first["location_postcode_district"]) == (
        "coventry",
        "CV1",
    )
    assert first["location_ward_code"] == "E05001228" and first["location_lsoa_code"] == "E01034743"
    assert (
        second["location_postcode_status"] == "invalid"
        and second["location_postcode_district"] is None
    )


def test_postcode_statuses(postcodes):
    assert postcodes.geography(" cv1 1ah").status == "coventry"
    out = postcodes.geography("B15 2TT")
    assert (out.status, out.district, out.ward_code) == ("out_of_area", "B15", None)
    assert postcodes.geography("CV1").status == "invalid"
    assert postcodes.geography("  ").status == "missing"
    assert len(postcodes) > 6000


# -- encodings, layouts and dates ------------------------------------------------------------


def test_cp1252_file_is_read(registry, inbox, run, con):
    agency = registry["police"]
    rows = canonical_rows("police")
    rows[0]["ward_name"] = "ST MICHAEL\u2019S"  # a curly apostrophe: byte 0x92 in Windows-1252
    write_extract(agency, inbox / "police", rows, encoding="cp1252")
    run("police")
    (entry,) = ledger(con)
    assert entry["encoding"] == "cp1252" and entry["status"] == "loaded"
    assert raw(con, "police")[0]["ward_name"] == "ST MICHAEL\u2019S"


def test_byte_order_mark_does_not_spoil_the_first_header(registry, inbox, run, con):
    write_extract(registry["idva"], inbox / "idva", encoding="utf-8-sig")
    run("idva")
    (entry,) = ledger(con)
    assert entry["encoding"] == "utf-8-sig" and entry["columns_missing"] is None
    assert [r["client_id"] for r in raw(con, "idva")] == ["HAV-00001", "HAV-00002"]


def test_marac_title_rows_blank_rows_and_row_numbers(registry, inbox, run, con):
    agency = registry["marac"]
    source = to_source_rows(agency, canonical_rows("marac"))
    content = xlsx_bytes(
        header_for(agency),
        [source[0], [None] * len(source[0]), source[1]],  # a blank row between the two cases
        sheet="Cases",
        title_rows=[["Coventry MARAC"], ["Cases discussed Q1"]],
    )
    write_file(inbox / "marac" / FILE_NAMES["marac"], content)
    run("marac")
    (entry,) = ledger(con)
    assert entry["rows_in"] == 2  # the blank row is not a row
    rows = raw(con, "marac")
    assert [r["_source_row_number"] for r in rows] == [4, 6]
    assert rows[0]["children_count"] == "2"  # 2.0 from Excel
    assert (
        rows[0]["victim_postcode_status"] == "coventry"
        and rows[1]["victim_postcode_status"] == "out_of_area"
    )
    assert rows[0]["victim_key_name_dob"] and rows[0]["victim_key_initials_dob"]


def test_xlsx_serial_and_text_dates(registry, inbox, run, con):
    agency = registry["marac"]
    rows = canonical_rows("marac")
    rows[0] |= {"meeting_date": "14.04.2021", "referral_date": 44291}  # text, and an Excel serial
    rows[1] |= {"meeting_date": "15.04.2021", "referral_date": "not known"}
    write_extract(agency, inbox / "marac", rows)
    run("marac")
    (entry,) = ledger(con)
    assert entry["status"] == "loaded"
    assert "meeting_date read as %d.%m.%Y" in entry["warnings"]
    first, second = raw(con, "marac")
    assert first["meeting_date"] == "2021-04-14" and second["meeting_date"] == "2021-04-15"
    assert first["referral_date"] == "2021-04-05"  # serial 44291
    assert second["referral_date"] == "not known"  # a non-required date is kept as received


def test_us_format_month_is_read_consistently(registry, inbox, run, con):
    # A registry that accepts the US format as a fallback: a whole file of mm/dd dates must be read
    # as mm/dd, including 04/05/2021, which would also parse (wrongly) as 4 May, and be flagged.
    agency = registry["idva"].model_copy(
        update={"date_formats": ("%d/%m/%Y",), "fallback_date_formats": ("%m/%d/%Y",)}
    )
    rows = canonical_rows("idva")
    rows[0]["referral_date"] = "04/13/2021"
    rows[1]["referral_date"] = "04/05/2021"
    for row in rows:
        row["victim_dob"] = ""
    write_extract(agency, inbox / "idva", rows)
    run("idva", agency=agency)
    (entry,) = ledger(con)
    assert "referral_date read as %m/%d/%Y, not an expected format" in entry["warnings"]
    assert [r["referral_date"] for r in raw(con, "idva")] == ["2021-04-13", "2021-04-05"]


def test_mixed_date_formats_fall_back_per_value(registry, inbox, run, con):
    rows = canonical_rows("idva")
    rows[0]["closed_date"] = "2021-05-01"
    rows[1]["closed_date"] = "02/05/2021"
    write_extract(registry["idva"], inbox / "idva", rows)
    run("idva")
    (entry,) = ledger(con)
    assert "closed_date: mixed date formats" in entry["warnings"]
    assert [r["closed_date"] for r in raw(con, "idva")] == ["2021-05-01", "2021-05-02"]


def test_housing_two_digit_birth_years_are_in_the_past(registry, inbox, run, con):
    write_extract(registry["housing"], inbox / "housing")
    run("housing")
    ages = [r["victim_age_at_event"] for r in raw(con, "housing")]
    assert ages == ["37", "41"]  # 07-Mar-84 is 1984, not 2084


def test_header_case_drift_and_unexpected_columns(registry, inbox, run, con):
    agency = registry["idva"]
    header = header_for(agency)
    header[header.index("risk_level")] = " Risk_Level "
    source = [[*row, "secret free text"] for row in to_source_rows(agency, canonical_rows("idva"))]
    content = csv_bytes([*header, "notes"], source)
    write_file(inbox / "idva" / FILE_NAMES["idva"], content)
    run("idva")
    (entry,) = ledger(con)
    assert entry["status"] == "loaded"
    assert "'Risk_Level' read as 'risk_level'" in entry["warnings"]
    assert entry["columns_unexpected"] == "notes"
    assert raw(con, "idva")[0]["risk_level"] == "High"
    assert "notes" not in raw(con, "idva")[0]


# -- quarantine ------------------------------------------------------------------------------


def test_misplaced_file_is_quarantined_naming_the_right_agency(registry, inbox, run, con, tmp_path):
    write_extract(registry["police"], inbox / "idva", file_name=FILE_NAMES["police"])
    report = run("idva")
    (outcome,) = report.outcomes
    assert outcome.status == "quarantined"
    assert "looks like police's file (West Midlands Police)" in outcome.message
    assert "inbox/police/" in outcome.message
    quarantined = tmp_path / "data" / "quarantine" / FILE_NAMES["police"]
    assert quarantined.exists() and not (inbox / "idva" / FILE_NAMES["police"]).exists()
    note = quarantined.with_name(quarantined.name + ".reason.txt").read_text()
    assert "looks like police's file" in note
    (entry,) = ledger(con)
    assert (entry["status"], entry["rows_in"], entry["rows_loaded"], entry["rows_rejected"]) == (
        "quarantined",
        0,
        0,
        0,
    )


def test_empty_file_is_quarantined(inbox, run, con):
    write_file(inbox / "idva" / "haven_idva_2021-05.csv", b"")
    run("idva")
    (entry,) = ledger(con)
    assert entry["status"] == "quarantined" and "empty (0 bytes)" in entry["message"]
    assert entry["period_label"] == "2021-05"


def test_truncated_last_line_is_a_malformed_row(registry, inbox, run, con):
    agency = registry["idva"]
    content = csv_bytes(header_for(agency), to_source_rows(agency, canonical_rows("idva")))
    write_file(inbox / "idva" / FILE_NAMES["idva"], content[:-60])  # cut the last line short
    run("idva")
    (entry,) = ledger(con)
    assert (entry["status"], entry["rows_in"], entry["rows_loaded"], entry["rows_rejected"]) == (
        "loaded_with_rejections",
        2,
        1,
        1,
    )
    (reject,) = rejects(con)
    assert (reject["reason_code"], reject["source_row_number"]) == ("malformed_row", 3)
    assert reject["value"] is None


def test_header_found_below_or_above_the_configured_row(registry, inbox, run, con):
    agency = registry["marac"]
    content = xlsx_bytes(
        header_for(agency), to_source_rows(agency, canonical_rows("marac")), sheet="Cases"
    )
    write_file(inbox / "marac" / FILE_NAMES["marac"], content)  # no title rows this time
    run("marac")
    (entry,) = ledger(con)
    assert entry["status"] == "loaded"
    assert "header found on row 1, not row 3 as configured" in entry["warnings"]
    assert [r["_source_row_number"] for r in raw(con, "marac")] == [2, 3]


def test_unreadable_workbook_and_missing_sheet(registry, inbox, run, con):
    write_file(
        inbox / "marac" / "Coventry MARAC Q2 2021-22.xlsx",
        b"this is not a workbook",
        mtime=1_630_000_000,
    )
    agency = registry["marac"]
    content = xlsx_bytes(
        header_for(agency), to_source_rows(agency, canonical_rows("marac")), sheet="Sheet1"
    )
    write_file(inbox / "marac" / "Coventry MARAC Q3 2021-22.xlsx", content, mtime=1_630_000_100)
    run("marac")
    first, second = ledger(con)
    assert first["status"] == "quarantined" and "not an Excel .xlsx workbook" in first["message"]
    assert second["status"] == "quarantined"
    assert "no sheet named 'Cases'; sheets found: 'Sheet1'" in second["message"]


def test_missing_required_column_is_quarantined(registry, inbox, run, con):
    agency = registry["idva"]
    rows = [
        {k: v for k, v in row.items() if k != "referral_date"} for row in canonical_rows("idva")
    ]
    header = [h for h in header_for(agency) if h != "referral_date"]
    source = [[row.get(agency.schema_versions["v1"][h]) for h in header] for row in rows]
    write_file(inbox / "idva" / FILE_NAMES["idva"], csv_bytes(header, source))
    run("idva")
    (entry,) = ledger(con)
    assert entry["status"] == "quarantined"
    assert "missing required column(s) 'referral_date' (referral_date)" in entry["message"]
    assert raw(con, "idva") == []


def test_one_bad_file_does_not_stop_the_others(registry, inbox, run, con):
    write_file(inbox / "idva" / "haven_idva_2021-03.csv", b"", mtime=1_630_000_000)
    write_extract(registry["idva"], inbox / "idva", mtime=1_630_000_100)
    report = run("idva")
    assert [o.status for o in report.outcomes] == ["quarantined", "loaded"]
    assert len(raw(con, "idva")) == 2


# -- rows ------------------------------------------------------------------------------------


def test_row_rejections_and_invariant(registry, inbox, run, con):
    rows = canonical_rows("idva")
    rows.append(dict(rows[0]))  # row 4: exact duplicate of row 2
    rows.append(rows[1] | {"client_id": ""})  # row 5: required field blank
    rows.append(
        rows[1] | {"client_id": "HAV-9", "referral_date": "31/02/2021"}
    )  # row 6: impossible date
    write_extract(registry["idva"], inbox / "idva", rows)
    report = run("idva")
    (outcome,) = report.outcomes
    assert (outcome.rows_in, outcome.rows_loaded, outcome.rows_rejected) == (5, 2, 3)
    found = {
        (r["source_row_number"], r["reason_code"], r["field"], r["value"]) for r in rejects(con)
    }
    assert found == {
        (4, "duplicate_row", None, None),
        (5, "missing_required_field", "client_id", None),
        (6, "unparseable_required_date", "referral_date", "31/02/2021"),
    }
    reasons = {r["reason_code"]: r["reason"] for r in rejects(con)}
    assert reasons["duplicate_row"] == "exact duplicate of row 2"
    assert "client_id ('client_id') is blank" in reasons["missing_required_field"]
    assert_invariant(con)


def test_duplicate_file_under_another_name(registry, inbox, run, con):
    agency = registry["idva"]
    write_extract(agency, inbox / "idva", mtime=1_630_000_000)
    copy = (inbox / "idva" / FILE_NAMES["idva"]).read_bytes()
    write_file(inbox / "idva" / "haven_idva_2021-04 (copy).csv", copy, mtime=1_630_000_100)
    report = run("idva")
    assert [o.status for o in report.outcomes] == ["loaded", "duplicate_file"]
    _, duplicate = ledger(con)
    assert (duplicate["rows_in"], duplicate["rows_loaded"], duplicate["rows_rejected"]) == (2, 0, 2)
    assert {r["reason_code"] for r in rejects(con)} == {"duplicate_file"}
    assert "submission 1 (haven_idva_2021-04.csv)" in rejects(con)[0]["reason"]
    assert len(raw(con, "idva")) == 2
    assert_invariant(con)


def test_resubmission_supersedes_the_earlier_file(registry, inbox, run, con):
    agency = registry["housing"]
    write_extract(agency, inbox / "housing", mtime=1_630_000_000)
    rows = canonical_rows("housing")
    rows[1]["duty_owed"] = "Main"
    write_extract(
        agency,
        inbox / "housing",
        rows,
        file_name="HCLIC_DA_2021Q2 resubmitted.csv",
        mtime=1_630_000_100,
    )
    report = run("housing")
    first, second = ledger(con, "housing")
    assert first["status"] == "superseded" and first["superseded_by"] == second["submission_id"]
    assert second["status"] == "loaded" and "supersedes submission 1" in second["message"]
    assert report.superseded == [first["submission_id"]]
    assert len(raw(con, "housing")) == 4  # raw keeps both; staging filters to current submissions


def test_combined_file_supersedes_both_months(registry, inbox, run, con):
    agency = registry["police"]
    names = [
        "WMP_DA_Coventry_202212.csv",
        "WMP_DA_Coventry_202301.csv",
        "WMP_DA_Coventry_202212_202301.csv",
    ]
    for number, name in enumerate(names):
        rows = [
            row | {"incident_ref": f"{row['incident_ref']}-{number}"}
            for row in canonical_rows("police")
        ]
        write_extract(agency, inbox / "police", rows, file_name=name, mtime=1_630_000_000 + number)
    run("police")
    statuses = [(e["file_name"], e["status"], e["superseded_by"]) for e in ledger(con)]
    assert statuses[0][1:] == ("superseded", 3) and statuses[1][1:] == ("superseded", 3)
    assert ledger(con)[2]["period_label"] == "2022-12 to 2023-01"


def test_rerun_is_idempotent(registry, inbox, run, con):
    for name in ("idva", "marac"):
        write_extract(registry[name], inbox / name)
    write_file(inbox / "idva" / "haven_idva_2021-05.csv", b"")  # quarantined, so moved away
    for name in ("idva", "marac"):
        run(name)
    before = (ledger(con), rejects(con), raw(con, "idva"), raw(con, "marac"))
    reports = [run(name) for name in ("idva", "marac")]
    assert all(report.outcomes == [] for report in reports)
    assert reports[0].skipped == [FILE_NAMES["idva"]]
    assert (ledger(con), rejects(con), raw(con, "idva"), raw(con, "marac")) == before


def test_raw_table_exists_for_an_empty_or_missing_inbox_and_gains_new_columns(registry, run, con):
    report = run("refuge")
    assert report.outcomes == [] and raw(con, "refuge") == []
    columns = [r[0] for r in con.execute("DESCRIBE raw.refuge").fetchall()]
    assert columns == registry["refuge"].raw_columns
    types = dict(
        con.execute("SELECT column_name, column_type FROM (DESCRIBE raw.refuge)").fetchall()
    )
    assert (types["_submission_id"], types["_source_row_number"], types["_loaded_at"]) == (
        "BIGINT",
        "INTEGER",
        "TIMESTAMP",
    )
    con.execute('ALTER TABLE raw.refuge DROP COLUMN "previous_ward"')
    run("refuge")
    assert "previous_ward" in [r[0] for r in con.execute("DESCRIBE raw.refuge").fetchall()]


# -- privacy and keys ------------------------------------------------------------------------


def identifier_leaks(con, quarantine_dir: Path) -> list[str]:
    """Where any fixture identifier appears: every VARCHAR column of every table, and reason files."""
    needles = [value.lower() for value in identifier_strings()]
    found = []
    columns = con.execute(
        "SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR'"
    ).fetchall()
    for schema, table, column in columns:
        sql = f'SELECT DISTINCT lower("{column}") FROM "{schema}"."{table}" WHERE "{column}" IS NOT NULL'
        for (value,) in con.execute(sql).fetchall():
            found += [f"{schema}.{table}.{column}" for needle in needles if needle in value]
    for note in quarantine_dir.glob("*.reason.txt"):
        text = note.read_text().lower()
        found += [note.name for needle in needles if needle in text]
    return found


def test_no_identifier_value_is_written_anywhere(registry, inbox, run, con, tmp_path):
    for name in sorted(FILE_NAMES):
        rows = canonical_rows(name)
        rows.append(dict(rows[0]))  # a duplicate row: rejects must not quote it either
        rows.append(rows[1] | {registry[name].record_id: None})  # a row missing its record id
        write_extract(registry[name], inbox / name, rows)
    # Files full of identifiers that go wrong: a bad name, a truncated line, no header row at all.
    idva = registry["idva"]
    write_extract(idva, inbox / "idva", file_name="victims list.csv")
    source = to_source_rows(idva, canonical_rows("idva"))
    write_file(inbox / "idva" / "haven_idva_2021-05.csv", csv_bytes(header_for(idva), source)[:-40])
    write_file(inbox / "idva" / "haven_idva_2021-06.csv", csv_bytes(source[0], source[1:]))
    for name in sorted(FILE_NAMES):
        run(name)
    statuses = {entry["status"] for entry in ledger(con)}
    assert statuses == {"loaded_with_rejections", "quarantined"}
    assert_invariant(con)

    quarantine_dir = tmp_path / "data" / "quarantine"
    assert (
        len(
            con.execute(
                "SELECT * FROM information_schema.columns WHERE data_type = 'VARCHAR'"
            ).fetchall()
        )
        > 100
    )
    assert identifier_leaks(con, quarantine_dir) == []
    # and the scan does find one when there is one
    con.execute(
        "CREATE TABLE main.planted AS SELECT ? AS note", [f"seen {PEOPLE[1]['surname']} today"]
    )
    assert identifier_leaks(con, quarantine_dir) == ["main.planted.note"]


def test_keys_are_stable_for_a_key_and_change_with_the_key(registry, inbox, run, con):
    write_extract(registry["health"], inbox / "health")
    run("health")
    first = raw(con, "health")[0]
    assert first["patient_nhs_status"] == "valid"
    # health sends a district, not a postcode: its own value is kept beside the (empty) derived one
    assert (
        first["patient_postcode_status"],
        first["patient_postcode_district"],
        first["patient_reported_district"],
    ) == ("not_collected", None, "CV1")
    assert first["patient_key_nhs"] == Pseudonymiser(b"test-partnership-key").key(
        f"nhs:{PEOPLE[0]['nhs']}"
    )
    assert Pseudonymiser(b"another key").key(f"nhs:{PEOPLE[0]['nhs']}") != first["patient_key_nhs"]
    assert len(first["patient_key_nhs"]) == 64


def test_nickname_and_swapped_date_of_birth_keys_link(registry, inbox, run, con):
    # idva knows her as Liz Smith-Jones born 7 March 1984; housing as Elizabeth Smith Jones, with day
    # and month swapped (3 July 1984).
    idva = canonical_rows("idva")[:1]
    idva[0] |= {
        "victim_forename": "Liz",
        "victim_surname": "Smith-Jones",
        "victim_dob": "1984-03-07",
    }
    housing = canonical_rows("housing")[:1]
    housing[0] |= {
        "victim_forename": "élizabeth",
        "victim_surname": "SMITH JONES",
        "victim_dob": "03-Jul-84",
    }
    write_extract(registry["idva"], inbox / "idva", idva)
    write_extract(registry["housing"], inbox / "housing", housing)
    run("idva")
    run("housing")
    (i,) = raw(con, "idva")
    (h,) = raw(con, "housing")
    assert i["victim_key_forename_dob"] != h["victim_key_forename_dob"]  # different DOBs
    assert i["victim_key_name_dob_swapped"] == h["victim_key_name_dob"]
    assert h["victim_key_name_dob_swapped"] == i["victim_key_name_dob"]
    assert canonical_forename("Lizzie") == canonical_forename("Elizabeth") == "ELIZABETH"
    assert canonical_forename("Bob") == "ROBERT" and canonical_forename("Katie") == "KATHERINE"


def test_refuge_initials_link_to_full_names(registry, inbox, run, con):
    write_extract(registry["refuge"], inbox / "refuge")
    write_extract(registry["marac"], inbox / "marac")
    run("refuge")
    run("marac")
    refuge = raw(con, "refuge")[0]
    marac = raw(con, "marac")[0]
    assert refuge["victim_key_initials_dob"] == marac["victim_key_initials_dob"]
    assert refuge["victim_key_name_dob"] is None  # initials cannot support a name key
    assert marac["perpetrator_key_name_dob"]


def test_full_name_split():
    assert split_full_name("Smith-Jones, Mary Ann") == ("Smith-Jones", "Mary Ann")
    assert split_full_name("Mary Ann Smith") == ("Smith", "Mary Ann")
    assert split_full_name("  ") == (None, None)


def test_swapped_key_is_null_when_the_swap_is_not_a_different_date(registry, inbox, run, con):
    rows = canonical_rows("idva")
    rows[0]["victim_dob"] = "1984-05-05"  # same day and month
    rows[1]["victim_dob"] = "1979-11-23"  # 23 cannot be a month
    write_extract(registry["idva"], inbox / "idva", rows)
    run("idva")
    assert [r["victim_key_name_dob_swapped"] for r in raw(con, "idva")] == [None, None]


def test_dob_statuses(registry, inbox, run, con):
    rows = canonical_rows("idva")
    rows[0]["victim_dob"] = ""
    rows[1]["victim_dob"] = "unknown"
    write_extract(registry["idva"], inbox / "idva", rows)
    run("idva")
    assert [r["victim_dob_status"] for r in raw(con, "idva")] == ["missing", "invalid"]
    assert [r["victim_age_at_event"] for r in raw(con, "idva")] == [None, None]


def test_nhs_check_digit():
    assert nhs_check_digit_ok("9434765919")
    assert not nhs_check_digit_ok("9434765918")
    assert read_nhs_number("943 476 5919") == ("valid", "9434765919")
    assert read_nhs_number("9434765918")[0] == "invalid_check_digit"
    assert read_nhs_number("94347659")[0] == "invalid_format"
    assert read_nhs_number("")[0] == "missing"
    assert nhs_check_digit_ok(valid_nhs_number("401023213"))


def test_key_file_is_created_private_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("PARTNERSHIP_KEY", raising=False)
    key_file = tmp_path / "secrets" / "partnership.key"
    first = Pseudonymiser.from_environment(key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) == 64
    assert Pseudonymiser.from_environment(key_file).key("x") == first.key("x")
    monkeypatch.setenv("PARTNERSHIP_KEY", "from the environment")
    assert Pseudonymiser.from_environment(key_file).key("x") == Pseudonymiser(
        b"from the environment"
    ).key("x")


def test_files_are_processed_oldest_first(registry, inbox, run, con):
    now = time.time()
    write_extract(
        registry["idva"], inbox / "idva", file_name="haven_idva_2021-05.csv", mtime=now - 10
    )
    write_extract(registry["idva"], inbox / "idva", file_name="haven_idva_2021-04.csv", mtime=now)
    write_file(inbox / "idva" / ".DS_Store", b"junk")
    run("idva")
    entries = ledger(con)
    assert [e["file_name"] for e in entries] == ["haven_idva_2021-05.csv", "haven_idva_2021-04.csv"]
    assert entries[0]["received_at"].date() == date.today() or entries[0]["received_at"]
    assert PERPETRATOR["surname"]  # fixtures import sanity


def test_ledger_row_is_recorded_even_when_the_move_fails(
    registry, inbox, tmp_path, postcodes, keys, con
):
    blocked = tmp_path / "not a folder"
    blocked.write_text("a file where the quarantine folder should be")
    write_file(inbox / "idva" / "haven_idva_2021-05.csv", b"")
    report = ingest_agency(
        registry["idva"],
        inbox_dir=inbox / "idva",
        quarantine_dir=blocked,
        connection=con,
        pseudonymiser=keys,
        postcodes=postcodes,
        registry=registry,
    )
    (outcome,) = report.outcomes
    assert outcome.status == "quarantined" and "could not move the file" in outcome.message
    assert ledger(con)[0]["status"] == "quarantined"


def test_a_failure_mid_load_leaves_nothing_half_loaded(registry, inbox, run, con, monkeypatch):
    from warehouse.ingest import ledger as ledger_module

    write_extract(
        registry["idva"], inbox / "idva", file_name="haven_idva_2021-04.csv", mtime=1_630_000_000
    )
    rows = canonical_rows("idva")
    rows.append(dict(rows[0]))  # a rejected row, so the failing insert is reached
    write_extract(
        registry["idva"],
        inbox / "idva",
        rows,
        file_name="haven_idva_2021-05.csv",
        mtime=1_630_000_100,
    )

    def failing_insert(connection, submission_id, agency, file_name, rejections):
        if rejections:  # only the second file has any
            raise RuntimeError("disk full, with a value Quillfeather in the message")

    monkeypatch.setattr(ledger_module, "insert_rejections", failing_insert)
    report = run("idva")
    assert [o.status for o in report.outcomes] == ["loaded", "quarantined"]
    assert "unexpected error while loading (RuntimeError)" in report.outcomes[1].message
    assert "Quillfeather" not in report.outcomes[1].message
    assert {r["_submission_id"] for r in raw(con, "idva")} == {
        1
    }  # the second file's rows rolled back
    assert_invariant(con)


def test_the_registry_entry_is_recorded_for_dbt(registry, inbox, run, con):
    run("refuge")
    run("refuge")  # idempotent: one row per agency
    rows = con.execute(
        "select agency, cadence, period_type, due_days_after_period_end from ledger.agencies"
    ).fetchall()
    assert rows == [("refuge", "monthly", "month", registry["refuge"].due_days_after_period_end)]


def test_a_postcode_in_a_district_that_does_not_exist_is_invalid():
    lookup = PostcodeLookup.from_seed(POSTCODE_SEED)
    assert lookup.geography("CV65 1XY").status == "invalid"  # there is no CV65
    assert lookup.geography("CV1 1AH").status == "coventry"
    assert lookup.geography("CV10 7AB").status == "out_of_area"  # Nuneaton: real, not Coventry
    assert lookup.geography("B15 2TT").status == "out_of_area"


def test_header_only_files_for_different_periods_are_not_duplicates(registry, inbox, run, con):
    """A quiet month's file holds only the header, byte for byte the same as another quiet month's."""
    agency = registry["childrens"]
    for name in ("CSC_DA_Episodes_202005.csv", "CSC_DA_Episodes_202206.csv"):
        write_extract(agency, inbox / "childrens", [], file_name=name)
    run("childrens")
    statuses = [entry["status"] for entry in ledger(con)]
    assert statuses == ["loaded", "loaded"]
