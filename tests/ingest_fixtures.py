"""Hand-made agency extracts for the ingest tests (no dependency on the sample generator).

`canonical_rows(agency)` gives two good rows per agency keyed by canonical field name, using the
people in PEOPLE; `write_extract` turns canonical rows into a file with the registry's own header
names, format, title rows and sheet. Identifier values are distinctive so that the privacy test can
search the whole database for them.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date, datetime
from pathlib import Path

import openpyxl

from warehouse.ingest.nhs import nhs_check_digit_ok
from warehouse.registry import Agency


def valid_nhs_number(first_nine: str) -> str:
    """A 10-digit NHS number with the correct modulus 11 check digit (first nine digits given)."""
    for check in "0123456789":
        if nhs_check_digit_ok(first_nine + check):
            return first_nine + check
    raise ValueError(f"no valid check digit for {first_nine}")


# Two victims and a person who harms, with unusual names and dates of birth in the 1950s-1980s
# (no event date in the fixtures falls then, so a DOB string found in the database is a leak).
PEOPLE = [
    {
        "forename": "Elspeth",
        "surname": "Quillfeather",
        "dob": date(1984, 3, 7),
        "nhs": valid_nhs_number("943476591"),
        "postcode": "CV1 1AH",
    },
    {
        "forename": "Wilhelmina",
        "surname": "Zanzibarr-Oddie",
        "dob": date(1979, 11, 23),
        "nhs": valid_nhs_number("401023213"),
        "postcode": "B15 2TT",  # valid, outside Coventry
    },
]
PERPETRATOR = {"forename": "Barnabus", "surname": "Vexley", "dob": date(1962, 5, 30)}
CHILD_DOB = date(2015, 2, 1)


def identifier_strings() -> list[str]:
    """Every identifier value the fixtures use, in the forms a leak could take."""
    values: list[str] = []
    for person in [*PEOPLE, PERPETRATOR]:
        values += [person["forename"], person["surname"], person["surname"].replace("-", "")]
        born: date = person["dob"]
        values += [born.isoformat(), born.strftime("%d/%m/%Y"), born.strftime("%d-%b-%y")]
        if "nhs" in person:
            values.append(person["nhs"])
        if "postcode" in person:
            values += [person["postcode"], person["postcode"].replace(" ", "")]
    values += [CHILD_DOB.isoformat(), CHILD_DOB.strftime("%d/%m/%Y")]
    return values


def canonical_rows(agency: str) -> list[dict[str, object]]:
    """Two good rows for `agency`, keyed by canonical field (values as the agency would send them)."""
    a, b, p = PEOPLE[0], PEOPLE[1], PERPETRATOR
    rows: list[dict[str, object]] = []
    for i, person in enumerate((a, b), start=1):
        dob: date = person["dob"]
        if agency == "police":
            rows.append(
                {
                    "incident_ref": f"INC{i:04d}",
                    "recorded_at": f"0{i}/04/2021 14:3{i}",
                    "offence_desc": "COMMON ASSAULT",
                    "crime_flag": "CRIME",
                    "ward_name": "ST MICHAELS",
                    "victim_ref": f"V{i:03d}",
                    "victim_surname": person["surname"].upper(),
                    "victim_forename": person["forename"].upper(),
                    "victim_dob": dob.strftime("%d/%m/%Y"),
                    "victim_sex": "FEMALE",
                    "victim_age": "37",
                    "victim_ethnicity_broad": "WHITE",
                    "perpetrator_ref": "S001" if i == 1 else "",
                    "perpetrator_surname": p["surname"].upper() if i == 1 else "",
                    "perpetrator_forename": p["forename"].upper() if i == 1 else "",
                    "perpetrator_dob": p["dob"].strftime("%d/%m/%Y") if i == 1 else "",
                    "injury": "NONE",
                }
            )
        elif agency == "marac":
            rows.append(
                {
                    "case_no": f"M{i:03d}",
                    "meeting_date": datetime(2021, 4, 14),
                    "referral_date": datetime(2021, 4, i),
                    "referring_agency": "Police",
                    "victim_full_name": f"{person['surname']}, {person['forename']}",
                    "victim_dob": datetime(dob.year, dob.month, dob.day),
                    "victim_sex": "F",
                    "victim_postcode": person["postcode"],
                    "bame_victim_or_perpetrator": "N",
                    "victim_lgbt": "N",
                    "victim_disability": "Not known",
                    "repeat_case": "Y",
                    "children_count": 2.0,
                    "dash_score": 16,
                    "perpetrator_full_name": f"{p['surname']}, {p['forename']}",
                    "perpetrator_dob": datetime(p["dob"].year, p["dob"].month, p["dob"].day),
                    "perpetrator_sex": "M",
                }
            )
        elif agency == "idva":
            rows.append(
                {
                    "client_id": f"HAV-{i:05d}",
                    "referral_date": f"2021-04-0{i}",
                    "referral_source": "Police",
                    "risk_level": "High",
                    "dash_score": "15",
                    "victim_forename": person["forename"],
                    "victim_surname": person["surname"],
                    "victim_dob": dob.isoformat(),
                    "victim_sex": "Female",
                    "victim_ethnicity": "A",
                    "victim_disability": "No",
                    "victim_mental_health_need": "N",
                    "victim_sexual_orientation": "Heterosexual",
                    "victim_postcode": person["postcode"].lower(),
                    "children_count": "1",
                    "closed_date": "",
                    "outcome_physical_abuse_stopped": "",
                    "outcome_feels_safer": "",
                }
            )
        elif agency == "housing":
            rows.append(
                {
                    "case_ref": f"H{i:04d}",
                    "approach_date": f"0{i}-Apr-21",
                    "victim_surname": person["surname"],
                    "victim_forename": person["forename"],
                    "victim_dob": dob.strftime("%d-%b-%y"),
                    "victim_sex": "Female",
                    "victim_ethnicity": "Not known",
                    "victim_disability": "N",
                    "support_need_domestic_abuse": "Y",
                    "reason_loss_settled_home": "Domestic abuse - victim",
                    "duty_owed": "Relief",
                    "temporary_accommodation": "None",
                    "victim_postcode": person["postcode"],
                    "children_count": "2",
                }
            )
        elif agency == "refuge":
            rows.append(
                {
                    "ref_no": f"VH{i:03d}",
                    "referral_date": datetime(2021, 4, i),
                    "referral_source": "POLICE",
                    "risk_level": "High",
                    "outcome": "Accepted",
                    "move_in_date": datetime(2021, 4, 10),
                    "move_out_date": None,
                    "move_on_outcome": None,
                    "victim_initials": person["forename"][0] + person["surname"][0],
                    "victim_dob": datetime(dob.year, dob.month, dob.day),
                    "victim_age": 37,
                    "victim_ethnicity": "White British",
                    "victim_religion": "None",
                    "victim_sexual_orientation": "Heterosexual",
                    "children_count": 1,
                    "support_needs": "Housing; Legal",
                    "previous_ward": "Out of City",
                }
            )
        elif agency == "health":
            rows.append(
                {
                    "referral_id": f"IR{i:04d}",
                    "referral_date": f"0{i}/04/2021",
                    "gp_practice_code": "Y01234",
                    "gp_postcode_district": "CV1",
                    "patient_nhs_number": person["nhs"],
                    "patient_dob": dob.strftime("%d/%m/%Y"),
                    "patient_sex": "Female",
                    "patient_role": "Victim",
                    "patient_ethnicity": "A",
                    "patient_age_band": "26-40",
                    "patient_reported_district": "CV1",
                    "patient_disability": "Y",
                    "patient_mental_health_need": "N",
                }
            )
        elif agency == "childrens":
            rows.append(
                {
                    "episode_id": f"E{i:04d}",
                    "child_ref": f"C{i:04d}",
                    "child_dob": CHILD_DOB.strftime("%d/%m/%Y"),
                    "child_sex": "F",
                    "child_ethnicity": "WBRI",
                    "child_disability": "N",
                    "episode_start": f"0{i}/04/2021",
                    "referring_agency": "School",
                    "assessment_completed": "Y",
                    "assessment_factors": "3A,3B",
                    "ward_name": "Foleshill",
                    "parent_surname": person["surname"],
                    "parent_forename": person["forename"],
                    "parent_dob": dob.strftime("%d/%m/%Y"),
                }
            )
        elif agency == "perpetrator":
            rows.append(
                {
                    "client_ref": f"C2C-{i:03d}",
                    "referral_date": datetime(2021, 4, i),
                    "referral_source": "Children's Social Care",
                    "full_assessment": "Yes",
                    "assessment_date": datetime(2021, 5, 1),
                    "modules_completed": 3.0,
                    "exit_date": None,
                    "exit_reason": None,
                    "perpetrator_surname": p["surname"] if i == 1 else person["surname"],
                    "perpetrator_forename": p["forename"] if i == 1 else person["forename"],
                    "perpetrator_dob": datetime(p["dob"].year, p["dob"].month, p["dob"].day),
                    "perpetrator_sex": "Male",
                    "perpetrator_age": 58,
                    "perpetrator_disability": None,
                    "cyp_status_start": "CIN",
                    "cyp_status_closure": None,
                    "length_of_abuse": "Not known",
                    "known_to_marac": None,
                }
            )
        else:
            raise ValueError(agency)
    return rows


FILE_NAMES = {
    "police": "WMP_DA_Coventry_202104.csv",
    "marac": "Coventry MARAC Q1 2021-22.xlsx",
    "idva": "haven_idva_2021-04.csv",
    "housing": "HCLIC_DA_2021Q2.csv",
    "refuge": "Valley House Monthly Return Apr 2021.xlsx",
    "health": "IRIS_Coventry_2021-22_Q1.csv",
    "childrens": "CSC_DA_Episodes_202104.csv",
    "perpetrator": "C2C_Coventry_2021_Q1.xlsx",
}


def header_for(agency: Agency, version: str | None = None) -> list[str]:
    version = version or next(iter(agency.schema_versions))
    return list(agency.schema_versions[version])


def to_source_rows(
    agency: Agency, rows: list[dict[str, object]], version: str | None = None
) -> list[list[object]]:
    version = version or next(iter(agency.schema_versions))
    return [
        [row.get(canonical) for canonical in agency.schema_versions[version].values()]
        for row in rows
    ]


def csv_bytes(
    header: list[str], rows: list[list[object]], *, encoding: str = "utf-8", delimiter: str = ","
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(
    header: list[str],
    rows: list[list[object]],
    *,
    sheet: str | None = None,
    title_rows: list[list[object]] = (),
) -> bytes:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet or "Sheet1"
    for row in [*title_rows, header, *rows]:
        worksheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_extract(
    agency: Agency,
    directory: Path,
    rows: list[dict[str, object]] | None = None,
    *,
    file_name: str | None = None,
    version: str | None = None,
    header: list[str] | None = None,
    encoding: str = "utf-8",
    mtime: float | None = None,
) -> Path:
    """Write canonical rows as the agency would send them (its header names, format and layout)."""
    rows = canonical_rows(agency.agency) if rows is None else rows
    header = header or header_for(agency, version)
    source_rows = to_source_rows(agency, rows, version)
    if agency.file.format == "xlsx":
        titles = [[f"{agency.name} return"], []][: agency.file.header_row - 1]
        titles += [[]] * (agency.file.header_row - 1 - len(titles))
        content = xlsx_bytes(header, source_rows, sheet=agency.file.sheet, title_rows=titles)
    else:
        content = csv_bytes(header, source_rows, encoding=encoding, delimiter=agency.file.delimiter)
    return write_file(directory / (file_name or FILE_NAMES[agency.agency]), content, mtime=mtime)


def write_file(path: Path, content: bytes, *, mtime: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path
