"""Onboarding an agency: `make agency NAME=<agency> FROM=<a sample file>` (docs/ADDING_AN_AGENCY.md).

Two steps, both this command:

1. With no `agencies/<agency>.yml` yet, it reads the sample file's headers and values and writes the
   registry file's skeleton: the file-name pattern guessed from the sample's name, one schema version
   mapping every header to a canonical field, field types and date formats read from the values, the
   record id and event date, identifiers recognised by their headers, and one person whose sex,
   ethnicity (with the code scheme its values look like), age and geography are guessed. Every guess is
   marked `# check`: the data lead edits the mappings.
2. From the registry file (now or after editing), it writes what is derived from it: the staging folder
   (`models/staging/<agency>/`: sources, the model of every current row, the newest row per record,
   their YAML) and a starter Great Expectations suite (`expectations/<agency>.json`).

A file that exists and differs from what would be written is left alone (and listed) unless `--force`:
staging models and suites are the data lead's to tune once written.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl

from warehouse.registry import (
    AGENCIES_DIR,
    GEOGRAPHY_COLUMNS,
    PERSON_KEY_KINDS,
    PERSON_STATUS_COLUMNS,
    Agency,
    load_registry,
    period_from_groups,
)
from warehouse.settings import REPO_ROOT

STAGING_DIR = REPO_ROOT / "models" / "staging"

SAMPLE_ROWS = 500  # enough values to guess types and code schemes, fast on any file

DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d-%b-%y",
    "%d-%b-%Y",
)
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
)
# Headers that name an identifier (never stored: pseudonymised at ingest), in the order they are tried.
IDENTIFIER_HEADERS = (
    (re.compile(r"nhs"), "nhs_number"),
    (re.compile(r"(^|_)(dob|date_of_birth|birth_date)($|_)"), "date_of_birth"),
    (re.compile(r"surname|last_name|family_name"), "surname"),
    (re.compile(r"forename|first_name|given_name"), "forename"),
    (re.compile(r"initials"), "initials"),
    (re.compile(r"full_name|^name$|_name$"), "full_name_surname_first"),
    (re.compile(r"postcode(?!_(district|sector|area))"), "postcode"),
)
# What an ethnicity column's values look like -> the crosswalk scheme that reads them.
ETHNICITY_SCHEMES = (
    (re.compile(r"^([A-HJ-NPR-S]|Z|99)$"), "nhs_ethnic_category"),
    (re.compile(r"^(W[1-9]|M[1-9]|A[1-9]|B[1-9]|O[1-9]|NS)$"), "police_self_defined"),
    (re.compile(r"^IC[0-9]$"), "police_officer_defined"),
    (re.compile(r"^[A-Z]{4}$"), "dfe"),
)


def canonical_name(header: str) -> str:
    """'Arrival Date/Time' -> 'arrival_date_time': the registry's field name for a header."""
    name = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    return name if re.match(r"^[a-z]", name) else f"field_{name}"


@dataclass
class SampleColumn:
    header: str
    name: str
    values: list[str]

    def all_parse(self, formats: Iterable[str]) -> str | None:
        """The first format every (non-blank) value parses with, if any."""
        present = [v for v in self.values if v]
        for fmt in formats:
            try:
                for value in present:
                    datetime.strptime(value, fmt)
            except ValueError:
                continue
            return fmt if present else None
        return None

    @property
    def is_integer(self) -> bool:
        present = [v for v in self.values if v]
        return bool(present) and all(re.fullmatch(r"-?\d+", v) for v in present)

    @property
    def is_unique(self) -> bool:
        present = [v for v in self.values if v]
        return bool(present) and len(set(present)) == len(present)


def read_sample(path: Path) -> tuple[list[SampleColumn], str | None]:
    """The sample's columns (header and up to SAMPLE_ROWS values as text) and, for a workbook, its sheet."""
    if path.suffix.lower() == ".xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheet = workbook[workbook.sheetnames[0]]
        rows = [
            ["" if cell is None else _cell_text(cell) for cell in row]
            for row in sheet.iter_rows(max_row=SAMPLE_ROWS + 1, values_only=True)
        ]
        sheet_name = sheet.title
        workbook.close()
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        rows = list(csv.reader(io.StringIO(text, newline="")))[: SAMPLE_ROWS + 1]
        sheet_name = None
    if not rows or not any(rows[0]):
        raise SystemExit(f"{path}: no header row found in the sample file")
    header, body = rows[0], rows[1:]
    columns = [
        SampleColumn(str(h), canonical_name(str(h)), [_at(r, i).strip() for r in body])
        for i, h in enumerate(header)
        if str(h).strip()
    ]
    return columns, sheet_name


