"""The ground truth: who and what is behind every row written, and every fault injected.

Written outside the inbox; the pipeline never reads it. Tests use it to measure person linkage and
data-quality detection. Files and columns are described in the README.md written beside them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sample_generator.faults import FAULT_TYPES, InjectedFault
from sample_generator.identity import VARIATIONS
from sample_generator.writers import WrittenFile
from warehouse.as_at import write_sample_record
from warehouse.registry import Agency

PERSON_COLUMNS = [
    "person_id",
    "role",
    "sex",
    "dob",
    "ethnicity_ons19_code",
    "ethnicity_ons5",
    "disabled",
    "mental_health_need",
    "lgbt",
    "postcode",
    "ward_code",
    "lsoa_code",
    "in_coventry",
]
RECORD_COLUMNS = [
    "agency",
    "file_name",
    "file_path",
    "source_row_number",
    "record_id",
    "true_record_id",
    "person_id",
    "role",
    "perpetrator_person_id",
    "parent_person_id",
    "event_date",
    "ward_code",
    "identity_variation",
    "other_identity_variation",
    "counts_as_incident",
    "is_repeat",
    "is_fault_row",
    "fault_ids",
]
FAULT_COLUMNS = [
    "fault_id",
    "fault_type",
    "agency",
    "period_label",
    "file_name",
    "file_path",
    "source_row_number",
    "field",
    "injected_value",
    "description",
]
SUBMISSION_COLUMNS = [
    "agency",
    "file_name",
    "file_path",
    "period_start",
    "period_end",
    "due_date",
    "received_at",
    "on_time",
    "rows_written",
    "expected",
    "note",
]


def person_key(ids) -> list[str]:
    return ["" if pd.isna(i) or int(i) < 0 else f"P{int(i):07d}" for i in ids]


def _flag(values) -> list[str]:
    return ["" if v is None or (isinstance(v, float) and v != v) else str(bool(v)) for v in values]


def records_table(files: list[WrittenFile], registry: dict[str, Agency]) -> pd.DataFrame:
    frames = []
    for written in files:
        submission = written.submission
        rows = submission.rows[submission.rows["_row_uid"].isin(written.row_numbers)].copy()
        if rows.empty:
            continue
        if written.partial_uid is not None:  # the row the file stops inside
            rows.loc[rows["_row_uid"] == written.partial_uid, "_is_fault_row"] = True
        agency = registry[submission.agency]
        frames.append(
            pd.DataFrame(
                {
                    "agency": submission.agency,
                    "file_name": submission.file_name,
                    "file_path": submission.path,
                    "source_row_number": rows["_row_uid"].map(written.row_numbers).to_numpy(),
                    "record_id": rows[agency.record_id]
                    .map(lambda v: "" if v is None or v != v else str(v))
                    .to_numpy(),
                    "true_record_id": rows["_true_record_id"].to_numpy(),
                    "person_id": person_key(rows["_person_id"]),
                    "role": rows["_role"].to_numpy(),
                    "perpetrator_person_id": person_key(rows["_perpetrator_person_id"]),
                    "parent_person_id": person_key(rows["_parent_person_id"]),
                    "event_date": pd.to_datetime(rows["_event_date"])
                    .dt.strftime("%Y-%m-%d")
                    .to_numpy(),
                    "ward_code": rows["_ward_code"].to_numpy(),
                    "identity_variation": rows["_identity_variation"].to_numpy(),
                    "other_identity_variation": rows["_other_identity_variation"].to_numpy(),
                    "counts_as_incident": _flag(rows["_counts_as_incident"]),
                    "is_repeat": _flag(rows["_is_repeat"]),
                    "is_fault_row": _flag(rows["_is_fault_row"]),
                    "fault_ids": rows["_fault_ids"].to_numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[RECORD_COLUMNS]


def persons_table(people: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """Everyone any written row is about or names."""
    keys = pd.unique(
        pd.concat(
            [records["person_id"], records["perpetrator_person_id"], records["parent_person_id"]]
        )
    )
    ids = sorted(int(k[1:]) for k in keys if k)
    chosen = people.loc[ids]
    return pd.DataFrame(
        {
            "person_id": person_key(chosen["person_id"]),
            "role": chosen["role"].to_numpy(),
            "sex": np.where(chosen["female"], "Female", "Male"),
            "dob": pd.to_datetime(chosen["dob"]).dt.strftime("%Y-%m-%d").to_numpy(),
            "ethnicity_ons19_code": chosen["ons19"].to_numpy(),
            "ethnicity_ons5": chosen["ons5"].to_numpy(),
            "disabled": _flag(chosen["disabled"]),
            "mental_health_need": _flag(chosen["mental_health_need"]),
            "lgbt": _flag(chosen["lgbt"]),
            "postcode": chosen["postcode"].to_numpy(),
            "ward_code": chosen["ward_code"].to_numpy(),
            "lsoa_code": chosen["lsoa"].to_numpy(),
            "in_coventry": _flag(chosen["in_coventry"]),
        }
    )


def faults_table(injected: list[InjectedFault], files: list[WrittenFile]) -> pd.DataFrame:
    numbers = {uid: (w.submission, n) for w in files for uid, n in w.row_numbers.items()}
    partial = {id(w.submission): w.partial_uid for w in files if w.partial_uid is not None}
    rows = []
    for fault in injected:
        submission = fault.submission
        uid = fault.row_uid
        if uid is None and fault.fault_type == "truncated_file" and submission is not None:
            uid = partial.get(id(submission))  # the row the file stops in the middle of
        row_number = numbers[uid][1] if uid is not None and uid in numbers else ""
        rows.append(
            {
                "fault_id": fault.fault_id,
                "fault_type": fault.fault_type,
                "agency": fault.agency,
                "period_label": fault.period_label,
                "file_name": submission.file_name if submission is not None else fault.file_name,
                "file_path": submission.path if submission is not None else "",
                "source_row_number": row_number,
                "field": fault.field,
                "injected_value": fault.injected_value,
                "description": fault.description,
            }
        )
    return pd.DataFrame(rows, columns=FAULT_COLUMNS)


def submissions_table(files: list[WrittenFile]) -> pd.DataFrame:
    rows = []
    for written in files:
        s = written.submission
        rows.append(
            {
                "agency": s.agency,
                "file_name": s.file_name,
                "file_path": s.path,
                "period_start": s.period.start.isoformat(),
                "period_end": s.period.end.isoformat(),
                "due_date": s.due.isoformat(),
                "received_at": s.received_at.isoformat(timespec="minutes"),
                "on_time": str(s.received_at.date() <= s.due),
                "rows_written": len(written.row_numbers),
                "expected": str(s.expected),
                "note": s.note,
            }
        )
    table = pd.DataFrame(rows, columns=SUBMISSION_COLUMNS)
    return table.sort_values(["agency", "period_start", "file_name"], kind="stable").reset_index(
        drop=True
    )


README = """# Ground truth for the synthetic sample

