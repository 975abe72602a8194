"""The synthetic sample generator, tested on real files it writes (full 72-month period, small scale).

Each check reads the inbox independently of the generator's own code (csv and openpyxl directly),
so a generator that wrote something other than what its ground truth claims would fail here.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sample_generator.cli import main
from sample_generator.faults import FAULT_TYPES, FaultPlan
from sample_generator.journeys import monthly_counts
from warehouse.registry import load_registry

SCALE = "0.05"
SEED = 20260401
REGISTRY = load_registry()
PLAN = FaultPlan.load()
EXCEL_EPOCH = date(1899, 12, 30)


def _generate(root: Path, seed: int = SEED, *extra: str) -> Path:
    code = main(
        [
            "--inbox",
            str(root / "inbox"),
            "--ground-truth",
            str(root / "ground_truth"),
            "--scale",
            SCALE,
            "--seed",
            str(seed),
            *extra,
        ]
    )
    assert code == 0
    return root


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return _generate(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def truth(sample) -> dict[str, pd.DataFrame]:
    return {
        name: pd.read_csv(sample / "ground_truth" / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("persons", "records", "faults", "submissions")
    }


def _files(inbox: Path) -> list[Path]:
    return sorted(p for p in inbox.rglob("*") if p.is_file())


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in _files(root)
    }


def _csv_rows(path: Path, agency) -> list[list[str]]:
    """All physical rows of a CSV, header first, decoded as the registry says to try."""
    data = path.read_bytes()
    for encoding in agency.file.encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    return list(csv.reader(io.StringIO(text, newline="")))


def _sheet(path: Path, agency):
    workbook = openpyxl.load_workbook(path)
    return workbook[agency.file.sheet] if agency.file.sheet else workbook.worksheets[0]


def _table(path: Path, agency) -> pd.DataFrame:
    """A file's data rows as header -> value, indexed by the physical row number."""
    if agency.file.format == "xlsx":
        rows = [
            list(r)
            for r in _sheet(path, agency).iter_rows(
                min_row=agency.file.header_row, values_only=True
            )
        ]
    else:
        rows = _csv_rows(path, agency)
    first = agency.file.header_row + 1
    return pd.DataFrame(rows[1:], columns=rows[0], index=range(first, first + len(rows) - 1))


def _header(agency, version: str, field: str) -> str:
    return next(h for h, c in agency.schema_versions[version].items() if c == field)


def _fault_file(sample: Path, fault: pd.Series) -> Path:
    return sample / "inbox" / fault["file_path"]


# --- determinism ---


def test_same_seed_gives_identical_files_and_ground_truth(sample, tmp_path):
    again = _generate(tmp_path)
    assert _digest(sample / "inbox") == _digest(again / "inbox")
    assert _digest(sample / "ground_truth") == _digest(again / "ground_truth")
    mtimes = {
        str(p.relative_to(sample / "inbox")): p.stat().st_mtime for p in _files(sample / "inbox")
    }
    assert mtimes == {
        str(p.relative_to(again / "inbox")): p.stat().st_mtime for p in _files(again / "inbox")
    }


def test_a_different_seed_gives_a_different_sample(sample, tmp_path):
    other = _generate(tmp_path, SEED + 1)
    first, second = _digest(sample / "inbox"), _digest(other / "inbox")
    assert first.keys() == second.keys()  # the same files (the plan is the same) ...
    changed = sum(first[name] != second[name] for name in first)
    assert changed > 0.9 * len(first)  # ... with different contents


def test_volumes_scale_with_scale():
    one = monthly_counts("police", 1, np.random.default_rng(1)).sum()
    ten = monthly_counts("police", 10, np.random.default_rng(1)).sum()
    assert len(monthly_counts("police", 1, np.random.default_rng(1))) == 72
    assert 9_000 * 6 < one < 11_000 * 6  # about 9,300 a year, growing
    assert ten == pytest.approx(10 * one, rel=0.02)


# --- files, names, headers ---


def test_all_eight_agencies_have_files_for_the_whole_period(sample, truth):
    subs = truth["submissions"]
    assert set(subs["agency"]) == set(REGISTRY)
    assert subs["period_start"].min() == "2020-04-01"
    assert subs["period_end"].max() == "2026-03-31"
    for agency in REGISTRY:
        assert any((sample / "inbox" / agency).iterdir()), agency