def _cell_text(cell: object) -> str:
    if isinstance(cell, datetime):
        return cell.strftime(
            "%Y-%m-%d %H:%M:%S" if cell.time() != datetime.min.time() else "%Y-%m-%d"
        )
    if isinstance(cell, date):
        return cell.strftime("%Y-%m-%d")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _at(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def guess_file_pattern(file_name: str) -> tuple[str, str, str]:
    """(pattern, cadence, period) guessed from a sample's name: a YYYYMM or YYYY-MM gives monthly files,
    a quarter (Q1..Q4 with a year) quarterly ones; otherwise a monthly placeholder to edit."""
    stem, suffix = Path(file_name).stem, Path(file_name).suffix.lower()
    end = rf"(?![0-9]).*\{suffix}$"
    month = re.search(r"(20\d{2})([-_]?)(0[1-9]|1[0-2])(?![0-9])", stem)
    quarter = re.search(r"Q([1-4])", stem)
    if quarter and re.search(r"20\d{2}", stem) and not month:
        year = re.search(r"(20\d{2})(-\d{2})?", stem)
        head, tail = stem[: min(quarter.start(), year.start())], ""
        body = stem[min(quarter.start(), year.start()) :]
        fy = r"(?P<fy>\d{4}-\d{2})" if year.group(2) else r"(?P<fy_start>\d{4})"
        body = re.escape(body)
        body = body.replace(re.escape(f"Q{quarter.group(1)}"), r"Q(?P<quarter>[1-4])", 1)
        body = body.replace(re.escape(year.group(0)), fy, 1)
        return f"^{re.escape(head)}{body}{tail}{end}", "quarterly", "financial_quarter"
    if month:
        head = re.escape(stem[: month.start()])
        separator = re.escape(month.group(2))
        return (
            rf"^{head}(?P<year>\d{{4}}){separator}(?P<month>\d{{2}}){end}",
            "monthly",
            "month",
        )
    return rf"^{re.escape(stem)}_(?P<year>\d{{4}})(?P<month>\d{{2}}){end}", "monthly", "month"


def _period_start(pattern: str, period: str, file_name: str) -> str:
    """The sample's own period as YYYY-MM (this month when the guessed pattern cannot read it)."""
    match = re.search(pattern, file_name)
    if match is None:
        return f"{date.today():%Y-%m}"
    return f"{period_from_groups(period, match.groupdict()).start:%Y-%m}"


def guess_ethnicity_scheme(values: list[str]) -> str:
    present = [v.strip().upper() for v in values if v.strip()]
    for pattern, scheme in ETHNICITY_SCHEMES:
        if present and sum(bool(pattern.match(v)) for v in present) >= 0.9 * len(present):
            return scheme
    return "refuge_free_text"  # free text: the crosswalk's free-text list, with safe fuzzy matching


def skeleton_yaml(agency: str, sample: Path) -> str:
    """The registry file's first draft for `agency`, from the sample's name, headers and values."""
    columns, sheet = read_sample(sample)
    pattern, cadence, period = guess_file_pattern(sample.name)
    first_period = _period_start(pattern, period, sample.name)
    fmt = "xlsx" if sample.suffix.lower() == ".xlsx" else "csv"
    identifiers: dict[str, str] = {}
    for column in columns:
        for regex, kind in IDENTIFIER_HEADERS:
            if regex.search(column.name) and kind not in identifiers.values():
                identifiers[column.name] = kind
                break
    retained = [c for c in columns if c.name not in identifiers]
    record_id = next(
        (c.name for c in retained if re.search(r"(^|_)(id|ref|reference|no|number)$", c.name)),
        retained[0].name,
    )
    fields: dict[str, str] = {}
    date_formats: list[str] = []
    for column in retained:
        if fmt_found := column.all_parse(DATETIME_FORMATS):
            fields[column.name] = "datetime"
            date_formats.append(fmt_found)
        elif fmt_found := column.all_parse(DATE_FORMATS):
            fields[column.name] = "date"
            date_formats.append(fmt_found)
        elif column.is_integer and column.name != record_id:
            fields[column.name] = "integer"
    event_date = next((n for n, t in fields.items() if t in ("date", "datetime")), record_id)

    def column_named(*words: str) -> SampleColumn | None:
        return next(
            (
                c
                for c in retained
                if any(re.search(w, c.name) for w in words) and c.name != record_id
            ),
            None,
        )

    lines = [
        f"# {agency}: written by `make agency` from {sample.name}. Lines marked `# check` are guesses;",
        "# correct them, then run `make agency NAME="
        + agency
        + "` again to refresh the staging models",
        "# and suite (agencies/README.md explains every key; docs/ADDING_AN_AGENCY.md walks through it).",
        f"agency: {agency}",
        f"name: {agency.replace('_', ' ').title()}  # check: the agency's display name",
        f"label: {agency.replace('_', ' ').title()}  # check: a short label for charts",
        "service: other_service  # check: police_force, idva_service, health_service, ...",
        "extract: One row per record  # check: what one row is",
        f"first_period: {first_period}  # check: the first period a file is expected for",
        f"cadence: {cadence}  # check",
        f"period: {period}  # check",
        "due_days_after_period_end: 15  # check",
        "file:",
        f"  # {sample.name}",
        f"  pattern: '{pattern}'  # check",
        f"  format: {fmt}",
    ]
    lines += [f"  sheet: {sheet}"] if sheet else ["  encodings: [utf-8-sig, cp1252]"]
    lines += [
        "  header_row: 1",
        "entity: record  # check: incident, case, referral, attendance, ...",
        f"record_id: {record_id}  # check",
        f"event_date: {event_date}  # check",
        f"date_formats: [{', '.join(repr(f) for f in dict.fromkeys(date_formats or ['%Y-%m-%d']))}]",
        "schema_versions:",
        "  v1:",
        *(f"    {_yaml_key(c.header)}: {c.name}" for c in columns),
    ]
    typed = {name: kind for name, kind in fields.items() if kind != "text"}
    lines += ["fields:"]
    lines += [f"  {record_id}: {{required: true}}"]
    lines += [
        f"  {name}: {{type: {kind}{', required: true' if name == event_date else ''}}}"
        for name, kind in typed.items()
    ]
    person = "victim"
    lines += ["people:", f"  {person}:", "    role: victim  # check: or role_from rules"]
    if sex := column_named(r"(^|_)(sex|gender)($|_)"):
        lines += [f"    sex: {sex.name}  # check"]
    if ethnicity := column_named(r"ethnic"):
        scheme = guess_ethnicity_scheme(ethnicity.values)
        lines += [
            f"    ethnicity: {{column: {ethnicity.name}, scheme: {scheme}}}  # check the scheme"
        ]
    if (age := column_named(r"(^|_)age($|_)")) and age.name in typed:
        lines += [f"    age: {age.name}  # check"]
    geography = []
    if postcode := next((n for n, k in identifiers.items() if k == "postcode"), None):
        geography.append(f"postcode: {postcode}")
    for kind, words in (
        ("postcode_sector", (r"sector",)),
        ("postcode_district", (r"district",)),
        ("ward_code", (r"(^|_)ward_code$",)),
        ("ward_name", (r"(^|_)ward(_name)?$",)),
    ):
        if column := column_named(*words):
            geography.append(f"{kind}: {column.name}")
    if geography:
        lines += [f"    geography: {{{', '.join(geography)}}}  # check"]
    if identifiers:
        lines += ["identifiers:"]
        lines += [
            f"  {name}: {{of: {person}, kind: {kind}}}  # check"
            for name, kind in identifiers.items()
        ]
    return "\n".join(lines) + "\n"


def _yaml_key(header: str) -> str:
    return json.dumps(header) if re.search(r"[:#\[\]{},&*!|>'\"%@`]|^\s|\s$", header) else header


# -- what is derived from the registry file ------------------------------------------------------

CASTS = {
    "text": "clean_text",
    "date": "to_date",
    "datetime": "to_timestamp",
    "integer": "to_integer",
}


def staging_rows_sql(agency: Agency) -> str:
    fields = [f for f in agency.retained_fields if f != agency.record_id]
    typed = "\n".join(
        f"        {{{{ {CASTS[agency.field_spec(f).type]}('{f}') }}}} as {f}," for f in fields
    )
    people = "\n".join(
        f"        -- the {person}: keyed pseudonyms and fields derived at ingest\n"
        f"        {{{{ person_derived_columns('{person}') }}}},"
        for person in agency.people
    )
    places = "\n".join(
        f"        -- the {place}: geography derived from its postcode at ingest\n"
        f"        {{{{ place_derived_columns('{place}') }}}},"
        for place in agency.places
    )
    derived = "\n".join(part for part in (people, places) if part)
    return f"""{{#- {agency.name}. {agency.extract}.
    Every row of the current submissions (see the current-submission macros), typed and trimmed: one row per
    file row, so data quality can check and point at every row the agency sent. is_newest_row marks the
    row {agency.rows_model.removesuffix("_rows")}s keeps for each {agency.record_id}.
    Written by `make agency` from agencies/{agency.agency}.yml. -#}}
with

source as (

    select * from {{{{ source('{agency.agency}', '{agency.agency}') }}}}

),

current_rows as (

    {{{{ select_current_rows('source') }}}}

),

renamed as (

    select
        -- the record and its lineage back to the file row
        {{{{ clean_text('{agency.record_id}') }}}} as {agency.record_id},
        _submission_id as submission_id,
        _source_row_number as source_row_number,
        {{{{ clean_text('_schema_version') }}}} as schema_version,
        _loaded_at as loaded_at,
        -- fields as received (codes kept as the agency sends them)
{typed}
{derived}
        -- the submission's period and receipt, used only to flag the newest row
        submission_period_end,
        submission_received_at

    from current_rows

),

flagged as (

    {{{{ flag_newest_row_per('renamed', '{agency.record_id}') }}}}

)

select * from flagged
"""


def staging_newest_sql(agency: Agency) -> str:
    return f"""{{#- {agency.name}. {agency.extract}.
    The newest row of each record from {agency.rows_model} (every current row, typed and trimmed),
    one row per {agency.record_id} (a test warns if an id repeats across current files).
    Written by `make agency` from agencies/{agency.agency}.yml. -#}}
{{{{ keep_newest_row(ref('{agency.rows_model}')) }}}}
"""


def _column_docs(agency: Agency) -> list[dict]:
    headers = {
        field: header
        for columns in agency.schema_versions.values()
        for header, field in columns.items()
    }
    docs = [
        {
            "name": agency.record_id,
            "description": f"{headers.get(agency.record_id, agency.record_id)}: the record id.",
        },
        {"name": "submission_id", "description": "{{ doc('submission_id') }}"},
        {"name": "source_row_number", "description": "{{ doc('source_row_number') }}"},
        {"name": "schema_version", "description": "{{ doc('raw_schema_version') }}"},
        {"name": "loaded_at", "description": "{{ doc('raw_loaded_at') }}"},
    ]
    docs += [
        {
            "name": f,
            "description": f"{headers.get(f, f)} as received ({agency.field_spec(f).type}).",
        }
        for f in agency.retained_fields
        if f != agency.record_id
    ]
    for person in agency.people:
        docs += [
            {
                "name": f"{person}_key_{kind}",
                "description": f"The {person}: {{{{ doc('key_{kind}') }}}}",
            }
            for kind in PERSON_KEY_KINDS
        ]
        docs += [
            {"name": f"{person}_{name}", "description": f"The {person}: {{{{ doc('{name}') }}}}"}
            for name in (*PERSON_STATUS_COLUMNS, *GEOGRAPHY_COLUMNS)
        ]
    for place in agency.places:
        docs += [
            {"name": f"{place}_{name}", "description": f"The {place}: {{{{ doc('{name}') }}}}"}
            for name in GEOGRAPHY_COLUMNS
        ]
    return docs


def staging_models_yml(agency: Agency) -> dict:
    columns = _column_docs(agency)
    rows_columns = [
        *columns,
        {"name": "is_newest_row", "description": "{{ doc('is_newest_row') }}"},
    ]
    newest_columns = [
        *columns,
        {"name": "current_rows_for_record", "description": "{{ doc('current_rows_for_record') }}"},
    ]
    lineage = {
        "submission_id": [
            "not_null",
            {
                "relationships": {
                    "arguments": {"to": "ref('stg_ledger__submissions')", "field": "submission_id"}
                }
            },
        ],
        "source_row_number": ["not_null"],
    }

    def with_tests(column_docs: list[dict]) -> list[dict]:
        out = []
        for column in column_docs:
            tests = lineage.get(column["name"]) or (
                ["not_null"] if column["name"] == agency.record_id else []
            )
            out.append({**column, **({"data_tests": tests} if tests else {})})
        return out

    newest = agency.rows_model.removesuffix("_rows") + "s"
    return {
        "version": 2,
        "models": [
            {
                "name": newest,
                "description": f"{agency.name}: {agency.extract}. The newest row of each record "
                f"({agency.record_id}) from {agency.rows_model}.",
                "data_tests": [
                    {
                        "unique_combination_of_columns": {
                            "arguments": {"combination_of_columns": [agency.record_id]}
                        }
                    }
                ],
                "columns": with_tests(newest_columns),
            },
            {
                "name": agency.rows_model,
                "description": f"{agency.name}: every row of the current submissions of source "
                f"{agency.agency}.{agency.agency}, renamed, typed and trimmed, with is_newest_row. "
                "Grain: one row per file row (submission_id, source_row_number).",
                "data_tests": [
                    {
                        "unique_combination_of_columns": {
                            "arguments": {
                                "combination_of_columns": ["submission_id", "source_row_number"]
                            }
                        }
                    }
                ],
                "columns": with_tests(rows_columns),
            },
        ],
    }


def staging_sources_yml(agency: Agency) -> dict:
    return {
        "version": 2,
        "sources": [
            {
                "name": agency.agency,
                "description": f"{agency.name}: {agency.extract}. Written by ingest as raw.{agency.agency} "
                "under the raw-table contract in warehouse/registry.py (configuration: "
                f"agencies/{agency.agency}.yml): every column text except the metadata; direct identifiers "
                "never land, only keyed pseudonyms and derived fields.",
                "schema": "raw",
                "config": {
                    "loaded_at_field": "_loaded_at",
                    "meta": {"registry": f"agencies/{agency.agency}.yml"},
                },
                "tables": [
                    {
                        "name": agency.agency,
                        "description": f"{agency.extract}: one row per data row of every loaded file.",
                        "columns": [
                            {"name": "_submission_id", "data_tests": ["not_null"]},
                            {"name": "_source_row_number"},
                            {"name": agency.record_id},
                        ],
                    }
                ],
            }
        ],
    }


def starter_suite(agency: Agency) -> dict:
    """Structural expectations (columns, record id, lineage, event date) and completeness warnings."""
    staging_columns = [c["name"] for c in _column_docs(agency)]

    def expectation(kind: str, severity: str, notes: str, **kwargs) -> dict:
        return {"type": kind, "kwargs": kwargs, "meta": {"severity": severity, "notes": notes}}

    newest = agency.rows_model.removesuffix("_rows") + "s"
    expectations = [
        expectation(
            "expect_table_columns_to_match_set",
            "structural",
            "every column of the staged model is present (extra columns are allowed)",
            column_set=staging_columns,
            exact_match=False,
        ),
        expectation(
            "expect_column_values_to_not_be_null",
            "structural",
            "record id present",
            column=agency.record_id,
        ),
        expectation(
            "expect_column_values_to_be_unique",
            "structural",
            "one current row per record id",
            column=agency.record_id,
        ),
        expectation(
            "expect_column_values_to_not_be_null",
            "structural",
            "lineage to the ledger",
            column="submission_id",
        ),
        expectation(
            "expect_column_values_to_not_be_null",
            "structural",
            "lineage to the file row",
            column="source_row_number",
        ),
        expectation(
            "expect_column_values_to_not_be_null",
            "structural",
            "event date present (and parsed: staging casts, an unparseable value is null)",
            column=agency.event_date,
        ),
        expectation(
            "expect_column_values_to_be_between",
            "structural",
            "event year is plausible (the partnership's data starts after 2015)",
            column="_event_year",
            min_value=2015.0,
            max_value=2100.0,
        ),
        expectation(
            "expect_column_values_to_be_between",
            "warning",
            "no event dated over a year after the file arrived",
            column="_event_days_after_receipt",
            max_value=366.0,
        ),
    ]
    for person, spec in agency.people.items():
        for field, coded in spec.coded_fields().items():
            expectations.append(
                expectation(
                    "expect_column_values_to_not_be_null",
                    "warning",
                    f"completeness of the {person}'s {field.split('_')[0]}",
                    column=coded.column,
                    mostly=0.9,
                )
            )
    return {
        "name": f"{agency.agency}_staged_rows",
        "expectations": expectations,
        "meta": {
            "agency": agency.agency,
            "description": f"{agency.name}: the staged rows of each new submission (staging.{newest}).",
            "staging_model": newest,
            "record_id": agency.record_id,
            "event_date": agency.event_date,
            "severity_levels": {
                "structural": "blocking asset check (ERROR): the agency's downstream assets do not run",
                "warning": "non-blocking asset check (WARN)",
            },
            "written_by": "make agency (a starter suite: add value sets and ranges as the agency's codes settle)",
        },
    }


def derived_files(agency: Agency, repo_root: Path = REPO_ROOT) -> dict[Path, str]:
    """Every file `make agency` writes from a registry entry, with its content."""
    import yaml

    folder = repo_root / STAGING_DIR.relative_to(REPO_ROOT) / agency.agency
    newest = agency.rows_model.removesuffix("_rows") + "s"
    dump = lambda doc: yaml.safe_dump(doc, sort_keys=False, width=110, allow_unicode=True)  # noqa: E731
    return {
        folder / f"_{agency.agency}__sources.yml": dump(staging_sources_yml(agency)),
        folder / f"_{agency.agency}__models.yml": dump(staging_models_yml(agency)),
        folder / f"{agency.rows_model}.sql": staging_rows_sql(agency),
        folder / f"{newest}.sql": staging_newest_sql(agency),
        repo_root / "expectations" / f"{agency.agency}.json": json.dumps(
            starter_suite(agency), indent=2
        )
        + "\n",
    }


@dataclass
class Written:
    written: list[Path]
    removed: list[Path]
    kept: list[Path]  # edited by hand since this command wrote them: left as they are


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def write_files(files: dict[Path, str], record: Path, repo_root: Path, force: bool) -> Written:
    """Write the derived files. A file is replaced, or removed when the registry no longer produces it
    (an entity renamed), only while it is exactly as this command last wrote it (digests kept in
    `record`) or with force: a staging model or suite tuned by hand is never lost."""
    previous = json.loads(record.read_text()) if record.exists() else {}
    done = Written([], [], [])
    digests = {}
    for path, text in files.items():
        key = str(path.relative_to(repo_root))
        replaceable = not path.exists() or force or previous.get(key) == _digest(path)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            pass
        elif replaceable:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            done.written.append(path)
        else:
            done.kept.append(path)
        digests[key] = previous.get(key) if path in done.kept else _digest(path)
    for key, digest in previous.items():
        path = repo_root / key
        if key in digests or not path.exists():
            continue
        if force or digest == _digest(path):
            path.unlink()
            done.removed.append(path)
        else:
            done.kept.append(path)
            digests[key] = digest
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Onboard an agency (docs/ADDING_AN_AGENCY.md).")
    parser.add_argument(
        "agency", help="short lower-case name: the registry file, inbox folder and table"
    )
    parser.add_argument("--from", dest="sample", type=Path, help="a sample extract (CSV or XLSX)")
    parser.add_argument("--force", action="store_true", help="overwrite derived files that differ")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", args.agency):
        parser.error(
            "NAME must be lower case letters, digits and underscores, starting with a letter"
        )
    registry_file = AGENCIES_DIR / f"{args.agency}.yml"
    relative = lambda p: p.relative_to(REPO_ROOT)  # noqa: E731
    if not registry_file.exists():
        if args.sample is None:
            parser.error(f"{relative(registry_file)} does not exist yet: give FROM=<a sample file>")
        registry_file.write_text(skeleton_yaml(args.agency, args.sample), encoding="utf-8")
        print(
            f"Wrote {relative(registry_file)} from {args.sample.name}: check every line marked `# check`."
        )
    agency = load_registry()[args.agency]  # validates the whole registry, naming any mistake
    record = STAGING_DIR / args.agency / ".make_agency.json"
    done = write_files(derived_files(agency), record, REPO_ROOT, args.force)
    for path in done.written:
        print(f"Wrote {relative(path)}")
    for path in done.removed:
        print(f"Removed {relative(path)} (the registry no longer produces it)")
    for path in done.kept:
        print(
            f"Left {relative(path)} as it is: edited since `make agency` wrote it (FORCE=1 replaces it)"
        )
    print(
        f"Next: edit {relative(registry_file)} if needed and run `make agency NAME={args.agency}` again; "
        f"then put files in data/inbox/{args.agency}/ and run `make pipeline`."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