Written by `python -m sample_generator` next to (never inside) the inbox it generated. The pipeline
never reads these files; tests use them to score person linkage and data-quality detection.
Generated with seed {seed} at scale {scale}. All files are UTF-8 CSV; booleans are `True`/`False`,
blank where a column does not apply.

## persons.csv: one row per person any written row is about or names
{person_columns}
- `person_id`: P + 7 digits, the key used by records.csv.
- `role`: victim, person_who_harms or child (what the person was created as).
- `sex`: Female or Male. `dob`: true date of birth (ISO).
- `ethnicity_ons19_code`: Census 2021 ethnic group, tb_20b codes 1-19; `ethnicity_ons5`: Asian, Black, Mixed, White, Other.
- `disabled` (Equality Act), `mental_health_need`, `lgbt`: true status, whatever agencies record.
- `postcode`, `ward_code` (2004-2025 ward set, E05001218-E05001235), `lsoa_code` (2021): home;
  blank outside Coventry (`in_coventry` False), and postcode blank for people with no settled address.

## records.csv: one row per data row written in any file (duplicates and faulty files included)
{record_columns}
- `file_path`: inbox-relative path (folder/file); a misplaced file sits in another agency's folder.
- `source_row_number`: the physical row a person sees (CSV: header is row 1, first data row 2;
  MARAC workbooks: two title rows, header row 3, first data row 4).