def test_file_names_match_the_registry_patterns_and_periods(sample, truth):
    subs = truth["submissions"].set_index("file_path")
    for path in _files(sample / "inbox"):
        entry = subs.loc[str(path.relative_to(sample / "inbox"))]
        agency = REGISTRY[entry["agency"]]
        assert agency.matches_file_name(path.name), path
        period = agency.period_of(path.name)
        assert (period.start.isoformat(), period.end.isoformat()) == (
            entry["period_start"],
            entry["period_end"],
        )
        # only a misplaced file sits outside its agency's folder, and it is not expected there
        assert (path.parent.name == entry["agency"]) == (entry["expected"] == "True"), path


def test_headers_are_the_registry_schema_versions(sample, truth):
    for _, entry in truth["submissions"].iterrows():
        agency = REGISTRY[entry["agency"]]
        path = sample / "inbox" / entry["file_path"]
        if path.stat().st_size == 0:
            continue
        version = (
            "v2" if entry["agency"] == "police" and entry["period_start"] >= "2022-12-01" else "v1"
        )
        expected = list(agency.schema_versions[version])
        if agency.file.format == "csv":
            header = _csv_rows(path, agency)[0]
        else:
            sheet = _sheet(path, agency)
            header = [c.value for c in sheet[agency.file.header_row]]
            if agency.file.sheet:
                assert sheet.title == agency.file.sheet
        assert header == expected, path


def test_encodings_are_each_agencys(sample):
    police = sorted((sample / "inbox" / "police").glob("*.csv"))
    old = [p for p in police if p.name < "WMP_DA_Coventry_202212"]
    new = [p for p in police if p.name >= "WMP_DA_Coventry_202212"]
    for path in old:
        path.read_bytes().decode("cp1252")
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert any(
        max(path.read_bytes(), default=0) > 127 for path in old
    )  # accented names, in Windows-1252
    for path in new:
        if path.stat().st_size:
            path.read_bytes().decode("utf-8")
    for path in (sample / "inbox" / "idva").glob("haven_idva_*.csv"):
        if path.stat().st_size:
            assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path


def test_marac_workbooks_have_two_title_rows_and_real_dates(sample):
    agency = REGISTRY["marac"]
    path = sample / "inbox" / "marac" / "Coventry MARAC Q1 2021-22.xlsx"
    sheet = _sheet(path, agency)
    assert sheet["A1"].value and sheet["A2"].value and sheet["A3"].value == "Case No"
    assert isinstance(sheet["B4"].value, datetime)


# --- ground truth matches the files ---


def test_records_has_one_row_per_data_row_written(sample, truth):
    records = truth["records"]
    for _, entry in truth["submissions"].iterrows():
        agency = REGISTRY[entry["agency"]]
        path = sample / "inbox" / entry["file_path"]
        rows = 0 if path.stat().st_size == 0 else len(_table(path, agency))
        assert rows == int(entry["rows_written"]), path
        numbers = records.loc[
            records["file_path"] == entry["file_path"], "source_row_number"
        ].astype(int)
        first = agency.file.header_row + 1
        assert sorted(numbers) == list(range(first, first + rows)), path
    assert len(records) == truth["submissions"]["rows_written"].astype(int).sum()


def test_records_ids_and_dates_agree_with_the_files(sample, truth):
    for path in sorted((sample / "inbox" / "housing").glob("*.csv")):
        table = _table(path, REGISTRY["housing"])
        records = truth["records"][
            truth["records"]["file_path"] == f"housing/{path.name}"
        ].set_index(
            truth["records"]["source_row_number"].astype(int)[
                truth["records"]["file_path"] == f"housing/{path.name}"
            ]
        )
        assert (table["CaseRef"] == records["record_id"]).all()
        written = pd.to_datetime(table["ApproachDate"], format="%d-%b-%y", errors="coerce")
        true = pd.to_datetime(records["event_date"])
        assert ((written == true) | written.isna()).all(), path


def test_mtimes_are_the_received_dates(sample, truth):
    for _, entry in truth["submissions"].iterrows():
        received = datetime.fromisoformat(entry["received_at"])
        mtime = (sample / "inbox" / entry["file_path"]).stat().st_mtime
        assert mtime == calendar.timegm(received.timetuple()), entry["file_path"]
        assert received.date() > date.fromisoformat(entry["period_end"])
        assert received < datetime(2026, 6, 1)  # everything arrived in the past
    on_time = truth["submissions"]["on_time"] == "True"
    assert on_time.mean() > 0.8  # most files arrive around their due date


def test_ground_truth_lives_outside_the_inbox(sample):
    assert not any(
        p.suffix == ".md" or p.name in {"records.csv", "persons.csv"}
        for p in _files(sample / "inbox")
    )
    assert {p.name for p in (sample / "ground_truth").iterdir()} == {
        "persons.csv",
        "records.csv",
        "faults.csv",
        "submissions.csv",
        "README.md",
        "sample.json",
    }


def test_the_sample_stands_at_its_last_receipt(sample, truth):
    record = json.loads((sample / "ground_truth" / "sample.json").read_text())
    last = max(datetime.fromisoformat(r) for r in truth["submissions"]["received_at"])
    assert record["stands_at"] == last.date().isoformat()


def test_every_person_referenced_is_in_persons(truth):
    persons = set(truth["persons"]["person_id"])
    records = truth["records"]
    for column in ("person_id", "perpetrator_person_id", "parent_person_id"):
        referenced = set(records[column]) - {""}
        assert referenced <= persons, column
    assert set(records["person_id"]) - {""} and set(records["parent_person_id"]) - {""}


def test_people_live_at_real_postcodes_of_their_ward(truth):
    postcodes = pd.read_csv(
        Path(__file__).resolve().parents[1]
        / "seeds"
        / "reference"
        / "coventry_postcodes_codepoint_2025.csv",
        dtype=str,
    )
    ward_of = dict(zip(postcodes["postcode"], postcodes["ward_code"], strict=True))
    persons = truth["persons"]
    local = persons[persons["in_coventry"] == "True"]
    assert (local["postcode"].map(ward_of) == local["ward_code"]).all()
    outside = persons[persons["in_coventry"] == "False"]
    assert not outside["postcode"].isin(ward_of).any()
    victims = persons[persons["role"] == "victim"]
    assert 0.3 < (victims["disabled"] == "True").mean() < 0.48  # SafeLives: 39% of survivors
    assert set(persons["ethnicity_ons19_code"].astype(int)) <= set(range(1, 20))


def test_identity_variations_are_what_the_ground_truth_says(sample, truth):
    """In IDVA files (ISO dates), a swapped or missing date of birth is exactly that."""
    persons = truth["persons"].set_index("person_id")
    records = truth["records"]
    checked = 0
    for path in sorted((sample / "inbox" / "idva").glob("haven_idva_*.csv")):
        if path.stat().st_size == 0 or "2022-09" in path.name or "2025-05" in path.name:
            continue  # files whose dates a fault rewrote
        table = _table(path, REGISTRY["idva"])
        rows = records[records["file_path"] == f"idva/{path.name}"]
        for _, record in rows.iterrows():
            dob = table.at[int(record["source_row_number"]), "dob"]
            true = date.fromisoformat(persons.at[record["person_id"], "dob"])
            if record["identity_variation"] == "no_dob":
                assert dob == ""
            elif record["identity_variation"] == "dob_swapped":
                assert date.fromisoformat(dob) == true.replace(day=true.month, month=true.day)
            else:
                assert date.fromisoformat(dob) == true
            checked += 1
    assert checked > 100
    assert len(set(records["identity_variation"])) >= 6


def test_no_file_shows_what_had_not_happened_by_its_period_end(sample, truth):
    """Updated rows (IDVA closures) never run ahead of the file's period."""
    for _, entry in truth["submissions"][truth["submissions"]["agency"] == "idva"].iterrows():
        path = sample / "inbox" / entry["file_path"]
        if path.stat().st_size == 0 or entry["expected"] == "False":
            continue
        closed = pd.to_datetime(
            _table(path, REGISTRY["idva"])["closed_date"], format="%Y-%m-%d", errors="coerce"
        )
        assert (closed.dropna() <= pd.Timestamp(entry["period_end"])).all(), path


def test_realistic_shares(truth):
    records = truth["records"]
    police = records[records["agency"] == "police"].drop_duplicates("true_record_id")
    victims = police.groupby("person_id").size()
    assert 0.25 < (victims >= 2).mean() < 0.45  # 35% of victims with 2+ incidents
    assert 0.07 < (police["perpetrator_person_id"] != "").mean() < 0.15  # about 11% with a suspect
    marac = records[records["agency"] == "marac"]
    assert 0.35 < (marac["is_repeat"] == "True").mean() < 0.58  # about 45% repeat


# --- the fault plan, really present in the files ---