- `record_id`: the agency's record id as written (blank if a fault blanked it); `true_record_id`: what it should be.
- `person_id`: the row's subject (victim; child for children's services; the client for the perpetrator
  programme; the patient for IRIS). `perpetrator_person_id` / `parent_person_id`: the person named in the
  row's perpetrator or parent fields, blank when the row names none.
- `event_date`: the true date of the agency's event field (police recorded date, MARAC meeting, referral,
  approach or episode start). Rows repeated as updates (IDVA, refuge, perpetrator) keep the referral date.
- `ward_code`: the true ward where it happened (police: incident location; others: the subject's home).
- `identity_variation` / `other_identity_variation`: how the agency's record of the subject / the other
  person differs from the truth: {variations}.
- `counts_as_incident` (police only): False for Clare's Law and MARAC-referral non-crimes.
- `is_repeat` (MARAC only): a previous MARAC case for the victim in the 12 months before the meeting.
- `is_fault_row`: the row's content or presence is a fault (a changed value, a duplicate, a row of a
  superseded, misplaced, copied or reformatted file, the row a truncated file stops inside).
- `fault_ids`: every fault (faults.csv) touching the row or its file, `;`-separated.

## faults.csv: one row per injected fault (per affected row for row-level faults)
{fault_columns}
- `fault_type`, one of: {fault_types}.
- `period_label`: YYYY-MM, or "YYYY-MM to YYYY-MM" for a multi-month period or range.
- `file_name`/`file_path`: the file the fault is in (blank for plan-wide faults; for a missing period,
  the name the file would have had and no path). `source_row_number`: blank for file-level faults,
  except a truncated file (the row it stops inside).
- `injected_value`: the value written (never a name, date of birth or NHS number).

## submissions.csv: one row per file in the inbox (periods that never arrived are in faults.csv)
{submission_columns}
- `received_at`: when the partnership received the file (also the file's modification time, UTC).
- `on_time`: received on or before `due_date` (period end + the agency's due days in the registry).
- `rows_written`: data rows physically in the file. `expected`: False for a file in the wrong folder.
"""


def write_ground_truth(
    directory: Path,
    files: list[WrittenFile],
    registry: dict[str, Agency],
    people: pd.DataFrame,
    injected: list[InjectedFault],
    seed: int,
    scale: float,
) -> dict[str, pd.DataFrame]:
    directory.mkdir(parents=True, exist_ok=True)
    records = records_table(files, registry)
    tables = {
        "persons": persons_table(people, records),
        "records": records,
        "faults": faults_table(injected, files),
        "submissions": submissions_table(files),
    }
    for name, table in tables.items():
        table.to_csv(directory / f"{name}.csv", index=False, lineterminator="\n")
    write_sample_record(directory, max(w.submission.received_at for w in files).date(), seed, scale)
    (directory / "README.md").write_text(
        README.format(
            seed=seed,
            scale=scale,
            person_columns=", ".join(PERSON_COLUMNS),
            record_columns=", ".join(RECORD_COLUMNS),
            fault_columns=", ".join(FAULT_COLUMNS),
            submission_columns=", ".join(SUBMISSION_COLUMNS),
            variations=", ".join(VARIATIONS),
            fault_types=", ".join(FAULT_TYPES),
        ),
        encoding="utf-8",
    )
    return tables