def test_every_fault_type_in_the_plan_is_in_faults_csv(truth):
    faults = truth["faults"]
    assert set(faults["fault_type"]) <= set(FAULT_TYPES)
    planned = {(e["type"], e["agency"]) for e in PLAN.entries}
    assert planned == set(zip(faults["fault_type"], faults["agency"], strict=True))
    assert faults["fault_id"].is_unique


def test_faulted_rows_are_flagged_in_records(truth):
    records = truth["records"]
    row_faults = truth["faults"][truth["faults"]["source_row_number"] != ""]
    keyed = records.set_index(["file_path", "source_row_number"])
    for _, fault in row_faults.iterrows():
        record = keyed.loc[(fault["file_path"], fault["source_row_number"])]
        assert record["is_fault_row"] == "True"
        assert fault["fault_id"] in record["fault_ids"].split(";")
    assert (records["is_fault_row"] == "False").mean() > 0.9  # faults are sparse


def test_row_level_values_are_in_the_files(sample, truth):
    faults = truth["faults"]
    kinds = [
        "invalid_code",
        "invalid_postcode",
        "out_of_area_postcode",
        "postcode_not_found",
        "future_date",
        "ward_name_misspelt",
        "blank_mandatory_field",
        "impossible_age",
    ]
    checked = set()
    for _, fault in faults[
        faults["fault_type"].isin(kinds) & (faults["injected_value"] != "")
    ].iterrows():
        agency = REGISTRY[fault["agency"]]
        path = _fault_file(sample, fault)
        version = (
            "v2" if fault["agency"] == "police" and fault["period_label"] >= "2022-12" else "v1"
        )
        cell = _table(path, agency).at[
            int(fault["source_row_number"]), _header(agency, version, fault["field"])
        ]
        assert str(cell) == fault["injected_value"], fault["fault_id"]
        checked.add(fault["fault_type"])
    for _, fault in faults[faults["fault_type"] == "blank_mandatory_field"].iterrows():
        agency = REGISTRY[fault["agency"]]
        cell = _table(_fault_file(sample, fault), agency).at[
            int(fault["source_row_number"]), _header(agency, "v1", fault["field"])
        ]
        assert cell in ("", None)
        checked.add(fault["fault_type"])
    assert {"Whte British", "Pakistanni", "W10"} <= set(faults["injected_value"])
    assert checked == set(kinds)


def test_duplicate_rows_repeat_the_row_above(sample, truth):
    faults = truth["faults"][truth["faults"]["fault_type"] == "duplicate_rows"]
    assert len(faults) >= 2
    for _, fault in faults.iterrows():
        table = _table(_fault_file(sample, fault), REGISTRY[fault["agency"]])
        row = int(fault["source_row_number"])
        assert table.loc[row].tolist() == table.loc[row - 1].tolist()


def test_invalid_nhs_numbers_fail_the_check(sample, truth):
    def valid(number: str) -> bool:
        if len(number) != 10 or not number.isdigit():
            return False
        check = (
            11 - sum(int(d) * w for d, w in zip(number[:9], range(10, 1, -1), strict=True)) % 11
        ) % 11
        return check == int(number[9])

    faults = truth["faults"][truth["faults"]["fault_type"] == "invalid_nhs_number"]
    assert len(faults) == 3
    bad_rows = set()
    for _, fault in faults.iterrows():
        table = _table(_fault_file(sample, fault), REGISTRY["health"])
        assert not valid(table.at[int(fault["source_row_number"]), "NHS Number"])
        bad_rows.add((fault["file_path"], int(fault["source_row_number"])))
    for path in (sample / "inbox").rglob("IRIS_*.csv"):
        table = _table(path, REGISTRY["health"])
        for row, number in table["NHS Number"].items():
            if (str(path.relative_to(sample / "inbox")), row) not in bad_rows:
                assert valid(number), (path, row)


def test_file_level_faults_are_in_the_inbox(sample, truth):
    inbox = sample / "inbox"
    faults = truth["faults"].set_index("fault_type")
    # empty
    assert (inbox / faults.loc["empty_file", "file_path"]).stat().st_size == 0
    # truncated: ends mid-row, no newline, last row short of fields
    truncated = inbox / faults.loc["truncated_file", "file_path"]
    data = truncated.read_bytes()
    assert not data.endswith(b"\n")
    rows = _csv_rows(truncated, REGISTRY["police"])
    assert len(rows[-1]) < len(rows[0])
    assert int(faults.loc["truncated_file", "source_row_number"]) == len(rows)
    # whole-file duplicate: same bytes, different name
    copy = inbox / faults.loc["duplicate_file", "file_path"]
    assert copy.name == "haven_idva_2021-06 (copy).csv"
    assert copy.read_bytes() == (inbox / "idva" / "haven_idva_2021-06.csv").read_bytes()
    # misplaced: an IRIS file in the IDVA folder, and not in its own
    misplaced = inbox / faults.loc["misplaced_file", "file_path"]
    assert misplaced.parent.name == "idva" and REGISTRY["health"].matches_file_name(misplaced.name)
    assert not (inbox / "health" / misplaced.name).exists()
    # missing periods
    for _, fault in truth["faults"][truth["faults"]["fault_type"] == "missing_period"].iterrows():
        assert not list(inbox.rglob(fault["file_name"]))
    assert not (inbox / "housing" / "HCLIC_DA_2023Q3.csv").exists()


def test_police_migration_months_arrive_late_as_one_combined_file(sample, truth):
    police = sample / "inbox" / "police"
    assert (police / "WMP_DA_Coventry_202212_202301.csv").exists()
    assert not (police / "WMP_DA_Coventry_202212.csv").exists()
    assert not (police / "WMP_DA_Coventry_202301.csv").exists()
    entry = truth["submissions"].set_index("file_name").loc["WMP_DA_Coventry_202212_202301.csv"]
    assert entry["received_at"].startswith("2023-03")
    assert entry["on_time"] == "False"
    header = _csv_rows(police / "WMP_DA_Coventry_202212_202301.csv", REGISTRY["police"])[0]
    assert header == list(REGISTRY["police"].schema_versions["v2"])


def test_late_marac_quarter_is_about_six_weeks_late(truth):
    fault = truth["faults"].set_index("fault_type").loc["late_submission"]
    marac = fault[fault["agency"] == "marac"].iloc[0]
    entry = truth["submissions"].set_index("file_name").loc[marac["file_name"]]
    late = datetime.fromisoformat(entry["received_at"]).date() - date.fromisoformat(
        entry["due_date"]
    )
    assert timedelta(days=35) <= late <= timedelta(days=49)


def test_housing_resubmission_repeats_every_row_of_the_first_file(sample, truth):
    housing = sample / "inbox" / "housing"
    first = _table(housing / "HCLIC_DA_2022Q2.csv", REGISTRY["housing"])
    resent = _table(housing / "HCLIC_DA_2022Q2_resubmitted.csv", REGISTRY["housing"])
    assert len(resent) > len(first) > 0
    resent_rows = {tuple(r) for r in resent.itertuples(index=False)}
    assert all(tuple(r) in resent_rows for r in first.itertuples(index=False))
    subs = truth["submissions"].set_index("file_name")
    assert (
        subs.at["HCLIC_DA_2022Q2_resubmitted.csv", "received_at"]
        > subs.at["HCLIC_DA_2022Q2.csv", "received_at"]
    )


def test_partial_month_has_a_fraction_of_its_usual_volume(truth):
    fault = truth["faults"].set_index("fault_type").loc["partial_period"]
    subs = truth["submissions"][truth["submissions"]["agency"] == fault["agency"]].reset_index(
        drop=True
    )
    position = subs.index[subs["file_name"] == fault["file_name"]][0]
    neighbours = subs.loc[
        [position - 2, position - 1, position + 1, position + 2], "rows_written"
    ].astype(int)
    assert int(subs.at[position, "rows_written"]) < 0.6 * neighbours.mean()


def test_date_format_faults(sample, truth):
    faults = truth["faults"].set_index("fault_type")
    records = truth["records"]
    # US dates: every episode start reads as mm/dd/yyyy and is then the true date
    us = faults.loc["us_date_format"]
    table = _table(_fault_file(sample, us), REGISTRY["childrens"])
    truth_rows = records[records["file_path"] == us["file_path"]].set_index(
        records["source_row_number"].astype(int)[records["file_path"] == us["file_path"]]
    )
    parsed = pd.to_datetime(table["EpisodeStart"], format="%m/%d/%Y")
    assert (parsed.dt.strftime("%Y-%m-%d") == truth_rows["event_date"]).all()
    assert (parsed.dt.day <= 12).any()  # some of these read silently wrong as dd/mm
    # text dates in one MARAC quarter, real Excel dates elsewhere
    text = _table(_fault_file(sample, faults.loc["text_dates"]), REGISTRY["marac"])
    assert all(
        isinstance(v, str) and datetime.strptime(v, "%d.%m.%Y") for v in text["Meeting Date"]
    )
    # Excel serial numbers in one perpetrator quarter's referral dates
    serial = faults.loc["excel_serial_dates"]
    table = _table(_fault_file(sample, serial), REGISTRY["perpetrator"])
    rows = records[records["file_path"] == serial["file_path"]]
    assert all(isinstance(v, int) for v in table["Referral Date"])
    assert sorted(str(EXCEL_EPOCH + timedelta(days=v)) for v in table["Referral Date"]) == sorted(
        rows["event_date"]
    )
    # mixed formats: ISO and dd/mm/yyyy in one IDVA file
    mixed = _table(sample / "inbox" / "idva" / "haven_idva_2022-09.csv", REGISTRY["idva"])
    iso = mixed["referral_date"].str.match(r"^\d{4}-\d{2}-\d{2}$")
    assert iso.any() and (~iso).any()


def test_police_recording_changes(sample, truth):
    police = truth["records"][truth["records"]["agency"] == "police"]
    rows = []
    for path in sorted((sample / "inbox" / "police").glob("*.csv")):
        if path.stat().st_size:
            table = _csv_rows(path, REGISTRY["police"])
            rows += [dict(zip(table[0], r, strict=False)) for r in table[1:]]
    frame = pd.DataFrame(rows)
    offence = frame["OFFENCE_DESC"].fillna("") + frame["Offence Description"].fillna("")
    month = pd.concat(
        [
            frame["RECORDED_DATE"].dropna().str[6:10] + frame["RECORDED_DATE"].dropna().str[3:5],
            frame["Reported Date"].dropna().str[:7].str.replace("-", ""),
        ]
    )
    stalking = offence.str.upper().str.contains("STALKING")
    before = stalking[month.sort_index() < "202010"].sum() / 6
    after = stalking[(month.sort_index() >= "202010") & (month.sort_index() < "202110")].sum() / 12
    assert after > 3 * before + 0.5  # the recording rule change
    # Clare's Law and MARAC-referral non-crimes are present and not counted
    excluded = offence.str.upper().str.contains("CLARE'S LAW|MARAC DA REFERRAL")
    assert excluded.sum() > 10
    assert (police["counts_as_incident"] == "False").sum() == excluded.sum()
    # old system ward variants
    wards = set(frame["WARD_NAME"].dropna())
    assert {"ST MICHAELS", "BINLEY & WILLENHALL"} <= wards
    assert not wards & {"ST MICHAEL'S", "BINLEY AND WILLENHALL"}
    # "not stated" ethnicity drifts upwards
    not_stated = (frame["VICTIM_ETHNICITY"] == "NOT STATED") | (
        frame["Victim Self Defined Ethnicity"] == "NS"
    )
    early = not_stated[month.sort_index() < "202204"].mean()
    late = not_stated[month.sort_index() >= "202404"].mean()
    assert late > early + 0.02


# --- command line ---


def test_cli_refuses_a_full_inbox_unless_told(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    (inbox / "police").mkdir(parents=True)
    (inbox / "police" / "existing.csv").write_text("x\n")
    args = ["--inbox", str(inbox), "--ground-truth", str(tmp_path / "truth"), "--scale", "0.01"]
    assert main(args) == 2
    assert "not empty" in capsys.readouterr().err
    assert main([*args, "--if-inbox-empty"]) == 0
    assert "nothing generated" in capsys.readouterr().out
    assert _files(inbox) == [inbox / "police" / "existing.csv"]
    with pytest.raises(SystemExit):
        main(
            ["--inbox", str(inbox), "--ground-truth", str(inbox / "truth")]
        )  # truth inside the inbox


def test_cli_replace_regenerates(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    (inbox / "police").mkdir(parents=True)
    (inbox / "police" / "stale.csv").write_text("x\n")
    assert (
        main(
            [
                "--inbox",
                str(inbox),
                "--ground-truth",
                str(tmp_path / "truth"),
                "--scale",
                "0.01",
                "--replace",
            ]
        )
        == 0
    )
    assert not (inbox / "police" / "stale.csv").exists()
    assert len({p.parent.name for p in _files(inbox)}) == 8
    out = capsys.readouterr().out
    assert "faults injected" in out and "elapsed" in out
